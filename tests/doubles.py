"""Test doubles, in one place: verdicts, scripted judges, a scripted terminal, fake model replies.

- ``rubric`` / ``verdict`` build what a judge answers (``rubric_json`` is the same as a model's
  reply text);
- ``ScriptedJudge`` answers from a script (by response text) or a rule and records every request;
  ``TriggerJudge`` reacts to trigger words; ``in_turn`` answers with a list of verdicts;
- ``ListIO`` feeds a rehearsal its lines and records what it shows; ``at_a_terminal`` has a
  person type a drill's answers, then press Ctrl-C or Ctrl-D;
- ``completion`` / ``completion_body`` / ``error`` / ``ok`` / ``model_router`` stand in for an
  OpenAI-compatible server (through respx).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx
import pytest

from imago_coach.coach import fallback_note
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.errors import ProviderError, one_line
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

BASE_URL = "http://llm.test/v1"
CHAT_URL = f"{BASE_URL}/chat/completions"
OPENAI_CHAT_URL = "https://api.openai.com/v1/chat/completions"
FAKE_KEY = "sk-test-SENTINEL-0123456789abcdefghij"


# Verdicts ---------------------------------------------------------------------------------------


def rubric(
    flags: Iterable[Flag | str] = (),
    *,
    accuracy: float | None = None,
    missed: Iterable[str] = (),
    added: Iterable[str] = (),
    reminders: Iterable[str] = (),
    strengths: Iterable[str] = ("You stayed with it.",),
    evidence: str = "x",
    explanation: str = "why",
    rewrite: str | None = None,
    checks: tuple[bool, bool] = (True, True),
    feedback: str = "Good work.",
) -> RubricOutput:
    """A judge's answer with a finding per flag (the same shape a model must return)."""
    findings = [
        Finding(flag=Flag(f), evidence=evidence, explanation=explanation, suggestion="try")
        for f in flags
    ]
    return RubricOutput(
        findings=findings,
        mirror_accuracy=accuracy,
        missed=list(missed),
        added=list(added),
        checks=Checks(did_i_get_it=checks[0], is_there_more=checks[1]),
        strengths=list(strengths),
        reminders=list(reminders),
        rewrite=rewrite,
        feedback=feedback,
    )


def rubric_json(flags: Iterable[Flag | str] = (), **details: Any) -> str:
    """A model's reply text: ``rubric(...)`` as JSON."""
    return rubric(flags, **details).model_dump_json()


def verdict(
    stage: Stage | str,
    flags: Iterable[Flag | str] = (),
    *,
    judge: JudgeName = "local",
    model: str | None = None,
    prompt: str | None = None,
    tokens: TokenUsage | None = None,
    **details: Any,
) -> Verdict:
    """A verdict as a judge returns it; ``details`` go to ``rubric``."""
    return Verdict.from_output(
        rubric(flags, **details),
        stage=Stage(stage),
        judge=judge,
        model=model,
        prompt=prompt,
        tokens=tokens,
    )


# Judges -----------------------------------------------------------------------------------------

Answer = Iterable[Flag | str] | Verdict | BaseException
Rule = Callable[[CheckRequest], Answer]


