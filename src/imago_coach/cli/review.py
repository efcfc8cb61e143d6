"""``imago review TRANSCRIPT``: coaching feedback on a whole dialogue, from a transcript."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from imago_coach.cli.common import (
    JudgeOpt,
    MaxTokensOpt,
    ModelOpt,
    PromptOpt,
    SpeakersOpt,
    TranscribeModelOpt,
    note,
    settings_from,
    write_private,
)
from imago_coach.cli.common import progress_bar as common_progress_bar
from imago_coach.cli.transcribe import recording_turns
from imago_coach.coach import Coach
from imago_coach.errors import InputError
from imago_coach.store import db_path, require_writable
from imago_coach.transcript.readers import FORMATS
from imago_coach.transcript.report import ReviewReport
from imago_coach.transcript.review import DEFAULT_CONCURRENCY, review_file
from imago_coach.transcript.review import review as review_turns
from imago_coach.visible import visible

if TYPE_CHECKING:
    from rich.console import Console

OUT_FORMATS = ("md", "html", "json")
_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "json"}
LOCAL_PROGRESS_TURNS = 200  # the local judge is quick: a bar only for long sessions


def progress_bar(
    remote: bool, console: Console | None = None
) -> AbstractContextManager[Callable[[int, int], None]]:
    """The bar while the turns are judged: always with a model, and with the local judge above
    ``LOCAL_PROGRESS_TURNS`` turns."""
    return common_progress_bar(
        "judging turns",
        console=console,
        shown=lambda total: remote or total > LOCAL_PROGRESS_TURNS,
    )


def _out_format(fmt: str | None, output: Path | None) -> str | None:
    if fmt is not None:
        value = fmt.strip().lower()
        if value not in OUT_FORMATS:
            raise InputError(f"Unknown --format {fmt!r}: use md, html or json.")
        return value
    if output is not None:
        guessed = _SUFFIXES.get(output.suffix.lower())
        if guessed is None:
            raise InputError(f"Which format for {output.name}? Pass --format md, html or json.")
        return guessed
    return None


def _rendered(report: ReviewReport, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(report.contract(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from imago_coach.render.review_md import render_markdown

        return visible(render_markdown(report))
    from imago_coach.render.review_html import render_html

    return visible(render_html(report))


def review(
    transcript: Annotated[
        Path,
        typer.Argument(
            help="The transcript: .txt ('Name: text' lines), .vtt, .srt, .json or "
            ".jsonl; or a recording (.m4a, .mp3, .wav, ...), transcribed first.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="md | html | json (default: a report in the terminal).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file.", show_default=False),
    ] = None,
    format_in: Annotated[
        str | None,
        typer.Option(
            "--format-in",
            help=f"Read the transcript as {' | '.join(FORMATS)} (default: detected).",
            show_default=False,
        ),
    ] = None,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency", min=1, max=64, help="Turns judged at once by the openai judge."
        ),
    ] = DEFAULT_CONCURRENCY,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Keep each turn's stage and flags (not the words) for imago progress."
        ),
    ] = False,
    save_text: Annotated[
        bool, typer.Option("--save-text", help="Like --save, and keep the words of each turn too.")
    ] = False,
    me: Annotated[
        str | None,
        typer.Option(
            "--me",
            help="With --save: which speaker you are, so imago progress counts your turns only.",
            show_default=False,
        ),
    ] = None,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_input_tokens: MaxTokensOpt = None,
    speakers: SpeakersOpt = None,
    transcribe_model: TranscribeModelOpt = None,
    keep_transcript: Annotated[
        Path | None,
        typer.Option(
            "--keep-transcript",
            help="For a recording: also write its transcript here (0600).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Review a whole dialogue: rounds and stages, every turn judged, what to practise next."""
    out_fmt = _out_format(fmt, output)
    if format_in is not None and format_in.strip().lower() not in FORMATS:
        raise InputError(f"Unknown --format-in {format_in!r}: use one of {', '.join(FORMATS)}.")
    settings = settings_from(judge, model, prompt, max_input_tokens)
    if save or save_text:
        require_writable(db_path(settings.home))  # before any turn is judged
    heard = recording_turns(
        transcript, format_in, speakers, transcribe_model, settings, keep_transcript
    )
    coach = Coach(settings, notify=note)
    with progress_bar(coach.remote) as progress:
        if heard is None:
            report = review_file(
                transcript,
                coach,
                format_in=format_in.strip().lower() if format_in else None,
                concurrency=concurrency,
                progress=progress,
            )
        else:
            report = review_turns(
                heard, coach, concurrency=concurrency, progress=progress, source=transcript.name
            )
    if save or save_text:
        from imago_coach.practice.reviews import save_review

        note(save_review(report, db_path(settings.home), with_text=save_text, me=me))
    if out_fmt is None:
        from imago_coach.render.review_report import render_review

        render_review(report)
        return
    if report.summary.fallback_turns and report.notes:
        note(report.notes[0])  # "The model failed (...); the local judge answered N of M turns."
    text = _rendered(report, out_fmt)
    if output is None:
        typer.echo(text, nl=False)
        return
    write_private(output, text)
    note(f"wrote the {out_fmt} report ({len(report.turns)} turns) to {output}")
