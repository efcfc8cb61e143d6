"""Test doubles for the rehearsal tests: a scripted judge, a list-driven IO, model responses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.voice import mirror_of
from imago_coach.models import (
    CheckRequest,
    Checks,
    Finding,
    Flag,
    RubricOutput,
    Stage,
    Verdict,
)

Rule = Callable[[CheckRequest], Verdict | None]


def make_verdict(stage: Stage, *, flags: tuple[Flag, ...] = (), accuracy: float | None = None,
                 missed: tuple[str, ...] = (), judge: str = "local",
                 reminders: tuple[str, ...] = (), explanation: str = "why",
                 evidence: str = "x", added: tuple[str, ...] = ()) -> Verdict:
    findings = [Finding(flag=f, evidence=evidence, explanation=explanation, suggestion="try")
                for f in flags]
    output = RubricOutput(
        findings=findings,
        mirror_accuracy=accuracy if stage == Stage.MIRROR else None,
        missed=list(missed), added=list(added),
        checks=Checks(did_i_get_it=True, is_there_more=True),
        strengths=["You stayed with it."], reminders=list(reminders), rewrite=None,
        feedback="Good work.",
    )
    return Verdict.from_output(output, stage=stage, judge=judge)  # type: ignore[arg-type]


class FakeJudge:
    """Returns scripted verdicts: a clean one unless the response holds a trigger word.

    "JUDGE" -> judgement, "FIX" -> solution, "MISS" -> a mirror with low accuracy.
    """

    def __init__(self) -> None:
        self.calls: list[CheckRequest] = []

    def judge(self, request: CheckRequest) -> Verdict:
        self.calls.append(request)
        text = request.response
        flags = tuple(f for word, f in (("JUDGE", Flag.JUDGEMENT), ("FIX", Flag.SOLUTION))
                      if word in text)
        if "MISS" in text:
            return make_verdict(request.stage, accuracy=0.2, missed=(request.sender,))
        return make_verdict(request.stage, flags=flags, accuracy=0.9)


class ListIO:
    """Feeds lines and records everything shown, as (kind, text)."""

    interactive = False

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.shown: list[tuple[str, str]] = []

    def read(self) -> str | None:
        return self.lines.pop(0) if self.lines else None

    def header(self, title: str, stem: str) -> None:
        self.shown.append(("header", title))

    def partner(self, name: str, text: str) -> None:
        self.shown.append(("partner", text))

    def verdict(self, verdict: Verdict) -> None:
        self.shown.append(("verdict", ",".join(verdict.flags)))

    def request_check(self, check: RequestCheck) -> None:
        self.shown.append(("request", "ok" if check.ok else "problems"))

    def say(self, text: str) -> None:
        self.shown.append(("say", text))

    def note(self, text: str) -> None:
        self.shown.append(("note", text))

    def texts(self, kind: str) -> list[str]:
        return [t for k, t in self.shown if k == kind]


# A whole scripted session of the "money" scenario, role both, with the appointment. The mirrors
# give back what Sam said closely, so a real judge finds nothing missed (no "Not quite" retry).
RECEIVER_LINES = [
    "Yes, now is a good time.",
    "So if I got it, when I booked the new car without talking to you first, you felt left out, "
    "like your opinion about our money doesn't count. Did I get that? Is there more?",
    "So you grew up with a dad who made every money decision alone, and your mom found out "
    "afterwards, and when it happens to us you feel small, like her. Is there more?",
    "So you worry about the savings, you lie awake doing the sums, and you feel scared we won't "
    "have enough if something goes wrong. Is there more?",
    "Let me see if I got it all: when I booked the new car without talking to you first you felt "
    "left out, like your opinion about our money doesn't count. Your dad made every money "
    "decision alone and your mom found out afterwards, so you feel small like her. And you "
    "worry about the savings, lie awake doing the sums and feel scared we won't have enough. "
    "Did I get it all?",
    "You make sense to me, because of your dad, of course that hurts.",
    "I imagine you might feel small and scared. Is that right?",
    "2",
]
# Your answers to the partner's summary, validation and empathy, in that order.
REPLY_LINES = ["Yes, you got it.", "Thank you.", "Yes, that's how I feel."]
SENDER_LINES = [
    "I feel tired handling the bills alone.",
    "no, that's all",
    *REPLY_LINES,
    "Would you pay the bills with me every Saturday for the next month?",
]
SENDER_ONLY_LINES = [
    "Is now a good time to talk about money?",
    "I feel tired handling the bills alone, and scared of letting us down.",
    "I also feel proud that we bought the car.",
    "that's all",
    *REPLY_LINES,
    "Would you pay the bills with me every Saturday for the next month?",
]



def receiver_lines(scenario: Scenario) -> list[str]:
    """A clean receiving half for any scenario: close mirrors of what its partner says."""
    said = [scenario.send.opening, *scenario.send.more]
    mirrors = [f"So if I got it, {mirror_of(m)}. Did I get that? Is there more?" for m in said]
    summary = ("Let me see if I got all of that. " + " ".join(f"{mirror_of(m)}." for m in said)
               + " Did I get it all?")
    return ["Yes, now is a good time.", *mirrors, summary, *RECEIVER_LINES[-3:]]


CHAT_URL = "https://api.openai.com/v1/chat/completions"


def completion(content: str) -> httpx.Response:
    return httpx.Response(200, json={
        "id": "c1", "object": "chat.completion", "created": 1, "model": "gpt-4o-mini",
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    })


def rubric_content() -> str:
    return json.dumps({
        "findings": [], "mirror_accuracy": 0.8, "missed": [], "added": [],
        "checks": {"did_i_get_it": True, "is_there_more": True},
        "strengths": ["Warm."], "reminders": [], "rewrite": None, "feedback": "Lovely.",
    })


def model_router(partner_calls: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """Answers the judge with a clean verdict and the partner with an in-character line."""

    def route(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        name = body["response_format"]["json_schema"]["name"]
        if name == "imago_verdict":
            return completion(rubric_content())
        partner_calls.append(body)
        return completion(json.dumps({"say": f"MODEL line {len(partner_calls)}"}))

    return route
