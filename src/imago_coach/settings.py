"""Settings, resolved once: command-line flags > environment > defaults.

This is the only module that reads the environment (configuration, and where the data and cache
directories are). The API key is held as a ``SecretStr`` and never rendered; ``sources`` says
where each value came from. It imports only ``errors`` of ours.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, SecretStr

from imago_coach.errors import ConfigError

JudgeChoice = Literal["auto", "local", "openai"]
JUDGE_CHOICES: tuple[str, ...] = ("auto", "local", "openai")
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MAX_INPUT_TOKENS = 4000


class Settings(BaseModel):
    """Everything a command needs to know about where and how to judge."""

    model_config = ConfigDict(frozen=True)

    judge: JudgeChoice = "auto"
    model: str = DEFAULT_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    prompt_path: Path | None = None
    max_input_tokens: int = DEFAULT_MAX_INPUT_TOKENS
    timeout_s: float = 30.0
    max_retries: int = 2
    home: Path | None = None
    sources: dict[str, str] = {}

    @property
    def resolved_judge(self) -> Literal["local", "openai"]:
        """``auto`` means openai when a key is set, otherwise local."""
        if self.judge == "auto":
            return "openai" if self.api_key is not None else "local"
        return self.judge

    @property
    def endpoint_host(self) -> str:
        """The host the words go to with the openai judge (never the key)."""
        return urlparse(self.base_url or DEFAULT_BASE_URL).hostname or "unknown host"

    def override(
        self, *, judge: str | None = None, model: str | None = None, prompt_path: Path | None = None
    ) -> Settings:
        """These settings with flags given later (one side of ``imago eval compare``)."""
        update: dict[str, object] = {}
        sources = dict(self.sources)
        if judge is not None:
            update["judge"], sources["judge"] = _judge_choice(judge), "flag"
        if model is not None:
            update["model"], sources["model"] = model, "flag"
        if prompt_path is not None:
            update["prompt_path"], sources["prompt"] = prompt_path.expanduser(), "flag"
        return self.model_copy(update={**update, "sources": sources})

    def require_key(self) -> SecretStr:
        if self.api_key is None:
            raise ConfigError(
                "No API key found: set OPENAI_API_KEY (any value works for a local Ollama or vLLM "
                "server), or use --judge local to stay offline."
            )
        return self.api_key


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() if value and value.strip() else None


def _timeout(raw: str | None) -> float:
    """``IMAGO_TIMEOUT`` in seconds: a positive number, at most a day."""
    if raw is None:
        return 30.0
    try:
        value = float(raw)
    except ValueError:
        value = float("nan")
    if not 0 < value <= 86_400:  # also refuses nan and inf
        raise ConfigError(
            f"IMAGO_TIMEOUT must be a number of seconds, such as 30, not {raw[:40]!r}: fix or "
            "unset it."
        )
    return value


def data_dir(home: Path | None = None) -> Path:
    """``home`` if given, else ``IMAGO_HOME``, else the platform's user data directory."""
    if home is not None:
        return home
    env = os.environ.get("IMAGO_HOME")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "imago"


def cache_dir() -> Path:
    """``$IMAGO_HOME/cache``, else the platform's user cache directory."""
    home = os.environ.get("IMAGO_HOME")
    if home:
        return Path(home).expanduser() / "cache"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "imago"


def tiktoken_cache_dir() -> Path | None:
    """Where tiktoken looks for its encoding files (its own lookup: ``TIKTOKEN_CACHE_DIR``, else
    ``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``), or None when its cache is off."""
    for name in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if name in os.environ:
            return Path(os.environ[name]) if os.environ[name] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _judge_choice(value: str) -> JudgeChoice:
    choice = value.lower()
    if choice not in JUDGE_CHOICES:
        raise ConfigError(
            f"Unknown judge {choice!r}: use one of {', '.join(JUDGE_CHOICES)} "
            "(--judge or IMAGO_JUDGE)."
        )
    return choice  # type: ignore[return-value]  # checked against JUDGE_CHOICES


