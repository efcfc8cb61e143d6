"""The words that show what a turn is doing in an Imago Dialogue.

Receivers use stems ("So if I got it...", "You make sense...", "I imagine you might feel...")
and check-ins ("Did I get that?", "Is there more?"); senders answer "Yes, there's more" or
"No, that's it" and may ask for a behaviour change ("Would you be willing...", or after the
empathy step any "Would you / Could you ..."), which the receiver may agree to ("I can do that").
``cues(text)`` returns where each kind of cue first appears, so a turn that both validates and
empathizes is placed at the step it starts with; ``opening(text, kinds)`` reads only a text's
first words for the step it opens with (how the WebVTT and SRT readers split one speaker's cues).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

# "your turn to cook" is about chores, not the dialogue: only "turn to talk / share..." counts.
_NOT_CHORE = r"(?!\s+to\s+(?!(?:talk|speak|send|share|respond|answer|go)\b))"

_PATTERNS: dict[str, list[str]] = {
    "summary": [
        r"\blet me see if i (?:got|get|have|caught) (?:it |that |you |this )?all\b",
        r"\bif i (?:got|get|have) (?:it|that|you|this) all\b",
        r"\bif i got all (?:of )?(?:it|that|this)\b",
        r"\blet me (?:summari[sz]e|sum (?:it|that|this) up)\b",
        r"\b(?:in summary|to sum (?:it |that )?up|summing up)\b",
        r"\bdid i get (?:it|that|you)? ?all\b",
    ],
    "mirror": [
        r"\b(?:so,? )?if i (?:got|get|heard|understood|understand) (?:it|that|you|this)\b",
        r"\bwhat i(?:'m| am)? (?:heard|hear|hearing)\b",
        r"\bi hear (?:you|that you)\b",
        r"\bi heard (?:you|that you)\b",
        r"\blet me (?:see if i|mirror|make sure i|check i|say back)\b",
        r"\bso you(?:'re| are) (?:saying|asking)\b",
        r"\bwhat you(?:'re| are) saying is\b",
        r"\bi want to make sure i (?:get|got|understand)\b",
    ],
    "weak_mirror": [
        r"^\W*(?:so|okay so|ok so),? (?:you|your)\b",
        r"^\W*you(?:'re| are)? (?:said|saying)\b",
    ],
    "got": [
        r"\bdid i get (?:that|it|you|all|everything|this)\b",
        r"\bam i getting (?:it|you|that|this)\b",
        r"\bdid i (?:hear|understand) (?:you|that|it|this) (?:right|correctly)\b",
        r"\bis that (?:right|correct|accurate|what you (?:said|meant|mean))\b",
        r"\bdid i miss anything\b",
    ],
    "more": [
        r"\bis there (?:any ?thing )?(?:more|else)\b",
        r"\bis there anything (?:more|else)\b",
        r"\banything (?:more|else) (?:about|you|on)\b",
        r"\btell me more\b",
    ],
    "validate": [
        r"\byou make (?:total |complete |perfect |a lot of )?sense\b",
        r"\b(?:it|that|this) makes (?:total |complete |perfect |a lot of )?sense\b",
        r"\bmakes sense (?:to me )?(?:that|because|why|given)\b",
        r"\bi (?:can )?(?:see|understand|get) why\b",
    ],
    "empathize": [
        r"\bi (?:can )?imagine\b",
        r"\byou (?:might|must|may|probably) (?:also )?(?:feel|felt|have felt|be feeling)\b",
        r"\bi guess you (?:feel|felt|might feel)\b",
    ],
    "request": [
        r"\bwould you be willing\b",
        r"\bwould you consider\b",
        r"\bone thing that would help\b",
        r"\bwhat would (?:really )?help me\b",
        r"\bmy request (?:is|would be)\b",
        r"\bi(?:'d| would) like to (?:ask|request)\b",
    ],
    # Softer asks; they read as a request only after the empathy step.
    "ask": [
        r"\b(?:would|could|can|will) you\b",
        r"\bi(?:'d| would) (?:like|love) (?:you|us|it if)\b",
        r"\bi(?:'m| am) asking (?:you|if|that|for)\b",
        r"\bplease\b",
    ],
    # The receiver agrees to a request ("Yes, I can do that", "I'm willing", "I can do Sundays").
    "agree": [
        r"\bi(?:'m| am) (?:willing|happy to|glad to|open to)\b",
        r"\bi (?:can|could|will|'ll) (?:do|try|manage|commit)\b",
        r"\bi'll (?:do|try|manage|commit)\b",
        r"\bi (?:can|will) do that\b",
        r"^\W*(?:yes|yeah|yep|sure|okay|ok|of course|absolutely|definitely)\b[\s,.!-]*"
        r"(?:i (?:can|will|could)|i'll|i'?m in|let'?s do|that works|deal)\b",
        r"\b(?:that|this) works for me\b",
        r"\bi (?:agree|promise)\b",
    ],
    "done": [
        r"^\W*(?:no|nope|nah)\b[\s,.!-]*(?:that'?s|that is|i think that'?s)"
        r" (?:it|all|everything)\b",
        r"^\W*(?:no|nope)\b[\s,.!-]*(?:there'?s |there is )?(?:nothing|no) (?:more|else)\b",
        r"^\W*(?:yes|yeah|yep)?\b[\s,.!-]*(?:you got it all|that'?s all|that'?s everything)\b",
        r"\bi(?:'m| am) (?:done|finished)\b",
        r"\bi feel (?:really |so |very )?(?:heard|received|understood|seen)\b",
    ],
    "more_sender": [
        r"^\W*(?:yes|yeah|yep)\b[\s,.!-]*(?:there'?s|there is) (?:more|something else)\b",
        r"^\W*(?:there'?s|there is) (?:more|something else)\b",
        r"^\W*(?:yes|yeah|yep)\b[\s,.!-]*(?:and|also)\b",
    ],
    "confirm": [
        r"^\W*(?:yes|yeah|yep|yup|mm-?hm+|right|exactly|correct|pretty much|you got it"
        r"|that'?s right|that'?s it|mostly|thank you|thanks|okay|ok|sure)\b",
    ],
    # Switching roles, said by either partner ("let's switch", "do you want to switch?").
    "switch": [
        r"\b(?:let'?s|can we|could we|shall we|should we) (?:switch|swap|trade|change)\b",
        r"\b(?:want|like|ready) to (?:switch|swap|trade)\b",
    ],
    # The receiver claims the sender's role: switch now.
    "claim": [
        rf"\bmy turn\b{_NOT_CHORE}",
        r"\bnow (?:i'?d like to|i want to|let me|can i) (?:send|share|respond|answer)\b",
        r"\b(?:can|could|may) i (?:share|respond|send|answer)\b",
        r"\bi(?:'d| would) (?:like|love) to (?:respond|answer|send|share my)\b",
        r"\bi want to (?:respond|answer|share my)\b",
        r"\blet me (?:respond|answer|share my)\b",
    ],
    # The sender hands the role over: the other partner's next turn opens a round.
    "offer": [
        rf"\byour turn\b{_NOT_CHORE}",
        r"\bover to you\b",
        r"\b(?:do|would) you (?:want|like) to (?:go|send|share|respond|answer|take a turn)"
        r"(?: (?:now|next|first|ahead|too|your side))?\s*(?:[?.!,]|$)",
        r"\byou can go (?:now|ahead)\b",
    ],
}
_COMPILED = {
    kind: [re.compile(p, re.IGNORECASE) for p in patterns] for kind, patterns in _PATTERNS.items()
}

RECEIVER_KINDS = ("summary", "mirror", "got", "more", "validate", "empathize")
STRONG_RECEIVER_KINDS = ("summary", "mirror", "validate", "empathize")

FEEL_THOUGHT = re.compile(
    r"\bfe(?:el|els|eling|lt)\s+(?:that|like|as if|as though|i|you|he|she|we|they|it'?s|my|your"
    r"|me|nobody|no one|everyone)\b",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


@dataclass(frozen=True)
class TurnMarks:
    """Where (character offset) each kind of cue first appears in a turn."""

    at: dict[str, int]

    def has(self, *kinds: str) -> bool:
        return any(kind in self.at for kind in kinds)

    @property
    def receiverish(self) -> bool:
        return self.has(*RECEIVER_KINDS)

    @property
    def strong_receiver(self) -> bool:
        return self.has(*STRONG_RECEIVER_KINDS)

    def first(self, *kinds: str) -> str | None:
        found = [(self.at[k], i, k) for i, k in enumerate(kinds) if k in self.at]
        return min(found)[2] if found else None


def cues(text: str) -> TurnMarks:
    """Find the cues in ``text``; see the module docstring."""
    clean = normalise(text)
    at: dict[str, int] = {}
    for kind, patterns in _COMPILED.items():
        hits = [m.start() for p in patterns if (m := p.search(clean))]
        if hits:
            at[kind] = min(hits)
    return TurnMarks(at)


def names_thought(text: str, after: int = 0) -> str | None:
    """The "feel that/like ..." span after ``after``, when a thought is named as a feeling."""
    match = FEEL_THOUGHT.search(normalise(text), after)
    if match is None:
        return None
    end = min(len(text), match.end() + 40)
    tail = text[match.start() : end]
    cut = re.split(r"[.!?;,]", tail, maxsplit=1)[0]
    return cut.strip()


OPENING_WORDS = 2  # "So, I imagine…", "And you make sense…": a step opens within this many words
_OPENING_CHARS = 120  # the words before a cue and the cue itself fit in this
_LEAD = rf"^\W*(?:[\w']+\W+){{0,{OPENING_WORDS}}}?"


@cache
def _opener(kind: str) -> re.Pattern[str]:
    """One anchored pattern per kind, compiled when first needed."""
    joined = "|".join(f"(?:{p})" for p in _PATTERNS[kind])
    return re.compile(f"{_LEAD}(?P<cue>{joined})", re.IGNORECASE)


def opening(text: str, kinds: tuple[str, ...]) -> str | None:
    """The kind (of ``kinds``, earlier ones winning a tie) whose cue opens ``text``, within its
    first ``OPENING_WORDS`` words; only the start is read, so a long text costs no more."""
    clean = normalise(text[:_OPENING_CHARS])
    found = [
        (m.start("cue"), i, kind)
        for i, kind in enumerate(kinds)
        if (m := _opener(kind).match(clean))
    ]
    return min(found)[2] if found else None
