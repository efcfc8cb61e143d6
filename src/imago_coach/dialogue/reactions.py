"""How the partner, as sender, reacts to your mirror, validation and empathy.

The reaction follows the verdict: a flag lands badly in the way that fits it (an interpretation
gets "I didn't say ...", your own story gets "we're talking about you now"); a mirror that left a
point out gets "Not quite. I also said ..."; an empathy guess is answered with the feelings you
named that fit, plus at most one of the partner's own. No reaction line is said twice in a
session while another variant is left.
"""

from __future__ import annotations

import re

from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.voice import LEAD, feeling_words, listing
from imago_coach.language.feelings import FEELINGS, feelings_for
from imago_coach.language.stems import VALIDATION_STEM
from imago_coach.language.text import clauses, content_stems, receiver_voice, stem, words
from imago_coach.models import Finding, Flag, Verdict

MISSED_BELOW = 0.7  # a mirror below this accuracy, with points missed, gets "Not quite"
COVERED_SHARE = 0.5  # a missed point counts as said when this share of its content words is there
QUOTE_WORDS = 14  # an addition is quoted back this far
CLOSER = "That's closer. Thank you for trying again."
NOT_YET = "I didn't hear my words in that yet, but thank you for trying. Let's go on."
NOT_VALIDATED = "Hmm. I'm not sure yet that it makes sense to you, the way I see it."
_CUT_WORD = re.compile(r"\S*\u2026\s*$")
_FRAME = re.compile(
    r"^\W*(?:so\W+)?(?:to sum up|if I (?:got|heard) (?:it|that|you)(?: right)?|"
    r"let me see if I got (?:it|all of (?:it|that))|what I hear is|I hear (?:that )?|"
    r"you(?:'re| are) saying(?: that)?)\W*",
    re.IGNORECASE,
)
_I_WORDS = re.compile(r"\b(?:I|I'm|I've|I'd|my|me|myself)\b")
# Feelings that fit almost any hard talk: confirmed when named, even if the partner did not say
# them in so many words.
BROAD_FEELINGS = frozenset(
    "hurt sad lonely alone upset frustrated tired scared afraid worried anxious angry resentful "
    "disappointed overwhelmed stressed unappreciated unimportant invisible small unseen unheard "
    "exhausted".split()
)

# Variants per kind of reaction; the scenario's own line (in its voice) comes first.
_JUDGED = (
    "That stung a little. I was hoping you'd just hear me.",
    "Hm. That sounded like a verdict on me, not what I said.",
)
_FIXED = (
    "I'm not looking for a solution yet. I just want to be heard.",
    "Can we hold the fixing for now? I need you to hear me first.",
)
_DEFENDED = (
    "I'm not blaming you. I'm telling you how it is for me.",
    "You don't need to defend yourself. I just want you to hear me.",
)
_OWN_STORY = (
    "It feels like we're talking about you now. Can we stay with me for a moment?",
    "Your side matters too, and it will get its turn. Right now it's still mine.",
)
_ADDED = (
    "That's not quite what I said; I didn't say {added}.",
    "Hmm, I didn't say {added}. Can you stay with my words?",
    "That's your reading, not what I said: I didn't say {added}.",
)
_SUBJECT = (
    "Hang on, that's a different subject. I'm still on {topic}.",
    "Hmm, we've moved away from what I said.",
)


def validates(text: str) -> bool:
    """Whether a validation answer says "you make sense" (or a near form of it)."""
    return bool(VALIDATION_STEM.search(text))


def point_missed(verdict: Verdict | None, mirror: str) -> str | None:
    """The first point the verdict says was missed that the mirror really left out, if any.

    Only a mirror below ``MISSED_BELOW`` accuracy counts, and a point counts as left out when
    fewer than ``COVERED_SHARE`` of its content words (stemmed, with synonyms) are in the mirror:
    a judge may list a point the mirror gave back in other words.
    """
    accuracy = verdict.mirror_accuracy if verdict else None
    if verdict is None or accuracy is None or accuracy >= MISSED_BELOW:
        return None
    yours = set(content_stems(mirror))
    for point in verdict.missed:
        # a point the judge shortened ends in a cut word ("left\u2026"): leave that word out
        wanted = set(content_stems(_CUT_WORD.sub("", point)))
        if wanted and len(wanted & yours) < COVERED_SHARE * len(wanted):
            return point
    return None


def mirror_missed(point: str, said: str) -> str:
    """A missed point as the partner says it again: its own clause that best matches it.

    A clause, not the whole sentence, so the partner repeats only what was left out ("that my mom
    just found out afterwards"), not the part the mirror already gave back.
    """
    wanted = set(content_stems(point))
    best, score = "", 0
    for clause in clauses(said):
        # its comma-separated parts too, the shortest that holds as much of the point wins
        for part in sorted({clause.text, *clause.text.split(", ")}, key=len):
            overlap = len(wanted & set(content_stems(part)))
            if overlap > score:
                best, score = part, overlap
    text = LEAD.sub("", (best or point).strip()).rstrip(" ,;.!?\u2026")
    text = re.sub(r"^(?:and|but|so) ", "", text, flags=re.IGNORECASE)
    if not text:
        return "more than that"
    if text.lower().startswith("like "):  # "..., like my opinion doesn't count"
        return "it felt " + text[:1].lower() + text[1:]
    return "that " + text[:1].lower() + text[1:] if not text.startswith("I ") else "that " + text


def _topic_findings(verdict: Verdict) -> list[Finding]:
    return [f for f in verdict.findings if f.flag == Flag.TOPIC_CHANGE]


