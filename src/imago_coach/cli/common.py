"""Options shared by several commands, defined once; the stderr note and progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from imago_coach.errors import InputError
from imago_coach.settings import Settings, load_settings
from imago_coach.visible import visible

if TYPE_CHECKING:
    from rich.console import Console

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
    typer.Option(
        "--model",
        help="Model for the openai judge (env IMAGO_MODEL; gpt-4o-mini).",
        show_default=False,
    ),
]
PromptOpt = Annotated[
    Path | None,
    typer.Option(
        "--prompt",
        help="Rubric prompt file to use instead of the packaged one.",
        show_default=False,
    ),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--max-input-tokens",
        help="Refuse requests longer than this (env IMAGO_MAX_INPUT_TOKENS; 4000).",
        show_default=False,
    ),
]
SpeakersOpt = Annotated[
    str | None,
    typer.Option(
        "--speakers",
        help='Names for the voices in order of first speech, e.g. "Maya,Daniel".',
        show_default=False,
    ),
]
TranscribeModelOpt = Annotated[
    str | None,
    typer.Option(
        "--transcribe-model",
        help="Transcription model (env IMAGO_TRANSCRIBE_MODEL; gpt-4o-transcribe-diarize).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON on stdout (notes go to stderr).")]


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


@contextmanager
def progress_bar(
    label: str,
    *,
    console: Console | None = None,
    eta: bool = False,
    shown: Callable[[int], bool] | None = None,
) -> Iterator[Callable[[int, int], None]]:
    """A transient progress bar on stderr, when it is a terminal, fed ``(done, total)``.

    ``shown``: whether a run of ``total`` items deserves a bar (decided at the first update);
    without it the bar shows from the start. rich is imported only here, when a command runs.
    """
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    out = console or Console(stderr=True, highlight=False, soft_wrap=False)
    columns: list[ProgressColumn] = [
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ]
    if eta:
        columns += [TextColumn("eta"), TimeRemainingColumn()]
    bar = Progress(*columns, console=out, transient=True)
    task = bar.add_task(label, total=None)
    if shown is None and out.is_terminal:
        bar.start()

    def update(done: int, total: int) -> None:
        if not bar.live.is_started:
            if not out.is_terminal or (shown is not None and not shown(total)):
                return
            bar.start()
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar.live.is_started:
            bar.stop()


def write_private(path: Path, text: str) -> None:
    """Write a report privately (0600 file, new folders 0700, whatever the umask), or say in
    one line why not: it holds intimate words."""
    from imago_coach.private import write_private as write

    try:
        write(path, text)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.") from None
