"""The core of ``imago transcribe``: check the recording, upload it (in parts when it is long),
join what came back with continuous times and speakers, and name the speakers.

Speakers come back as the endpoint's labels (A, B) and are shown as "Speaker A", "Speaker B" in
order of first speech, or named with ``--speakers`` in that order. When a recording is split,
each later part is sent with a few seconds of each voice from the first part, so the endpoint
can give the same voice the same label; a voice it cannot match gets a new label, and the notes
say so. An endpoint that returns no speaker labels gets one line per segment with an unnamed
speaker ("?"): imago never guesses who spoke.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel

from imago_coach.errors import InputError, ProviderError
from imago_coach.models import HeardPart, HeardSegment
from imago_coach.transcript.audio import (
    AudioPart,
    check_audio,
    parts,
    size_text,
    voice_sample,
)
from imago_coach.transcript.readers import ReadResult, clean_text, parse, split_name

UNNAMED = "?"
MAX_KNOWN_VOICES = 4  # the endpoint takes at most four voice samples
PARALLEL_PARTS = 4  # after the first part (whose voices the others need), parts go in parallel
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=\S)")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class Transcriber(Protocol):
    """What transcribing needs of an endpoint; ``providers.openai_audio.OpenAIAudio`` is one."""

    host: str
    model: str

    def transcribe(
        self,
        filename: str,
        data: bytes,
        mime: str,
        *,
        known_names: Sequence[str] = (),
        known_references: Sequence[str] = (),
    ) -> HeardPart: ...


class TranscriptTurn(BaseModel):
    """One line of the transcript: a turn when speakers are known, else one segment."""

    start: float | None
    end: float | None
    label: str | None  # the endpoint's speaker label, joined across parts; None: not known
    speaker: str  # the name shown: "Maya", "Speaker A", or "?" when nobody said who spoke
    text: str


class Transcript(BaseModel):
    """A transcribed recording: the JSON of ``imago transcribe --json``."""

    source: str
    model: str
    endpoint_host: str
    diarized: bool
    parts: int
    duration: float | None
    speakers: dict[str, str]  # label -> name, in order of first speech
    turns: list[TranscriptTurn]  # "turns", so `imago review talk.json` reads it back
    notes: list[str]

    def contract(self) -> dict[str, object]:
        return self.model_dump(mode="json")


def parse_speakers(raw: str | None) -> list[str]:
    """``--speakers "Maya,Daniel"`` as names, each one usable as a transcript's ``Name:``."""
    if raw is None:
        return []
    names = [" ".join(part.split()) for part in raw.split(",")]
    if not any(names):
        raise InputError('--speakers needs names, comma-separated: --speakers "Maya,Daniel".')
    for name in names:
        if not name or split_name(f"{name}: x")[1] != name or _CONTROL.search(name):
            shown = _CONTROL.sub("", name)[:40]
            raise InputError(
                f"{shown!r} cannot be a speaker's name: use a first name (letters, spaces, "
                'hyphens), comma-separated, e.g. --speakers "Maya,Daniel".'
            )
    if len({n.casefold() for n in names}) < len(names):
        raise InputError("--speakers names the same person twice: give each voice its own name.")
    return names


def rename_speakers(read: ReadResult, names: list[str], source: str) -> ReadResult:
    """``read`` with its speakers renamed to ``names`` in order of first speech
    (``imago review tj.json --speakers "Maya,Dan"``); one name for each voice, or an error."""
    order = list(dict.fromkeys(u.speaker for u in read.utterances))
    if UNNAMED in order:
        raise InputError(
            f"Some lines of {source} start with '?' (nobody said who spoke): put "
            "each speaker's name in place of each '?' instead of using --speakers."
        )
    if len(order) != len(names):
        heard = ", ".join(order) if len(order) <= 6 else f"{', '.join(order[:6])}, …"
        raise InputError(
            f"{source} has {len(order)} speaker{'s' if len(order) != 1 else ''} ({heard}) and "
            f"--speakers gives {len(names)} name{'s' if len(names) != 1 else ''}: give one "
            "name for each, in order of first speech."
        )
    new = dict(zip(order, names, strict=True))
    turns = [replace(u, speaker=new[u.speaker]) for u in read.utterances]
    return replace(read, utterances=turns)


