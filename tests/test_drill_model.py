"""``imago drill --judge openai`` through respx: saved before the call, judged, falls back."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from doubles import BASE_URL, CHAT_URL, FAKE_KEY, error, ok
from imago_coach.cli.main import app

runner = CliRunner()
ANSWER = "So you felt alone at dinner. Maybe we could eat together more?"


@pytest.fixture
def remote(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock(assert_all_called=False) as router:
        yield router


def test_the_model_judges_each_answer_saved_before_the_call(
    remote: respx.MockRouter, isolated_env: Path
) -> None:
    stored_at_call: list[list[tuple[str, str | None]]] = []

    def reply(request: httpx.Request) -> httpx.Response:
        with sqlite3.connect(isolated_env / "imago.sqlite3") as conn:
            stored_at_call.append(conn.execute("SELECT answer, flags FROM drill_items").fetchall())
        return ok()

    route = remote.post(CHAT_URL).mock(side_effect=reply)
    result = runner.invoke(
        app,
        ["drill", "-n", "1", "--stage", "mirror", "--judge", "openai", "--json"],
        input=ANSWER + "\n\n",
    )
    assert result.exit_code == 0, result.stderr
    assert stored_at_call[0] == [(ANSWER, None)]  # the answer was in the store, not yet judged
    data = json.loads(result.stdout)
    item = data["items"][0]
    assert item["flags"] == ["solution"]
    assert item["answer"] == ANSWER
    sent = json.loads(route.calls[0].request.content)
    user = sent["messages"][-1]["content"]
    assert ANSWER in user and item["statement"] in user
    assert "llm.test" in result.stderr  # told where the words go, once
    assert result.stderr.count("llm.test") == 1
    assert FAKE_KEY not in result.stdout + result.stderr


def test_a_failing_model_falls_back_to_the_local_judge_visibly(
    remote: respx.MockRouter, isolated_env: Path
) -> None:
    route = remote.post(CHAT_URL).mock(return_value=error(503))
    result = runner.invoke(
        app,
        ["drill", "-n", "2", "--stage", "validate", "--judge", "openai"],
        input="You make sense to me.\nYou should just relax about it.\n",
    )
    assert result.exit_code == 0, result.stderr
    assert route.call_count == 3  # the first answer's bounded tries; then no more calls
    assert result.stderr.count("the model failed") == 1
    assert "the model failed (HTTP 503 after 3 tries); the local judge answered" in result.stderr
    assert "Drill done: 1 of 2 answers clean" in result.stdout
    with sqlite3.connect(isolated_env / "imago.sqlite3") as conn:
        judges = conn.execute("SELECT judge FROM drill_runs").fetchall()
        flags = conn.execute("SELECT flags FROM drill_items ORDER BY id").fetchall()
    assert judges == [("openai",)]
    assert flags == [("[]",), ('["solution"]',)]
    assert FAKE_KEY not in result.stdout + result.stderr
