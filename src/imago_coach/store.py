"""The private local store: one SQLite file in the user's data directory.

The file is created with mode 0600 inside a 0700 directory, ``secure_delete`` is on so that
deleted rows are overwritten rather than left in free pages, and each component (sessions, eval
runs, caches) owns its tables through forward-only migrations keyed by component name. The stores
built on it are context managers (``Closing``). It imports only ``errors``, ``private`` and
``settings``.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self

from imago_coach.errors import StoreError
from imago_coach.private import private_dir, tighten
from imago_coach.settings import data_dir

DB_NAME = "imago.sqlite3"


class Closing:
    """A store used as a context manager: ``with SessionStore.open() as store: ...`` closes it."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def db_path(home: Path | None = None) -> Path:
    return data_dir(home) / DB_NAME


_HEADER = b"SQLite format 3\x00"
_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
)


def _make_private(path: Path) -> None:
    """The folder (0700) and the store file (0600), the file created whole or not at all."""
    private_dir(path.parent)
    if not os.path.lexists(path):
        _create(path)
    tighten(path)


def _create(path: Path) -> None:
    """Make an empty store beside ``path`` and link it in: a kill never leaves a 0-byte file."""
    fresh = path.with_name(f".{path.name}.{os.getpid()}.new")
    fd = os.open(fresh, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    os.close(fd)
    try:
        with closing(sqlite3.connect(fresh)) as conn:
            conn.execute(_MIGRATIONS_TABLE)
            conn.commit()
        try:
            os.link(fresh, path)  # never replaces a store another process made meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not os.path.lexists(path):
                os.replace(fresh, path)
    finally:
        if os.path.lexists(fresh):
            os.unlink(fresh)


def _check_header(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(len(_HEADER))
    if head != _HEADER:
        raise damaged(
            path,
            "empty (0 bytes), so it holds no sessions"
            if not head
            else "not an imago store (not an SQLite database)",
        )


def damaged(path: Path, what: str = "damaged") -> StoreError:
    """The one-line error for a store that cannot be read, with how to start afresh."""
    return StoreError(
        f"The imago store {path} is {what}: move it aside (mv {path} {path}.damaged) and run "
        "the command again to start a new one; the old file stays as it is."
    )


def read_only(path: Path) -> StoreError:
    return StoreError(
        f"The imago store {path} (or its folder) is read-only, so nothing can be saved: make it "
        f"writable (chmod u+w {path} {path.parent}), or set IMAGO_HOME to another folder."
    )


def is_read_only(path: Path) -> bool:
    """Whether the user made the store or its folder read-only (no owner write bit)."""
    for item in (path, path.parent):
        if item.exists() and not item.stat().st_mode & stat.S_IWUSR:
            return True
    return False


def require_writable(path: Path) -> None:
    """Refuse, before anything is typed, to work on a store that cannot keep it."""
    if is_read_only(path):
        raise read_only(path)


def store_error(exc: BaseException, path: Path | None = None) -> StoreError | None:
    """The ``StoreError`` for an sqlite3 error met while using the store, else None."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    target = path or db_path()
    text = str(exc)
    if any(word in text for word in ("malformed", "not a database", "corrupt")):
        return damaged(target, f"damaged and cannot be read (SQLite: {text})")
    if "readonly" in text or "read-only" in text:
        return read_only(target)
    return StoreError(f"Cannot use the imago store {target}: {text}.")


def connect(path: Path | None = None) -> sqlite3.Connection:
    """Open (creating privately if needed) the store at ``path`` or the default location."""
    target = path or db_path()
    try:
        locked = is_read_only(target)
        if locked and not target.exists():
            raise read_only(target)
        if locked:
            for item in (target.parent, target):
                tighten(item)
        else:
            _make_private(target)
        _check_header(target)
        if locked:  # opened read-only, so even root's writes are refused, not done
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        else:
            conn = sqlite3.connect(target, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        if (
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            ).fetchone()
            is None
        ):
            conn.execute(_MIGRATIONS_TABLE)
            conn.commit()
    except sqlite3.DatabaseError as exc:
        raise (store_error(exc, target) or damaged(target)) from exc
    except OSError as exc:
        raise StoreError(
            f"Cannot open the imago store at {target}: {exc}. "
            "Check the directory's permissions, or set IMAGO_HOME to another directory."
        ) from exc
    return conn


def migrate(conn: sqlite3.Connection, component: str, steps: Sequence[str]) -> None:
    """Apply the not-yet-applied ``steps`` (SQL scripts) of ``component``, in order, once each.

    Each step and its version row are one ``BEGIN IMMEDIATE`` transaction: a kill in between
    leaves the step wholly undone, and a second process starting at the same moment waits for
    the first (busy timeout) and then sees the step done. ``CREATE`` statements run as
    ``CREATE ... IF NOT EXISTS``, so a store left half-made by an older version is completed.
    Steps are forward-only: never edit a released step, append a new one.
    """
    if _version(conn, component) >= len(steps):
        return
    try:
        for version, script in enumerate(steps, start=1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                if _version(conn, component) < version:
                    for statement in script.split(";"):
                        if statement.strip():
                            conn.execute(_IF_NOT_EXISTS.sub(r"\1 IF NOT EXISTS ", statement))
                    conn.execute(
                        "INSERT INTO schema_migrations(component, version) VALUES (?, ?) "
                        "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                        (component, version),
                    )
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
    except sqlite3.Error as exc:
        if "readonly" in str(exc):
            raise read_only(Path(conn.execute("PRAGMA database_list").fetchone()[2])) from exc
        raise StoreError(f"Cannot update the imago store ({component}): {exc}") from exc


_IF_NOT_EXISTS = re.compile(
    r"^\s*(CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER))\s+(?!IF\s+NOT\s+EXISTS\b)",
    re.IGNORECASE,
)


def _version(conn: sqlite3.Connection, component: str) -> int:
    row = conn.execute(
        "SELECT version FROM schema_migrations WHERE component = ?", (component,)
    ).fetchone()
    return int(row[0]) if row else 0


def connect_memory() -> sqlite3.Connection:
    """A store that keeps nothing on disk (``--no-save``), shaped like ``connect``'s."""
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(_MIGRATIONS_TABLE)
    return conn


def now() -> str:
    """The current UTC time as stored: ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_in_transaction(
    conn: sqlite3.Connection,
    statements: Sequence[tuple[str, Sequence[object]]],
    *,
    action: str = "write to",
) -> int:
    """Run ``(sql, args)`` statements in one transaction; the last statement's row id."""
    last = 0
    try:
        with conn:
            for sql, args in statements:
                last = int(conn.execute(sql, args).lastrowid or 0)
    except sqlite3.Error as exc:
        raise StoreError(f"Cannot {action} the imago store: {exc}") from exc
    return last
