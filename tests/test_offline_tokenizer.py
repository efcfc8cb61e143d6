"""Offline means offline: tiktoken's encoding is read from its cache or not at all.

A recording HTTPS proxy on 127.0.0.1 stands in for the internet: tiktoken's downloader
(``requests``) honours ``HTTPS_PROXY``, so any attempt to fetch an encoding shows up there.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from harden_helpers import imago
from loopback import completion, serving

TIKTOKEN_DIR = Path(__file__).resolve().parents[2] / "shared" / "tiktoken"


@contextmanager
def recording_proxy() -> Iterator[tuple[dict[str, str], list[bytes]]]:
    """A proxy that accepts connections, records what is asked, and answers nothing useful."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    seen: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                try:
                    seen.append(conn.recv(1024))
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    try:
        yield (
            {
                "HTTPS_PROXY": url,
                "https_proxy": url,
                "NO_PROXY": "127.0.0.1,localhost",
                "no_proxy": "127.0.0.1,localhost",
            },
            seen,
        )
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()


def test_doctor_without_a_cache_never_reaches_the_network(tmp_path: Path) -> None:
    empty = tmp_path / "empty-cache"
    empty.mkdir()
    with recording_proxy() as (proxy, seen):
        result = imago(
            "doctor",
            "--json",
            home=tmp_path / "home",
            env={**proxy, "TIKTOKEN_CACHE_DIR": str(empty)},
        )
    assert result.returncode == 0, result.stderr
    assert seen == []  # before: CONNECT openaipublic.blob.core.windows.net:443
    report = json.loads(result.stdout)
    assert report["tokenizer_ok"] is False
    assert "not in tiktoken's cache" in report["tokenizer"]
    assert "nothing is downloaded" in report["tokenizer"]


def test_doctor_with_the_cache_counts_exactly(tmp_path: Path) -> None:
    if not TIKTOKEN_DIR.is_dir():
        return  # this machine has no cached encodings: the test above covers the other side
    with recording_proxy() as (proxy, seen):
        result = imago(
            "doctor",
            "--json",
            home=tmp_path / "home",
            env={**proxy, "TIKTOKEN_CACHE_DIR": str(TIKTOKEN_DIR)},
        )
    report = json.loads(result.stdout)
    assert (report["tokenizer_ok"], seen) == (True, [])
    assert "loads from the cache" in report["tokenizer"]


def test_a_long_request_to_a_local_endpoint_estimates_instead_of_downloading(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty-cache"
    empty.mkdir()
    # Over 4,000 bytes, so the budget check needs a count (the encoding) to decide.
    long = "I felt invisible at the party when you talked to your friends all night. " * 70
    with recording_proxy() as (proxy, seen), serving(lambda _body: completion()) as model:
        result = imago(
            "check",
            "--judge",
            "openai",
            "--stage",
            "mirror",
            "--sender",
            long,
            "--response",
            "So you felt invisible at the party.",
            "--json",
            home=tmp_path / "home",
            env={**proxy, **model.env(), "TIKTOKEN_CACHE_DIR": str(empty)},
        )
    assert result.returncode == 0, result.stderr
    assert len(model.requests) == 1  # the local model was asked
    assert seen == []  # and nothing else was
    assert "token counts are estimates" in result.stderr
