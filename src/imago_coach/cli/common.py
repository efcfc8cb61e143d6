"""Options shared by several commands, defined once, and the stderr console."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from imago_coach.errors import InputError
from imago_coach.settings import Settings, load_settings
from imago_coach.visible import visible

JudgeOpt = Annotated[
    str | None,
    typer.Option(
        "--judge",
        help="auto | local | openai (env IMAGO_JUDGE). auto: openai when OPENAI_API_KEY is set.",
        show_default=False,
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", help="Model for the openai judge (env IMAGO_MODEL; gpt-4o-mini).",
                 show_default=False),
]
PromptOpt = Annotated[
    Path | None,
    typer.Option("--prompt", help="Rubric prompt file to use instead of the packaged one.",
                 show_default=False),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option("--max-input-tokens",
                 help="Refuse requests longer than this (env IMAGO_MAX_INPUT_TOKENS; 4000).",
                 show_default=False),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="Print JSON on stdout (notes go to stderr).")
]


def settings_from(
    judge: str | None = None,
    model: str | None = None,
    prompt: Path | None = None,
    max_input_tokens: int | None = None,
) -> Settings:
    return load_settings(
        judge=judge, model=model, prompt_path=prompt, max_input_tokens=max_input_tokens
    )


def note(message: str) -> None:
    """A one-line note on stderr, so ``--json`` output on stdout stays clean."""
    typer.echo(f"note: {visible(message)}", err=True)


def write_report(path: Path, text: str) -> None:
    """Write a report privately (0600 file, new folders 0700), or say in one line why not."""
    from imago_coach.private import write_private

    try:
        write_private(path, text)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