class ScriptedJudge:
    """Answers from a script keyed by the response text (or a rule); records every request.

    An answer is a list of flags (a verdict with those findings), a whole ``Verdict``, or an
    exception to raise. Unscripted responses get a clean verdict. ``remote=True`` makes it look
    like a model judge (name, model, prompt id, token usage); ``fail_on`` raises for responses
    containing that text. It serves the review (sync and async), the rehearsal (sync) and the
    eval runner (async, cacheable, ``params``): a ``judges.base.FallbackJudge`` (with no breaker:
    a failed call falls back to ``local`` when one is set, as ``Coach`` does, or to nothing) and
    an ``EvalJudge``.
    """

    def __init__(
        self,
        script: Mapping[str, Answer] | Rule | None = None,
        *,
        remote: bool = False,
        accuracy: float | None = 0.9,
        fail_on: str | None = None,
        delay: float = 0.001,
        cacheable: bool = True,
        tokens: TokenUsage | None = None,
    ) -> None:
        self.script: dict[str, Answer] = dict(script) if isinstance(script, Mapping) else {}
        self.rule = script if callable(script) else None
        self.remote = remote
        self.name: JudgeName = "openai" if remote else "local"
        self.model: str | None = "gpt-4o-mini" if remote else None
        self.prompt: str | None = "rubric@test" if remote else None
        self.tokens = tokens or (TokenUsage(prompt=100, completion=20) if remote else None)
        self.accuracy = accuracy
        self.fail_on = fail_on
        self.delay = delay
        self.cacheable = cacheable
        self.http_client: httpx.AsyncClient | None = None
        self.local: ScriptedJudge | None = None
        self.failed: str | None = None
        self.calls: list[CheckRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def responses(self) -> list[str]:
        """The response texts judged so far, in order."""
        return [c.response for c in self.calls]

    def params(self) -> dict[str, Any]:
        return {"scripted": True}

    async def prepare(self, requests: list[CheckRequest]) -> None:
        return None

    def answer(self, request: CheckRequest) -> Verdict:
        self.calls.append(request)
        if self.fail_on and self.fail_on in request.response:
            raise RuntimeError("scripted failure")
        found = self.rule(request) if self.rule else self.script.get(request.response, [])
        if isinstance(found, BaseException):
            raise found
        if isinstance(found, Verdict):
            return found
        return verdict(
            request.stage,
            found,
            accuracy=self.accuracy,
            judge=self.name,
            model=self.model,
            prompt=self.prompt,
            tokens=self.tokens,
        )

    def judge(self, request: CheckRequest) -> Verdict:
        return self.answer(request)

    async def ajudge(self, request: CheckRequest) -> Verdict:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self.answer(request)
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        return None

    def go_local(self, reason: str) -> None:
        self.failed = reason

    def fallback(self, request: CheckRequest, error: Exception) -> Verdict | None:
        if self.local is None:
            return None
        answer = self.local.judge(request)
        answer.notes.insert(0, fallback_note(one_line(error)))
        answer.fallback_reason = one_line(error)
        return answer


def _triggered(request: CheckRequest) -> Verdict:
    text = request.response
    if "MISS" in text:
        return verdict(request.stage, accuracy=0.2, missed=(request.sender,))
    flags = [f for word, f in (("JUDGE", Flag.JUDGEMENT), ("FIX", Flag.SOLUTION)) if word in text]
    return verdict(request.stage, flags, accuracy=0.9)


class TriggerJudge(ScriptedJudge):
    """A clean verdict unless the response holds a trigger word.

    "JUDGE" -> judgement, "FIX" -> solution, "MISS" -> a mirror with low accuracy that missed
    what the sender said.
    """

    def __init__(self) -> None:
        super().__init__(_triggered)


def in_turn(verdicts: Iterable[Verdict]) -> ScriptedJudge:
    """A judge giving these verdicts one per request, then clean ones."""
    queue = list(verdicts)

    def next_verdict(request: CheckRequest) -> Verdict:
        return queue.pop(0) if queue else verdict(request.stage, accuracy=0.9)

    return ScriptedJudge(next_verdict)


class Interrupted(BaseException):
    """Stands in for Ctrl-C in the middle of a run."""


def provider_error() -> ProviderError:
    return ProviderError("server error", attempts=3, status=500)


# The person at the terminal ---------------------------------------------------------------------


def at_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
    answers: Iterable[str],
    then: type[BaseException] | None = KeyboardInterrupt,
) -> None:
    """In ``imago drill``, a person at a terminal types ``answers``, one per prompt, then
    presses Ctrl-C (``then`` is raised) or Ctrl-D (``then=None``: the end of input)."""
    from imago_coach.render.drill import DrillTerminal

    typed = iter(answers)

    def read(_self: DrillTerminal) -> str | None:
        for line in typed:
            return line
        if then is not None:
            raise then
        return None

    monkeypatch.setattr(DrillTerminal, "read", read)
    monkeypatch.setattr(DrillTerminal, "at_end", lambda _self: False)  # a person may type more


class ListIO:
    """Feeds lines and records everything shown, as (kind, text), and every verdict whole."""

    interactive = False

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.shown: list[tuple[str, str]] = []
        self.verdicts: list[Verdict] = []

    def read(self) -> str | None:
        return self.lines.pop(0) if self.lines else None

    def header(self, title: str, stem: str) -> None:
        self.shown.append(("header", title))

    def partner(self, name: str, text: str) -> None:
        self.shown.append(("partner", text))

    def verdict(self, verdict: Verdict) -> None:
        self.verdicts.append(verdict)
        self.shown.append(("verdict", ",".join(verdict.flags)))

    def request_check(self, check: RequestCheck) -> None:
        self.shown.append(("request", "ok" if check.ok else "problems"))

    def say(self, text: str) -> None:
        self.shown.append(("say", text))

    def note(self, text: str) -> None:
        self.shown.append(("note", text))

    def texts(self, kind: str) -> list[str]:
        return [t for k, t in self.shown if k == kind]


# An OpenAI-compatible server, through respx -----------------------------------------------------


def model_answer(**overrides: Any) -> dict[str, Any]:
    """A model's rubric answer to the party example: one "solution" finding, quoted exactly."""
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


def completion_body(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] | None = (120, 80),
) -> dict[str, Any]:
    """The JSON body of a chat completion (also a line of a batch's output file)."""
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
    return body


def completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] | None = (120, 80),
) -> httpx.Response:
    """A chat completion response carrying ``content``."""
    body = completion_body(content, finish_reason=finish_reason, refusal=refusal, usage=usage)
    return httpx.Response(200, json=body)


def ok(**overrides: Any) -> httpx.Response:
    return completion(json.dumps(model_answer(**overrides)))


def error(status: int, message: str = "nope", **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        json={"error": {"message": message, "type": "error", "code": None}},
        headers={"retry-after-ms": "1", **headers},
    )


def model_router(partner_calls: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """Answers the judge with a clean verdict and the partner with an in-character line."""

    def route(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        name = body["response_format"]["json_schema"]["name"]
        if name == "imago_verdict":
            return completion(rubric_json(accuracy=0.8, strengths=["Warm."], feedback="Lovely."))
        partner_calls.append(body)
        return completion(json.dumps({"say": f"MODEL line {len(partner_calls)}"}))

    return route