def topic_kind(verdict: Verdict) -> str:
    """What a ``topic_change`` was: "added" (a meaning or feeling they never said), "own" (your
    own story or a counter-complaint) or "subject" (another subject), from the finding's
    explanation, then its evidence."""
    findings = _topic_findings(verdict)
    for finding in findings:
        why = finding.explanation.lower()
        if re.search(
            r"meaning|feeling they didn|wasn't in what|interpret|reading|didn'?t say|"
            r"never said|adds?\b",
            why,
        ):
            return "added"
        if re.search(
            r"own story|counter|your (?:turn|side|chance)|explaining yourself|"
            r"focus to you",
            why,
        ):
            return "own"
        if re.search(r"subject|something other|other than", why):
            return "subject"
    for finding in findings:
        if _I_WORDS.search(_FRAME.sub("", finding.evidence)):
            return "own"
    return "added" if verdict.added else "own"


_PART = re.compile(r"\s*(?:[,;:]|\band\b|\bbut\b|\bbecause\b|\bso\b)\s*", re.IGNORECASE)


def _addition(verdict: Verdict, said: str) -> str:
    """What the mirror added, as the partner quotes it back ("that I grew up ..."): the part of
    the finding's words least like what it said, or a feeling it never named."""
    findings = _topic_findings(verdict)
    text = (findings[0].evidence if findings else "") or (verdict.added or [""])[0]
    text = _CUT_WORD.sub("", text).strip()
    yours = set(words(said))
    extra = [w for w in words(text) if w in FEELINGS and w not in yours]
    if extra:
        return f"I felt {listing(extra[:2])}"
    stems = set(content_stems(said))

    def novelty(part: str) -> tuple[float, int]:
        mine = content_stems(part)
        new = [s for s in mine if s not in stems]
        return (len(new) / len(mine) if len(mine) >= 2 else 0.0, len(new))

    parts = [p for p in _PART.split(_FRAME.sub("", LEAD.sub("", text))) if p.strip()]
    best = max(parts, key=novelty) if parts else text
    body = receiver_voice(_FRAME.sub("", LEAD.sub("", best))).strip(" ,;.!?")
    cut = body.split()
    body = " ".join(cut[:QUOTE_WORDS]) + ("\u2026" if len(cut) > QUOTE_WORDS else "")
    return "that " + (body if body.startswith(("I ", "I'")) else body[:1].lower() + body[1:])


def fresh(options: list[str], used: set[str], index: int = 0, **fill: str) -> str:
    """The first option not said yet in this session (an option with a ``{slot}`` counts as said
    when its fixed words were), filled in; when all were, one by turn."""

    def said(option: str) -> bool:
        fixed = [p.strip() for p in re.split(r"\{\w+\}", option) if p.strip(" .,;:")]
        return any(all(p in line for p in fixed) for line in used)

    choice = next((o for o in options if not said(o)), options[index % len(options)])
    return choice.format(**fill).replace("\u2026.", "\u2026") if fill else choice


def empathy_answer(text: str, said: str) -> str:
    """The partner's answer to an empathy guess: the feelings you named that fit, confirmed,
    and at most one of its own you did not name."""
    named = feeling_words(text)
    own = feeling_words(said)
    likely = set(own) | set(feelings_for(said)) | BROAD_FEELINGS
    fit = [f for f in named if f in likely]
    unfit = [f for f in named if f not in likely]
    # one of its own you did not name, nor a word for the same feeling ("tired", "exhausted")
    extra = next((f for f in own if stem(f) not in {stem(n) for n in named}), None)
    if not fit:
        mine = listing(own[:2]) or "hurt"
        if unfit:
            return f"Not so much {listing(unfit)}. More {mine}."
        return f"Hmm, that's more what you think than what I feel. I feel {mine}, mostly."
    line = f"Yes, {listing(fit)}"
    if unfit:
        line += f"; not so much {listing(unfit)}"
    if extra:
        return f"{line}... and a bit {extra} too."
    return f"{line}. That's it."


def react(
    verdict: Verdict | None,
    *,
    scenario: Scenario,
    stage: str,
    text: str,
    said: str,
    used: set[str],
    index: int = 0,
    again: bool = False,
) -> str:
    """The partner's reaction to your answer at a receiving step.

    ``said``: the partner's own message so far; ``used``: the lines it already said this session.
    """
    r = scenario.reactions
    flags = set(verdict.flags) if verdict else set()
    if Flag.JUDGEMENT in flags:
        return fresh([r.judged, *_JUDGED], used, index)
    if Flag.SOLUTION in flags:
        return fresh([r.fixed, *_FIXED], used, index)
    if Flag.DEFENSIVENESS in flags:
        return fresh([r.defended, *_DEFENDED], used, index)
    if verdict and Flag.TOPIC_CHANGE in flags:
        kind = topic_kind(verdict)
        if kind == "added":
            return fresh(list(_ADDED), used, index, added=_addition(verdict, said))
        if kind == "subject":
            return fresh(list(_SUBJECT), used, index, topic=scenario.topic)
        return fresh([r.topic, *_OWN_STORY], used, index)
    if missed := point_missed(verdict, text):
        if again:  # "closer" only when some of it came back
            return CLOSER if (verdict and verdict.mirror_accuracy) else NOT_YET
        return r.missed.format(missed=mirror_missed(missed, said))
    if stage == "validate":
        return r.validated if validates(text) else NOT_VALIDATED
    if stage == "empathize":
        return empathy_answer(text, said)
    return fresh([r.good[(index + n) % len(r.good)] for n in range(len(r.good))], used, index)
