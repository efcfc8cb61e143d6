"""Saved real talks, history of every kind, and progress across rehearsal, drill and real talk."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
CLEAN = "You make sense to me."
FLAGGED = "You should just relax about it."
TALK = """Ana: When you check your phone during dinner, I feel lonely.
Ben: You should just tell me to put it away. Did I get that?
Ana: That's not what I meant.
Ben: You make sense, because it would seem like I'd rather be elsewhere.
Ana: Yes.
"""


def invoke(*args: str, lines: list[str] | None = None) -> Any:
    result = runner.invoke(app, list(args), input="\n".join(lines or []) + "\n")
    assert result.exit_code == 0, result.stderr
    return result


def talk(tmp_path: Path) -> Path:
    path = tmp_path / "talk.txt"
    path.write_text(TALK, encoding="utf-8")
    return path


def table(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "imago.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_review_save_keeps_stages_and_flags_but_not_the_words(
    tmp_path: Path, isolated_env: Path
) -> None:
    result = invoke("review", str(talk(tmp_path)), "--save")
    assert "saved review 1" in result.stderr
    assert "not the words" in result.stderr
    turns = table(
        isolated_env, "SELECT speaker, stage, flags, text FROM saved_review_turns ORDER BY idx"
    )
    assert ("Ben", "mirror", '["solution"]', None) in turns
    assert all(text is None for *_rest, text in turns)
    invoke("review", str(talk(tmp_path)), "--save-text", "--format", "json")
    texts = table(isolated_env, "SELECT text FROM saved_review_turns WHERE review_id = 2")
    assert ("When you check your phone during dinner, I feel lonely.",) in texts


def test_without_save_a_review_keeps_nothing(tmp_path: Path, isolated_env: Path) -> None:
    invoke("review", str(talk(tmp_path)))
    assert not (isolated_env / "imago.sqlite3").exists()


def test_history_lists_drills_and_reviews_beside_rehearsals(tmp_path: Path) -> None:
    invoke("drill", "-n", "2", "--stage", "validate", lines=[FLAGGED, CLEAN])
    invoke("review", str(talk(tmp_path)), "--save")
    listing = invoke("history").stdout
    assert "No sessions yet" in listing
    assert "Drills" in listing and "1 of 2 clean" in listing
    assert "Saved reviews" in listing and "talk.txt" in listing
    drills = json.loads(invoke("history", "--json", "--kind", "drill").stdout)
    assert drills[0]["answered"] == 2 and drills[0]["clean"] == 1
    reviews = json.loads(invoke("history", "--json", "--kind", "review").stdout)
    assert reviews[0]["with_text"] is False
    assert json.loads(invoke("history", "--json").stdout) == []  # rehearsals, as before
    shown = invoke("history", "show", str(drills[0]["id"]), "--kind", "drill").stdout
    assert FLAGGED in shown and "solution" in shown
    parent = json.loads(
        invoke("history", "--json", "--kind", "drill", "show", str(drills[0]["id"])).stdout
    )
    assert parent["answers"][0]["answer"] == FLAGGED
    replay = invoke("history", "show", "1", "--kind", "review").stdout
    assert "The words were not kept" in replay


def test_history_delete_removes_drills_and_reviews_for_good(
    tmp_path: Path, isolated_env: Path
) -> None:
    invoke("drill", "-n", "1", "--stage", "validate", lines=[FLAGGED])
    invoke("review", str(talk(tmp_path)), "--save-text")
    assert "Deleted saved review 1." in invoke("history", "delete", "1", "--kind", "review").stdout
    assert table(isolated_env, "SELECT COUNT(*) FROM saved_review_turns") == [(0,)]
    missing = runner.invoke(app, ["history", "delete", "1", "--kind", "review"])
    assert missing.exit_code == 2
    assert "No saved review 1" in missing.stderr
    invoke("review", str(talk(tmp_path)), "--save")
    result = invoke("history", "delete", "--all", "--yes")
    assert "Deleted 1 drill and 1 saved review." in result.stdout
    for name in ("drill_runs", "drill_items", "drill_boxes", "saved_reviews", "saved_review_turns"):
        assert table(isolated_env, f"SELECT COUNT(*) FROM {name}") == [(0,)], name
    assert "There is nothing to delete." in invoke("history", "delete", "--all", "--yes").stdout


def test_bad_kind_is_one_line() -> None:
    result = runner.invoke(app, ["history", "--kind", "talks"])
    assert result.exit_code == 2
    assert "Unknown --kind 'talks': use rehearsal, drill or review." in result.stderr


def test_progress_says_when_practice_improves_and_real_talks_do_not(tmp_path: Path) -> None:
    invoke("drill", "-n", "2", "--stage", "validate", lines=[FLAGGED, FLAGGED, FLAGGED])
    invoke("drill", "-n", "2", "--stage", "validate", lines=[CLEAN, CLEAN, CLEAN, CLEAN])
    invoke("review", str(talk(tmp_path)), "--save")
    invoke("review", str(talk(tmp_path)), "--save")
    data = json.loads(invoke("progress", "--json").stdout)
    assert {"sessions", "answers", "stages"} <= set(data)  # the rehearsal report, as before
    sources = data["sources"]
    assert sources["practice"]["direction"] == "improving"
    assert sources["real"]["direction"] == "steady"
    assert (
        "practice is improving (0% → 100% clean) but your real talks are not yet"
        in (sources["verdict"])
    )
    rows = {(r["source"], r["stage"]): r for r in sources["stages"]}
    assert rows[("drill", "validate")]["trend"] == [0.0, 1.0]
    assert rows[("review", "mirror")]["top_flag"] == "solution"
    text = invoke("progress").stdout
    assert "Practice and real talks" in text
    assert "drills" in text and "real talks" in text
    assert "but your real talks are not yet" in " ".join(text.split())


def test_progress_with_nothing_yet_says_where_to_start() -> None:
    text = invoke("progress").stdout
    assert "No judged answers yet" in text


def test_a_saved_real_talk_sets_the_drill_focus(tmp_path: Path) -> None:
    invoke("review", str(talk(tmp_path)), "--save")
    data = json.loads(invoke("drill", "-n", "2", "--json", lines=["", ""]).stdout)
    assert data["focus"] == "solution"
    assert data["focus_reason"].startswith("solution, your most frequent flag")


def test_rehearsal_flags_set_the_drill_focus_too() -> None:
    invoke(
        "rehearse",
        "--scenario",
        "money",
        "--role",
        "receiver",
        lines=[
            "Yes, now is a good time.",
            "You're overreacting, as usual.",
            "You're being dramatic again.",
        ],
    )
    data = json.loads(invoke("drill", "-n", "3", "--json", lines=["", "", ""]).stdout)
    assert data["focus"] == "judgement"
    assert "(2 times)" in data["focus_reason"]


def test_me_marks_your_turns_so_progress_counts_only_yours(
    tmp_path: Path, isolated_env: Path
) -> None:
    wrong = runner.invoke(app, ["review", str(talk(tmp_path)), "--save", "--me", "Sam"])
    assert wrong.exit_code == 2
    assert "--me 'Sam' is not a speaker in this transcript: use one of Ana, Ben." in wrong.stderr
    assert not (isolated_env / "imago.sqlite3").exists()
    invoke("review", str(talk(tmp_path)), "--save", "--me", "ana")  # any case
    mine = table(isolated_env, "SELECT speaker, yours FROM saved_review_turns ORDER BY idx")
    assert {(s, y) for s, y in mine} == {("Ana", 1), ("Ben", 0)}
    data = json.loads(invoke("progress", "--json").stdout)
    stages = {r["stage"] for r in data["sources"]["stages"] if r["source"] == "review"}
    assert stages == {"send"}  # Ana only sent; Ben's mirror and validation are not hers
    assert "you: Ana" in invoke("history", "--kind", "review").stdout


def test_a_read_only_store_is_read_and_nothing_is_saved(tmp_path: Path, isolated_env: Path) -> None:
    invoke(
        "rehearse",
        "--scenario",
        "money",
        "--role",
        "receiver",
        lines=["Yes, now is a good time.", "You're overreacting, as usual."],
    )
    db = isolated_env / "imago.sqlite3"
    db.chmod(0o400)  # made before drills existed: it has no drill tables
    before = db.read_bytes()
    try:
        assert "Practice and real talks" in invoke("progress").stdout
        assert "No sessions yet" not in invoke("history").stdout
        data = json.loads(invoke("drill", "-n", "1", "--no-save", "--json", lines=[""]).stdout)
        assert data["focus"] == "judgement"  # read from the rehearsal
        for args in (["drill", "-n", "1"], ["review", str(talk(tmp_path)), "--save"]):
            result = runner.invoke(app, args, input=CLEAN + "\n")
            assert result.exit_code == 1
            assert "is read-only, so nothing can be saved" in result.stderr
            assert "partner ›" not in result.stdout  # refused before anything was asked
        assert db.read_bytes() == before
    finally:
        db.chmod(0o600)
