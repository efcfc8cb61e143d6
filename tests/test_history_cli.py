"""``imago history`` list / show / delete, and ``imago progress``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from doubles import ListIO, TriggerJudge
from imago_coach.cli.main import app
from imago_coach.dialogue.history import HistoryItem
from imago_coach.dialogue.progress import Progress, StageProgress
from imago_coach.dialogue.rehearse import rehearse
from imago_coach.render.progress import render_progress, sparkline
from imago_coach.render.rehearse import render_history
from imago_coach.settings import load_settings
from rehearse_helpers import RECEIVER_LINES, REPLY_LINES, SENDER_LINES

runner = CliRunner()


def scripted_session(lines: list[str], **kwargs: object) -> int:
    kwargs.setdefault("scenario", "money")
    outcome, store = rehearse(load_settings(), ListIO(lines), judge=TriggerJudge(), **kwargs)  # type: ignore[arg-type]
    store.close()
    assert outcome.session_id is not None
    return outcome.session_id


def rows(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_history_list_is_newest_first_with_the_contract() -> None:
    first = scripted_session(RECEIVER_LINES + SENDER_LINES)
    second = scripted_session(RECEIVER_LINES[:2], scenario="chores", role="receiver")
    data = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert [d["id"] for d in data] == [second, first]
    assert {"id", "started_at", "scenario", "role", "finished", "utterances"} <= set(data[0])
    assert data[0]["finished"] is False
    assert data[1]["finished"] is True
    assert data[1]["role"] == "both"
    assert isinstance(data[1]["utterances"], int)
    text = runner.invoke(app, ["history"]).stdout
    assert "money" in text
    assert "unfinished" in text


def test_history_show_replays_with_feedback() -> None:
    # a flagged mirror gets one more try: the next line is that retry
    sid = scripted_session(["yes", "JUDGE you", *RECEIVER_LINES[1:], *SENDER_LINES])
    detail = json.loads(runner.invoke(app, ["history", "show", str(sid), "--json"]).stdout)
    assert detail["id"] == sid
    assert detail["scenario"] == "money"
    first = detail["utterances"][0]
    assert set(first) >= {"role", "speaker", "stage", "text", "verdict"}
    assert first["speaker"] == "partner"
    assert first["role"] == "sender"
    judged = next(u for u in detail["utterances"] if u["text"] == "JUDGE you")
    assert judged["verdict"]["flags"] == ["judgement"]
    assert judged["role"] == "receiver"
    assert detail["flags"] == {"mirror": {"judgement": 1}}
    assert detail["request"] == {"ok": True, "missing": [], "tries": 1}
    text = runner.invoke(app, ["history", "show", str(sid)]).stdout
    assert "JUDGE you" in text
    assert "Judgement" in text
    assert "Request" in text
    missing = runner.invoke(app, ["history", "show", "999"])
    assert missing.exit_code == 2
    assert "No session 999" in missing.stderr


def test_delete_removes_the_rows(isolated_env: Path) -> None:
    keep = scripted_session(RECEIVER_LINES[:3])
    gone = scripted_session(RECEIVER_LINES + SENDER_LINES)
    db = isolated_env / "imago.sqlite3"
    result = runner.invoke(app, ["history", "delete", str(gone)])
    assert result.exit_code == 0
    assert f"Deleted session {gone}" in result.stdout
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT COUNT(*) FROM rehearse_sessions WHERE id = ?", (gone,)).fetchone()[
                0
            ]
            == 0
        )
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM rehearse_utterances WHERE session_id = ?", (gone,)
            ).fetchone()[0]
            == 0
        )
        orphans = conn.execute(
            "SELECT COUNT(*) FROM rehearse_verdicts v WHERE NOT EXISTS"
            " (SELECT 1 FROM rehearse_utterances u"
            " WHERE u.id = v.utterance_id)"
        ).fetchone()[0]
        assert orphans == 0
        assert (
            conn.execute(
                "SELECT COUNT(*) FROM rehearse_utterances WHERE session_id = ?", (keep,)
            ).fetchone()[0]
            > 0
        )
    # the deleted words are not left in the file's free pages either (secure_delete)
    assert b"Would you pay the bills" not in db.read_bytes()


def test_delete_all(isolated_env: Path) -> None:
    scripted_session(RECEIVER_LINES[:3])
    scripted_session(RECEIVER_LINES + SENDER_LINES)
    result = runner.invoke(app, ["history", "delete", "--all", "--yes"])
    assert result.exit_code == 0
    assert "Deleted 2 sessions" in result.stdout
    db = isolated_env / "imago.sqlite3"
    for table in ("rehearse_sessions", "rehearse_utterances", "rehearse_verdicts"):
        assert rows(db, table) == 0
    assert json.loads(runner.invoke(app, ["history", "--json"]).stdout) == []


def test_delete_needs_a_target() -> None:
    result = runner.invoke(app, ["history", "delete"])
    assert result.exit_code == 2
    assert "--all" in result.stderr


def test_progress_per_stage() -> None:
    # "MISS" gets "Not quite" and one more try at that mirror ("MISS again"); a flagged mirror
    # ("JUDGE x") gets one retry too ("JUDGE y"), then the flow moves on
    scripted_session(
        ["yes", "MISS", "MISS again", "JUDGE x", "JUDGE y", *RECEIVER_LINES[3:], *SENDER_LINES]
    )
    scripted_session(RECEIVER_LINES + SENDER_LINES)
    data = json.loads(runner.invoke(app, ["progress", "--json"]).stdout)
    assert data["sessions"] == 2
    stages = {s["stage"]: s for s in data["stages"]}
    assert stages["mirror"]["answers"] == 8
    assert stages["mirror"]["clean_share"] == round(6 / 8, 2)
    assert stages["mirror"]["top_flag"] == "judgement"
    assert stages["mirror"]["trend"] == [0.6, 1.0]
    assert stages["mirror"]["mirror_accuracy"] is not None
    assert stages["validate"]["clean_share"] == 1.0
    assert stages["request"]["answers"] == 2
    text = runner.invoke(app, ["progress"]).stdout
    assert "Mirror" in text
    assert "judgement" in text
    assert "█" in text


def test_progress_empty_and_chart_rendering() -> None:
    assert "No judged answers yet" in runner.invoke(app, ["progress"]).stdout
    console = Console(width=100, record=True, color_system=None)
    render_progress(
        Progress(
            sessions=1,
            answers=2,
            stages=[
                StageProgress(
                    stage="mirror",
                    answers=2,
                    clean_share=0.5,
                    mirror_accuracy=0.75,
                    top_flag="solution",
                    trend=[0.0, 1.0],
                )
            ],
        ),
        console,
    )
    out = console.export_text()
    assert "██████████░░░░░░░░░░" in out
    assert "75%" in out
    assert "solution" in out
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"


def test_delete_all_piped_needs_yes(isolated_env: Path) -> None:
    scripted_session(RECEIVER_LINES[:3])
    result = runner.invoke(app, ["history", "delete", "--all"], input="y\n")
    assert result.exit_code == 2
    assert "--yes" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert rows(isolated_env / "imago.sqlite3", "rehearse_sessions") == 1
    assert runner.invoke(app, ["history", "delete", "--all", "-y"]).exit_code == 0
    assert rows(isolated_env / "imago.sqlite3", "rehearse_sessions") == 0


def test_delete_all_in_a_terminal_asks_first(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from imago_coach.cli import history as history_cli

    monkeypatch.setattr(history_cli, "stdin_is_tty", lambda: True)
    scripted_session(RECEIVER_LINES[:3])
    scripted_session(RECEIVER_LINES[:2])
    db = isolated_env / "imago.sqlite3"
    declined = runner.invoke(app, ["history", "delete", "--all"], input="n\n")
    assert "Delete all 2 sessions for good? [y/N]" in declined.stdout
    assert declined.exit_code == 1
    assert "Nothing was deleted" in declined.stdout
    assert rows(db, "rehearse_sessions") == 2
    empty = runner.invoke(app, ["history", "delete", "--all"], input="\n")  # the default is no
    assert rows(db, "rehearse_sessions") == 2
    assert empty.exit_code == 1
    agreed = runner.invoke(app, ["history", "delete", "--all"], input="y\n")
    assert agreed.exit_code == 0
    assert "Deleted 2 sessions" in agreed.stdout
    assert rows(db, "rehearse_sessions") == 0
    # a single session is deleted without a question, in a terminal too
    sid = scripted_session(RECEIVER_LINES[:2])
    single = runner.invoke(app, ["history", "delete", str(sid)])
    assert single.exit_code == 0
    assert "[y/N]" not in single.stdout


def test_history_counts_flags_per_stage_and_shows_the_request_apart() -> None:
    # "FIX b" is the one retry of the flagged "JUDGE a"; "JUDGE FIX c" gets its retry too
    lines = [
        "yes",
        "JUDGE a",
        "FIX b",
        "JUDGE FIX c",
        *RECEIVER_LINES[2:-1],
        "2",
        "I feel alone.",
        "no",
        *REPLY_LINES,
        "Stop spending money",
        "Stop it now",
    ]
    scripted_session(lines)
    [item] = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert item["flags"] == {"mirror": {"judgement": 2, "solution": 2}}
    assert item["request"]["ok"] is False
    assert item["request"]["tries"] == 2
    assert "positive" in item["request"]["missing"]
    console = Console(width=200, record=True, color_system=None)
    render_history([HistoryItem.model_validate(item)], console)
    out = console.export_text()
    assert "mirror: judgement 2, solution 2" in out
    assert "request: not " + ", ".join(item["request"]["missing"]) in out
    assert "request: request" not in out


def test_history_shows_a_topic_session_by_its_topic() -> None:
    topic = "I feel left out of decisions about money and the new car we bought"
    scripted_session(["Is now a good time?", "/quit"], scenario=None, topic=topic)
    [item] = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    assert item["scenario"] == "topic"  # the JSON keeps the contract
    console = Console(width=200, record=True, color_system=None)
    render_history([HistoryItem.model_validate(item)], console)
    out = console.export_text()
    assert "\u201cI feel left out of deci" in out
    assert "\u2026\u201d" in out
    assert " topic " not in out
