"""Drill numbers as a person sees them: a drill with no answer leaves no record and takes no
number, so the next drill is the next number; deleting still removes every row."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from doubles import at_a_terminal
from imago_coach.cli.main import app
from imago_coach.drill import store as drill_store

runner = CliRunner()
CLEAN = "You make sense to me."


@pytest.fixture(autouse=True)
def fresh_drills(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no drill saved yet."""
    monkeypatch.setattr(drill_store, "saved_runs", set())


def drill(*lines: str) -> dict[str, Any]:
    result = runner.invoke(
        app,
        ["drill", "-n", "3", "--stage", "validate", "--json"],
        input="".join(f"{line}\n" for line in lines),
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "imago.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def listed_ids() -> list[str]:
    result = runner.invoke(app, ["history", "--kind", "drill"])
    assert result.exit_code == 0, result.output
    return [line.split()[0] for line in result.stdout.splitlines()[1:] if line[:1].isdigit()]


@pytest.mark.parametrize(
    "nothing", [["/quit"], [], ["/skip", "/quit"], ["", "", ""]], ids=["quit", "eof", "skip", "all"]
)
def test_a_drill_with_no_answer_takes_no_number(isolated_env: Path, nothing: list[str]) -> None:
    """`/quit` at once left drill 1 unused: the next drill was saved as drill 2, and history
    listed drill 2 alone. Only skips kept an empty 'nothing answered' record."""
    empty = drill(*nothing)
    assert (empty["saved"], empty["id"]) == (False, 0)  # 0: no drill of that number exists
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_runs") == [(0,)]
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_items") == [(0,)]
    first = drill(CLEAN, "/quit")
    assert (first["saved"], first["id"]) == (True, 1)
    second = drill(CLEAN, CLEAN, CLEAN)
    assert second["id"] == 2
    assert listed_ids() == ["2", "1"]


def test_skips_before_the_first_answer_are_kept_with_it_in_order(isolated_env: Path) -> None:
    data = drill("/skip", CLEAN, "")
    assert [i["answer"] for i in data["items"]] == [None, CLEAN, None]
    stored = rows(isolated_env, "SELECT run_id, statement_id, answer FROM drill_items ORDER BY id")
    assert stored == [(1, i["statement_id"], i["answer"]) for i in data["items"]]
    shown = runner.invoke(app, ["history", "show", "1", "--kind", "drill"])
    assert shown.stdout.count("skipped") == 2


def test_deleting_a_drill_leaves_no_row_and_the_numbers_are_not_reused(
    isolated_env: Path,
) -> None:
    """Deletion is real; a deleted drill's number is not given to a new one, so an id a
    person noted down never comes to mean a different drill."""
    drill("/skip", CLEAN)
    gone = runner.invoke(app, ["history", "delete", "1", "--kind", "drill"])
    assert gone.exit_code == 0, gone.output
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_items") == [(0,)]
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_runs") == [(0,)]
    assert drill(CLEAN)["id"] == 2


def test_ctrl_c_after_only_skips_says_nothing_was_saved(
    monkeypatch: pytest.MonkeyPatch, isolated_env: Path
) -> None:
    at_a_terminal(monkeypatch, ["/skip"])
    result = runner.invoke(app, ["drill", "-n", "3"])
    assert result.exit_code == 130
    assert result.stderr.endswith("imago: interrupted; nothing from this drill was saved.\n")
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_runs") == [(0,)]
