"""The Judge protocol: one response at one stage in, one verdict out."""

from __future__ import annotations

from typing import Protocol

from imago_coach.models import CheckRequest, JudgeName, Verdict


class Judge(Protocol):
    """Anything that can judge a response. Implementations must not mutate the request."""

    @property
    def name(self) -> JudgeName: ...

    def judge(self, request: CheckRequest) -> Verdict: ...

    async def ajudge(self, request: CheckRequest) -> Verdict: ...
