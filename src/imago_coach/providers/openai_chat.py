"""Chat completions through the official ``openai`` SDK, against any OpenAI-compatible endpoint.

The only module that imports ``openai`` (about half a second of start-up, so it is imported only
when the openai judge is actually used). Transport retries (429 with Retry-After, 5xx, timeouts,
refused connections) are delegated to the SDK's ``max_retries``; everything the SDK raises is
mapped to ``ProviderError`` with the key scrubbed from its message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
import openai

from imago_coach.errors import ProviderError
from imago_coach.models import TokenUsage
from imago_coach.settings import Settings

_KEYLIKE = re.compile(r"\b(sk|key|Bearer)[-_ ]?[A-Za-z0-9_\-\*]{6,}")


@dataclass(frozen=True)
class ChatResult:
    content: str | None
    finish_reason: str | None
    refusal: str | None
    usage: TokenUsage | None


def scrub(text: str, secret: str | None) -> str:
    """Remove the key (and anything key-like) from a message before it is shown or stored."""
    if secret:
        text = text.replace(secret, "[redacted]")
    return _KEYLIKE.sub("[redacted]", text)


def client_kwargs(settings: Settings) -> dict[str, Any]:
    key = settings.require_key().get_secret_value()
    kwargs: dict[str, Any] = {
        "api_key": key,
        "max_retries": settings.max_retries,
        "timeout": settings.timeout_s,
    }
    if settings.base_url:
        kwargs["base_url"] = settings.base_url
    return kwargs


def chat_request(
    model: str, messages: list[dict[str, str]], response_format: dict[str, Any], max_tokens: int
) -> dict[str, Any]:
    request: dict[str, Any] = {
        "model": model,
        "messages": messages,
        "max_completion_tokens": max_tokens,
        # Sent as raw body: the SDK would otherwise walk the whole schema on every request.
        "extra_body": {"response_format": response_format},
    }
    if not model.lower().rsplit("/", 1)[-1].startswith(("o1", "o3", "o4", "gpt-5")):
        request["temperature"] = 0  # reasoning models accept only their default
    return request


def _result(completion: Any) -> ChatResult:
    if not getattr(completion, "choices", None):
        raise ProviderError("the endpoint answered without any choices", raw=str(completion))
    choice = completion.choices[0]
    usage = None
    if completion.usage is not None:
        usage = TokenUsage(
            prompt=completion.usage.prompt_tokens or 0,
            completion=completion.usage.completion_tokens or 0,
        )
    return ChatResult(
        content=choice.message.content,
        finish_reason=choice.finish_reason,
        refusal=getattr(choice.message, "refusal", None),
        usage=usage,
    )


def map_error(exc: Exception, settings: Settings) -> ProviderError:
    secret = settings.api_key.get_secret_value() if settings.api_key else None
    attempts = settings.max_retries + 1
    if isinstance(exc, openai.APIStatusError):
        detail = scrub(str(exc), secret)[:200]
        retried = exc.status_code == 429 or exc.status_code >= 500
        return ProviderError(
            detail,
            attempts=attempts if retried else 1,
            status=exc.status_code,
        )
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError("the request timed out", attempts=attempts)
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError("could not connect to the endpoint", attempts=attempts)
    return ProviderError(scrub(f"{type(exc).__name__}: {exc}", secret)[:200])


def is_response_format_unsupported(err: ProviderError) -> bool:
    """A 400 about response_format: the server lacks strict json_schema support."""
    return err.status == 400 and ("response_format" in err.reason or "json_schema" in err.reason)


class OpenAIChat:
    """A thin, injectable wrapper over ``openai.OpenAI`` / ``openai.AsyncOpenAI``."""

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self.settings = settings
        self._http_client = http_client
        self._async_http_client = async_http_client
        self._client: openai.OpenAI | None = None
        self._async_client: openai.AsyncOpenAI | None = None

    @property
    def client(self) -> openai.OpenAI:
        if self._client is None:
            self._client = openai.OpenAI(
                **client_kwargs(self.settings),
                http_client=self._http_client or httpx.Client(),  # type: ignore[arg-type]
            )
        return self._client

    @property
    def async_client(self) -> openai.AsyncOpenAI:
        if self._async_client is None:
            self._async_client = openai.AsyncOpenAI(
                **client_kwargs(self.settings),
                http_client=self._async_http_client or httpx.AsyncClient(),  # type: ignore[arg-type]
            )
        return self._async_client

    def complete(
        self,
        messages: list[dict[str, str]],
        response_format: dict[str, Any],
        max_tokens: int = 1200,
    ) -> ChatResult:
        try:
            completion = self.client.chat.completions.create(
                **chat_request(self.settings.model, messages, response_format, max_tokens)
            )
        except openai.OpenAIError as exc:
            raise map_error(exc, self.settings) from None
        return _result(completion)

    async def acomplete(
        self,
        messages: list[dict[str, str]],
        response_format: dict[str, Any],
        max_tokens: int = 1200,
    ) -> ChatResult:
        try:
            completion = await self.async_client.chat.completions.create(
                **chat_request(self.settings.model, messages, response_format, max_tokens)
            )
        except openai.OpenAIError as exc:
            raise map_error(exc, self.settings) from None
        return _result(completion)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
