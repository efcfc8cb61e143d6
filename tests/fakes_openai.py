"""Canned OpenAI-compatible responses for respx-based tests."""

from __future__ import annotations

import json
from typing import Any

import httpx

BASE_URL = "http://llm.test/v1"
CHAT_URL = f"{BASE_URL}/chat/completions"
FAKE_KEY = "sk-test-SENTINEL-0123456789abcdefghij"


def rubric_json(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "findings": [
            {
                "flag": "solution",
                "evidence": "Next time just come and talk to us",
                "explanation": "Advice moves from listening to fixing.",
                "suggestion": "Mirror what you heard instead.",
            }
        ],
        "mirror_accuracy": 0.1,
        "missed": ["felt invisible at the party"],
        "added": [],
        "checks": {"did_i_get_it": False, "is_there_more": False},
        "strengths": ["You answered quickly."],
        "reminders": ["Ask: Is there more?"],
        "rewrite": "So if I got it, you felt invisible. Did I get that?",
        "feedback": "You're close; stay with their words.",
    }
    data.update(overrides)
    return data


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] | None = (120, 80),
) -> httpx.Response:
    body: dict[str, Any] = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1,
        "model": "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "finish_reason": finish_reason,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
            }
        ],
    }
    if usage:
        body["usage"] = {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": sum(usage),
        }
    return httpx.Response(200, json=body)


def ok(**overrides: Any) -> httpx.Response:
    return completion(json.dumps(rubric_json(**overrides)))


def error(status: int, message: str = "nope", **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": "error", "code": None}},
        headers={"retry-after-ms": "1", **headers},
    )
