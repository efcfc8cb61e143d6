"""The behaviour-change request: the checker's four tests, the partner's answer to yours, and
picking one of the partner's requests."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.dialogue import guide
from imago_coach.dialogue.partner import Move, MoveContext, ScriptedPartner
from imago_coach.dialogue.request_check import check_request
from imago_coach.dialogue.scenarios import custom_scenario, get_scenario
from rehearse_helpers import RECEIVER_LINES, REPLY_LINES, play, saved_utterances

runner = CliRunner()
MONEY = get_scenario("money")
TEN_MINUTES = (
    "Would you give me ten minutes to change and breathe when I get home, every "
    "weekday for the next two weeks, before we talk about chores?"
)
TEXT_ME = (
    "Could you text me when you're running more than 10 minutes late, every time for the "
    "next two weeks?"
)


def test_request_choice_asks_again_until_an_option_is_picked() -> None:
    lines = [*RECEIVER_LINES[:-1], "You're angry.", "Yes, I can do that.", "2"]
    outcome, io = play(lines, role="receiver")
    assert outcome.finished
    said = io.texts("say")
    assert said.count(guide.choice_prompt(MONEY)) == 2
    assert guide.choice_prompt(MONEY).startswith("Pick 1, 2 or 3")
    assert io.texts("partner").count(MONEY.request.thanks) == 1
    assert guide.agreed(MONEY, MONEY.request.options[1]) in said
    assert f"You agreed to Sam's request: \u201c{MONEY.request.options[1]}\u201d" in said
    choices = [
        u.text
        for u in saved_utterances(outcome.session_id)
        if u.stage == "choice" and u.speaker == "you"
    ]
    assert choices == ["2"]


def test_request_choice_piped_through_the_cli() -> None:
    lines = [*RECEIVER_LINES[:-1], "You're angry.", "/quit"]
    result = runner.invoke(
        app,
        ["rehearse", "--scenario", "money", "--role", "receiver", "--judge", "local"],
        input="\n".join(lines) + "\n",
    )
    out = " ".join(result.stdout.split())
    assert "Pick 1, 2 or 3" in out
    assert MONEY.request.thanks not in out


def test_the_choice_reads_as_a_statement_quoting_the_request() -> None:
    line = guide.agreed(MONEY, MONEY.request.options[0])
    assert line == f"You agreed to Sam's request: \u201c{MONEY.request.options[0]}\u201d"


@pytest.mark.parametrize(
    "ask",
    [
        TEN_MINUTES,
        TEXT_ME,
        "Would you plan one Saturday afternoon with just me this month?",
        "Could you, this week, help me practise what to say to my mom?",
        "Would you call me before you make plans with your parents for any holiday this year?",
    ],
)
def test_textbook_requests_pass_all_four(ask: str) -> None:
    check = check_request(ask)
    assert check.ok, check.problems


@pytest.mark.parametrize(
    ("ask", "vague"),
    [
        ("Would you be nicer to me this week?", "be nicer"),
        ("Could you care more, starting tomorrow?", "care more"),
        ("Would you change for the next month?", "change"),
    ],
)
def test_vague_verbs_are_flagged_only_without_a_concrete_action(ask: str, vague: str) -> None:
    check = check_request(ask)
    assert not check.specific
    assert f'"{vague}" is hard to act on' in check.problems[0]


def test_every_time_is_doable_only_with_a_time_frame() -> None:
    assert not check_request("Could you text me every time you're late?").doable
    assert check_request(TEXT_ME).doable
    assert not check_request("Would you text me from now on when you're late?").doable


def answer(text: str, *, final: bool = False) -> str:
    check = check_request(text)
    cue = MoveContext(Move.ANSWER_REQUEST, MONEY, text=text, verdict=check, again=final)
    [said] = ScriptedPartner(MONEY).say(cue)
    return said.text


def test_the_partner_names_exactly_the_problem_found() -> None:
    vague = answer("Would you be nicer to me every day for the next week?")
    assert "\u201cbe nicer\u201d" in vague
    assert "how long" not in vague  # time-limited passed: not asked for
    negative = answer("Please stop being late.")
    assert "instead" in negative and "how long" in negative
    assert "specific" not in negative and "concrete" not in negative  # specific passed
    big = answer("Would you text me when you're late, from now on?")
    assert "\u201cfrom now on\u201d feels like a lot" in big
    assert answer(TEXT_ME) == MONEY.listen.agree


def test_the_last_try_is_accepted_gently_and_the_dialogue_goes_on() -> None:
    topic = "money decisions"
    partner = custom_scenario(topic)
    lines = [
        "Is now a good time?",
        "I feel left out when money is decided without me.",
        "no",
        *REPLY_LINES,
        "Please stop buying stuff.",
        "Please stop buying stuff.",
    ]
    outcome, io = play(lines, scenario=None, topic=topic)
    said = io.texts("partner")
    assert said[-2].startswith("OK, I'll say yes to that")
    assert "what you'd like instead" in said[-2]
    assert said[-1] == partner.send.opening  # on to the receiving half: no dead end
    assert not outcome.finished  # input ended there, mid-dialogue
