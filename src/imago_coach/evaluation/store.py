"""Eval tables in the private store: the response cache, run history and per-case results.

Component ``evaluation`` owns ``eval_cache``, ``eval_runs`` and ``eval_results``. Results and cache
entries are buffered and written in small transactions (every ``FLUSH_S`` seconds and at the end),
so an interrupted run loses at most the last fraction of a second of answers.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from imago_coach.errors import StoreError
from imago_coach.models import Verdict
from imago_coach.store import Closing, connect, migrate

COMPONENT = "evaluation"
FLUSH_S = 0.25
MIGRATIONS = [
    """
    CREATE TABLE eval_cache (
      key TEXT PRIMARY KEY, verdict TEXT NOT NULL, latency_ms REAL NOT NULL,
      created_at TEXT NOT NULL);
    CREATE TABLE eval_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT, run_key TEXT NOT NULL, status TEXT NOT NULL,
      started_at TEXT NOT NULL, finished_at TEXT, dataset TEXT NOT NULL,
      dataset_sha256 TEXT NOT NULL, judge TEXT NOT NULL, model TEXT, prompt TEXT,
      params TEXT NOT NULL, batch_id TEXT, report TEXT);
    CREATE INDEX eval_runs_key ON eval_runs(run_key, status);
    CREATE TABLE eval_results (
      run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
      case_id TEXT NOT NULL, rep INTEGER NOT NULL, verdict TEXT, error TEXT,
      latency_ms REAL NOT NULL, PRIMARY KEY (run_id, case_id, rep))
    """,
]


CACHE_INSERT = (
    "INSERT OR REPLACE INTO eval_cache(key, verdict, latency_ms, created_at) VALUES (?, ?, ?, ?)"
)
RESULT_INSERT = (
    "INSERT OR REPLACE INTO eval_results(run_id, case_id, rep, verdict, error, latency_ms) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)
CacheRow = tuple[str, str, float, str]
ResultRow = tuple[int, str, int, str | None, str | None, float]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def cache_row(key: str, verdict: Verdict, latency_ms: float) -> CacheRow:
    return key, verdict.model_dump_json(), latency_ms, _now()


def result_row(run_id: int, outcome: Outcome) -> ResultRow:
    verdict = outcome.verdict.model_dump_json() if outcome.verdict else None
    return run_id, outcome.case_id, outcome.rep, verdict, outcome.error, outcome.latency_ms


@dataclass(frozen=True)
class Outcome:
    """One judged (case, repeat): a verdict or an error, and how long it took."""

    case_id: str
    rep: int
    verdict: Verdict | None
    error: str | None
    latency_ms: float
    cached: bool = False
    resumed: bool = False


@dataclass(frozen=True)
class RunRow:
    id: int
    run_key: str
    status: str
    started_at: str
    dataset: str
    dataset_sha256: str
    judge: str
    model: str | None
    prompt: str | None
    batch_id: str | None
    report: dict[str, Any] | None


class EvalStore(Closing):
    """The eval tables; open with ``EvalStore.open()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        migrate(conn, COMPONENT, MIGRATIONS)
        self._cache: list[CacheRow] = []
        self._results: list[ResultRow] = []
        self._last_flush = time.monotonic()

    @classmethod
    def open(cls, path: Path | None = None) -> EvalStore:
        return cls(connect(path))

    @property
    def path(self) -> Path:
        """The store's file (for a second connection, such as the answer writer's)."""
        return Path(self.conn.execute("PRAGMA database_list").fetchone()[2])

    def close(self) -> None:
        self.flush()
        self.conn.close()

    def _write(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        try:
            with self.conn:
                return self.conn.execute(sql, args)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write the eval tables: {exc}") from exc

    # cache
    def cached(self, key: str) -> tuple[Verdict, float] | None:
        row = self.conn.execute(
            "SELECT verdict, latency_ms FROM eval_cache WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return Verdict.model_validate_json(row["verdict"]), float(row["latency_ms"])

    def put_cache(self, key: str, verdict: Verdict, latency_ms: float) -> None:
        self._cache.append(cache_row(key, verdict, latency_ms))
        self._maybe_flush()

    # runs
    def start_run(
        self,
        run_key: str,
        *,
        dataset: str,
        dataset_sha256: str,
        judge: str,
        model: str | None,
        prompt: str | None,
        params: dict[str, Any],
    ) -> int:
        cur = self._write(
            "INSERT INTO eval_runs(run_key, status, started_at, dataset, dataset_sha256, judge, "
            "model, prompt, params) VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)",
            (
                run_key,
                _now(),
                dataset,
                dataset_sha256,
                judge,
                model,
                prompt,
                json.dumps(params, sort_keys=True),
            ),
        )
        return int(cur.lastrowid or 0)

    def unfinished(self, run_key: str) -> RunRow | None:
        row = self.conn.execute(
            "SELECT * FROM eval_runs WHERE run_key = ? AND status IN ('running', 'stopped') "
            "ORDER BY id DESC LIMIT 1",
            (run_key,),
        ).fetchone()
        return _run_row(row) if row else None

    def set_batch(self, run_id: int, batch_id: str | None) -> None:
        self._write("UPDATE eval_runs SET batch_id = ? WHERE id = ?", (batch_id, run_id))

    def finish_run(self, run_id: int, report: dict[str, Any], *, stopped: bool = False) -> None:
        """Store the run's report; a ``stopped`` run (failure budget) stays resumable."""
        self.flush()
        report = {k: v for k, v in report.items() if k != "results"}
        self._write(
            "UPDATE eval_runs SET status = ?, finished_at = ?, report = ? WHERE id = ?",
            ("stopped" if stopped else "done", _now(), json.dumps(report), run_id),
        )

    def history(self, limit: int = 20, dataset: str | None = None) -> list[RunRow]:
        sql = "SELECT * FROM eval_runs WHERE status IN ('done', 'stopped')"
        args: list[Any] = []
        if dataset:
            sql += " AND (dataset = ? OR dataset_sha256 LIKE ?)"
            args += [dataset, f"{dataset}%"]
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return [_run_row(r) for r in self.conn.execute(sql, args).fetchall()]

    # per-case results
    def add_result(self, run_id: int, outcome: Outcome) -> None:
        self._results.append(result_row(run_id, outcome))
        self._maybe_flush()

    def results(self, run_id: int) -> list[Outcome]:
        rows = self.conn.execute(
            "SELECT * FROM eval_results WHERE run_id = ? AND verdict IS NOT NULL", (run_id,)
        ).fetchall()
        return [
            Outcome(
                case_id=r["case_id"],
                rep=int(r["rep"]),
                verdict=Verdict.model_validate_json(r["verdict"]),
                error=None,
                latency_ms=float(r["latency_ms"]),
                resumed=True,
            )
            for r in rows
        ]

    def _maybe_flush(self) -> None:
        if time.monotonic() - self._last_flush >= FLUSH_S:
            self.flush()

    def flush(self) -> None:
        self._last_flush = time.monotonic()
        if not self._cache and not self._results:
            return
        try:
            with self.conn:
                self.conn.executemany(CACHE_INSERT, self._cache)
                self.conn.executemany(RESULT_INSERT, self._results)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write the eval tables: {exc}") from exc
        self._cache.clear()
        self._results.clear()


def _run_row(row: sqlite3.Row) -> RunRow:
    return RunRow(
        id=int(row["id"]),
        run_key=row["run_key"],
        status=row["status"],
        started_at=row["started_at"],
        dataset=row["dataset"],
        dataset_sha256=row["dataset_sha256"],
        judge=row["judge"],
        model=row["model"],
        prompt=row["prompt"],
        batch_id=row["batch_id"],
        report=json.loads(row["report"]) if row["report"] else None,
    )
