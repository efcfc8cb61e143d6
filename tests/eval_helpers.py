"""Test doubles and fixtures for the eval tests: a scripted judge, datasets, model answers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from imago_coach.errors import ProviderError
from imago_coach.models import (
    CheckRequest,
    Checks,
    Finding,
    Flag,
    JudgeName,
    RubricOutput,
    Stage,
    TokenUsage,
    Verdict,
)


def case(cid: str, response: str, expected: dict[str, bool], stage: str = "mirror",
         **extra: Any) -> dict[str, Any]:
    return {"id": cid, "stage": stage, "speaker": "I felt alone at dinner.",
            "response": response, "expected": expected, **extra}


def write_jsonl(path: Path, rows: Iterable[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def output(flags: Iterable[Flag | str], mirror_accuracy: float | None = None) -> RubricOutput:
    findings = [
        Finding(flag=Flag(f), evidence="x", explanation="why", suggestion="try")
        for f in flags
    ]
    return RubricOutput(
        findings=findings, mirror_accuracy=mirror_accuracy, missed=[], added=[],
        checks=Checks(did_i_get_it=False, is_there_more=False), strengths=[], reminders=[],
        rewrite=None, feedback="ok",
    )


def verdict(stage: Stage, flags: Iterable[Flag | str], tokens: TokenUsage | None = None,
            mirror_accuracy: float | None = None) -> Verdict:
    return Verdict.from_output(
        output(flags, mirror_accuracy), stage=stage, judge="openai", model="scripted",
        prompt="rubric@test", tokens=tokens,
    )


Script = Callable[[CheckRequest], list[str] | Exception]


class ScriptedJudge:
    """Answers from a script keyed by the response text; records calls and concurrency."""

    name: JudgeName = "openai"
    model: str | None = "gpt-4o-mini"
    prompt: str | None = "rubric@test"
    http_client = None

    def __init__(self, script: dict[str, list[str] | Exception | BaseException],
                 *, cacheable: bool = True, delay: float = 0.0,
                 tokens: TokenUsage | None = None) -> None:
        self.script = script
        self.cacheable = cacheable
        self.delay = delay
        self.tokens = tokens or TokenUsage(prompt=100, completion=20)
        self.calls: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def params(self) -> dict[str, Any]:
        return {"scripted": True}

    async def prepare(self, requests: list[CheckRequest]) -> None:
        return None

    async def ajudge(self, request: CheckRequest) -> Verdict:
        self.calls.append(request.response)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            answer = self.script[request.response]
            if isinstance(answer, BaseException):
                raise answer
            return verdict(request.stage, answer, self.tokens)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        return None


class Interrupted(BaseException):
    """Stands in for Ctrl-C in the middle of a run."""


def provider_error() -> ProviderError:
    return ProviderError("server error", attempts=3, status=500)


def rubric_json(flags: Iterable[str], mirror_accuracy: float | None = None) -> str:
    return output(flags, mirror_accuracy).model_dump_json()


def completion(content: str, prompt_tokens: int = 300, completion_tokens: int = 50
               ) -> dict[str, Any]:
    return {
        "id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content, "refusal": None}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }
