"""The judges an eval runs: exactly those of ``imago check``, minus the silent fallback.

The local judge is used through ``Coach``. The openai judge is ``OpenAIJudge`` itself, not
``Coach``: when the model fails, the case must count as an error, never as the local judge's
answer. Its async HTTP client is ours, so the runner can watch for 429s on it.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import TYPE_CHECKING, Any

import httpx

from imago_coach.coach import Coach
from imago_coach.errors import ImagoError, InputError
from imago_coach.judges.base import EvalJudge as EvalJudge  # the runner's protocol
from imago_coach.models import CheckRequest, JudgeName, Verdict
from imago_coach.settings import Settings

if TYPE_CHECKING:
    from imago_coach.judges.llm import OpenAIJudge


PARALLEL_FROM = 200  # cases; below this, forking costs more than it saves
_WORKER_COACH: list[Coach] = []


def _judge_chunk(chunk: list[CheckRequest]) -> list[Verdict | str]:
    """In a worker process: judge each request, or give the one-line error for it."""
    coach = _WORKER_COACH[0]
    out: list[Verdict | str] = []
    for request in chunk:
        try:
            out.append(coach.judge(request))
        except ImagoError as err:
            out.append(str(err))
    return out


class LocalEvalJudge:
    """The offline judge. Not cached: it is fast, and its answers change with its code."""

    name: JudgeName = "local"
    model: str | None = None
    prompt: str | None = None
    cacheable = False
    http_client: httpx.AsyncClient | None = None

    def __init__(self, settings: Settings) -> None:
        self.coach = Coach(settings.model_copy(update={"judge": "local"}))
        self._ready: dict[str, list[Verdict | str]] = {}  # a dataset may repeat a case

    def params(self) -> dict[str, Any]:
        return {}

    async def prepare(self, requests: list[CheckRequest]) -> None:
        """Judge a large run up front on every core (forked workers share the compiled rules)."""
        cores = os.cpu_count() or 1
        if len(requests) < PARALLEL_FROM or cores < 2 or "fork" not in get_all_start_methods():
            return
        _WORKER_COACH[:] = [self.coach]
        size = -(-len(requests) // cores)
        chunks = [requests[i : i + size] for i in range(0, len(requests), size)]
        context = get_context("fork")
        with ProcessPoolExecutor(max_workers=cores, mp_context=context) as pool:
            for chunk, results in zip(chunks, pool.map(_judge_chunk, chunks), strict=True):
                for request, result in zip(chunk, results, strict=True):
                    self._ready.setdefault(request.model_dump_json(), []).append(result)

    async def ajudge(self, request: CheckRequest) -> Verdict:
        waiting = self._ready.get(request.model_dump_json())
        ready = waiting.pop() if waiting else None
        if isinstance(ready, str):
            raise InputError(ready)
        if ready is not None:
            return ready
        return await self.coach.ajudge(request)

    async def aclose(self) -> None:
        return None


class RemoteEvalJudge:
    """The model judge, with a ``ProviderError`` per failed case instead of a fallback."""

    name: JudgeName = "openai"
    cacheable = True

    def __init__(self, settings: Settings, *, http_client: httpx.AsyncClient | None = None) -> None:
        from imago_coach.judges.llm import OpenAIJudge
        from imago_coach.providers.openai_chat import OpenAIChat

        settings.require_key()
        # One HTTP attempt per call: the runner retries (and spreads the retries out itself),
        # so its failure budget sees every failure and an SDK back-off never outlasts it.
        settings = settings.model_copy(update={"max_retries": 0})
        self.settings = settings
        self._client = http_client or httpx.AsyncClient(
            limits=httpx.Limits(max_connections=256, max_keepalive_connections=256)
        )
        self.http_client: httpx.AsyncClient | None = self._client
        self._owns_client = http_client is None
        chat = OpenAIChat(settings, async_http_client=self._client)
        self.inner: OpenAIJudge = OpenAIJudge(settings, chat=chat)
        self.model: str | None = settings.model
        self.prompt: str | None = self.inner.prompt.id
        self._params: dict[str, Any] | None = None

    def params(self) -> dict[str, Any]:
        if self._params is None:
            self._params = self._compute_params()
        return self._params

    def _compute_params(self) -> dict[str, Any]:
        from imago_coach.providers.schema import strict_schema

        schema = json.dumps(strict_schema(), sort_keys=True).encode()
        return {
            "endpoint": self.settings.base_url or "openai",
            "prompt_sha256": self.inner.prompt.sha256,
            "schema": hashlib.sha256(schema).hexdigest()[:12],
            "max_input_tokens": self.settings.max_input_tokens,
            "max_reasks": self.inner.max_reasks,
        }

    async def prepare(self, requests: list[CheckRequest]) -> None:
        """Nothing to do up front: the cases go to the model as they come."""

    async def ajudge(self, request: CheckRequest) -> Verdict:
        return await self.inner.ajudge(request)

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()


def build_judge(
    settings: Settings, *, http_client: httpx.AsyncClient | None = None
) -> LocalEvalJudge | RemoteEvalJudge:
    """The judge ``settings`` resolve to (``auto``: openai when a key is set)."""
    if settings.resolved_judge == "openai":
        return RemoteEvalJudge(settings, http_client=http_client)
    return LocalEvalJudge(settings)
