"""Rehearsal sessions in the private SQLite store: sessions, utterances, verdicts.

Every utterance is committed the moment it is entered, together with the session's new
state-machine position, so Ctrl-C or a kill loses at most the line being typed. A session's row
is written with its first utterance of yours (``start``), so a run with no input leaves nothing.
Deleting removes the rows (the store has ``secure_delete`` on), never marks them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Tag, TypeAdapter, ValidationError

from imago_coach.dialogue.flow import FlowState, Role
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.errors import InputError, StoreError
from imago_coach.models import Verdict
from imago_coach.settings import Settings
from imago_coach.store import Closing, connect, db_path, migrate, read_only

COMPONENT = "rehearse"
saved_sessions: set[int] = set()
"""Sessions this process has committed lines to (what Ctrl-C may honestly call saved)."""
MIGRATIONS = [
    """
    CREATE TABLE rehearse_sessions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        scenario TEXT NOT NULL,
        topic TEXT,
        role TEXT NOT NULL,
        judge TEXT NOT NULL,
        finished INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL
    );
    CREATE TABLE rehearse_utterances (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL REFERENCES rehearse_sessions(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        role TEXT NOT NULL,
        speaker TEXT NOT NULL,
        stage TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX rehearse_utterances_session ON rehearse_utterances(session_id, id);
    CREATE TABLE rehearse_verdicts (
        utterance_id INTEGER PRIMARY KEY
            REFERENCES rehearse_utterances(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        stage TEXT NOT NULL,
        flags TEXT NOT NULL,
        mirror_accuracy REAL,
        body TEXT NOT NULL
    )
    """,
]
_MIGRATIONS_TABLE = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
)


class Line(BaseModel):
    """One utterance: who said it, in which role and at which stage."""

    role: str
    speaker: str
    stage: str
    text: str


def _kind(value: object) -> str:
    """Which verdict a stored body is: a request check says so, a rubric verdict does not."""
    if isinstance(value, dict):
        return str(value.get("kind", "rubric"))
    return "request" if isinstance(value, RequestCheck) else "rubric"


StoredVerdict = Annotated[
    Annotated[Verdict, Tag("rubric")] | Annotated[RequestCheck, Tag("request")],
    Discriminator(_kind),
]
_VERDICT: TypeAdapter[Verdict | RequestCheck] = TypeAdapter(StoredVerdict)


class StoredUtterance(BaseModel):
    """One utterance as stored, with the verdict on it (the ``imago history show`` item).

    ``id`` and ``created_at`` are None for the partner's lines before a new session is written.
    """

    id: int | None = None
    role: str
    speaker: str
    stage: str
    text: str
    created_at: str | None = None
    verdict: StoredVerdict | None = None

    @property
    def yours(self) -> bool:
        return self.speaker == "you"

    @property
    def rubric(self) -> Verdict | None:
        return self.verdict if isinstance(self.verdict, Verdict) else None

    @property
    def request(self) -> RequestCheck | None:
        return self.verdict if isinstance(self.verdict, RequestCheck) else None


class JudgedStep(BaseModel):
    """A stored verdict with the session and the step (the utterance's stage) it judged."""

    session_id: int
    step: str
    verdict: StoredVerdict


def _verdict(body: str, utterance_id: int) -> Verdict | RequestCheck:
    try:
        return _VERDICT.validate_json(body)
    except ValidationError as exc:
        raise StoreError(
            f"The stored feedback on utterance {utterance_id} cannot be read "
            f"({exc.error_count()} problems): it was written by another version of "
            "imago. Update imago, or delete that session (imago history delete ID)."
        ) from None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SessionMeta(BaseModel):
    """What a new session is about, written with its first utterance."""

    scenario: str
    topic: str | None
    role: Role
    judge: str


class SessionInfo(BaseModel):
    """A stored session's header (the ``imago history --json`` item, extended)."""

    id: int
    started_at: str
    scenario: str
    topic: str | None
    role: Role
    judge: str
    finished: bool
    utterances: int


class SessionStore(Closing):
    """Sessions on one SQLite connection: the private file, or memory with ``--no-save``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        migrate(conn, COMPONENT, MIGRATIONS)

    @classmethod
    def open(cls, path: Path | None = None) -> SessionStore:
        conn = connect(path)
        target = conn.execute("PRAGMA database_list").fetchone()["file"]
        return cls(conn, Path(target))

    @classmethod
    def in_memory(cls) -> SessionStore:
        """A store that keeps nothing on disk (``--no-save``)."""
        conn = sqlite3.connect(":memory:")
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(_MIGRATIONS_TABLE)
        return cls(conn, None)

    @property
    def saved(self) -> bool:
        return self.path is not None

    def close(self) -> None:
        self.conn.close()

    # sessions -------------------------------------------------------------------------------

    def start(
        self,
        meta: SessionMeta,
        state: FlowState,
        utterances: Sequence[Line],
        *,
        pending_yours: bool = False,
    ) -> tuple[int, list[int]]:
        """In one transaction: a new session with its first utterances and its state."""
        now = _now()
        try:
            with self.conn:
                cur = self.conn.execute(
                    "INSERT INTO rehearse_sessions(started_at, updated_at, scenario, topic, role,"
                    " judge, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        now,
                        now,
                        meta.scenario,
                        meta.topic,
                        meta.role,
                        meta.judge,
                        state.model_dump_json(),
                    ),
                )
                session_id = int(cur.lastrowid or 0)
                ids = self._insert(session_id, state, utterances, pending_yours=pending_yours)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the imago store: {exc}") from exc
        if self.saved:
            saved_sessions.add(session_id)
        return session_id, ids

    def record(
        self,
        session_id: int,
        state: FlowState,
        utterances: Sequence[Line] = (),
        *,
        verdict: Verdict | RequestCheck | None = None,
        verdict_for: int | None = None,
        pending_yours: bool = False,
    ) -> list[int]:
        """In one transaction: utterances and/or a verdict, and the session's new state.

        ``pending_yours``: the state's ``pending`` becomes the id of the first new utterance of
        yours, so the utterance and the position that points at it are committed together.
        Returns the new utterances' ids.
        """
        try:
            with self.conn:
                ids = self._insert(session_id, state, utterances, pending_yours=pending_yours)
                if verdict is not None and verdict_for is not None:
                    body = verdict.model_dump(mode="json")
                    self.conn.execute(
                        "INSERT OR REPLACE INTO rehearse_verdicts(utterance_id, kind, stage, flags,"
                        " mirror_accuracy, body) VALUES (?, ?, ?, ?, ?, ?)",
                        (
                            verdict_for,
                            _kind(verdict),
                            str(body["stage"]),
                            json.dumps(body.get("flags", [])),
                            body.get("mirror_accuracy"),
                            json.dumps(body, ensure_ascii=False),
                        ),
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the imago store: {exc}") from exc
        if self.saved and utterances:
            saved_sessions.add(session_id)
        return ids

    def _insert(
        self, session_id: int, state: FlowState, utterances: Sequence[Line], *, pending_yours: bool
    ) -> list[int]:
        """Utterances and the new state, inside the caller's transaction."""
        ids: list[int] = []
        point = pending_yours
        for line in utterances:
            cur = self.conn.execute(
                "INSERT INTO rehearse_utterances(session_id, created_at, role, speaker,"
                " stage, text) VALUES (?, ?, ?, ?, ?, ?)",
                (session_id, _now(), line.role, line.speaker, line.stage, line.text),
            )
            ids.append(int(cur.lastrowid or 0))
            if point and line.speaker == "you":
                state.pending, point = ids[-1], False
        self._save_state(session_id, state)
        return ids

    def _save_state(self, session_id: int, state: FlowState) -> None:
        self.conn.execute(
            "UPDATE rehearse_sessions SET state = ?, finished = ?, updated_at = ? WHERE id = ?",
            (state.model_dump_json(), int(state.finished), _now(), session_id),
        )

    def utterance(self, utterance_id: int) -> StoredUtterance:
        row = self.conn.execute(
            f"SELECT {_UTTERANCE_COLUMNS} FROM rehearse_utterances u LEFT JOIN rehearse_verdicts v"
            " ON v.utterance_id = u.id WHERE u.id = ?",
            (utterance_id,),
        ).fetchone()
        if row is None:
            raise StoreError(f"The stored session lost utterance {utterance_id}.")
        return _utterance(row)

    def last_unfinished(self) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM rehearse_sessions WHERE finished = 0 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        return int(row["id"]) if row else None

    def state(self, session_id: int) -> FlowState:
        row = self._session_row(session_id)
        return FlowState.model_validate_json(row["state"])

    def _session_row(self, session_id: int) -> sqlite3.Row:
        row = self.conn.execute(
            "SELECT s.*, (SELECT COUNT(*) FROM rehearse_utterances u WHERE u.session_id = s.id)"
            " AS n FROM rehearse_sessions s WHERE s.id = ?",
            (session_id,),
        ).fetchone()
        if row is None:
            raise InputError(f"No session {session_id}: see the ids with imago history.")
        return row  # type: ignore[no-any-return]

    def info(self, session_id: int) -> SessionInfo:
        return _info(self._session_row(session_id))

    def sessions(self) -> list[SessionInfo]:
        """All sessions, newest first."""
        rows = self.conn.execute(
            "SELECT s.*, (SELECT COUNT(*) FROM rehearse_utterances u WHERE u.session_id = s.id)"
            " AS n FROM rehearse_sessions s ORDER BY s.started_at DESC, s.id DESC"
        ).fetchall()
        return [_info(r) for r in rows]

    def utterances(self, session_id: int) -> list[StoredUtterance]:
        """The session's utterances in order, each with its verdict (or None)."""
        rows = self.conn.execute(
            f"SELECT {_UTTERANCE_COLUMNS}"
            " FROM rehearse_utterances u LEFT JOIN rehearse_verdicts v ON v.utterance_id = u.id"
            " WHERE u.session_id = ? ORDER BY u.id",
            (session_id,),
        ).fetchall()
        return [_utterance(r) for r in rows]

    def verdicts(self) -> list[JudgedStep]:
        """Every stored verdict with its session, oldest first (for ``imago progress``)."""
        rows = self.conn.execute(
            "SELECT u.id, u.session_id, u.stage AS step, v.body FROM rehearse_verdicts v"
            " JOIN rehearse_utterances u ON u.id = v.utterance_id"
            " JOIN rehearse_sessions s ON s.id = u.session_id ORDER BY s.started_at, u.id"
        ).fetchall()
        return [
            JudgedStep(
                session_id=r["session_id"], step=r["step"], verdict=_verdict(r["body"], r["id"])
            )
            for r in rows
        ]

    def delete(self, session_id: int) -> None:
        """Remove the session, its utterances and verdicts: the rows, for good."""
        self._session_row(session_id)
        self._delete("WHERE session_id = ?", "WHERE id = ?", (session_id,))

    def delete_all(self) -> int:
        count = int(self.conn.execute("SELECT COUNT(*) FROM rehearse_sessions").fetchone()[0])
        self._delete("", "", ())
        return count

    def _delete(self, by_session: str, by_id: str, args: tuple[Any, ...]) -> None:
        try:
            with self.conn:
                self.conn.execute(
                    "DELETE FROM rehearse_verdicts WHERE utterance_id IN"
                    f" (SELECT id FROM rehearse_utterances {by_session})",
                    args,
                )
                self.conn.execute(f"DELETE FROM rehearse_utterances {by_session}", args)
                self.conn.execute(f"DELETE FROM rehearse_sessions {by_id}", args)
        except sqlite3.Error as exc:
            if "readonly" in str(exc) and self.path is not None:
                raise read_only(self.path) from exc
            raise StoreError(f"Cannot delete from the imago store: {exc}") from exc


def open_store(settings: Settings, *, save: bool = True) -> SessionStore:
    """The sessions in the private file under ``settings.home``, or in memory (``--no-save``)."""
    return SessionStore.open(db_path(settings.home)) if save else SessionStore.in_memory()


_UTTERANCE_COLUMNS = "u.id, u.role, u.speaker, u.stage, u.text, u.created_at, v.body"


def _utterance(row: sqlite3.Row) -> StoredUtterance:
    return StoredUtterance(
        id=row["id"],
        role=row["role"],
        speaker=row["speaker"],
        stage=row["stage"],
        text=row["text"],
        created_at=row["created_at"],
        verdict=_verdict(row["body"], row["id"]) if row["body"] else None,
    )


def _info(row: sqlite3.Row) -> SessionInfo:
    return SessionInfo(
        id=row["id"],
        started_at=row["started_at"],
        scenario=row["scenario"],
        topic=row["topic"],
        role=row["role"],
        judge=row["judge"],
        finished=bool(row["finished"]),
        utterances=int(row["n"]),
    )
