"""The feelings lexicon: feeling words, what a sender's words suggest they feel, and the feelings
to name back to them (used by the judge's rewrites and by the simulated partner).
"""

from __future__ import annotations

from imago_coach.language.patterns import rx
from imago_coach.language.text import words

FEELINGS = frozenset(
    """abandoned afraid alone angry annoyed anxious ashamed belittled betrayed bitter confused
    controlled crushed defeated dejected desperate devastated disappointed disconnected
    discouraged disrespected dismissed distant drained embarrassed empty excluded exhausted
    exposed frightened frustrated furious guilty heartbroken helpless hopeless humiliated hurt
    ignored inadequate insecure invisible irritated isolated jealous judged lonely lost mad
    miserable neglected nervous overwhelmed panicked powerless pressured punished rejected
    resentful sad scared shaken small stressed stuck tense terrified tired trapped uncared
    undervalued unappreciated unheard unimportant unloved unseen unsafe unsupported unwanted
    upset vulnerable weary worried worthless happy relieved grateful loved close safe seen heard
    valued appreciated cared respected calm hopeful torn gutted sick""".split()
)

# What a feeling word in the sender's own words suggests to name back in empathy.
FEELING_HINTS: dict[str, tuple[str, ...]] = {
    "invisible": ("lonely", "unimportant"),
    "ignored": ("hurt", "unimportant"),
    "alone": ("lonely", "unsupported"),
    "late": ("anxious", "not a priority"),
    "money": ("anxious", "shut out"),
    "decisions": ("shut out", "unimportant"),
    "phone": ("lonely", "like you come second"),
    "chores": ("exhausted", "taken for granted"),
    "dishes": ("exhausted", "taken for granted"),
    "criticised": ("hurt", "small"),
    "criticized": ("hurt", "small"),
    "mother": ("caught in the middle", "unprotected"),
    "mum": ("caught in the middle", "unprotected"),
    "mom": ("caught in the middle", "unprotected"),
    "sex": ("rejected", "lonely"),
    "touch": ("rejected", "lonely"),
    "kids": ("overwhelmed", "alone"),
    "work": ("lonely", "like you come second"),
}


_PHRASE_FEELINGS = rx(
    r"\b(?:left out|shut out|fed up|worn out|taken for granted|let down|brushed off|put down|"
    r"second best|second place|on my own)\b")


def feelings_for(sender: str) -> list[str]:
    """Feelings to name back: the sender's own feeling words first, then likely ones."""
    found: list[str] = [m.group(0).lower() for m in _PHRASE_FEELINGS.finditer(sender)]
    for word in words(_PHRASE_FEELINGS.sub(" ", sender)):
        if word in FEELINGS and word not in found:
            found.append(word)
    for word in words(sender):
        for hint in FEELING_HINTS.get(word, ()):
            if hint not in found:
                found.append(hint)
    return (found or ["hurt", "alone with this"])[:3]
