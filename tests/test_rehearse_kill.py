"""A real process killed mid-session loses nothing that was entered; --resume finishes it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from rehearse_helpers import RECEIVER_LINES, SENDER_LINES

CLI = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        try:
            return int(
                conn.execute(
                    "SELECT COUNT(*) FROM rehearse_utterances WHERE speaker = 'you'"
                ).fetchone()[0]
            )
        except sqlite3.OperationalError:
            return 0


def test_killed_mid_session_then_resumed(isolated_env: Path) -> None:
    env = {**os.environ, "IMAGO_HOME": str(isolated_env)}
    db = isolated_env / "imago.sqlite3"
    proc = subprocess.Popen(
        [*CLI, "rehearse", "--scenario", "money", "--judge", "local"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    assert proc.stdin is not None
    for line in RECEIVER_LINES[:4]:
        proc.stdin.write((line + "\n").encode())
    proc.stdin.flush()  # the pipe stays open: the process waits for the next line
    deadline = time.monotonic() + 60
    while _count(db) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdin.close()
    assert _count(db) == 4

    rest = "\n".join(RECEIVER_LINES[4:] + SENDER_LINES) + "\n"
    done = subprocess.run(
        [*CLI, "rehearse", "--resume", "--judge", "local"],
        input=rest.encode(),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Summary mirror" in out
    assert "the dialogue is complete" in out

    listing = subprocess.run(
        [*CLI, "history", "show", "1", "--json"],
        capture_output=True,
        env=env,
        timeout=60,
        check=True,
    )
    detail = json.loads(listing.stdout)
    yours = [u for u in detail["utterances"] if u["speaker"] == "you"]
    assert detail["finished"] is True
    assert [u["text"] for u in yours] == RECEIVER_LINES + SENDER_LINES
