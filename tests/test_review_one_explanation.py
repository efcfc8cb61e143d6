"""One explanation when two flags fall on the same words, in every review format (issue 10)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from imago_coach.cli.main import app
from review_helpers import DATA

runner = CliRunner()
VTT = DATA / "phones_dinner.vtt"
WORDS = "That's totally different, I'm working."


def _turn_23() -> dict[str, object]:
    """The turn where Jamie defends himself: both topic change and defensiveness."""
    result = runner.invoke(app, ["review", str(VTT), "--format", "json"])
    assert result.exit_code == 0, result.output
    turns = json.loads(result.stdout)["turns"]
    turn: dict[str, object] = next(t for t in turns if t["text"] == WORDS)
    return turn


def test_the_json_keeps_both_findings() -> None:
    turn = _turn_23()
    assert turn["flags"] == ["topic_change", "defensiveness"]


def test_the_terminal_report_explains_the_same_words_once() -> None:
    result = runner.invoke(app, ["review", str(VTT)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert f"• topic change and defensiveness: “{WORDS}”" in result.stdout
    assert result.stdout.count("Explaining yourself is natural") == 1


def test_the_markdown_report_explains_the_same_words_once() -> None:
    result = runner.invoke(app, ["review", str(VTT), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert f"- **topic change and defensiveness**: “{WORDS}”" in result.stdout
    assert result.stdout.count("Explaining yourself is natural") == 1


def test_the_html_report_explains_the_same_words_once() -> None:
    result = runner.invoke(app, ["review", str(VTT), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert "<b>topic change and defensiveness</b>" in result.stdout
    assert result.stdout.count("Explaining yourself is natural") == 1
