"""The words of the local judge's feedback: explanations, suggestions, strengths, rewrites.

Warm, brief, specific, never scolding: people read this right before a hard conversation.
"""

from __future__ import annotations

import re

from imago_coach.flags import FLAG_INFO
from imago_coach.judges.lexicon import CueKind
from imago_coach.language.feelings import feelings_for
from imago_coach.language.patterns import rx
from imago_coach.language.text import content_stems, receiver_voice, sentences, words
from imago_coach.models import Flag, Stage

# (explanation, suggestion) for each cue kind.
EXPLAIN: dict[CueKind, tuple[str, str]] = {
    CueKind.ADVICE: (
        "Advice, even kind advice, tells your partner you want to fix it rather than hear it; "
        "in the dialogue, understanding comes first.",
        "Leave the fix for later; say back what you heard and ask \u201cIs there more?\u201d",
    ),
    CueKind.QUESTION_ADVICE: (
        "A suggestion phrased as a question is still advice: it moves you from listening to "
        "fixing.",
        "Hold the idea for now; stay curious about their experience instead.",
    ),
    CueKind.COMMITMENT: (
        "Promising a fix is generous, but it closes the conversation before your partner feels "
        "fully heard; changes belong to the behaviour-change request at the end.",
        "Hold the offer; first make sure they feel understood.",
    ),
    CueKind.LABEL: (
        "A label tells your partner that their feeling, or they themselves, are wrong, and "
        "makes it less safe to share.",
        "Drop the label and give back the feeling in their own words: \u201cYou felt\u2026\u201d",
    ),
    CueKind.INSULT: (
        "An insult or a put-down (a name, mockery, \u201cgo away\u201d) is contempt: it tells "
        "your partner they are not safe with you, and the dialogue stops there.",
        "Leave it out entirely. If you are too upset to listen right now, say so and ask for a "
        "pause: \u201cI need a break; can we come back to this in an hour?\u201d",
    ),
    CueKind.CURT: (
        "A one-word reply can sound like a shrug when your partner has just opened up; it "
        "tells them you are not really with them.",
        "Give back what they said, in their words: \u201cSo if I got it, \u2026\u201d",
    ),
    CueKind.DISMISS: (
        "\u201cNot this again\u201d tells your partner their hurt is a nuisance to you; it "
        "closes the door before they have been heard.",
        "If the topic keeps coming back, it matters to them: mirror it as if for the first "
        "time, \u201cSo you\u2019re saying \u2026\u201d",
    ),
    CueKind.BLAME: (
        "Blame (\u201cyou should have\u2026\u201d, \u201cwhy did you\u2026\u201d) invites a "
        "defence instead of opening your partner up.",
        "Describe what you heard, not what they did wrong.",
    ),
    CueKind.MINIMISE: (
        "Shrinking the problem or hurrying past it (\u201cit's only\u2026\u201d, \u201cat "
        "least\u2026\u201d, \u201cyou'll be fine\u201d) tells your partner their feeling doesn't "
        "count.",
        "Let the feeling be as big as it is for them: \u201cThat really mattered to you.\u201d",
    ),
    CueKind.DOWNGRADE: (
        "Making the feeling smaller than they said (\u201ca little\u2026\u201d) tells your partner "
        "it is not as big as it is for them.",
        "Use their own word for the feeling, at full size.",
    ),
    CueKind.MOTIVE: (
        "Guessing at hidden motives puts your story in place of theirs; the dialogue stays with "
        "what they said.",
        "Ask rather than diagnose: \u201cCan you tell me more about that?\u201d",
    ),
    CueKind.SARCASM: (
        "Sarcasm and eye-rolling lines land as contempt, which shuts a conversation down fast.",
        "Say it plainly, or leave it out and mirror what you heard.",
    ),
    CueKind.MORALISE: (
        "Telling your partner how they ought to be turns the dialogue into a verdict; you are "
        "visiting their world, not grading it.",
        "Set the judgement aside and reflect what it is like for them.",
    ),
    CueKind.OWN_STORY: (
        "Your own story can wait for your turn as sender; right now the space belongs to your "
        "partner.",
        "Come back to their words: \u201cSo for you, \u2026\u201d",
    ),
    CueKind.COUNTER: (
        "A counter-complaint turns their turn into yours; your chance to send comes after the "
        "switch.",
        "Note your side for later and stay with what they said.",
    ),
    CueKind.REBUTTAL: (
        "Correcting the facts tells your partner their experience is wrong; you can mirror "
        "their reality even where yours differs.",
        "Mirror how it was for them, without the correction.",
    ),
    CueKind.NEW_SUBJECT: (
        "This opens a new subject; the dialogue works one topic at a time.",
        "Stay with what they brought; the other subject can have its own dialogue.",
    ),
    CueKind.INTERPRETATION: (
        "This adds a meaning they didn't say; a mirror gives back their words, not your reading "
        "of them.",
        "Take out the interpretation and use their own words.",
    ),
    CueKind.ADDED: (
        "This part wasn't in what they said, so the mirror drifts toward your view.",
        "Keep the mirror to their words; you can ask about this later.",
    ),
    CueKind.OFF_TOPIC: (
        "This answers about something other than what they said.",
        "Start from their words: \u201cWhat I heard you say is\u2026\u201d",
    ),
    CueKind.YES_BUT: (
        "The \u201cbut\u201d takes back the understanding you just gave; your partner will "
        "hear only what comes after it.",
        "End at the validation: \u201cYou make sense, because \u2026\u201d, full stop.",
    ),
    CueKind.ADDED_FEELING: (
        "This names a feeling they didn't mention; in a mirror, feelings come back only if they "
        "said them (you can offer yours at the empathy step).",
        "Mirror the feelings they named, in their words.",
    ),
    CueKind.LEARNED_JUDGEMENT: (
        "This may land as a judgement of your partner rather than a reflection of what they "
        "said; even a light remark can sting when they are opening up.",
        "Read it as they would hear it, and keep only what reflects their words.",
    ),
    CueKind.LEARNED_SOLUTION: (
        "This reads like a fix or a plan; in the dialogue, understanding comes before solutions.",
        "Hold the idea for later and stay with their experience.",
    ),
    CueKind.LEARNED_TOPIC_CHANGE: (
        "This seems to move away from what they said, toward your side or something new.",
        "Come back to their words: \u201cWhat I heard you say is\u2026\u201d",
    ),
    CueKind.DEFEND: (
        "Explaining yourself is natural, but it moves the focus to you; your side will have "
        "its turn.",
        "Breathe, park the explanation, and reflect what they said.",
    ),
}
STAGE_HEART: dict[Stage, str] = {
    Stage.MIRROR: "a mirror gives back their words, as close as you can, then checks in",
    Stage.VALIDATE: "validation says \u201cyou make sense\u201d with a reason from their logic",
    Stage.EMPATHIZE: "empathy names the feelings they might have, tentatively",
    Stage.SEND: "a sender speaks for themselves, one topic at a time, without blame",
}

