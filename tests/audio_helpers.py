"""Small WAV recordings made on the spot, and canned transcription answers."""

from __future__ import annotations

import json
import math
import wave
from pathlib import Path
from typing import Any

import httpx

BASE_URL = "http://audio.test/v1"
TRANSCRIBE_URL = f"{BASE_URL}/audio/transcriptions"
RATE = 8000


def make_wav(path: Path, pattern: list[tuple[float, bool]], rate: int = RATE) -> Path:
    """A mono 16-bit WAV: each ``(seconds, voiced)`` is a tone (voiced) or silence."""
    frames = bytearray()
    for seconds, voiced in pattern:
        for i in range(int(seconds * rate)):
            value = int(9000 * math.sin(2 * math.pi * 220 * i / rate)) if voiced else 0
            frames += value.to_bytes(2, "little", signed=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def talk_wav(path: Path, seconds: float = 6.0) -> Path:
    """Speech-like stretches with short pauses between them."""
    pattern: list[tuple[float, bool]] = []
    while sum(s for s, _ in pattern) < seconds:
        pattern += [(1.2, True), (0.4, False)]
    return make_wav(path, pattern)


def diarized(
    segments: list[tuple[float, float, str, str]], duration: float = 6.0
) -> dict[str, Any]:
    """A ``diarized_json`` body: segments of (start, end, speaker, text)."""
    return {
        "task": "transcribe",
        "duration": duration,
        "text": " ".join(s[3] for s in segments),
        "segments": [
            {
                "type": "transcript.text.segment",
                "id": f"seg_{i}",
                "start": start,
                "end": end,
                "speaker": speaker,
                "text": text,
            }
            for i, (start, end, speaker, text) in enumerate(segments)
        ],
        "usage": {"type": "duration", "seconds": duration},
    }


def verbose(segments: list[tuple[float, float, str]], duration: float = 6.0) -> dict[str, Any]:
    """A Whisper ``verbose_json`` body: segments of (start, end, text), no speakers."""
    return {
        "task": "transcribe",
        "language": "english",
        "duration": duration,
        "text": " ".join(s[2] for s in segments),
        "segments": [
            {
                "id": i,
                "seek": 0,
                "start": start,
                "end": end,
                "text": text,
                "tokens": [1],
                "temperature": 0.0,
                "avg_logprob": -0.2,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
            }
            for i, (start, end, text) in enumerate(segments)
        ],
    }


DIALOGUE = [
    (0.0, 1.2, "A", "I felt alone at the party when you stayed with your friends all night."),
    (
        1.6,
        2.8,
        "B",
        "So if I got it, you felt alone at the party when I stayed with my friends. "
        "Did I get that? Is there more?",
    ),
    (3.2, 4.4, "A", "Yes, and I missed you."),
    (4.8, 6.0, "B", "You make sense, because we had planned to go together."),
]


def answer(body: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json=body)


def form_fields(request: httpx.Request) -> dict[str, list[str]]:
    """The text fields of a multipart upload (the file part left out)."""
    fields: dict[str, list[str]] = {}
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    for chunk in request.content.split(b"--" + boundary):
        head, _, body = chunk.partition(b"\r\n\r\n")
        if b"filename=" in head or b'name="' not in head:
            continue
        name = head.split(b'name="')[1].split(b'"')[0].decode()
        fields.setdefault(name, []).append(body.rstrip(b"\r\n").decode())
    return fields


def uploaded_file(request: httpx.Request) -> tuple[str, bytes]:
    """The uploaded file's name and bytes."""
    boundary = request.headers["content-type"].split("boundary=")[1].encode()
    for chunk in request.content.split(b"--" + boundary):
        head, _, body = chunk.partition(b"\r\n\r\n")
        if b"filename=" in head:
            name = head.split(b'filename="')[1].split(b'"')[0].decode()
            return name, body[:-2] if body.endswith(b"\r\n") else body
    raise AssertionError("no file in the upload")


def dumps(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()
