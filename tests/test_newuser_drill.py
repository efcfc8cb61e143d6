"""A new user's pass over ``imago drill``, saved reviews and their history: defects found, fixed."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path

import pytest
import respx
from rich.console import Console
from typer.testing import CliRunner

from doubles import BASE_URL, CHAT_URL, FAKE_KEY, at_a_terminal, error
from imago_coach.cli.main import app
from imago_coach.drill import store as drill_store
from imago_coach.render.drill import DrillTerminal

runner = CliRunner()
TALK = (
    "Sam: I feel like you never listen when I talk about my mother.\n"
    "Alex: So you feel I never listen when you talk about your mother. Did I get that?\n"
    "Sam: Yes. And you always check your phone.\n"
    "Alex: Well you should just stop calling her so often.\n"
)


@pytest.fixture(autouse=True)
def fresh_drills(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no drill saved yet."""
    monkeypatch.setattr(drill_store, "saved_runs", set())


def ctrl_c_after(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> None:
    """The person types ``answers``, one per item, then presses Ctrl-C at the next item."""
    at_a_terminal(monkeypatch, answers)


def test_ctrl_c_in_a_drill_says_the_answers_are_saved_and_where(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl-C in a drill said 'run the same command again to finish', but a drill does not
    resume: the same command starts a new one. It now says what was kept and where."""
    ctrl_c_after(monkeypatch, ["You make sense to me."])
    result = runner.invoke(app, ["drill", "-n", "3", "--stage", "validate", "--seed", "2"])
    assert result.exit_code == 130
    assert result.stderr.endswith(
        "imago: interrupted; the answers you entered are saved as drill 1: "
        "imago history show 1 --kind drill shows them.\n"
    )
    shown = runner.invoke(app, ["history", "show", "1", "--kind", "drill"])
    assert shown.exit_code == 0, shown.stderr
    assert "You make sense to me." in shown.stdout


@pytest.mark.parametrize("flag", [[], ["--no-save"]])
def test_ctrl_c_before_any_saved_answer_says_nothing_was_saved(
    monkeypatch: pytest.MonkeyPatch, flag: list[str], isolated_env: Path
) -> None:
    """Ctrl-C at the first item, or with --no-save after answering: nothing kept, and said so."""
    home = isolated_env
    ctrl_c_after(monkeypatch, ["You make sense to me."] if flag else [])
    result = runner.invoke(app, ["drill", "-n", "3", "--stage", "validate", *flag])
    assert result.exit_code == 130
    assert result.stderr.endswith("imago: interrupted; nothing from this drill was saved.\n")
    listed = runner.invoke(app, ["history", "--kind", "drill"])
    assert "No drills yet" in listed.stdout
    if not flag:  # no row at all: `history delete --all` found 'nothing to delete' and left it
        with sqlite3.connect(home / "imago.sqlite3") as conn:
            assert conn.execute("SELECT COUNT(*) FROM drill_runs").fetchone() == (0,)


def test_a_saved_review_numbers_its_turns_as_the_review_did(tmp_path: Path) -> None:
    """`history show ID --kind review` numbered turns from 0 while the review report names them
    #1, #2...: turn "#4" of the report was "3" in the history."""
    talk = tmp_path / "talk.txt"
    talk.write_text(TALK, encoding="utf-8")
    review = runner.invoke(app, ["review", str(talk), "--save", "--me", "Alex"])
    assert review.exit_code == 0, review.stderr
    assert "#4 Alex" in review.stdout
    shown = runner.invoke(app, ["history", "show", "1", "--kind", "review"])
    assert shown.exit_code == 0, shown.stderr
    numbers = [line.split()[0] for line in shown.stdout.splitlines() if " · " in line][1:]
    assert numbers == ["1", "2", "3", "4"]


@pytest.mark.parametrize(
    ("focus", "reason"),
    [
        ("solution", "statements where it is hard to hold back the advice"),
        ("topic_change", "statements where it is hard to stay on their topic"),
    ],
)
def test_a_named_focus_is_said_in_plain_words(focus: str, reason: str) -> None:
    """`--focus solution` opened with 'Focus: statements that tempt solution.'"""
    result = runner.invoke(app, ["drill", "--focus", focus, "-n", "1"], input="")
    assert result.exit_code == 0, result.stderr
    assert f"Focus: {reason}." in " ".join(result.stdout.split())


def test_progress_with_nothing_yet_offers_the_drill_too() -> None:
    """A new user's `imago progress` sent them only to a twenty-minute rehearsal, never to the
    daily drill that progress also counts."""
    result = runner.invoke(app, ["progress"])
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "start with a short imago drill" in text
    assert "imago rehearse --scenario NAME" in text


def test_a_failing_model_is_said_before_the_feedback_it_affects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The model failed at the first answer, yet 'the local judge answered' came only after the
    last item, so the person read that feedback as the model's."""
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock(assert_all_called=False) as remote:
        remote.post(CHAT_URL).mock(return_value=error(503))
        result = runner.invoke(
            app,
            ["drill", "-n", "2", "--stage", "validate", "--judge", "openai"],
            input="You make sense to me.\nYou should just relax about it.\n",
        )
    assert result.exit_code == 0, result.stderr
    both = result.output  # stdout and stderr as the terminal shows them, in order
    failed = both.index("note: the model failed (HTTP 503 after 3 tries)")
    assert failed < both.index("2/2 · Validation")
    assert both.count("the model failed") == 1
    assert FAKE_KEY not in both


def test_ctrl_d_at_the_prompt_ends_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-D at `you ›` printed the closing summary on the prompt's own line:
    'you › Drill ended with no judged answers ──…', wrapped across two lines."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # input() meets end of input at once
    shown = io.StringIO()
    terminal = DrillTerminal(console=Console(file=shown, width=80), interactive=True)
    assert terminal.read() is None
    assert shown.getvalue().splitlines()[-1] == "you › "
    assert shown.getvalue().endswith("you › \n")
