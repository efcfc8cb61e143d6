"""The end summary says what happened: complete or not, the steps skipped, the request, what to
practise next."""

from __future__ import annotations

from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.dialogue import guide
from imago_coach.dialogue.scenarios import get_scenario
from imago_coach.flags import FLAG_INFO
from imago_coach.models import Flag
from rehearse_helpers import RECEIVER_LINES, REPLY_LINES, SENDER_LINES, play

runner = CliRunner()
MONEY = get_scenario("money")


def test_summary_with_skips_and_no_agreed_request_is_not_complete() -> None:
    lines = [*RECEIVER_LINES[:5], "/skip", RECEIVER_LINES[6], "/skip"]
    outcome, _ = play(lines, role="receiver")
    summary = outcome.summary
    assert outcome.finished and summary is not None
    assert not summary.complete
    assert "complete" not in summary.headline
    assert "2 steps skipped" in summary.headline
    assert "Skipped: Validation, Behaviour-change request." in summary.outcome
    assert "You did not agree to a request." in summary.outcome
    result = runner.invoke(
        app,
        ["rehearse", "--scenario", "money", "--role", "receiver", "--judge", "local"],
        input="\n".join(lines) + "\n",
    )
    assert "the dialogue is complete" not in result.stdout
    assert "The dialogue ended" in result.stdout


def test_summary_of_a_clean_session_is_complete() -> None:
    outcome, _ = play(RECEIVER_LINES + SENDER_LINES)
    assert outcome.summary is not None
    assert outcome.summary.complete
    assert outcome.summary.headline == "Well done: the dialogue is complete"
    assert guide.agreed(MONEY, MONEY.request.options[1]) in outcome.summary.outcome
    assert "Your request was agreed." in outcome.summary.outcome


def test_sender_summary_gives_sender_advice_and_says_the_request_could_be_sharper() -> None:
    lines = [
        "We need to talk.",
        "You always waste our money and you're so selfish.",
        "No.",
        *REPLY_LINES,
        "Stop buying stuff.",
        "Be more considerate.",
    ]
    outcome, _ = play(lines, role="sender")
    summary = outcome.summary
    assert summary is not None
    assert "Your request was agreed, though it could be sharper." in summary.outcome
    assert summary.practise_next == FLAG_INFO[Flag.JUDGEMENT].sender_tip
    assert "their words" not in summary.practise_next  # not the receiver's tip


def test_summary_says_a_sharper_request_was_agreed() -> None:
    lines = [
        "Is now a good time?",
        "I feel tired handling the bills alone.",
        "no",
        *REPLY_LINES,
        "Be more considerate.",
        "Be more considerate.",
    ]
    outcome, _ = play(lines, role="sender")
    assert outcome.finished
    assert outcome.summary is not None
    assert "Your request was agreed, though it could be sharper." in outcome.summary.outcome
    assert "no request agreed" not in outcome.summary.headline
