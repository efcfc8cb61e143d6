"""Whether an answer holds the heart of its step, whatever judge read it: a validation says
"you make sense" (or a close stem), an empathy names a feeling. A mirror's heart is measured by
its accuracy instead, so it always passes here.
"""

from __future__ import annotations

from imago_coach.language.feelings import FEELINGS
from imago_coach.language.patterns import rx
from imago_coach.language.stems import VALIDATION_STEM
from imago_coach.language.text import fold_phrases, words
from imago_coach.models import Stage

# "you feel proud", "you might feel a longing": a word after "feel" that is not the start of a
# thought ("feel like I don't care", "feel that…"); the lexicon cannot hold every feeling word
_FEEL_WORD = rx(
    r"\b(?:feel|feels|feeling|felt)\s+(?!like\b|that\b|as\b|if\b|you\b|I\b|we\b|it\b)"
    r"(?:(?:a|an|some|such|so|very|really|quite)\s+)?[a-z]{3,}"
)


def names_feeling_word(text: str) -> bool:
    """True when the text holds a word of the feelings lexicon ("hurt", "left out")."""
    return any(w in FEELINGS for w in words(fold_phrases(text)))


def names_feeling(text: str) -> bool:
    """True when the text names a feeling: a lexicon word, or any word after "you feel"."""
    return names_feeling_word(text) or bool(_FEEL_WORD.search(text))


def has_heart(stage: Stage, text: str) -> bool:
    """True when the answer does what its stage is for (see the module docstring)."""
    if stage == Stage.VALIDATE:
        return bool(VALIDATION_STEM.search(text))
    if stage == Stage.EMPATHIZE:
        return names_feeling(text)
    return True
