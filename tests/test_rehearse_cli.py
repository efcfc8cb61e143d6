"""``imago rehearse`` and ``imago scenarios`` end to end, with piped stdin and the local judge."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.dialogue.scenarios import all_scenarios, custom_scenario
from rehearse_helpers import (
    RECEIVER_LINES,
    REPLY_LINES,
    SENDER_LINES,
    SENDER_ONLY_LINES,
    history_json,
    receiver_lines,
)

runner = CliRunner()


def rehearse(lines: list[str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["rehearse", "--judge", "local", *args], input="\n".join(lines) + "\n"
    )
    return result.exit_code, result.stdout, result.stderr


def show(session_id: object) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        runner.invoke(app, ["history", "show", str(session_id), "--json"]).stdout
    )
    return data


def test_scenarios_json_contract() -> None:
    result = runner.invoke(app, ["scenarios", "--json"])
    data = json.loads(result.stdout)
    assert len(data) >= 8
    assert all(set(item) == {"name", "title", "summary"} for item in data)
    assert {
        "money",
        "chores",
        "in-laws",
        "phones-at-dinner",
        "intimacy",
        "parenting",
        "work-hours",
        "friends",
    } <= {item["name"] for item in data}
    assert "imago rehearse --scenario" in runner.invoke(app, ["scenarios"]).stdout


def test_every_scenario_has_distinct_partner_and_enough_lines() -> None:
    scenarios = all_scenarios().values()
    assert len({s.partner.name for s in scenarios}) == len(scenarios)
    assert len({s.partner.temperament for s in scenarios}) == len(scenarios)
    for s in scenarios:
        assert s.send.more
        assert len(s.request.options) >= 2
        assert "{missed}" in s.reactions.missed


@pytest.mark.parametrize("name", sorted(all_scenarios()))
def test_each_scenario_runs_to_the_end_offline(name: str) -> None:
    lines = receiver_lines(all_scenarios()[name]) + SENDER_LINES
    code, out, _ = rehearse(lines, "--scenario", name, "--no-save")
    assert code == 0, out
    assert "the dialogue is complete" in out
    assert all_scenarios()[name].send.opening[:30] in " ".join(out.split())


def test_both_roles_with_the_local_judge_saves_the_whole_session(isolated_env: Path) -> None:
    code, out, err = rehearse(RECEIVER_LINES + SENDER_LINES, "--scenario", "money")
    assert code == 0, err
    for header in (
        "The appointment",
        "Mirror",
        "Summary mirror",
        "Validation",
        "Empathy",
        "Behaviour-change request",
        "Switch: you are the sender now",
        "Your behaviour-change request",
        "Practise next:",
    ):
        assert header in out
    assert "Saved as session 1" in out
    db = isolated_env / "imago.sqlite3"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    [item] = history_json()
    assert item["finished"] is True
    assert item["role"] == "both"
    assert item["scenario"] == "money"
    detail = show(item["id"])
    yours = [u for u in detail["utterances"] if u["speaker"] == "you"]
    assert len(yours) == len(RECEIVER_LINES + SENDER_LINES)
    mirror = next(u for u in yours if u["stage"] == "mirror")
    assert mirror["verdict"]["judge"] == "local"
    assert 0 <= mirror["verdict"]["mirror_accuracy"] <= 1
    assert {u["role"] for u in yours} == {"sender", "receiver"}


def test_receiver_role_with_the_local_judge() -> None:
    lines = receiver_lines(all_scenarios()["chores"])
    code, out, _ = rehearse(lines, "--scenario", "chores", "--role", "receiver")
    assert code == 0
    assert "the dialogue is complete" in out
    [item] = history_json()
    utterances = show(item["id"])["utterances"]
    yours = [u["stage"] for u in utterances if u["speaker"] == "you"]
    assert yours == [
        "appointment",
        "mirror",
        "mirror",
        "mirror",
        "summary",
        "validate",
        "empathize",
        "choice",
    ]


def test_sender_role_with_the_local_judge() -> None:
    code, out, _ = rehearse(SENDER_ONLY_LINES, "--scenario", "friends", "--role", "sender")
    assert code == 0
    assert "the dialogue is complete" in out
    assert "So if I got it, you feel tired handling the bills alone" in " ".join(out.split())
    [item] = history_json()
    utterances = show(item["id"])["utterances"]
    sends = [u for u in utterances if u["stage"] == "send" and u["speaker"] == "you"]
    assert len(sends) == 3
    assert sends[0]["verdict"]["stage"] == "send"
    assert sends[-1]["verdict"] is None  # "that's all" is not judged


TOPIC = "I feel left out of decisions about money"


def test_topic_session_offline() -> None:
    lines = [
        "Is now a good time?",
        "I feel left out when money is decided without me.",
        "no",
        *REPLY_LINES,
        "Would you talk with me before big purchases for the next month?",
        *receiver_lines(custom_scenario(TOPIC))[1:],
    ]
    code, out, err = rehearse(lines, "--topic", TOPIC)
    assert code == 0
    assert "the dialogue is complete" in out
    assert history_json()[0]["scenario"] == "topic"
    # the switch is announced as in the scenario flow; the partner never quotes your complaint
    # as its own message, and says plainly that it speaks in general terms
    flat = " ".join(out.split())
    assert "Switch: you are the receiver now" in out
    assert "Now you are the receiver" in flat
    assert f"About \u201c{TOPIC}\u201d" not in flat
    told = " ".join(err.split())
    assert "speaks in general terms" in told and "--partner-says" in told


def test_end_of_input_is_saved_unfinished() -> None:
    code, out, _ = rehearse(RECEIVER_LINES[:3], "--scenario", "money")
    assert code == 0
    assert "saved as unfinished" in out
    assert "imago rehearse --resume" in out
    [item] = history_json()
    assert item["finished"] is False
    assert item["utterances"] >= 5


def test_no_save_leaves_no_file(isolated_env: Path) -> None:
    code, out, _ = rehearse(RECEIVER_LINES + SENDER_LINES, "--scenario", "money", "--no-save")
    assert code == 0
    assert "Nothing was saved" in out
    assert not (isolated_env / "imago.sqlite3").exists()
    assert not isolated_env.exists() or not any(isolated_env.iterdir())


def test_bad_input_is_one_line_with_exit_2() -> None:
    result = runner.invoke(app, ["rehearse", "--scenario", "nope", "--judge", "local"], input="")
    assert result.exit_code == 2
    assert "Known scenarios: chores" in result.stderr
    assert "Traceback" not in result.stderr
    result = runner.invoke(app, ["rehearse", "--resume", "--judge", "local"], input="")
    assert result.exit_code == 2
    assert "no unfinished session" in result.stderr


def test_rows_are_written_before_the_session_ends(isolated_env: Path) -> None:
    rehearse(RECEIVER_LINES[:2], "--scenario", "money")
    with sqlite3.connect(isolated_env / "imago.sqlite3") as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM rehearse_utterances")]
    assert RECEIVER_LINES[1] in texts
