"""Recordings: check size and type before anything is sent, and split what is too long.

A file is checked by its name *and* its first bytes (a WAV by its whole header), so a renamed
text file or a truncated download gets a clear line instead of an upload. One request takes at
most the endpoint's limit (25 MB at OpenAI) and, for the diarizing model, about 23 minutes of
audio. Longer WAV files are split here, in pure Python, at the quietest moment near each cut (so
a cut rarely falls inside a word); a compressed file over the limit is decoded to WAV with ffmpeg
when it is installed, into a private temporary folder deleted at once, and refused with what to
do otherwise. Nothing here
keeps audio: parts live in memory for the upload only.
"""

from __future__ import annotations

import base64
import io
import math
import shutil
import subprocess
import tempfile
import wave
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, replace
from operator import mul
from pathlib import Path
from typing import BinaryIO

from imago_coach.errors import InputError
from imago_coach.transcript.decode import unreadable

AUDIO_TYPES: dict[str, str] = {
    ".mp3": "audio/mpeg",
    ".mpga": "audio/mpeg",
    ".mpeg": "audio/mpeg",
    ".mp4": "audio/mp4",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".webm": "audio/webm",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".flac": "audio/flac",
}
MAX_PART_SECONDS = 20 * 60  # the diarizing model takes about 23 minutes per request
FIRST_PART_SECONDS = 5 * 60  # long enough for both voices to be heard, short to wait for
SPLIT_SHARE = 0.8  # a split part fills at most this share of the limit: room for voice samples
SEARCH_SECONDS = 30.0  # how far back from a cut the quietest moment is looked for
BLOCK_SECONDS = 0.05
QUIET_BLOCKS = 6  # the quietest 0.3 s
CLIP_SECONDS = (2.0, 8.0)  # a voice sample for the endpoint: 2 to 10 seconds
FFMPEG_TIMEOUT = 600


@dataclass(frozen=True)
class AudioFile:
    """A recording that passed the checks."""

    path: Path
    size: int
    kind: str  # the suffix without its dot: "wav", "m4a", ...
    mime: str


@dataclass(frozen=True)
class AudioPart:
    """One upload: the bytes, and where the part starts in the whole recording (seconds)."""

    filename: str
    data: bytes
    mime: str
    offset: float
    is_wav: bool


def is_audio(path: Path) -> bool:
    """Whether ``path`` names a recording (by its suffix)."""
    return path.suffix.lower() in AUDIO_TYPES


def _looks_like(kind: str, head: bytes) -> bool:
    if kind == "wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if kind in ("mp4", "m4a"):
        return head[4:8] == b"ftyp"
    if kind in ("mp3", "mpga", "mpeg"):
        return head[:3] == b"ID3" or (head[:1] == b"\xff" and head[1] & 0xE0 == 0xE0)
    if kind == "webm":
        return head[:4] == b"\x1a\x45\xdf\xa3"
    if kind in ("ogg", "oga"):
        return head[:4] == b"OggS"
    return head[:4] == b"fLaC"  # flac


def check_audio(path: Path) -> AudioFile:
    """The recording at ``path``, or an ``InputError`` saying what is wrong and what to do."""
    kind = path.suffix.lower().lstrip(".")
    mime = AUDIO_TYPES.get(f".{kind}")
    if mime is None:
        raise InputError(
            f"{path.name} is not a recording imago can send: use mp3, mp4, m4a, wav, webm, ogg "
            "or flac (or review a transcript: .txt, .vtt, .srt, .json)."
        )
    try:
        if path.is_dir():
            raise InputError(f"{path.name} is a folder: pass the recording itself.")
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(16)
            broken = kind == "wav" and _looks_like(kind, head) and not _wav_complete(handle, size)
    except OSError as exc:
        raise unreadable(path, exc) from None
    if size == 0:
        raise InputError(f"{path.name} is empty: was the recording saved completely?")
    if not _looks_like(kind, head):
        raise InputError(
            f"{path.name} does not look like {kind} audio (it does not start the way {kind} files "
            "do): was it renamed, or only partly copied? Export the recording again."
        )
    if broken:
        raise InputError(
            f"{path.name} has a broken or cut-off WAV header (no complete format and sound "
            "sections): was it only partly copied? Export the recording again."
        )
    return AudioFile(path=path, size=size, kind=kind, mime=mime)


def _wav_complete(handle: BinaryIO, size: int) -> bool:
    """Whether the RIFF chunks hold a whole ``fmt `` (channels and rate set) and then a
    ``data`` chunk with sound in it; a sound chunk shorter than it claims is accepted."""
    position, fmt_ok = 12, False
    while position + 8 <= size:
        handle.seek(position)
        header = handle.read(8)
        name, length = header[:4], int.from_bytes(header[4:8], "little")
        if any(b < 0x20 or b > 0x7E for b in name):
            return False  # not a chunk name: the header is garbled
        if name == b"fmt ":
            fmt = handle.read(16)
            fmt_ok = (
                length >= 16 and len(fmt) == 16 and fmt[2:4] != b"\0\0" and fmt[4:8] != b"\0\0\0\0"
            )
        elif name == b"data":
            return fmt_ok and position + 8 < size
        position += 8 + length + (length & 1)
    return False


