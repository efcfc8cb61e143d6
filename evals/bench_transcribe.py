"""Benchmark: transcribe and review a 20-minute recording against a loopback audio endpoint.

Writes a 20-minute 16 kHz mono WAV (38 MB, so imago splits it into two parts on silence), starts
an OpenAI-compatible transcription endpoint on 127.0.0.1 that answers each part after
``--latency`` + ``--factor`` x the part's length (default 1 s + 0.05 x: 20 times faster than
real time, an assumption about a hosted diarizing model, not a measurement of one), with a
diarized dialogue of a turn every ``--turn`` seconds, then times
``imago review talk.wav --speakers "Maya,Daniel" --format json`` as a fresh process, start-up
included (the offline judge). Prints the wall time, how much of it the endpoint spent
"thinking" (parts overlap: after the first, they are sent in parallel), and imago's own share
(start-up, splitting, uploading, joining, reviewing).

    python evals/bench_transcribe.py [--minutes 20] [--factor 0.05] [--latency 1.0]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import threading
import time
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_eval_local import imago_command  # noqa: E402

RATE = 16_000
SENDER = [
    "I felt alone on Saturday when you were on your phone during dinner.",
    "It reminds me of growing up, when nobody at the table really looked at me.",
    "I want to feel that I matter to you more than the news does.",
    "No, I think that's it. Thank you for listening.",
]
RECEIVER = [
    "So if I got it, you felt alone on Saturday when I was on my phone at dinner. "
    "Did I get that? Is there more?",
    "So it takes you back to growing up, when nobody looked at you. Is there more?",
    "Let me see if I got it all: you felt alone, it reminded you of your childhood, and you "
    "want to feel you matter. Did I get it all?",
    "You make sense, because when I look at my phone you are left on your own. I imagine you "
    "might feel lonely and a bit invisible. Is that how you feel?",
]


def write_recording(path: Path, minutes: float) -> None:
    """Speech-like tone in 4.5 s stretches with 1.5 s pauses, built from repeated blocks."""
    tone = b"".join(
        int(8000 * math.sin(2 * math.pi * 180 * i / RATE)).to_bytes(2, "little", signed=True)
        for i in range(int(4.5 * RATE))
    )
    block = tone + b"\x00\x00" * int(1.5 * RATE)
    repeats = int(minutes * 60 / 6)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(block * repeats)


class Endpoint(BaseHTTPRequestHandler):
    factor: ClassVar[float] = 0.05
    latency: ClassVar[float] = 1.0
    turn: ClassVar[float] = 6.0
    busy: ClassVar[list[tuple[float, float]]] = []  # (start, end) of each answer's wait

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        boundary = self.headers["content-type"].split("boundary=")[1].encode()
        seconds, known = 0.0, False
        for chunk in body.split(b"--" + boundary):
            head, _, data = chunk.partition(b"\r\n\r\n")
            if b"filename=" in head:
                with wave.open(io.BytesIO(data[:-2]), "rb") as reader:
                    seconds = reader.getnframes() / reader.getframerate()
            known = known or b"known_speaker_names" in head
        delay = self.latency + self.factor * seconds
        began = time.perf_counter()
        time.sleep(delay)
        self.busy.append((began, time.perf_counter()))
        labels = ("known_A", "known_B") if known else ("A", "B")
        segments = []
        for i in range(int(seconds // self.turn)):
            speaker = i % 2
            lines = SENDER if speaker == 0 else RECEIVER
            segments.append(
                {
                    "type": "transcript.text.segment",
                    "id": f"seg_{i}",
                    "start": i * self.turn + 0.1,
                    "end": i * self.turn + 4.5,
                    "speaker": labels[speaker],
                    "text": lines[(i // 2) % len(lines)],
                }
            )
        payload = json.dumps(
            {
                "task": "transcribe",
                "duration": seconds,
                "text": " ".join(s["text"] for s in segments),  # type: ignore[misc]
                "segments": segments,
            }
        ).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--factor", type=float, default=0.05)
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--turn", type=float, default=6.0)
    args = parser.parse_args()
    Endpoint.factor, Endpoint.latency, Endpoint.turn = args.factor, args.latency, args.turn
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            talk = Path(tmp) / "talk.wav"
            write_recording(talk, args.minutes)
            env = dict(
                os.environ,
                PYTHONDONTWRITEBYTECODE="",
                OPENAI_API_KEY="bench",
                IMAGO_JUDGE="local",
                IMAGO_HOME=str(Path(tmp) / "home"),
                OPENAI_BASE_URL=f"http://127.0.0.1:{httpd.server_address[1]}/v1",
            )
            started = time.perf_counter()
            done = subprocess.run(
                [
                    imago_command(),
                    "review",
                    str(talk),
                    "--speakers",
                    "Maya,Daniel",
                    "--format",
                    "json",
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            elapsed = time.perf_counter() - started
            report = json.loads(done.stdout)
            size = talk.stat().st_size / 1_000_000
    finally:
        httpd.shutdown()
    waited = _covered(Endpoint.busy)
    print(
        f"{args.minutes:.0f}-minute recording ({size:.1f} MB WAV, {len(Endpoint.busy)} "
        f"parts, {len(report['turns'])} turns, speakers {report['speakers']}): "
        f"{elapsed:.1f} s wall; the endpoint was thinking for {waited:.1f} s of it "
        f"({args.latency:g} s + {args.factor:g} x audio per part, "
        f"{sum(b - a for a, b in Endpoint.busy):.1f} s in all, parts in parallel after the "
        f"first); imago's own share {elapsed - waited:.1f} s"
    )


def _covered(spans: list[tuple[float, float]]) -> float:
    """The length of the union of the (start, end) spans."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


if __name__ == "__main__":
    main()
