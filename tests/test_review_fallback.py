"""A dead model during a review: called for one turn only, then the local judge answers, and the
report says so."""

from __future__ import annotations

import json
from io import StringIO

import httpx
import pytest
import respx
from rich.console import Console
from typer.testing import CliRunner

from doubles import OPENAI_CHAT_URL, ScriptedJudge
from imago_coach.cli.main import app
from imago_coach.coach import Coach
from imago_coach.providers.openai_chat import OpenAIChat
from imago_coach.render.review_html import render_html
from imago_coach.render.review_md import render_markdown
from imago_coach.render.review_report import review_renderable
from imago_coach.settings import load_settings
from imago_coach.transcript.review import review_file
from review_helpers import DATA, LONG

runner = CliRunner()


def _dead_model(monkeypatch: pytest.MonkeyPatch) -> tuple[Coach, respx.Route]:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123456789")
    settings = load_settings(judge="openai").model_copy(update={"max_retries": 1})
    route = respx.post(OPENAI_CHAT_URL).mock(
        return_value=httpx.Response(500, json={"error": {"message": "boom"}})
    )
    chat = OpenAIChat(settings, http_client=httpx.Client(), async_http_client=httpx.AsyncClient())
    return Coach(settings, chat=chat), route


@respx.mock
def test_a_dead_model_is_called_for_one_turn_only(monkeypatch: pytest.MonkeyPatch) -> None:
    coach, route = _dead_model(monkeypatch)
    report = review_file(LONG, coach, concurrency=8)
    judged = [t for t in report.turns if t.judged]
    assert route.call_count == 2  # one turn, with its one retry; not 2 per turn
    assert len(judged) == 71 and all(t.fallback for t in judged)
    assert report.summary.fallback_turns == 71
    assert report.summary.failed_turns == 0
    first = report.notes[0]
    assert first.startswith("The model failed (") and "HTTP 500" in first
    assert first.endswith("the local judge answered 71 of 71 turns.")
    assert sum("The model failed" in n for n in report.notes) == 1
    assert judged[0].notes[0].startswith("the model failed")
    assert "not sent to the model" in judged[1].notes[0]
    assert report.contract()["summary"]["fallback_turns"] == 71  # type: ignore[index]
    assert first in render_markdown(report)
    assert first in render_html(report)
    console = Console(file=StringIO(), width=400)
    console.print(review_renderable(report))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert first in text and "failed: local judge used" in text


@respx.mock
def test_a_dead_model_is_said_on_stderr_with_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123456789")
    respx.post(OPENAI_CHAT_URL).mock(
        return_value=httpx.Response(500, json={"error": {"message": "boom"}})
    )
    result = runner.invoke(
        app, ["review", str(DATA / "short.json"), "--judge", "openai", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["fallback_turns"] == 4
    assert "The model failed" in result.stderr and "4 of 4 turns" in result.stderr


def test_a_healthy_remote_judge_trips_nothing() -> None:
    judge = ScriptedJudge(remote=True)
    judge.local = ScriptedJudge()
    report = review_file(LONG, judge, concurrency=4)
    assert report.summary.fallback_turns == 0
    assert not any("model failed" in n for n in report.notes)
    assert len(judge.calls) == 71