def transcribe_recording(
    path: Path,
    transcriber: Transcriber,
    *,
    max_bytes: int,
    speakers: Sequence[str] = (),
    notify: Callable[[str], None] = lambda _m: None,
    progress: Callable[[int], None] = lambda _n: None,
) -> Transcript:
    """Transcribe the recording at ``path``; see the module docstring."""
    audio = check_audio(path)
    uploads = parts(audio, max_bytes)
    first = next(uploads)  # checked, decoded and cut before the line saying it is sent
    notify(
        f"sending {path.name} ({size_text(audio.size)} of audio) to "
        f"{transcriber.host} to be transcribed by {transcriber.model}; imago keeps no copy of it."
    )
    joiner = _Joiner()
    heard = list(_transcribe_parts(first, uploads, transcriber, joiner, progress))
    lines, names, notes = _lines(heard, list(speakers))
    durations = [part.duration for _, part in heard]
    total = (heard[-1][0] + durations[-1]) if heard and durations[-1] else None
    return Transcript(
        source=path.name,
        model=transcriber.model,
        endpoint_host=transcriber.host,
        diarized=all(part.diarized for _, part in heard),
        parts=len(heard),
        duration=round(total, 2) if total is not None else None,
        speakers=names,
        turns=lines,
        notes=[*joiner.notes, *notes],
    )


def _transcribe_parts(
    first: AudioPart,
    uploads: Iterator[AudioPart],
    transcriber: Transcriber,
    joiner: _Joiner,
    progress: Callable[[int], None],
) -> Iterator[tuple[float, HeardPart]]:
    """Each part's offset with what was heard, in order: the first alone, then up to
    ``PARALLEL_PARTS`` at once (a generator, so only those parts' audio is in memory)."""
    heard = _send(transcriber, first, 1, (), ())
    joiner.add_first(first, heard)
    progress(1)
    yield first.offset, heard
    names, refs = joiner.known()
    pending: list[tuple[AudioPart, Future[HeardPart]]] = []
    with ThreadPoolExecutor(max_workers=PARALLEL_PARTS) as pool:
        try:
            for number, part in enumerate(uploads, start=2):
                pending.append((part, pool.submit(_send, transcriber, part, number, names, refs)))
                if len(pending) >= PARALLEL_PARTS:
                    yield _collect(pending.pop(0), joiner, progress)
            while pending:
                yield _collect(pending.pop(0), joiner, progress)
        except BaseException:
            for _, future in pending:  # one part failed: the ones not yet sent are not sent
                future.cancel()
            raise


def _collect(
    item: tuple[AudioPart, Future[HeardPart]], joiner: _Joiner, progress: Callable[[int], None]
) -> tuple[float, HeardPart]:
    part, future = item
    heard = joiner.add_later(future.result())
    progress(joiner.count)
    return part.offset, heard


def _send(
    transcriber: Transcriber,
    part: AudioPart,
    number: int,
    names: Sequence[str],
    refs: Sequence[str],
) -> HeardPart:
    try:
        return transcriber.transcribe(
            part.filename, part.data, part.mime, known_names=names, known_references=refs
        )
    except ProviderError as err:
        raise ProviderError(
            _failure(transcriber.host, number, err), attempts=err.attempts, status=err.status
        ) from None


