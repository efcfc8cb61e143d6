"""Write-behind for paid answers: each one committed the moment it arrives, off the event loop.

A commit costs an fsync (about 12 ms on a busy disk); done on the event loop, 600 answers would
stall the run for seconds, and buffered, a kill would lose (and re-bill) the latest ones. The
``AnswerWriter`` commits from its own thread and connection, taking whatever has queued up
since its last commit (group commit), so an answer is on disk within a commit's time of
arriving and the loop never waits.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from imago_coach.errors import StoreError
from imago_coach.evaluation.store import (
    CACHE_INSERT,
    RESULT_INSERT,
    CacheRow,
    Outcome,
    ResultRow,
    cache_row,
    result_row,
)
from imago_coach.models import Verdict
from imago_coach.store import connect

_Item = tuple[str, CacheRow | ResultRow] | None


class AnswerWriter:
    """The ``put_cache`` / ``add_result`` half of ``EvalStore``, committed from a thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="imago-answer-writer", daemon=True)
        self._thread.start()

    def put_cache(self, key: str, verdict: Verdict, latency_ms: float) -> None:
        self._queue.put(("cache", cache_row(key, verdict, latency_ms)))

    def add_result(self, run_id: int, outcome: Outcome) -> None:
        self._queue.put(("result", result_row(run_id, outcome)))

    def close(self) -> None:
        """Commit what is queued, stop the thread; raise the error it met, if any."""
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise StoreError(f"Cannot write the eval tables: {self._error}") from self._error

    def _run(self) -> None:
        try:
            with closing(connect(self.path)) as conn:
                while True:
                    batch = [self._queue.get()]
                    while not self._queue.empty():
                        batch.append(self._queue.get_nowait())
                    items = [item for item in batch if item is not None]
                    with conn:
                        conn.executemany(CACHE_INSERT, [r for kind, r in items if kind == "cache"])
                        conn.executemany(
                            RESULT_INSERT, [r for kind, r in items if kind == "result"]
                        )
                    if len(items) < len(batch):
                        return
        except (sqlite3.Error, StoreError) as exc:
            self._error = exc
