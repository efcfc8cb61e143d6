"""What ``imago doctor`` reports: the configuration as it would be used, never the key."""

from __future__ import annotations

import stat
from importlib import metadata

from pydantic import BaseModel

from imago_coach.errors import ImagoError
from imago_coach.prompts import load_prompt, prompts_dir
from imago_coach.settings import Settings, transcribe_settings
from imago_coach.store import db_path
from imago_coach.tokens import tokenizer_status


class PromptInfo(BaseModel):
    name: str
    version: str
    id: str
    path: str


class DoctorReport(BaseModel):
    judge: str
    judge_source: str
    model: str | None
    endpoint_host: str | None
    key_set: bool
    key_source: str
    words_leave_machine: bool
    prompts: list[PromptInfo]
    prompt_errors: list[str]
    tokenizer_ok: bool | None
    tokenizer: str
    store: str
    store_mode: str | None
    openai_sdk: str | None
    transcribe_model: str
    transcribe_model_source: str
    transcribe_endpoint_host: str
    transcribe_ready: bool  # a key is set, or a custom endpoint that needs none


def diagnose(
    settings: Settings, *, check_tokenizer: bool = True, transcribe_model: str | None = None
) -> DoctorReport:
    remote = settings.resolved_judge == "openai"
    prompts: list[PromptInfo] = []
    errors: list[str] = []
    names = sorted(p.stem for p in prompts_dir().glob("*.md"))
    for name in names:
        override = settings.prompt_path if name == "rubric" else None
        try:
            prompt = load_prompt(name, override)
        except ImagoError as err:
            errors.append(str(err))
            continue
        prompts.append(
            PromptInfo(
                name=prompt.name, version=prompt.version, id=prompt.id, path=str(prompt.path)
            )
        )
    tokenizer_ok: bool | None = None
    tokenizer = "not checked"
    if check_tokenizer:
        tokenizer_ok, tokenizer = tokenizer_status(settings.model)
    path = db_path(settings.home)
    mode = oct(stat.S_IMODE(path.stat().st_mode)) if path.exists() else None
    try:
        sdk: str | None = metadata.version("openai")
    except metadata.PackageNotFoundError:
        sdk = None
    audio = transcribe_settings(settings, transcribe_model)
    return DoctorReport(
        judge=settings.resolved_judge,
        judge_source=f"{settings.judge} ({settings.sources.get('judge', 'default')})",
        model=settings.model if remote else None,
        endpoint_host=settings.endpoint_host if remote else None,
        key_set=settings.api_key is not None,
        key_source=settings.sources.get("api_key", "not set"),
        words_leave_machine=remote,
        prompts=prompts,
        prompt_errors=errors,
        tokenizer_ok=tokenizer_ok,
        tokenizer=tokenizer,
        store=str(path),
        store_mode=mode,
        openai_sdk=sdk,
        transcribe_model=audio.model,
        transcribe_model_source=audio.sources.get("model", "default"),
        transcribe_endpoint_host=audio.endpoint_host,
        transcribe_ready=audio.api_key is not None or audio.base_url is not None,
    )
