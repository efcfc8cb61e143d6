"""The judge protocols: every capability a caller may use is declared here, never probed.

``Judge`` is the least a judge does (rehearsals take any). ``AsyncJudge`` is a judge proper: the
offline ``LocalJudge`` and the model's ``OpenAIJudge``. ``FallbackJudge`` is what a command judges
with, ``coach.Coach``: a model when configured, the local judge when it fails, and a circuit
breaker. ``EvalJudge`` is what the eval runner needs. This module imports only ``models``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol

from imago_coach.models import CheckRequest, JudgeName, Verdict

if TYPE_CHECKING:
    import httpx  # only named here: importing it costs start-up time

# What a ``FallbackJudge`` does once the model has failed: "off" keeps trying the model on each
# call; "note" answers every later call locally, each verdict saying it was not sent; "quiet"
# does too, without the note (a rehearsal says it once for the whole session).
Breaker = Literal["off", "note", "quiet"]


class Judge(Protocol):
    """Judges one response at one stage. Implementations must not mutate the request."""

    def judge(self, request: CheckRequest) -> Verdict: ...


class AsyncJudge(Judge, Protocol):
    """A named judge that can also be awaited."""

    @property
    def name(self) -> JudgeName: ...

    async def ajudge(self, request: CheckRequest) -> Verdict: ...


class FallbackJudge(Protocol):
    """A model judge that falls back to the local one; see ``coach.Coach``."""

    @property
    def remote(self) -> bool:
        """Whether a model is configured (the words leave the machine)."""
        ...

    @property
    def model(self) -> str | None:
        """The model's name, when remote."""
        ...

    @property
    def failed(self) -> str | None:
        """Why the model failed, once it has and the breaker is open; None before."""
        ...

    def judge(self, request: CheckRequest) -> Verdict: ...

    async def ajudge(self, request: CheckRequest) -> Verdict: ...

    def go_local(self, reason: str) -> None:
        """Open the breaker by hand: the local judge answers every later call."""
        ...

    def fallback(self, request: CheckRequest, error: Exception) -> Verdict | None:
        """The local judge's verdict on a call that failed with ``error`` (None: there is no
        local judge to ask), with a note saying why; it opens the breaker."""
        ...


class EvalJudge(Protocol):
    """What the eval runner needs from a judge."""

    name: JudgeName
    model: str | None
    prompt: str | None  # the prompt id, e.g. rubric@1a2b3c4d
    cacheable: bool  # whether answers may be kept in the cache
    http_client: httpx.AsyncClient | None  # watched for 429s when set

    def params(self) -> dict[str, Any]:
        """Everything besides the case that shapes an answer (for cache and run keys)."""
        ...

    async def prepare(self, requests: list[CheckRequest]) -> None:
        """Get ready for a run of ``requests`` (the local judge spreads a large one over cores)."""
        ...

    async def ajudge(self, request: CheckRequest) -> Verdict: ...

    async def aclose(self) -> None: ...
