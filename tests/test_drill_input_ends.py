"""``imago drill`` with piped answers that run out: at every point of a drill it stops cleanly,
says so in one line, keeps what was answered and shows the summary (exit 0, as for /quit)."""

from __future__ import annotations

import json
import os
import select
import sqlite3
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from doubles import at_a_terminal
from harden_helpers import CLI
from imago_coach.cli.main import app

runner = CliRunner()
CLEAN = "You make sense to me."  # clean at the validate stage for every bank statement
FLAGGED = "You should just relax about it."  # a solution for every bank statement


def drill(args: list[str], piped: str) -> Any:
    result = runner.invoke(app, ["drill", "--stage", "validate", "--seed", "3", *args], input=piped)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


def text(result: Any) -> str:
    """The terminal's words, wrapping undone."""
    return " ".join(result.stdout.split())


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "imago.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_input_ending_before_a_once_more_item_shows_no_half_item(isolated_env: Path) -> None:
    """The input ended just before the drill repeated a missed item: its heading and the
    partner's words were printed, then nothing, as if the drill had hung or crashed."""
    result = drill(["-n", "1"], FLAGGED + "\n")
    shown = text(result)
    assert "once more" not in shown
    assert shown.count("partner ›") == 1  # the one item answered, not the repeat
    assert "The input ended before the repeat of an item you missed: the drill stopped there." in (
        shown
    )
    assert "Drill done: 0 of 1 answers clean (0%)" in shown  # all the items asked for were done
    assert "Saved as drill 1" in shown
    assert rows(isolated_env, "SELECT answer FROM drill_items") == [(FLAGGED,)]


@pytest.mark.parametrize(
    ("piped", "said", "heading"),
    [
        ("", "No answers in the input: the drill stopped before the first item.", "0 of 3"),
        (CLEAN + "\n", "The input ended before item 2 of 3: the drill stopped there.", "1 of 3"),
        (CLEAN, "The input ended before item 2 of 3: the drill stopped there.", "1 of 3"),
        (
            CLEAN + "\n/hint\n",
            "The input ended before your answer to item 2 of 3: the drill stopped there.",
            "1 of 3",
        ),
        (
            CLEAN + "\n/retry\n",
            "The input ended before your answer to item 2 of 3: the drill stopped there.",
            "1 of 3",
        ),
        (
            CLEAN + "\n" + "x" * 2500 + "\n",
            "The input ended before your answer to item 2 of 3: the drill stopped there.",
            "1 of 3",
        ),
        ("\n", "The input ended before item 2 of 3: the drill stopped there.", "1 of 3"),
    ],
    ids=[
        "empty",
        "after-an-answer",
        "no-final-newline",
        "after-hint",
        "after-unknown",
        "too-long",
        "after-skip",
    ],
)
def test_input_ending_anywhere_stops_cleanly_and_says_so(
    piped: str, said: str, heading: str
) -> None:
    shown = text(drill(["-n", "3"], piped))
    assert said in shown
    assert f"Drill stopped after {heading} items" in shown
    assert "Practise next:" in shown
    next_item = "2/3" if heading == "1 of 3" else "1/3"
    assert next_item not in shown or "your answer to" in said  # shown only when it was reached


def test_an_answer_without_a_final_newline_is_kept_and_judged(isolated_env: Path) -> None:
    data = json.loads(drill(["-n", "2", "--json"], CLEAN).stdout)
    assert [i["answer"] for i in data["items"]] == [CLEAN]
    assert data["items"][0]["clean"] is True
    assert (data["quit"], data["input_ended"], data["saved"]) == (True, True, True)
    assert (data["planned"], data["presented"]) == (2, 1)
    assert rows(isolated_env, "SELECT answer FROM drill_items") == [(CLEAN,)]


def test_with_json_the_end_of_input_is_said_on_stderr_only() -> None:
    result = drill(["-n", "3", "--json"], CLEAN + "\n")
    data = json.loads(result.stdout)  # stdout is the JSON alone
    assert data["input_ended"] is True
    assert "The input ended before item 2 of 3" in " ".join(result.stderr.split())


def test_a_drill_answered_to_the_end_did_not_end_early() -> None:
    data = json.loads(drill(["-n", "2", "--json"], f"{CLEAN}\n{CLEAN}\n").stdout)
    assert (data["quit"], data["input_ended"], data["presented"]) == (False, False, 2)
    quit_ = json.loads(drill(["-n", "2", "--json"], f"{CLEAN}\n/quit\n").stdout)
    assert (quit_["quit"], quit_["input_ended"]) == (True, False)


def test_ctrl_d_at_a_terminal_stops_as_quit_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal, Ctrl-D is the person stopping, not input that ran out."""
    at_a_terminal(monkeypatch, [CLEAN], then=None)  # then Ctrl-D
    result = runner.invoke(app, ["drill", "-n", "3", "--stage", "validate", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["quit"], data["input_ended"], len(data["items"])) == (True, False, 1)
    assert "input ended" not in result.stderr


def test_someone_typing_into_a_pipe_sees_each_item_before_answering(isolated_env: Path) -> None:
    """Looking ahead for the end of input waited for the next line before showing the item,
    so in `cat | imago drill` (or a console whose input is not a terminal) the person saw no
    statement to answer."""
    proc = subprocess.Popen(
        [*CLI, "drill", "-n", "1", "--stage", "validate"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "IMAGO_HOME": str(isolated_env)},
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # read the pipe unbuffered: a buffered readline could take the item into Python's
        # buffer, where select no longer sees it, and the loop would wait for nothing
        seen = b""
        fd = proc.stdout.fileno()
        deadline = time.monotonic() + 30
        while "partner ›".encode() not in seen and time.monotonic() < deadline:
            if select.select([fd], [], [], 0.5)[0]:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                seen += chunk
        assert "partner ›".encode() in seen, seen  # shown while no answer has been typed yet
        out, _ = proc.communicate(CLEAN + "\n", timeout=30)
        out = seen.decode() + out
    finally:
        proc.kill()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()  # a failure above must not leak open pipes into later tests
        proc.wait()
    assert proc.returncode == 0
    assert "Drill done: 1 of 1 answers clean" in " ".join(out.split())
