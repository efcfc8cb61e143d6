"""``imago doctor``: which judge and model would be used, and whether each part works."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from imago_coach.cli.common import (
    JsonOpt,
    JudgeOpt,
    ModelOpt,
    PromptOpt,
    TranscribeModelOpt,
    settings_from,
)
from imago_coach.doctor import diagnose


def doctor(
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    as_json: JsonOpt = False,
    transcribe_model: TranscribeModelOpt = None,
    tokenizer: Annotated[
        bool, typer.Option(help="Also try to load the tokenizer's encoding.")
    ] = True,
) -> None:
    """Show the judge, model, endpoint host, key status (never the key), prompts, tokenizer,
    and where recordings would be transcribed."""
    report = diagnose(
        settings_from(judge, model, prompt),
        check_tokenizer=tokenizer,
        transcribe_model=transcribe_model,
    )
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json")))
        return
    from imago_coach.render.doctor import render_doctor

    render_doctor(report)