# A "promise" in a mirror made of the sender's own words: most likely their words given back in
# the wrong voice, not a fix offered.
ECHOED_PROMISE = (
    "In a mirror this reads as a promise of yours; if these are their words, make them theirs, "
    "so they hear their experience rather than a plan.",
    "Frame it as what they said: \u201cYou said that \u2026\u201d",
)


# A sender's wish said kindly from their side ("I'd love it if we could..."): not an order,
# only early; in a dialogue the request comes last.
SENT_WISH = (
    "This is a wish, and a kind one, not an order. In a dialogue it comes last, as the small "
    "request, once your partner has heard how it is for you.",
    "Start with your side, \u201cI feel \u2026 when \u2026\u201d, and end with the wish, "
    "small and specific.",
)
_WISH = rx(
    r"\b(?:I(?:'d| would) (?:really )?(?:love|like|appreciate) it if|it would (?:really )?(?:mean "
    r"(?:a lot|so much|the world)|help(?: me)?|be (?:lovely|nice|great)) (?:to me )?if|I(?:'d| "
    r"would) (?:really )?love (?:for )?(?:us|we|it)|I wish we|I(?:'d| would) like (?:us|for us) "
    r"to)\b"
)


_I_FEEL = rx(r"^\W*(?:and |but |so )?I (?:feel|felt)\b")
ALWAYS_IN_AN_I_STATEMENT = (
    "Keep the I-statement and name one moment instead of a verdict: \u201cI feel \u2026 when "
    "you \u2026 last night.\u201d"
)


def wished(text: str) -> bool:
    """Whether a clause is a wish said kindly from the sender's side."""
    return bool(_WISH.search(text))


def explain(
    kind: CueKind, flag: Flag, stage: Stage, *, echoed: bool = False, evidence: str = ""
) -> tuple[str, str]:
    """The explanation and suggestion for a finding; ``echoed``: the clause is mostly the
    sender's own words; ``evidence``: the clause itself."""
    sending = FLAG_INFO[flag].sending
    if stage == Stage.SEND and flag == Flag.SOLUTION and wished(evidence):
        return SENT_WISH
    if stage == Stage.SEND and sending and flag == Flag.JUDGEMENT and _I_FEEL.match(evidence):
        return sending[0], ALWAYS_IN_AN_I_STATEMENT  # the I-statement is there already
    if stage == Stage.SEND and sending is not None:
        return sending
    if echoed and kind == CueKind.COMMITMENT and stage == Stage.MIRROR:
        return ECHOED_PROMISE
    return EXPLAIN[kind]


def _lower_first(text: str) -> str:
    if text.startswith("I ") or text.startswith("I'"):
        return text
    return text[:1].lower() + text[1:]


_OPENERS = rx(
    r"^(?:(?:yes|yeah|yep|no|nope|well|so|okay|ok|right|and|also|um|uh|erm|hmm|honestly|"
    r"(?:and )?another thing|there's more|yes,? there's more|and there's more)[,.!?:]*\s+)+"
)


