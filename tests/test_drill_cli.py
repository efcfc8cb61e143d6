"""``imago drill`` from the user's side: piped answers, the --json contract, commands, saving."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.drill.bank import by_id

runner = CliRunner()
CLEAN = "You make sense to me."  # clean at the validate stage for every bank statement
FLAGGED = "You should just relax about it."  # a solution for every bank statement
ITEM_KEYS = {"statement_id", "stage", "statement", "answer", "flags", "clean", "model_answer"}


def drill(*args: str, lines: list[str]) -> Any:
    result = runner.invoke(app, ["drill", *args], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.stderr
    return result


def drill_json(*args: str, lines: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(drill(*args, "--json", lines=lines).stdout)
    return data


def rows(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "imago.sqlite3") as conn:
        return conn.execute(sql).fetchall()


def test_json_has_the_documented_shape_and_types() -> None:
    data = drill_json("-n", "3", "--stage", "validate", "--seed", "1", lines=[CLEAN, FLAGGED, ""])
    assert list(data)[:6] == [
        "id",
        "stage",
        "focus",
        "items",
        "clean_share",
        "previous_clean_share",
    ]
    assert {"id", "stage", "focus", "items", "clean_share", "previous_clean_share"} <= set(data)
    assert isinstance(data["id"], int)
    assert data["stage"] == "validate"
    assert data["focus"] == "mixed"  # no history yet: a balanced mix
    assert data["previous_clean_share"] is None
    first, second, third = data["items"][:3]
    for item in data["items"]:
        assert set(item) >= ITEM_KEYS
        assert isinstance(item["statement"], str)
        assert isinstance(item["model_answer"], str)
        assert isinstance(item["flags"], list)
        assert isinstance(item["clean"], bool)
    assert (first["answer"], first["flags"], first["clean"]) == (CLEAN, [], True)
    assert (second["answer"], second["flags"], second["clean"]) == (FLAGGED, ["solution"], False)
    assert (third["answer"], third["clean"]) == (None, False)  # the empty line skipped it
    assert data["clean_share"] == 0.5
    bank = by_id()
    assert first["model_answer"] == bank[first["statement_id"]].validate_
    assert first["statement"] == bank[first["statement_id"]].text


def test_stdout_holds_only_the_json_and_the_drill_goes_to_stderr() -> None:
    result = drill("-n", "2", "--stage", "mirror", "--json", lines=[FLAGGED, FLAGGED])
    json.loads(result.stdout)
    assert "partner ›" in result.stderr
    assert "partner ›" not in result.stdout


def test_a_flagged_item_comes_back_later_in_the_same_drill() -> None:
    data = drill_json(
        "-n",
        "5",
        "--stage",
        "validate",
        "--seed",
        "3",
        lines=[FLAGGED, CLEAN, CLEAN, CLEAN, CLEAN, CLEAN],
    )
    ids = [i["statement_id"] for i in data["items"]]
    assert len(ids) == 6
    assert ids[4] == ids[0]  # three items later
    assert data["items"][4]["repeat"] is True
    assert data["items"][4]["clean"] is True


def test_leitner_brings_flagged_items_back_until_answered_clean_twice(
    isolated_env: Path,
) -> None:
    first = drill_json(
        "-n", "2", "--stage", "validate", "--seed", "4", lines=[FLAGGED, CLEAN, ""]
    )  # item 1 flagged; its return skipped
    missed = first["items"][0]["statement_id"]
    box = rows(isolated_env, "SELECT statement_id, clean_count FROM drill_boxes")
    assert box == [(missed, 0)]
    second = drill_json("-n", "2", "--stage", "validate", "--seed", "5", lines=[CLEAN, CLEAN])
    assert second["items"][0]["statement_id"] == missed
    assert rows(isolated_env, "SELECT clean_count FROM drill_boxes") == [(1,)]
    third = drill_json("-n", "2", "--stage", "validate", "--seed", "6", lines=[CLEAN, CLEAN])
    assert third["items"][0]["statement_id"] == missed
    assert rows(isolated_env, "SELECT * FROM drill_boxes") == []  # clean twice: out
    fourth = drill_json("-n", "2", "--stage", "validate", "--seed", "6", lines=[CLEAN, CLEAN])
    assert missed not in [i["statement_id"] for i in fourth["items"]]


def test_the_end_compares_each_stage_with_the_previous_drill() -> None:
    drill("-n", "2", "--stage", "validate", lines=[FLAGGED, CLEAN])
    result = drill("-n", "2", "--stage", "validate", lines=[CLEAN, CLEAN, CLEAN])
    assert "Drill done" in result.stdout
    assert "Validation" in result.stdout
    assert "up 50 points from 50%" in result.stdout
    assert "Practise next:" in result.stdout
    data = drill_json("-n", "1", "--stage", "validate", lines=[FLAGGED])
    assert data["previous_clean_share"] == 1.0
    assert data["stages"][0]["previous_clean_share"] == 1.0


def test_auto_focus_picks_the_most_frequent_flag_of_the_last_30_days() -> None:
    drill(
        "-n",
        "3",
        "--stage",
        "validate",
        "--focus",
        "mixed",
        lines=[FLAGGED, FLAGGED, FLAGGED, CLEAN, CLEAN, CLEAN],
    )
    result = drill("-n", "4", lines=[CLEAN] * 8)
    assert "solution, your most frequent flag in the last 30 days" in result.stdout
    data = drill_json("-n", "6", lines=[CLEAN] * 8)
    assert data["focus"] == "solution"
    bank = by_id()
    fresh = [i for i in data["items"] if not i["repeat"]]
    assert fresh
    assert all("advice" in bank[i["statement_id"]].tags for i in fresh)


def test_focus_and_stage_choose_the_statements_and_the_stage() -> None:
    data = drill_json("--stage", "empathize", "-n", "5", "--focus", "defensive", lines=[""] * 5)
    bank = by_id()
    assert [i["stage"] for i in data["items"]] == ["empathize"] * 5
    assert all(
        {"defensiveness", "accusation"} & set(bank[i["statement_id"]].tags) for i in data["items"]
    )
    assert data["focus"] == "defensiveness"


def test_a_mixed_drill_varies_stages_topics_and_tags() -> None:
    data = drill_json("-n", "10", "--seed", "2", lines=[""] * 10)
    bank = by_id()
    items = data["items"]
    assert len(items) == 10
    assert {i["stage"] for i in items} == {"mirror", "validate", "empathize"}
    assert len({bank[i["statement_id"]].topic for i in items}) >= 5
    assert len({bank[i["statement_id"]].tags[0] for i in items}) >= 4


def test_hint_skip_and_quit_work_as_in_rehearse(isolated_env: Path) -> None:
    result = drill("-n", "4", "--stage", "mirror", lines=["/hint", "/skip", CLEAN, "/quit"])
    assert "Try: “So if I got it, you … Did I get that?”" in result.stdout
    assert "skipped" in result.stdout
    data = rows(isolated_env, "SELECT answer FROM drill_items ORDER BY id")
    assert data == [(None,), (CLEAN,)]  # the skip and the answer; nothing after /quit
    unknown = drill("-n", "1", "--stage", "mirror", lines=["/retry", "/quit"])
    assert "Unknown command: use /hint, /skip or /quit." in unknown.stdout


def test_no_save_keeps_nothing(isolated_env: Path) -> None:
    result = drill("-n", "2", "--no-save", lines=[FLAGGED, CLEAN])
    assert "Nothing was saved (--no-save)." in result.stdout
    assert not (isolated_env / "imago.sqlite3").exists()


def test_quitting_at_once_leaves_no_drill(isolated_env: Path) -> None:
    result = drill("-n", "3", lines=["/quit"])
    assert "Nothing was saved (nothing was answered)." in result.stdout
    assert rows(isolated_env, "SELECT COUNT(*) FROM drill_runs") == [(0,)]


def test_answers_are_shown_as_typed_never_as_markup() -> None:
    answer = "[bold red]So you[/bold red] \x1b[31mfelt alone. Did I get that?"
    result = drill("-n", "1", "--stage", "mirror", lines=[answer])
    assert "[bold red]So you[/bold red]" in result.stdout
    assert "\x1b[31m" not in result.stdout
    data = drill_json("-n", "1", "--stage", "mirror", "--no-save", lines=[answer])
    assert data["items"][0]["answer"] == answer  # exact in JSON


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--stage", "summary"], "Unknown --stage 'summary'"),
        (["--focus", "rudeness"], "Unknown --focus 'rudeness'"),
        (["-n", "0"], "-n must be between 1 and 50"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["drill", *args], input="")
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_topic_keeps_to_one_subject_and_fills_up_when_the_focus_runs_out() -> None:
    data = drill_json("--topic", "money", "--focus", "solution", "-n", "12", lines=[""] * 12)
    bank = by_id()
    assert [bank[i["statement_id"]].topic for i in data["items"]] == ["money"] * 12
    tempting = [("advice" in bank[i["statement_id"]].tags) for i in data["items"]]
    assert tempting == sorted(tempting, reverse=True)  # the tempting ones first
    unknown = runner.invoke(app, ["drill", "--topic", "cars"], input="")
    assert unknown.exit_code == 2
    assert "Unknown --topic 'cars': use one of chores, family of origin" in unknown.stderr


def test_an_answer_over_the_token_budget_is_kept_unjudged(isolated_env: Path) -> None:
    result = drill("-n", "1", "--stage", "mirror", "--max-input-tokens", "10", lines=[CLEAN])
    assert "over the limit of 10" in result.stdout
    assert "Drill ended with no judged answers" in result.stdout
    assert rows(isolated_env, "SELECT answer, flags FROM drill_items") == [(CLEAN, None)]
