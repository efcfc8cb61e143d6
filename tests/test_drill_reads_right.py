"""A new user's pass over ``imago drill`` and its history: the words agree with what happened."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
CLEAN = "You make sense to me."


def imago(*args: str, piped: str = "") -> Any:
    result = runner.invoke(app, list(args), input=piped)
    assert result.exit_code == 0, result.output
    return result


def words(result: Any) -> str:
    return " ".join(result.stdout.split())


def test_history_shows_an_unjudged_answer_as_not_judged_not_clean() -> None:
    """An answer kept but never judged (over the token budget) was replayed as "(clean)"."""
    imago("drill", "-n", "1", "--stage", "mirror", "--max-input-tokens", "10", piped=CLEAN + "\n")
    shown = words(imago("history", "show", "1", "--kind", "drill"))
    assert f"you › {CLEAN} (not judged)" in shown
    assert "· stage: mirror · focus: mixed" in shown  # was "· mirror · mixed"
    assert "(clean)" not in shown


@pytest.mark.parametrize(
    ("stage", "answer", "mark", "next_step"),
    [
        ("mirror", "ok", "it gave back less than half of what was said", "--stage mirror"),
        ("validate", "I hear you.", "no “you make sense”", "--stage validate"),
        ("empathize", "ok", "no feeling named", "--stage empathize"),
    ],
)
def test_an_answer_with_no_flag_that_was_not_clean_says_why(
    stage: str, answer: str, mark: str, next_step: str
) -> None:
    """History replayed such an answer as "(clean)" while the drill counted it not clean, and
    a validation drill answered "I hear you." was told to practise mirroring."""
    drilled = imago("drill", "-n", "1", "--stage", stage, "--json", piped=answer + "\n/quit\n")
    data = json.loads(drilled.stdout)
    assert (data["items"][0]["flags"], data["items"][0]["clean"]) == ([], False)
    assert next_step in data["practise_next"]
    shown = words(imago("history", "show", "1", "--kind", "drill"))
    assert f"you › {answer} (not clean: {mark})" in shown
    listed = words(imago("history", "--kind", "drill"))
    assert "0 of 1 clean" in listed


def test_answers_kept_but_never_judged_are_not_called_unanswered() -> None:
    """'Answer a few items next time' was the advice after answering every item."""
    result = imago(
        "drill", "-n", "1", "--stage", "mirror", "--max-input-tokens", "10", piped=CLEAN + "\n"
    )
    shown = words(result)
    assert "Answer a few items next time" not in shown
    assert "Your answers are saved but could not be judged this time" in shown


def test_the_focus_line_does_not_deny_practice_that_raised_no_flag() -> None:
    """After a drill with clean answers, the next one opened with 'a balanced mix, since
    there is no practice from the last 30 days yet'."""
    first = words(imago("drill", "-n", "1", "--stage", "validate", piped=CLEAN + "\n"))
    assert "since there is no practice from the last 30 days yet" in first
    second = words(imago("drill", "-n", "1", "--stage", "validate", piped=CLEAN + "\n"))
    assert "Focus: a balanced mix, since your answers of the last 30 days raised no flag." in (
        second
    )


@pytest.mark.parametrize("line", ["\x00\x01", "...", "  \x07  ", "\u202e"])
def test_a_line_with_no_words_is_asked_again_not_judged(line: str) -> None:
    """A line of control characters was judged as an answer (flagged 'topic change')."""
    result = imago("drill", "-n", "1", "--stage", "mirror", "--json", piped=f"{line}\n/skip\n")
    data = json.loads(result.stdout)
    assert [i["answer"] for i in data["items"]] == [None]  # the /skip after it
    assert "That line has no words in it: type your answer, /skip or /quit." in result.stderr
