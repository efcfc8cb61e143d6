"""What the partner says back to the receiver: thanks for a real validation (a hint otherwise), and
the feelings you named in your empathy."""

from __future__ import annotations

import pytest

from imago_coach.dialogue import guide
from imago_coach.dialogue.reactions import NOT_VALIDATED, empathy_answer
from imago_coach.dialogue.scenarios import get_scenario
from imago_coach.language.feelings import FEELINGS
from imago_coach.language.text import words
from rehearse_helpers import RECEIVER_LINES, play

MONEY = get_scenario("money")
CHORES = get_scenario("chores")


def test_validation_without_a_stem_gets_the_hint_not_thanks() -> None:
    lines = [*RECEIVER_LINES[:5], "I imagine you feel sad and alone.", *RECEIVER_LINES[6:]]
    _, io = play(lines, role="receiver")
    assert MONEY.reactions.validated not in io.texts("partner")
    assert NOT_VALIDATED in io.texts("partner")
    assert guide.VALIDATION_HINT in io.texts("say")


@pytest.mark.parametrize(
    "answer",
    [
        "You make sense, because of your dad.",
        "I can see why that hurts, given your mom.",
        "I get why you'd feel small.",
        "Of course you feel left out.",
        "No wonder you worry.",
    ],
)
def test_a_real_validation_is_thanked(answer: str) -> None:
    _, io = play([*RECEIVER_LINES[:5], answer, "/quit"], role="receiver")
    assert MONEY.reactions.validated in io.texts("partner")
    assert guide.VALIDATION_HINT not in io.texts("say")


def test_empathy_is_answered_with_the_named_feelings_and_one_more() -> None:
    said = " ".join([CHORES.send.opening, *CHORES.send.more])
    reply = empathy_answer("I imagine you might feel exhausted, lonely, and maybe resentful.", said)
    assert all(f in reply for f in ("exhausted", "lonely", "resentful"))
    others = {w for w in words(reply) if w in FEELINGS} - {"exhausted", "lonely", "resentful"}
    assert len(others) <= 1 and others <= set(words(said))


def test_empathy_without_a_feeling_is_answered_with_the_partners_own() -> None:
    said = " ".join([CHORES.send.opening, *CHORES.send.more])
    reply = empathy_answer("I imagine you might feel that I don't care.", said)
    assert "exhausted" in reply
    assert "lonely" not in reply  # never a feeling nobody named