def _failure(host: str, number: int, err: ProviderError) -> str:
    """One line: what failed, what to do, and that no offline transcription exists."""
    where = f" (part {number})" if number > 1 else ""
    status = err.status or 0
    refused = 400 <= status < 500 and status != 429
    said = f" ({err.raw})" if refused and err.raw else ""
    if status in (401, 403):
        advice = "check OPENAI_API_KEY"
    elif status == 404 or (refused and "model" in (err.raw or "").lower()):
        advice = "check OPENAI_BASE_URL and the model (--transcribe-model)"
    elif status == 413:
        advice = "set IMAGO_AUDIO_MAX_MB to this server's upload limit, and imago splits to fit"
    elif refused:
        advice = "the endpoint refused the recording as sent"
    elif err.status is None and err.raw is not None:  # it answered, but with no transcription
        advice = "check OPENAI_BASE_URL (it usually ends in /v1) and the model"
    else:
        advice = "try again later"
    return (
        f"Transcription failed at {host}{where}: {err.describe()}{said}; {advice}. There is "
        "no offline transcription, but a transcript from any tool can be reviewed offline "
        "(e.g. imago review talk.txt)."
    )


class _Joiner:
    """Ties the labels of every part to the first part's, through voice samples."""

    def __init__(self) -> None:
        self.samples: dict[str, str] = {}  # label -> data URL of a few seconds of that voice
        self.used: set[str] = set()
        self.count = 0
        self.notes: list[str] = []

    def add_first(self, part: AudioPart, heard: HeardPart) -> None:
        self.count = 1
        longest: dict[str, HeardSegment] = {}
        for seg in heard.segments:
            if seg.speaker:
                self.used.add(seg.speaker)
                best = longest.get(seg.speaker)
                if (
                    seg.start is not None
                    and seg.end is not None
                    and (best is None or _length(seg) > _length(best))
                ):
                    longest[seg.speaker] = seg
        said = Counter({label: _length(seg) for label, seg in longest.items()})
        for label, _ in said.most_common(MAX_KNOWN_VOICES):
            seg = longest[label]
            sample = voice_sample(part, seg.start or 0.0, seg.end or 0.0)
            if sample:
                self.samples[label] = sample

    def known(self) -> tuple[list[str], list[str]]:
        labels = list(self.samples)
        return [f"known_{label}" for label in labels], [self.samples[x] for x in labels]

    def add_later(self, heard: HeardPart) -> HeardPart:
        """``heard`` with its labels in the first part's terms; a new voice gets a new label."""
        self.count += 1
        fresh: dict[str, str] = {}
        segments = []
        for seg in heard.segments:
            label = seg.speaker
            if label is not None:
                known = label.removeprefix("known_")
                if label.startswith("known_") and known in self.samples:
                    label = known
                else:
                    label = fresh.setdefault(label, self._new_label())
            segments.append(seg.model_copy(update={"speaker": label}))
        if fresh and heard.diarized:
            self.notes.append(
                f"In part {self.count} the endpoint heard {len(fresh)} voice"
                f"{'s' if len(fresh) > 1 else ''} it could not match to the first part; "
                "they have new labels: check who is who in the transcript."
            )
        return heard.model_copy(update={"segments": segments})

    def _new_label(self) -> str:
        label = next((x for x in _LETTERS if x not in self.used), f"V{len(self.used) + 1}")
        self.used.add(label)
        return label


def _length(seg: HeardSegment) -> float:
    return (seg.end or 0.0) - (seg.start or 0.0)


def _clean(text: str) -> str:
    """One line of the endpoint's words, control characters kept (``--json`` is exact; the
    screen and the .txt file write them out with ``visible``)."""
    return clean_text(text)


