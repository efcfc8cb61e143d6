"""An adaptive concurrency limit: additive increase, multiplicative decrease on 429s.

Workers ``acquire`` a slot before each request. A 429 (seen on the HTTP client, including the
ones the SDK retries by itself) halves the limit, at most once a second, and pauses new requests
for the Retry-After the server asked for; every ``limit`` successes raise it by one again.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

import httpx

DEFAULT_PAUSE_S = 1.0
MAX_PAUSE_S = 60.0


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds from ``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date)."""
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(raw).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class AdaptiveLimit:
    def __init__(self, limit: int) -> None:
        self.maximum = max(1, limit)
        self.limit = self.maximum
        self.in_flight = 0
        self.throttles = 0
        self._resume_at = 0.0
        self._last_cut = -1e9
        self._ok = 0
        self._cond = asyncio.Condition()

    async def acquire(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._cond:
            while True:
                wait = self._resume_at - loop.time()
                if wait <= 0 and self.in_flight < self.limit:
                    self.in_flight += 1
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._cond.wait(), wait if wait > 0 else None)

    async def release(self, ok: bool) -> None:
        async with self._cond:
            self.in_flight -= 1
            if ok and self.limit < self.maximum:
                self._ok += 1
                if self._ok >= self.limit:
                    self.limit += 1
                    self._ok = 0
            self._cond.notify_all()

    def throttled(self, pause_s: float | None) -> None:
        """Called on a 429: lower the limit and pause new requests."""
        now = asyncio.get_running_loop().time()
        self.throttles += 1
        if now - self._last_cut >= 1.0:
            self.limit = max(1, self.limit // 2)
            self._last_cut = now
            self._ok = 0
        pause = DEFAULT_PAUSE_S if pause_s is None else min(pause_s, MAX_PAUSE_S)
        self._resume_at = max(self._resume_at, now + pause)

    def hook(self) -> Callable[[httpx.Response], Awaitable[None]]:
        """An httpx response hook that reports 429s to this limit."""

        async def on_response(response: httpx.Response) -> None:
            if response.status_code == 429:
                self.throttled(retry_after(response.headers))

        return on_response