def parts(audio: AudioFile, max_bytes: int) -> Iterator[AudioPart]:
    """The uploads for ``audio``: the file itself when it fits, otherwise WAV parts."""
    if audio.kind != "wav":
        seconds = mp4_seconds(audio.path) if audio.kind in ("mp4", "m4a") else None
        if audio.size <= max_bytes and (seconds is None or seconds <= MAX_PART_SECONDS):
            yield AudioPart(audio.path.name, audio.path.read_bytes(), audio.mime, 0.0, False)
            return
        yield from _decoded_parts(audio, max_bytes, seconds)
        return
    whole = AudioPart(audio.path.name, b"", audio.mime, 0.0, True)
    try:
        reader = wave.open(str(audio.path), "rb")  # noqa: SIM115  # closed by the with below
    except (wave.Error, EOFError) as exc:
        if audio.size > max_bytes and shutil.which("ffmpeg"):
            yield from _decoded_parts(audio, max_bytes, None)  # e.g. 24-bit "extensible" WAV
            return
        if audio.size > max_bytes:
            raise InputError(
                f"{audio.path.name} is a kind of WAV imago cannot split ({exc}): convert it to "
                "16-bit PCM WAV, or install ffmpeg, or split it into parts under "
                f"{_mb(max_bytes)}."
            ) from None
        yield replace(whole, data=audio.path.read_bytes())
        return
    with reader:
        seconds = reader.getnframes() / reader.getframerate()
        if audio.size <= max_bytes and seconds <= MAX_PART_SECONDS:
            yield replace(whole, data=audio.path.read_bytes())
            return
        yield from split_wav(reader, audio.path.stem, max_bytes)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def size_text(size: int) -> str:
    """A file size for people: '12.3 MB', or '340 kB' below a megabyte."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, size // 1000)} kB"


def _decoded_parts(audio: AudioFile, max_bytes: int, seconds: float | None) -> Iterator[AudioPart]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        if audio.size > max_bytes:
            over, limit = size_text(audio.size), _mb(max_bytes)
        else:
            over = f"{(seconds or 0) / 60:.0f} minutes long"
            limit = f"{MAX_PART_SECONDS // 60} minutes"
        raise InputError(
            f"{audio.path.name} is {over}, over the {limit} one request takes, and imago "
            "splits only WAV files by itself: install ffmpeg (imago then splits it for you), "
            f"or export the recording as WAV, or cut it into parts under {limit}."
        )
    with tempfile.TemporaryDirectory(prefix="imago-audio-") as folder:  # 0700, removed after
        decoded = Path(folder) / f"{audio.path.stem}.wav"
        command = [
            ffmpeg,
            "-nostdin",
            "-v",
            "error",
            "-i",
            str(audio.path),
            "-ac",
            "1",
            "-ar",
            "16000",
            "-c:a",
            "pcm_s16le",
            str(decoded),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=FFMPEG_TIMEOUT, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise InputError(f"ffmpeg could not decode {audio.path.name} ({exc}).") from None
        if done.returncode != 0 or not decoded.is_file():
            why = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["failed"]
            raise InputError(
                f"ffmpeg could not decode {audio.path.name} ({why[0][:120]}): export the "
                "recording again, or as WAV."
            )
        try:
            with wave.open(str(decoded), "rb") as reader:
                yield from split_wav(reader, audio.path.stem, max_bytes)
        except (wave.Error, EOFError) as exc:
            raise InputError(
                f"ffmpeg's output for {audio.path.name} is unreadable ({exc})."
            ) from None


def mp4_seconds(path: Path) -> float | None:
    """The length an mp4 / m4a file's movie header declares, or None when it cannot be read."""
    try:
        with path.open("rb") as handle:
            moov = _box(handle, 0, path.stat().st_size, b"moov")
            mvhd = _box(handle, *moov, b"mvhd") if moov else None
            if mvhd is None:
                return None
            handle.seek(mvhd[0])
            header = handle.read(32)
    except OSError:
        return None
    if len(header) < 32:
        return None
    scale, length = (
        (header[20:24], header[24:32]) if header[0] == 1 else (header[12:16], header[16:20])
    )
    timescale = int.from_bytes(scale, "big")
    return int.from_bytes(length, "big") / timescale if timescale else None


