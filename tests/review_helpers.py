"""Test doubles for the review tests: a scripted judge that records its calls."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from imago_coach.coach import fallback_note
from imago_coach.errors import one_line
from imago_coach.models import (
    CheckRequest,
    Checks,
    Finding,
    Flag,
    RubricOutput,
    Stage,
    Verdict,
)

DATA = Path(__file__).parent / "data" / "transcripts"
LONG = DATA / "long_session.txt"


def expected_long() -> list[dict[str, object]]:
    """The annotations of the long session: speaker, role, step and planted flags per turn."""
    lines = (DATA / "long_session.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def verdict(stage: Stage, flags: list[str], accuracy: float = 0.9) -> Verdict:
    findings = [
        Finding(flag=Flag(f), evidence="...", explanation=f"a {f}", suggestion="try again")
        for f in flags
    ]
    output = RubricOutput(
        findings=findings,
        mirror_accuracy=accuracy,
        missed=[],
        added=[],
        checks=Checks(did_i_get_it=True, is_there_more=False),
        strengths=["warm"],
        reminders=[],
        rewrite="a rewrite" if flags else None,
        feedback="Well done.",
    )
    return Verdict.from_output(output, stage=stage, judge="local")


class ScriptedJudge:
    """Answers each response with the flags scripted for its text; records every request.

    A ``judges.base.FallbackJudge`` with no breaker: a failed call falls back to ``local`` when
    one is given, like ``Coach``, or to nothing.
    """

    model: str | None = None
    failed: str | None = None

    def __init__(
        self,
        script: dict[str, list[str]] | None = None,
        *,
        remote: bool = False,
        fail_on: str | None = None,
        delay: float = 0.001,
    ) -> None:
        self.script = script or {}
        self.remote = remote
        self.fail_on = fail_on
        self.delay = delay
        self.requests: list[CheckRequest] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.local: ScriptedJudge | None = None

    def _answer(self, request: CheckRequest) -> Verdict:
        self.requests.append(request)
        if self.fail_on and self.fail_on in request.response:
            raise RuntimeError("scripted failure")
        return verdict(request.stage, self.script.get(request.response, []))

    def judge(self, request: CheckRequest) -> Verdict:
        return self._answer(request)

    async def ajudge(self, request: CheckRequest) -> Verdict:
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.delay)
            return self._answer(request)
        finally:
            self.in_flight -= 1

    def go_local(self, reason: str) -> None:
        self.failed = reason

    def fallback(self, request: CheckRequest, error: Exception) -> Verdict | None:
        if self.local is None:
            return None
        answer = self.local.judge(request)
        answer.notes.insert(0, fallback_note(one_line(error)))
        answer.fallback_reason = one_line(error)
        return answer


def long_script() -> dict[str, list[str]]:
    return {str(e["text"]): list(e["flags"]) for e in expected_long()}  # type: ignore[arg-type]
