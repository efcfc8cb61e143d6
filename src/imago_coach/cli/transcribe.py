"""``imago transcribe RECORDING``: a transcript with speakers and times, from an audio endpoint."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from imago_coach.cli.common import (
    JsonOpt,
    SpeakersOpt,
    TranscribeModelOpt,
    note,
    settings_from,
    write_private,
)
from imago_coach.errors import InputError
from imago_coach.settings import Settings, transcribe_settings
from imago_coach.transcript.audio import check_audio, is_audio
from imago_coach.transcript.readers import ReadResult
from imago_coach.transcript.transcribe import (
    Transcript,
    for_review,
    parse_speakers,
    rename_speakers,
    to_text,
    transcribe_recording,
)
from imago_coach.visible import visible


@contextmanager
def _status(name: str) -> Iterator[Callable[[int], None]]:
    """A transient spinner on stderr (when it is a terminal) while the parts are transcribed."""
    from rich.console import Console

    from imago_coach.render.safe import escape

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda _done: None
        return
    label = f"transcribing {escape(name)}"
    with console.status(label) as status:
        yield lambda done: status.update(f"{label}: {done} part{'s' if done > 1 else ''} done")


def run_transcription(
    recording: Path,
    *,
    speakers: str | None,
    model: str | None,
    settings: Settings | None = None,
    quiet: bool = False,
) -> Transcript:
    """Check, transcribe and join ``recording``, with the notes on stderr (unless ``quiet``);
    shared by review."""
    names = parse_speakers(speakers)
    check_audio(recording)  # a wrong path is told before any question of keys
    chosen = transcribe_settings(settings or settings_from(), model)
    from imago_coach.providers.openai_audio import OpenAIAudio

    with OpenAIAudio(chosen) as client, _status(recording.name) as progress:
        transcript = transcribe_recording(
            recording,
            client,
            max_bytes=chosen.max_bytes,
            speakers=names,
            notify=note,
            progress=progress,
        )
    for line in [] if quiet else transcript.notes:
        note(line)
    if not transcript.turns:
        note(f"no speech was heard in {recording.name}: is it the right recording?")
    return transcript


def check_output(recording: Path, output: Path | None) -> None:
    """Refuse an ``-o`` that would overwrite the recording, look like one, or is a folder."""
    if output is None:
        return
    if is_audio(output) or output.resolve() == recording.resolve():
        raise InputError(
            f"-o {output.name} would overwrite or look like a recording: write the transcript "
            f"to a .txt or .json file, e.g. -o {recording.stem}.txt."
        )
    if output.is_dir():  # found before the audio is sent, not after it was transcribed
        raise InputError(
            f"{output} is a folder: name the transcript file in it, e.g. "
            f"{output / recording.stem}.txt."
        )


def _write(output: Path, transcript: Transcript, as_json: bool) -> None:
    text = (
        json.dumps(transcript.contract(), ensure_ascii=False, indent=2) + "\n"
        if as_json
        else visible(to_text(transcript))
    )  # safe to cat; review reads \x1b as text
    write_private(output, text)
    voices = len(transcript.speakers)
    who = f"{voices} speaker{'s' if voices != 1 else ''}" if voices else "speakers not named"
    note(f"wrote the transcript ({len(transcript.turns)} lines, {who}) to {output}")


def recording_turns(
    path: Path,
    format_in: str | None,
    speakers: str | None,
    model: str | None,
    settings: Settings,
    keep: Path | None,
) -> ReadResult | None:
    """``imago review RECORDING``: the turns to review (the transcript kept only if asked).
    For a transcript file: None, or with ``--speakers`` its turns with the speakers renamed."""
    if not is_audio(path):
        if model or keep:
            raise InputError(
                "--transcribe-model and --keep-transcript are for recordings; "
                f"{path.name} is already a transcript: leave them out."
            )
        if speakers is None:
            return None
        from imago_coach.transcript.review import read_transcript

        names = parse_speakers(speakers)
        return rename_speakers(read_transcript(path, format_in), names, path.name)
    if format_in is not None:
        raise InputError(f"--format-in is for transcripts; {path.name} is a recording.")
    check_output(path, keep)
    transcript = run_transcription(
        path, speakers=speakers, model=model, settings=settings, quiet=True
    )
    for line in transcript.notes if transcript.diarized else []:  # else: the error says it all
        note(line)
    if keep is not None:
        _write(keep, transcript, keep.suffix.lower() == ".json")
        hint = (
            f"Open {keep}, put each speaker's name in place of each '?', then run: "
            f"imago review {keep}"
        )
    else:
        hint = (
            f"Keep the transcript (imago transcribe {path.name} -o "
            f"{path.stem}.txt), name the speakers in it, then review that file."
        )
    return for_review(transcript, hint)


def transcribe(
    recording: Annotated[
        Path,
        typer.Argument(
            help="The recording: mp3, mp4, m4a, wav, webm, ogg or flac.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the transcript here (.txt, or .json for the "
            "JSON); private to you (0600). Default: print it.",
            show_default=False,
        ),
    ] = None,
    speakers: SpeakersOpt = None,
    transcribe_model: TranscribeModelOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Transcribe a recorded talk with speakers and times (the audio goes to the endpoint)."""
    check_output(recording, output)
    transcript = run_transcription(recording, speakers=speakers, model=transcribe_model)
    if output is None:
        typer.echo(
            json.dumps(transcript.contract(), ensure_ascii=False, indent=2)
            if as_json
            else visible(to_text(transcript)),
            nl=as_json,
        )
        return
    as_json = as_json or output.suffix.lower() == ".json"
    _write(output, transcript, as_json)
    if transcript.diarized and not as_json:
        note(f"review it offline with: imago review {output}")
