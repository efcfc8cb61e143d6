"""Around the first line: no input saves no session, the first line saves the partner's lines before
it, and an over-long line is refused without being echoed."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.dialogue.scenarios import get_scenario
from rehearse_helpers import history_json, play, saved_utterances

runner = CliRunner()
MONEY = get_scenario("money")


@pytest.mark.parametrize("stdin", ["", "/quit\n", "/hint\n/skip\n"])
def test_no_utterance_leaves_no_session(stdin: str) -> None:
    result = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--judge", "local"], input=stdin
    )
    assert result.exit_code == 0
    assert "no session was saved" in result.stdout
    assert "--resume" not in result.stdout
    assert history_json() == []


def test_the_first_utterance_saves_the_partner_lines_before_it() -> None:
    outcome, _ = play(["Yes, now is a good time."])
    assert outcome.session_id is not None
    utterances = saved_utterances(outcome.session_id)
    assert [(u.speaker, u.text) for u in utterances] == [
        ("partner", MONEY.send.appointment),
        ("you", "Yes, now is a good time."),
        ("partner", MONEY.send.opening),
    ]
    [item] = history_json()
    assert item["finished"] is False


def test_overlong_line_is_not_echoed() -> None:
    huge = "blah " * 14000
    result = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--judge", "local"], input=f"{huge}\n/quit\n"
    )
    assert result.exit_code == 0
    out = result.stdout
    assert "over the limit of 2000" in out
    assert len(out) < 3000
    assert "blah " * 30 not in out
    assert "\u2026" in out
