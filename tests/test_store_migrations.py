"""Migrations under kills and races: a first run cut short never breaks the store for good."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from harden_helpers import CLI, imago
from imago_coach.dialogue.session_store import MIGRATIONS as REHEARSE_MIGRATIONS

# A tiny migration driver run in its own process. ``SELECT hook()`` inside a step either kills
# the process (SIGKILL: no cleanup at all), or announces itself and pauses, or does nothing.
DRIVER = r"""
import os, signal, sys, time
from pathlib import Path
from imago_coach.store import connect, migrate

db, mode = Path(sys.argv[1]), sys.argv[2]

def hook():
    if mode == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "pause":
        (db.parent / "inside").write_text("1")
        time.sleep(1.0)
    return 0

conn = connect(db)
conn.create_function("hook", 0, hook)
migrate(conn, "demo", ["CREATE TABLE a(x INTEGER); SELECT hook(); CREATE TABLE b(y INTEGER)"])
conn.execute("INSERT INTO b(y) VALUES (1)")
conn.commit()
print("ok")
"""


def _driver(db: Path, mode: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(db), mode],
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=30)
    return proc.returncode, out + err


def test_a_kill_inside_a_migration_leaves_it_undone_and_the_next_run_completes_it(
    tmp_path: Path,
) -> None:
    db = tmp_path / "store" / "imago.sqlite3"
    code, _ = _finish(_driver(db, "kill"))
    assert code == -signal.SIGKILL
    code, output = _finish(_driver(db, "none"))
    assert (code, output.strip()) == (0, "ok"), output


def test_two_first_runs_at_once_wait_for_each_other(tmp_path: Path) -> None:
    db = tmp_path / "store" / "imago.sqlite3"
    first = _driver(db, "pause")
    deadline = time.monotonic() + 30
    while not (db.parent / "inside").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = _driver(db, "none")  # starts while the first is in the middle of its step
    assert _finish(first)[0] == 0
    code, output = _finish(second)
    assert (code, output.strip()) == (0, "ok"), output


def test_a_store_left_half_made_by_an_older_version_is_completed(isolated_env: Path) -> None:
    isolated_env.mkdir(mode=0o700)
    with sqlite3.connect(isolated_env / "imago.sqlite3") as conn:  # tables, but no version row
        conn.executescript(REHEARSE_MIGRATIONS[0])
    result = imago("history", "--json", home=isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_concurrent_first_commands_on_a_fresh_home_all_succeed(isolated_env: Path) -> None:
    env = {**os.environ, "IMAGO_HOME": str(isolated_env)}
    procs = [
        subprocess.Popen(
            [*CLI, "history", "--json"],
            env=env,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    assert [code for _, _, code in results] == [0, 0, 0, 0], results


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace for fault injection")
def test_a_rehearsal_killed_at_its_first_commit_leaves_a_usable_store(isolated_env: Path) -> None:
    # The audit's reproduction: SIGKILL at the third unlink (a journal deleted at a commit).
    killed = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            "/dev/null",
            "-e",
            "trace=unlink",
            "-e",
            "inject=unlink:signal=KILL:when=3",
            *CLI,
            "rehearse",
            "--scenario",
            "money",
        ],
        input="yes\n",
        text=True,
        capture_output=True,
        timeout=60,
        check=False,
        env={**os.environ, "IMAGO_HOME": str(isolated_env)},
    )
    if killed.returncode != -signal.SIGKILL and "ptrace" in killed.stderr:
        pytest.skip("strace cannot trace here")
    for command in (["history"], ["progress"]):
        result = imago(*command, home=isolated_env)
        assert result.returncode == 0, result.stderr


def _rehearsal(home: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*CLI, "rehearse", "--scenario", "money", "--judge", "local"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "IMAGO_HOME": str(home)},
    )


def _wait_for(db: Path, sql: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:  # read-only: polling must never create the file it waits for
            with closing(sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)) as conn:
                if conn.execute(sql).fetchone()[0]:
                    return
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {sql}")


def _interrupt(proc: subprocess.Popen[bytes]) -> str:
    time.sleep(0.3)  # let it reach the prompt
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    return err.decode()


def test_ctrl_c_before_any_line_does_not_claim_anything_was_saved(isolated_env: Path) -> None:
    proc = _rehearsal(isolated_env)
    _wait_for(
        isolated_env / "imago.sqlite3",
        "SELECT COUNT(*) FROM schema_migrations WHERE component = 'rehearse'",
    )
    err = _interrupt(proc)
    assert "imago: interrupted; nothing from this session was saved." in err
    assert "are saved" not in err


def test_ctrl_c_after_a_line_says_it_is_saved_and_how_to_resume(isolated_env: Path) -> None:
    proc = _rehearsal(isolated_env)
    assert proc.stdin is not None
    proc.stdin.write(b"yes, now is fine\n")
    proc.stdin.flush()
    _wait_for(
        isolated_env / "imago.sqlite3",
        "SELECT COUNT(*) FROM rehearse_utterances WHERE speaker = 'you'",
    )
    err = _interrupt(proc)
    assert "the lines you entered before this one are saved" in err
    assert "imago rehearse --resume" in err