# Sentences that are not content to give back: confirmations, check-ins and fillers.
_ASIDE = rx(
    r"^\W*(?:yes|yeah|yep|no|nope|okay|ok|sure|right|mm+|that's (?:it|all|right)|there's more|"
    r"you got it|exactly|you know|I mean|I don't know|I dunno|whatever|anyway|I guess|honestly|"
    r"I'm not|I am not|not really|fine)\W*(?:(?:that's|there's) (?:it|all|more)\W*)?$|"
    r"^\W*(?:(?:so|and|now|okay|ok),?\s+)*I(?:'d| would)? (?:want|like|need) to (?:share|say|tell "
    r"you|talk about|add) (?:something|this|one more thing|more)\W*$"
)
# A sentence to give back has a subject or a verb: "hurt most of all" alone is a fragment.
_CLAUSE_WORD = frozenset(
    """i you we they he she it there is are was were am has have had do does did can could will
    would should i'm you're we're they're it's that's there's i've you've we've i'd you'd he's
    she's""".split()
)
_BECAUSE = rx(r"^(?P<head>.*?),?\s*\b(?:because|cause|'cause|cos)\b\s+(?P<reason>.+)$")
_WHEN = rx(r"^(?:when|whenever|every time)\s+(?P<what>.+?),\s*(?P<rest>(?:I|you)\b.+)$")
_FEELING_LINE = rx(
    r"^(?:and )?you(?:'re| are| were| feel| felt| get| got| have been|'ve been| hate| love| miss|"
    r" want| don't want| need| worry| can't| keep)\b"
)
MIN_CONTENT = 1  # a rewrite carries at least one of the sender's content words


def _said(sender: str) -> list[str]:
    """The sender's sentences that carry what they said (no openers, asides or questions)."""
    sender = _OPENERS.sub("", sender.strip()) or sender
    said = [s for s in sentences(sender) if not _ASIDE.match(s) and not s.rstrip().endswith("?")]
    return [s for s in said if content_stems(s) and _CLAUSE_WORD & set(words(s))]


def _core(sender: str, max_words: int = 60) -> str:
    """The sender's words in the receiver's voice, trimmed to a few sentences ("" if nothing in
    them is worth giving back)."""
    parts: list[str] = []
    count = 0
    for sentence in _said(sender):
        n = len(sentence.split())
        if parts and count + n > max_words:
            break
        parts.append(sentence)
        count += n
    text = receiver_voice(" ".join(parts)).strip()
    if len(content_stems(text)) < MIN_CONTENT:
        return ""
    return _lower_first(text.rstrip(".!?\u2026 ")) if text else text


def _clause(text: str) -> str:
    return _lower_first(text.strip(" ,;.!?\u2026"))


def validation_rewrite(core: str) -> str | None:
    """ "You make sense to me, because ...": the reason from their own logic (their own
    "because" when they gave one, else what happened to them), then the feeling it explains."""
    lines = [s.rstrip(".!?\u2026 ") for s in sentences(core[:1].upper() + core[1:])]
    for n, line in enumerate(lines):
        if (m := _BECAUSE.match(line)) and len(content_stems(m.group("reason"))) >= 1:
            head = _clause(m.group("head")) or (_clause(lines[n - 1]) if n else "")
            reason = _clause(m.group("reason"))
            if head and _FEELING_LINE.match(head):
                return f"You make sense to me. Of course {head}, because {reason}."
            if head:
                return f"You make sense to me: {head}, because {reason}."
            return f"You make sense to me, because {reason}."
    feelings = [line for line in lines if _FEELING_LINE.match(line) and len(line.split()) <= 8]
    situation = [line for line in lines if line not in feelings]
    if situation and (m := _WHEN.match(situation[0])):
        what, rest = _clause(m.group("what")), _clause(m.group("rest"))
        if _FEELING_LINE.match(rest):
            return f"You make sense to me, because {what}; of course {rest}."
    if not situation:
        return None  # a feeling with nothing that explains it: no reason to give back
    situation = situation[:2]  # the reason, not a retelling
    reason = ". ".join(_clause(line) if i == 0 else line for i, line in enumerate(situation))
    if feelings:
        felt = " and ".join(_clause(f) for f in feelings[:2])
        return f"You make sense to me, because {reason}; of course {felt}."
    return f"You make sense to me, because {reason}; of course that would be hard for you."


def rewrite(stage: Stage, sender: str) -> str | None:
    """A whole answer built from the sender's words, or None when they give too little for one
    (a sender's own message has no rewrite: only they know what they feel)."""
    core = _core(sender)
    if not core or stage == Stage.SEND:
        return None
    if stage == Stage.MIRROR:
        return f"So if I got it, {core}. Did I get that? Is there more?"
    if stage == Stage.VALIDATE:
        return validation_rewrite(core)
    named = feelings_for(" ".join(_said(sender)))
    if not named:
        return None
    listed = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
    return f"I imagine you might feel {listed}. Is that how you feel?"


def quote(text: str, limit: int = 90) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
