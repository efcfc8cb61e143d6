"""A real OpenAI-compatible HTTP server on 127.0.0.1, for tests that run ``imago`` as a process.

``Loopback(answer)`` serves ``POST /v1/chat/completions`` in a thread; ``answer(body)`` returns
``(status, headers, json_body)`` for each request, whose parsed bodies are kept in ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from doubles import completion_body

Reply = tuple[int, dict[str, str], dict[str, Any]]
Answer = Callable[[dict[str, Any]], Reply]

RUBRIC = {
    "findings": [],
    "mirror_accuracy": 0.9,
    "missed": [],
    "added": [],
    "checks": {"did_i_get_it": True, "is_there_more": False},
    "strengths": ["You used their words."],
    "reminders": [],
    "rewrite": None,
    "feedback": "Close to their words.",
}


def completion(content: dict[str, Any] = RUBRIC) -> Reply:
    return 200, {}, completion_body(json.dumps(content), usage=(100, 50))


def rate_limited(retry_after: str = "1") -> Reply:
    return (
        429,
        {"Retry-After": retry_after},
        {"error": {"message": "Rate limit reached", "type": "requests", "code": "rate_limit"}},
    )


class Loopback:
    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[dict[str, Any]] = []
        self.times: list[float] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size) or b"{}")
                owner.requests.append(body)
                owner.times.append(time.monotonic())
                status, headers, payload = owner.answer(body)
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    for key, value in {"Content-Type": "application/json", **headers}.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up on this request (cancelled, timed out)
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def env(self) -> dict[str, str]:
        """What a subprocess needs to use this server as its model endpoint."""
        return {"OPENAI_BASE_URL": self.base_url, "OPENAI_API_KEY": "sk-loopback-test"}

    def user_messages(self) -> list[str]:
        return [
            m["content"]
            for r in self.requests
            for m in r.get("messages", [])
            if m.get("role") == "user"
        ]


@contextmanager
def serving(answer: Answer) -> Iterator[Loopback]:
    server = Loopback(answer)
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()
