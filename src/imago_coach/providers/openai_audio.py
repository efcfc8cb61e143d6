"""Transcription through the official ``openai`` SDK's ``audio.transcriptions.create``.

Diarizing models (``gpt-4o-transcribe-diarize``) are asked for ``diarized_json`` with
``chunking_strategy="auto"``; ``gpt-4o(-mini)-transcribe`` for ``json`` (all they offer); other
models, such as the ``whisper-1`` of a local Whisper server, for ``verbose_json`` (segments with
times). A server that refuses the format is asked once more for plain ``json``. The body is read
leniently, so a compatible server that answers another JSON shape (or plain text) still yields
segments; whether speakers came back is reported, never guessed. Transport retries (429, 5xx,
timeouts) are the SDK's ``max_retries``; failures are mapped to ``ProviderError``, key scrubbed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx
import openai
from pydantic import BaseModel, ConfigDict, ValidationError

from imago_coach.errors import ProviderError
from imago_coach.models import HeardPart, HeardSegment
from imago_coach.providers.openai_chat import is_response_format_unsupported, map_error, scrub
from imago_coach.settings import Settings, TranscribeSettings


class _WireSegment(BaseModel):
    model_config = ConfigDict(extra="ignore")

    start: float | None = None
    end: float | None = None
    speaker: str | None = None
    text: str = ""


class _WireBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = ""
    segments: list[_WireSegment] | None = None
    duration: float | None = None


def response_format_for(model: str) -> str:
    """The richest format ``model`` offers: speakers, else segment times, else plain json."""
    name = model.lower().rsplit("/", 1)[-1]
    if "diarize" in name:
        return "diarized_json"
    if name.startswith(("gpt-4o", "gpt-transcribe")):
        return "json"
    return "verbose_json"


def heard_from_body(body: str) -> HeardPart:
    """Read an endpoint's answer (any of the JSON shapes, or plain text) into a ``HeardPart``."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or not {"text", "segments"} & data.keys():
            raise ValueError("no text and no segments")
        wire = _WireBody.model_validate(data)
    except (ValueError, ValidationError):
        stripped = body.strip()
        if stripped.startswith(("{", "[")):
            raise ProviderError(
                "the endpoint's answer was not a transcription", raw=body[:200]
            ) from None
        if stripped.startswith("<"):  # a web page: OPENAI_BASE_URL names a site, not the API
            raise ProviderError(
                "the endpoint answered with a web page, not a transcription", raw=body[:200]
            ) from None
        wire = _WireBody(text=stripped)
    segments = [
        HeardSegment(
            start=s.start, end=s.end, speaker=(s.speaker or "").strip() or None, text=s.text
        )
        for s in wire.segments or []
        if s.text.strip()
    ]
    if not segments and wire.text.strip():
        segments = [HeardSegment(text=wire.text)]
    diarized = bool(segments) and all(s.speaker for s in segments)
    return HeardPart(segments=segments, diarized=diarized, duration=wire.duration)


class OpenAIAudio:
    """One client per run; ``transcribe`` sends one part and returns what was heard."""

    def __init__(self, settings: TranscribeSettings, *, http_client: httpx.Client | None = None):
        self.settings = settings
        self.host = settings.endpoint_host
        self.model = settings.model
        self._client = openai.OpenAI(
            api_key=settings.require_key().get_secret_value(),
            base_url=settings.base_url,
            max_retries=settings.max_retries,
            timeout=settings.timeout_s,
            http_client=http_client or httpx.Client(),  # type: ignore[arg-type]
        )
        self._format = response_format_for(settings.model)

    def transcribe(
        self,
        filename: str,
        data: bytes,
        mime: str,
        *,
        known_names: Sequence[str] = (),
        known_references: Sequence[str] = (),
    ) -> HeardPart:
        """Transcribe one file's bytes; ``known_*`` tie voices to earlier parts' labels."""
        try:
            return self._create(filename, data, mime, list(known_names), list(known_references))
        except ProviderError as err:
            if self._format == "json" or not is_response_format_unsupported(err):
                raise
            self._format = "json"  # the server lacks the richer format: plain text, said so
            return self._create(filename, data, mime, [], [])

    def _create(
        self, filename: str, data: bytes, mime: str, names: list[str], refs: list[str]
    ) -> HeardPart:
        extra: dict[str, Any] = {}
        if self._format == "diarized_json":
            extra["chunking_strategy"] = "auto"
            if names and len(names) == len(refs):
                extra["known_speaker_names"] = names
                extra["known_speaker_references"] = refs
        try:
            raw = self._client.audio.transcriptions.with_raw_response.create(  # type: ignore[call-overload]
                file=(filename, data, mime),
                model=self.settings.model,
                response_format=self._format,
                **extra,
            )
        except openai.OpenAIError as exc:
            err = map_error(exc, self._as_chat_settings())
            if isinstance(exc, openai.APIStatusError):
                err.raw = self._said(exc)
            raise err from None
        return heard_from_body(raw.text)

    def _said(self, exc: openai.APIStatusError) -> str | None:
        """The endpoint's own words about a refusal ("audio too long"), key scrubbed."""
        body = exc.body
        message = body.get("message") if isinstance(body, dict) else None
        if not isinstance(message, str) or not message.strip():
            return None
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        return scrub(" ".join(message.split()), key)[:160]

    def _as_chat_settings(self) -> Settings:
        """``map_error`` reads only the key (to scrub it) and the retry count."""
        return Settings(api_key=self.settings.api_key, max_retries=self.settings.max_retries)

    def __enter__(self) -> OpenAIAudio:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._client.close()
