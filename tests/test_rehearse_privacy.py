"""Where the words go in a rehearsal: said once, on stderr, before the first model call; nothing is
said (or sent) offline."""

from __future__ import annotations

import httpx
import pytest
import respx
from typer.testing import CliRunner

from doubles import OPENAI_CHAT_URL, ListIO, model_router
from imago_coach.cli.main import app
from imago_coach.dialogue.rehearse import rehearse
from imago_coach.settings import load_settings
from rehearse_helpers import RECEIVER_LINES, SENDER_LINES

runner = CliRunner()
KEY = "sk-test-REHEARSE-QA-0123456789abcdef"
NOTICE = "Your words are sent to api.openai.com (model gpt-4o-mini)"


@pytest.fixture
def key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)


def test_model_session_tells_where_the_words_go_once_before_the_first_call(key: None) -> None:
    notes: list[str] = []
    seen_at_call: list[int] = []
    route = model_router([])

    def record(request: httpx.Request) -> httpx.Response:
        seen_at_call.append(len(notes))
        return route(request)

    from imago_coach.providers.openai_chat import OpenAIChat

    settings = load_settings(judge="openai")
    with respx.mock() as mock:
        mock.post(OPENAI_CHAT_URL).mock(side_effect=record)
        chat = OpenAIChat(settings, http_client=httpx.Client())
        outcome, store = rehearse(
            settings,
            ListIO(RECEIVER_LINES + SENDER_LINES),
            scenario="money",
            chat=chat,
            notify=notes.append,
        )
    store.close()
    assert outcome.finished
    assert seen_at_call and seen_at_call[0] == 1  # told before the very first request
    assert [n for n in notes if n.startswith("Your words are sent to")] == [notes[0]]
    assert notes[0].startswith(NOTICE)


def test_cli_model_session_prints_the_notice_once_on_stderr(key: None) -> None:
    with respx.mock() as mock:
        mock.post(OPENAI_CHAT_URL).mock(side_effect=model_router([]))
        result = runner.invoke(
            app,
            ["rehearse", "--scenario", "money", "--judge", "openai"],
            input="\n".join(RECEIVER_LINES + SENDER_LINES) + "\n",
        )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("Your words are sent to") == 1
    assert NOTICE in result.stderr
    assert NOTICE not in result.stdout
    assert KEY not in result.stdout + result.stderr


def test_local_session_sends_nothing_and_says_nothing_about_it() -> None:
    result = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--judge", "local"], input="yes\n/quit\n"
    )
    assert "Your words are sent" not in result.stdout + result.stderr