def load_settings(
    *,
    judge: str | None = None,
    model: str | None = None,
    prompt_path: Path | None = None,
    max_input_tokens: int | None = None,
) -> Settings:
    """Resolve settings from flags (the arguments), then the environment, then defaults."""
    sources: dict[str, str] = {}

    def pick(name: str, flag: object | None, env_name: str) -> str | None:
        if flag is not None:
            sources[name] = "flag"
            return str(flag)
        value = _env(env_name)
        if value is not None:
            sources[name] = f"env {env_name}"
            return value
        sources[name] = "default"
        return None

    judge_value = _judge_choice(pick("judge", judge, "IMAGO_JUDGE") or "auto")
    model_value = pick("model", model, "IMAGO_MODEL") or DEFAULT_MODEL
    prompt_value = pick("prompt", prompt_path, "IMAGO_PROMPT")
    budget_raw = pick("max_input_tokens", max_input_tokens, "IMAGO_MAX_INPUT_TOKENS")
    try:
        budget = int(budget_raw) if budget_raw else DEFAULT_MAX_INPUT_TOKENS
    except ValueError:
        raise ConfigError(
            f"IMAGO_MAX_INPUT_TOKENS must be a whole number, not {str(budget_raw)[:40]!r}."
        ) from None
    if budget < 1:
        where = (
            "--max-input-tokens"
            if sources["max_input_tokens"] == "flag"
            else "IMAGO_MAX_INPUT_TOKENS"
        )
        raise ConfigError(f"The token budget must be at least 1 ({where}).")
    key = _env("OPENAI_API_KEY")
    sources["api_key"] = "env OPENAI_API_KEY" if key else "not set"
    base_url = _env("OPENAI_BASE_URL")
    sources["base_url"] = "env OPENAI_BASE_URL" if base_url else "default"
    if base_url:
        parsed = urlparse(base_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(
                f"OPENAI_BASE_URL is not a URL ({base_url!r}): set it to the endpoint's address, "
                "e.g. http://localhost:11434/v1, or unset it to use OpenAI."
            )
    home = _env("IMAGO_HOME")
    return Settings(
        judge=judge_value,
        model=model_value,
        base_url=base_url,
        api_key=SecretStr(key) if key else None,
        prompt_path=Path(prompt_value).expanduser() if prompt_value else None,
        max_input_tokens=budget,
        timeout_s=_timeout(_env("IMAGO_TIMEOUT")),
        home=Path(home).expanduser() if home else None,
        sources=sources,
    )


def pattern_cache_enabled() -> bool:
    """Whether compiled patterns are kept between runs; ``IMAGO_PATTERN_CACHE=off`` turns it off."""
    value = (_env("IMAGO_PATTERN_CACHE") or "").lower()
    return value not in {"0", "off", "false", "no"}


DEFAULT_TRANSCRIBE_MODEL = "gpt-4o-transcribe-diarize"
DEFAULT_AUDIO_MAX_MB = 25.0  # OpenAI's limit for one transcription request
DEFAULT_TRANSCRIBE_TIMEOUT = 300.0  # seconds for one part: minutes of audio take a while
NO_KEY = "no-key"  # sent to a custom endpoint that has no key of its own (the SDK needs one)


class TranscribeSettings(BaseModel):
    """Where and how recordings are transcribed (audio always goes to an endpoint)."""

    model_config = ConfigDict(frozen=True)

    model: str = DEFAULT_TRANSCRIBE_MODEL
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = DEFAULT_TRANSCRIBE_TIMEOUT
    max_retries: int = 2
    max_bytes: int = int(DEFAULT_AUDIO_MAX_MB * 1_000_000)
    sources: dict[str, str] = {}

    @property
    def endpoint_host(self) -> str:
        """The host the audio goes to (never the key)."""
        return urlparse(self.base_url or DEFAULT_BASE_URL).hostname or "unknown host"

    def require_key(self) -> SecretStr:
        """The key to send: the user's for OpenAI; a placeholder for a keyless custom server."""
        if self.api_key is not None:
            return self.api_key
        if self.base_url:
            return SecretStr(NO_KEY)
        raise ConfigError(
            "Transcribing needs an endpoint: set OPENAI_API_KEY to use OpenAI, or OPENAI_BASE_URL "
            "to a local Whisper server. There is no offline transcription; a transcript from any "
            "tool can be reviewed offline (e.g. imago review talk.txt)."
        )


def _positive_float(name: str, default: float) -> float:
    raw = _env(name)
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):  # 'abc', also 'inf' and 'nan', which float() accepts
        raise ConfigError(f"{name} must be a number, not {raw!r}.")
    if value <= 0:
        raise ConfigError(f"{name} must be above 0, not {raw!r}.")
    return value


def transcribe_settings(base: Settings, model: str | None = None) -> TranscribeSettings:
    """Transcription settings: ``--transcribe-model`` > IMAGO_TRANSCRIBE_MODEL > default; the
    endpoint and key are the judge's (OPENAI_BASE_URL, OPENAI_API_KEY)."""
    sources = {k: v for k, v in base.sources.items() if k in ("api_key", "base_url")}
    chosen = model.strip() if model and model.strip() else None
    if chosen:
        sources["model"] = "flag"
    elif _env("IMAGO_TRANSCRIBE_MODEL"):
        chosen = _env("IMAGO_TRANSCRIBE_MODEL")
        sources["model"] = "env IMAGO_TRANSCRIBE_MODEL"
    else:
        sources["model"] = "default"
    return TranscribeSettings(
        model=chosen or DEFAULT_TRANSCRIBE_MODEL,
        base_url=base.base_url,
        api_key=base.api_key,
        timeout_s=_positive_float("IMAGO_TRANSCRIBE_TIMEOUT", DEFAULT_TRANSCRIBE_TIMEOUT),
        max_retries=base.max_retries,
        max_bytes=int(_positive_float("IMAGO_AUDIO_MAX_MB", DEFAULT_AUDIO_MAX_MB) * 1_000_000),
        sources=sources,
    )
