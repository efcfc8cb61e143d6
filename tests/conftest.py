"""Shared fixtures: an isolated environment for every test, and no real network, ever."""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TIKTOKEN_DIR = REPO.parent / "shared" / "tiktoken"

# Modules imported while tests are collected (the judge's pattern cache among them) must not
# write into the real home either: give the whole session a private IMAGO_HOME first.
os.environ["IMAGO_HOME"] = tempfile.mkdtemp(prefix="imago-tests-")


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Clear OPENAI_* / IMAGO_* and point IMAGO_HOME at a fresh temporary directory."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "IMAGO_")):
            monkeypatch.delenv(name, raising=False)
    home = tmp_path / "imago-home"
    monkeypatch.setenv("IMAGO_HOME", str(home))
    if TIKTOKEN_DIR.is_dir() and "TIKTOKEN_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(TIKTOKEN_DIR))
    return home


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any real outbound connection (respx intercepts above the socket layer)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        local = host in ("127.0.0.1", "::1", "localhost")
        if isinstance(host, str) and not local and self.family != socket.AF_UNIX:
            self.close()
            raise RuntimeError(f"tests must not touch the network (tried {address!r})")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