def _box(handle: BinaryIO, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """(body start, end) of the first ``kind`` box between ``start`` and ``end``."""
    at = start
    while at + 8 <= end:
        handle.seek(at)
        head = handle.read(16)
        size, body = int.from_bytes(head[:4], "big"), at + 8
        if size == 1 and len(head) == 16:
            size, body = int.from_bytes(head[8:16], "big"), at + 16
        elif size == 0:
            size = end - at
        if size < 8:
            return None
        if head[4:8] == kind:
            return body, min(at + size, end)
        at += size
    return None


def split_wav(reader: wave.Wave_read, stem: str, max_bytes: int) -> Iterator[AudioPart]:
    """Cut an open WAV into parts under ``SPLIT_SHARE`` of ``max_bytes`` and
    ``MAX_PART_SECONDS``, each cut at the quietest moment within ``SEARCH_SECONDS`` of its aim:
    a first part of at most ``FIRST_PART_SECONDS``, then parts of about equal length."""
    rate, width = reader.getframerate(), reader.getsampwidth() * reader.getnchannels()
    total = reader.getnframes()
    most = min(int(max_bytes * SPLIT_SHARE - 1024) // width, MAX_PART_SECONDS * rate)
    if most < rate:
        raise InputError("The upload limit is too small to send even one second of this audio.")
    start, number = 0, 1
    while start < total:
        rest = total - start
        if rest <= most:
            end = total
        else:
            # The first part goes alone (the others are sent with its voices): keep it short.
            # The others go in parallel: share the rest evenly between them.
            target = (
                min(most, FIRST_PART_SECONDS * rate)
                if number == 1
                else math.ceil(rest / math.ceil(rest / most))
            )
            window = min(int(SEARCH_SECONDS * rate), target // 2)
            latest = min(start + most, start + target + window // 2)
            end = _quietest_cut(reader, latest - window, latest, start + target)
        reader.setpos(start)
        frames = reader.readframes(end - start)
        yield AudioPart(
            f"{stem}-part{number}.wav", _wav_bytes(reader, frames), "audio/wav", start / rate, True
        )
        start, number = end, number + 1


def _quietest_cut(reader: wave.Wave_read, first: int, last: int, aim: int) -> int:
    """The frame between ``first`` and ``last`` in the middle of the quietest stretch (of
    those about as quiet, the one nearest ``aim``)."""
    rate = reader.getframerate()
    reader.setpos(first)
    window = last - first
    levels = _block_levels(reader.readframes(window), reader, int(BLOCK_SECONDS * rate))
    if len(levels) < QUIET_BLOCKS:
        return last
    runs = [sum(levels[i : i + QUIET_BLOCKS]) for i in range(len(levels) - QUIET_BLOCKS + 1)]
    block = int(BLOCK_SECONDS * rate)
    middles = [first + i * block + QUIET_BLOCKS * block // 2 for i in range(len(runs))]
    quiet_enough = min(runs) * 1.25
    return min(
        (m for m, run in zip(middles, runs, strict=True) if run <= quiet_enough),
        key=lambda m: abs(m - aim),
    )


def _block_levels(frames: bytes, reader: wave.Wave_read, block: int) -> list[int]:
    """Energy of each ``block`` frames (a sample of them: this is for finding quiet, not
    measuring it)."""
    samples = _samples(frames, reader.getsampwidth())
    per_block = block * reader.getnchannels()
    step = max(1, per_block // 200)
    levels = []
    for at in range(0, len(samples) - per_block + 1, per_block):
        chunk = samples[at : at + per_block : step]
        levels.append(sum(map(mul, chunk, chunk)))
    return levels


def _samples(frames: bytes, width: int) -> array[int]:
    if width == 1:
        return array("h", (b - 128 for b in frames))
    if width == 3:  # keep the two high bytes of each little-endian 24-bit sample
        high = bytearray(len(frames) // 3 * 2)
        high[0::2], high[1::2] = frames[1::3], frames[2::3]
        return array("h", bytes(high))
    out = array("i" if width == 4 else "h")
    out.frombytes(frames[: len(frames) - len(frames) % out.itemsize])
    return out


def _wav_bytes(reader: wave.Wave_read, frames: bytes) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as writer:
        writer.setnchannels(reader.getnchannels())
        writer.setsampwidth(reader.getsampwidth())
        writer.setframerate(reader.getframerate())
        writer.writeframes(frames)
    return buffer.getvalue()


def voice_sample(part: AudioPart, start: float, end: float) -> str | None:
    """A 2-8 s clip of a WAV part from ``start`` (seconds into the part), as a data URL the
    endpoint takes as a known speaker's reference; None when the part has no such stretch."""
    if not part.is_wav:
        return None
    try:
        with wave.open(io.BytesIO(part.data), "rb") as reader:
            rate, total = reader.getframerate(), reader.getnframes()
            shortest, longest = CLIP_SECONDS
            length = min(max(end - start, shortest), longest)
            first = max(0, min(int(start * rate), total - int(length * rate)))
            if total - first < int(shortest * rate):
                return None
            reader.setpos(first)
            clip = _wav_bytes(reader, reader.readframes(int(length * rate)))
    except (wave.Error, EOFError):
        return None
    return "data:audio/wav;base64," + base64.b64encode(clip).decode("ascii")
