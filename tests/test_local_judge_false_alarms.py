"""Clean answers the local judge used to flag, each for a general reason, from the user's side.

Every case pairs a clean answer with a close one that must still be flagged, so a fix that
simply stopped looking would fail here.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
SENDER = "I feel tired and alone with the house, and I need to know you're with me on it."


def flags(stage: str, response: str, sender: str = SENDER) -> list[str]:
    """The flags `imago check --json` reports for one answer."""
    args = ["check", "--stage", stage, "--sender", sender, "--response", response, "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    found: list[str] = json.loads(result.stdout)["flags"]
    return found


@pytest.mark.parametrize(
    ("response", "flag"),
    [
        # a "you" inside a relative clause describes the partner's life
        ("It makes sense that the word 'soon' has stopped being anything you can trust.", None),
        ("It makes sense, a loud door slams you back into the past before you can think.", None),
        ("It makes sense it hurts to hear me describe what you carry every day.", None),
        ("It makes sense it hurts to be left with a mess you never made.", None),
        ("You can just ask your sister to help.", "solution"),
        ("What you could do is ask your sister to help.", "solution"),
        ("You never help with anything.", "judgement"),
    ],
)
def test_a_you_in_a_relative_clause_is_neither_advice_nor_blame(
    response: str, flag: str | None
) -> None:
    found = flags("validate", response)
    assert (flag in found) if flag else found == [], found


@pytest.mark.parametrize(
    ("response", "clean"),
    [
        ("It makes sense that deciding for yourself makes you feel like an adult.", True),
        ("It makes sense, being checked on makes you feel less like an adult.", True),
        ("It makes sense, but honestly you should act like an adult about it.", False),
    ],
)
def test_feeling_like_an_adult_is_the_partners_wish_not_a_verdict(
    response: str, clean: bool
) -> None:
    found = flags("validate", response)
    assert (found == []) if clean else ("judgement" in found), found


def test_a_mirror_of_the_partners_own_worry_is_not_a_label() -> None:
    sender = "When my mum comments on my cooking I get upset, and then I think I'm oversensitive."
    mirror = (
        "So if I got it, when your mum comments on your cooking you get upset, and you worry "
        "that you're oversensitive. Did I get that?"
    )
    assert flags("mirror", mirror, sender) == []
    assert "judgement" in flags("mirror", "Honestly, you're oversensitive. Did I get that?", sender)


@pytest.mark.parametrize(
    ("response", "clean"),
    [
        ("It makes sense, waiting for a bus that doesn't come on time wears you out.", True),
        ("It makes sense, the tiredness builds until it finally boils over.", True),
        ("It makes sense that being told to get over it would sting.", True),
        ("Oh come on, it's only dishes.", False),
        ("Well, you finally noticed the dishes.", False),
        ("Just get over it.", False),
    ],
)
def test_phrases_that_only_sometimes_sting_are_read_in_their_sense(
    response: str, clean: bool
) -> None:
    found = flags("validate", response)
    assert (found == []) if clean else ("judgement" in found), found


@pytest.mark.parametrize("stage", ["mirror", "validate", "empathize", "send"])
def test_a_one_word_hedge_is_not_a_solution(stage: str) -> None:
    assert flags(stage, "Maybe.") == []
    assert flags(stage, "Maybe, yeah.") == []


@pytest.mark.parametrize(
    ("response", "clean"),
    [
        ("It makes sense, an evening like that would turn a rest into a chore.", True),
        ("It makes sense, and maybe dreading the questions at work too.", True),
        ("And maybe if you went back to the gym you'd feel more like yourself?", False),
        ("You could ask your sister, it would take the weight off.", False),
    ],
)
def test_what_a_thing_does_to_the_partner_is_not_advice(response: str, clean: bool) -> None:
    found = flags("validate", response)
    assert (found == []) if clean else ("solution" in found), found


def test_a_hedged_sender_turn_in_a_review_is_not_advice(tmp_path: object) -> None:
    from pathlib import Path

    talk = Path(str(tmp_path)) / "talk.txt"
    talk.write_text(
        "Jess: Your mum wants us there for a whole week again.\n"
        "Sam: We could just go for three days this time.\n"
        "Jess: Maybe. I just want us to decide together.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["review", str(talk)])
    assert result.exit_code == 0, result.output
    assert "“Maybe.”" not in result.stdout
    assert "We could just go for three days" in result.stdout  # Sam's fix is still shown


@pytest.mark.parametrize(
    ("stage", "response", "flag"),
    [
        (
            "validate",
            "It makes sense, if you tidy and I leave it anyway, it feels pointless.",
            None,
        ),
        ("validate", "Anyway, my mum rang earlier about Sunday.", "topic_change"),
        (
            "validate",
            "It makes sense, when you're the one who does the planning, you end up worn out.",
            None,
        ),
        ("validate", "You're the one who always leaves it to me.", "topic_change"),
        ("mirror", "So you'd rather I just said no. Did I get that?", None),
        (
            "validate",
            "It makes sense, waiting for someone who is always late wears you down.",
            None,
        ),
        ("validate", "For someone who says they care, you never show it.", "judgement"),
    ],
)
def test_words_that_change_the_subject_or_moralise_only_do_so_in_their_place(
    stage: str, response: str, flag: str | None
) -> None:
    sender = "I'm tired of waiting for you and tidying up alone; I'd rather you just said no."
    found = flags(stage, response, sender)
    assert (flag in found) if flag else found == [], found
