"""End to end: ``imago review talk.wav`` in a fresh process against a real HTTP server on
127.0.0.1 that answers like OpenAI's transcription endpoint (bounded in time)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from audio_helpers import DIALOGUE, diarized, dumps, form_fields, talk_wav

KEY = "sk-loopback-SENTINEL-abcdefghijklmnop"


class _Endpoint(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        self.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        if self.path != "/v1/audio/transcriptions":
            self.send_error(404)
            return
        payload = dumps(diarized(DIALOGUE))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        return


@pytest.fixture
def server() -> Iterator[str]:
    _Endpoint.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_review_a_recording_over_loopback(server: str, tmp_path: Path) -> None:
    talk = talk_wav(tmp_path / "talk.wav")
    kept = tmp_path / "talk.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "IMAGO_"))}
    env.update(
        OPENAI_BASE_URL=server,
        OPENAI_API_KEY=KEY,
        IMAGO_JUDGE="local",
        IMAGO_HOME=str(tmp_path / "home"),
    )
    command = [
        sys.executable,
        "-c",
        "from imago_coach.cli.main import main; main()",
        "review",
        str(talk),
        "--speakers",
        "Maya,Daniel",
        "--format",
        "json",
        "--keep-transcript",
        str(kept),
    ]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["speakers"] == ["Maya", "Daniel"]
    assert [t["stage"] for t in report["turns"]][:2] == ["other", "mirror"]
    assert done.stderr.startswith("note: sending talk.wav (102 kB of audio) to 127.0.0.1 ")
    assert KEY not in done.stdout + done.stderr
    assert kept.read_text(encoding="utf-8").splitlines()[1].startswith("[00:00:01] Daniel: ")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    ((path, headers, body),) = _Endpoint.seen  # one upload, and no chat call: judged offline
    assert path == "/v1/audio/transcriptions"
    assert headers["authorization"] == f"Bearer {KEY}"
    request = httpx.Request(
        "POST", server, headers={"content-type": headers["content-type"]}, content=body
    )
    assert form_fields(request)["response_format"] == ["diarized_json"]
    assert body.count(talk.read_bytes()) == 1  # the recording itself, byte for byte
