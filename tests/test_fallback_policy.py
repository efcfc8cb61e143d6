"""The one fallback policy, in ``Coach``: the local judge answers when the model fails, and the
circuit breaker decides whether the model is asked again."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import respx

from doubles import BASE_URL, CHAT_URL, FAKE_KEY, error
from imago_coach.coach import NOT_SENT, Coach, make_request
from imago_coach.judges.base import Breaker
from imago_coach.providers.openai_chat import OpenAIChat
from imago_coach.settings import load_settings

SENDER = "I felt invisible at the party when you talked to your friends all night."
RESPONSE = "You're too sensitive. Next time just come and talk to us."


@pytest.fixture
def failing(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.Route]:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock(assert_all_called=False) as router:
        yield router.post(CHAT_URL).mock(return_value=error(503))


def _coach(breaker: Breaker) -> Coach:
    settings = load_settings()
    return Coach(settings, chat=OpenAIChat(settings, http_client=httpx.Client()), breaker=breaker)


def test_with_the_breaker_on_the_model_is_asked_once_and_later_verdicts_say_so(
    failing: respx.Route,
) -> None:
    coach = _coach("note")
    first = coach.judge(make_request("mirror", SENDER, RESPONSE))
    second = coach.judge(make_request("mirror", SENDER, RESPONSE))
    assert failing.call_count == 3  # one call, with the provider's two retries
    assert first.notes[0] == "the model failed (HTTP 503 after 3 tries); the local judge answered"
    assert coach.failed == "HTTP 503 after 3 tries"
    assert second.judge == "local"
    assert second.notes[0] == NOT_SENT
    assert second.fallback_reason == coach.failed


def test_a_quiet_breaker_answers_locally_without_a_note_per_verdict(
    failing: respx.Route,
) -> None:
    coach = _coach("quiet")
    coach.judge(make_request("mirror", SENDER, RESPONSE))
    second = coach.judge(make_request("mirror", SENDER, RESPONSE))
    assert failing.call_count == 3
    assert second.judge == "local"
    assert second.notes == [] and second.fallback_reason is None


def test_with_the_breaker_off_every_call_tries_the_model(failing: respx.Route) -> None:
    coach = _coach("off")
    verdicts = [coach.judge(make_request("mirror", SENDER, RESPONSE)) for _ in range(2)]
    assert failing.call_count == 6
    assert coach.failed is None
    assert all(v.fallback_reason == "HTTP 503 after 3 tries" for v in verdicts)


def test_going_local_by_hand_stops_the_model_calls(failing: respx.Route) -> None:
    coach = _coach("quiet")
    coach.go_local("the model partner failed")
    verdict = coach.judge(make_request("mirror", SENDER, RESPONSE))
    assert failing.call_count == 0
    assert verdict.judge == "local" and coach.failed == "the model partner failed"
