"""The OpenAI Batch API through the official SDK: upload JSONL, create, poll, download.

Built on the same client settings, request shape and error mapping as ``openai_chat``, so a batch
line asks exactly what a live call would. Imported only when ``imago eval --batch`` runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

import httpx
import openai

from imago_coach.errors import ProviderError
from imago_coach.models import TokenUsage
from imago_coach.providers.openai_chat import ChatResult, chat_request, client_kwargs, map_error
from imago_coach.settings import Settings

ENDPOINT: Final[Literal["/v1/chat/completions"]] = "/v1/chat/completions"


@dataclass(frozen=True)
class BatchStatus:
    id: str
    status: str  # validating, in_progress, finalizing, completed, failed, expired, cancelled...
    completed: int
    failed: int
    total: int
    output_file_id: str | None
    error_file_id: str | None
    problem: str | None  # why a batch failed, when it did

    @property
    def finished(self) -> bool:
        return self.status in ("completed", "failed", "expired", "cancelled")


def request_line(
    custom_id: str,
    model: str,
    messages: list[dict[str, str]],
    response_format: dict[str, Any],
    max_tokens: int,
) -> dict[str, Any]:
    """One line of the batch input file: the body a live chat call would send."""
    body = chat_request(model, messages, response_format, max_tokens)
    body.update(body.pop("extra_body", {}))  # raw-body fields go to the top level in a batch
    return {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}


def chat_result(body: dict[str, Any]) -> ChatResult:
    """A chat completion from a batch output line's ``response.body``."""
    choices = body.get("choices") or []
    if not choices:
        raise ProviderError("the batch answer has no choices", raw=str(body)[:200])
    message = choices[0].get("message") or {}
    usage = body.get("usage")
    return ChatResult(
        content=message.get("content"),
        finish_reason=choices[0].get("finish_reason"),
        refusal=message.get("refusal"),
        usage=TokenUsage(
            prompt=usage.get("prompt_tokens") or 0,
            completion=usage.get("completion_tokens") or 0,
        )
        if usage
        else None,
    )


class OpenAIBatch:
    """A thin, injectable wrapper over ``openai.AsyncOpenAI``'s files and batches."""

    def __init__(self, settings: Settings, *, http_client: httpx.AsyncClient | None = None):
        self.settings = settings
        self._http_client = http_client
        self._client: openai.AsyncOpenAI | None = None

    @property
    def client(self) -> openai.AsyncOpenAI:
        if self._client is None:
            self._client = openai.AsyncOpenAI(
                **client_kwargs(self.settings),
                http_client=self._http_client or httpx.AsyncClient(),  # type: ignore[arg-type]
            )
        return self._client

    async def submit(self, jsonl: bytes, metadata: dict[str, str]) -> str:
        """Upload the input file and create the batch; returns the batch id."""
        try:
            uploaded = await self.client.files.create(
                file=("imago-eval.jsonl", jsonl, "application/jsonl"), purpose="batch"
            )
            batch = await self.client.batches.create(
                input_file_id=uploaded.id,
                endpoint=ENDPOINT,
                completion_window="24h",
                metadata=metadata,
            )
        except openai.OpenAIError as exc:
            raise map_error(exc, self.settings) from None
        return batch.id

    async def status(self, batch_id: str) -> BatchStatus:
        try:
            batch = await self.client.batches.retrieve(batch_id)
        except openai.OpenAIError as exc:
            raise map_error(exc, self.settings) from None
        counts = batch.request_counts
        problem = None
        if batch.errors is not None and batch.errors.data:
            problem = "; ".join(e.message or e.code or "error" for e in batch.errors.data)[:200]
        return BatchStatus(
            id=batch.id,
            status=batch.status,
            completed=counts.completed if counts else 0,
            failed=counts.failed if counts else 0,
            total=counts.total if counts else 0,
            output_file_id=batch.output_file_id,
            error_file_id=batch.error_file_id,
            problem=problem,
        )

    async def download(self, file_id: str) -> str:
        try:
            content = await self.client.files.content(file_id)
        except openai.OpenAIError as exc:
            raise map_error(exc, self.settings) from None
        return content.text
