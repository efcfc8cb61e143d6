"""The private local store: one SQLite file in the user's data directory.

The file is created with mode 0600 inside a 0700 directory, ``secure_delete`` is on so that
deleted rows are overwritten rather than left in free pages, and each component (sessions, eval
runs, caches) owns its tables through forward-only migrations keyed by component name. The stores
built on it are context managers (``Closing``). It imports only ``errors`` and ``settings``.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

from imago_coach.errors import StoreError
from imago_coach.settings import data_dir

DB_NAME = "imago.sqlite3"


class Closing:
    """A store used as a context manager: ``with SessionStore.open() as store: ...`` closes it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def db_path(home: Path | None = None) -> Path:
    return data_dir(home) / DB_NAME


def _make_private(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(path.parent.stat().st_mode) != 0o700:  # e.g. made earlier by someone else
        path.parent.chmod(0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) != 0o600:
        path.chmod(0o600)


def connect(path: Path | None = None) -> sqlite3.Connection:
    """Open (creating privately if needed) the store at ``path`` or the default location."""
    target = path or db_path()
    try:
        _make_private(target)
        conn = sqlite3.connect(target, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
        conn.commit()
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"Cannot open the imago store at {target}: {exc}. "
            "Check the directory's permissions, or set IMAGO_HOME to another directory."
        ) from exc
    return conn


def migrate(conn: sqlite3.Connection, component: str, steps: Sequence[str]) -> None:
    """Apply the not-yet-applied ``steps`` (SQL scripts) of ``component``, in order, once each.

    Steps are forward-only: never edit a released step, append a new one.
    """
    row = conn.execute(
        "SELECT version FROM schema_migrations WHERE component = ?", (component,)
    ).fetchone()
    done = int(row["version"]) if row else 0
    try:
        for version, script in enumerate(steps[done:], start=done + 1):
            with conn:
                for statement in script.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations(component, version) VALUES (?, ?) "
                    "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                    (component, version),
                )
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot update the imago store ({component}): {exc}") from exc