def _lines(
    heard: list[tuple[float, HeardPart]], names: list[str]
) -> tuple[list[TranscriptTurn], dict[str, str], list[str]]:
    diarized = bool(heard) and all(part.diarized for _, part in heard)
    shifted = [(seg, offset) for offset, got in heard for seg in got.segments if _clean(seg.text)]
    if not shifted:
        return [], {}, []  # nothing heard: the command says so
    if not diarized:
        notes = [
            "The endpoint returned no speaker labels, so every line starts with '?': put "
            "the name of who spoke in place of each '?' (e.g. 'Maya:'), then review the "
            "transcript."
        ]
        if names:
            notes.append("--speakers could not be used: no speaker labels came back.")
        return [line for seg, offset in shifted for line in _unnamed(seg, offset)], {}, notes
    order = list(dict.fromkeys(seg.speaker or "" for seg, _ in shifted))
    shown = {label: _display(i, names) for i, label in enumerate(order)}
    lines: list[TranscriptTurn] = []
    for seg, offset in shifted:
        start, end = _at(seg.start, offset), _at(seg.end, offset)
        text = _clean(seg.text)
        if lines and lines[-1].label == seg.speaker:  # one turn per line: same voice, same line
            lines[-1].text = f"{lines[-1].text} {text}"
            lines[-1].end = end if end is not None else lines[-1].end
            continue
        lines.append(
            TranscriptTurn(
                start=start, end=end, label=seg.speaker, speaker=shown[seg.speaker or ""], text=text
            )
        )
    return lines, shown, _naming_notes(order, names)


def _unnamed(seg: HeardSegment, offset: float) -> Iterator[TranscriptTurn]:
    text = _clean(seg.text)
    if seg.start is not None:
        yield TranscriptTurn(
            start=_at(seg.start, offset),
            end=_at(seg.end, offset),
            label=None,
            speaker=UNNAMED,
            text=text,
        )
        return
    for sentence in _SENTENCE.split(text):  # no segments came back: a line per sentence
        yield TranscriptTurn(start=None, end=None, label=None, speaker=UNNAMED, text=sentence)


def _at(seconds: float | None, offset: float) -> float | None:
    return None if seconds is None else round(seconds + offset, 2)


def _display(index: int, names: list[str]) -> str:
    if index < len(names):
        return names[index]
    return f"Speaker {_LETTERS[index] if index < len(_LETTERS) else index + 1}"


def _naming_notes(order: list[str], names: list[str]) -> list[str]:
    voices = len(order)
    if not names:
        return [
            f"{voices} voice{'s' if voices != 1 else ''} heard, shown as "
            f"{', '.join(_display(i, []) for i in range(voices))} in order of first speech: "
            f'name them with --speakers "{",".join(f"Name{i + 1}" for i in range(voices))}" '
            "(in that order)."
        ]
    if voices > len(names):
        extra = ", ".join(_display(i, names) for i in range(len(names), voices))
        others = "the other is" if voices - len(names) == 1 else "the others are"
        return [
            f"The endpoint heard {voices} voices and --speakers named {len(names)}; "
            f"{others} shown as {extra}: check the transcript."
        ]
    if voices < len(names):
        unused = ", ".join(names[voices:])
        return [
            f"Only {voices} voice{'s were' if voices != 1 else ' was'} heard, so {unused} "
            "did not get a line: check the transcript."
        ]
    return []


def _stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"[{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}]"


def to_text(transcript: Transcript) -> str:
    """The transcript in imago's plain-text format: ``[00:01:02] Name: text`` per line (exact:
    the screen and the .txt file pass it through ``visible``)."""
    rows = []
    for line in transcript.turns:
        stamp = f"{_stamp(line.start)} " if line.start is not None else ""
        rows.append(f"{stamp}{line.speaker}: {line.text}")
    return "\n".join(rows) + "\n" if rows else ""


def for_review(transcript: Transcript, keep_hint: str) -> ReadResult:
    """The transcript as turns to review, or an ``InputError`` when nobody knows who spoke."""
    if not transcript.turns:
        raise InputError(f"No speech was heard in {transcript.source}: is it the right file?")
    if not transcript.diarized:
        raise InputError(
            f"The endpoint ({transcript.endpoint_host}) returned no speaker labels, so imago "
            f"cannot tell who spoke. {keep_hint}"
        )
    if len(transcript.speakers) < 2:
        who = next(iter(transcript.speakers.values()), "one person")
        raise InputError(
            f"Only one voice ({who}) was heard in {transcript.source}: a review needs both "
            "partners. Was the other partner close enough to the phone?"
        )
    return parse(to_text(transcript), "txt")
