"""Drills in the private store: runs, items (answer saved before it is judged), Leitner boxes.

An item's answer is committed the moment it is entered, before any model call; its flags are
written when the verdict comes back. The drill's own row is written with its first answer
(with the items skipped before it), so a drill nobody answered in leaves nothing and takes no
number. The Leitner box holds every (statement, stage) answered with a flag until it is
answered clean twice; deleting a drill removes its rows for good (the store has
``secure_delete`` on) and rebuilds the box from the drills that remain, so nothing the deleted
drill put in it (statement ids, counts) is left. Numbers are never reused: a deleted drill's
id keeps meaning that drill.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pydantic import BaseModel, Field

from imago_coach.errors import InputError, StoreError
from imago_coach.store import Closing, connect, connect_memory, migrate, now, run_in_transaction

COMPONENT = "drill"
MIGRATIONS = [
    """
    CREATE TABLE drill_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        stage TEXT NOT NULL,
        focus TEXT NOT NULL,
        judge TEXT NOT NULL
    );
    CREATE TABLE drill_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES drill_runs(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        statement_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        answer TEXT,
        flags TEXT,
        clean INTEGER,
        verdict TEXT
    );
    CREATE INDEX drill_items_run ON drill_items(run_id, id);
    CREATE TABLE drill_boxes (
        statement_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        clean_count INTEGER NOT NULL,
        last_run INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (statement_id, stage)
    )
    """,
]
CLEAN_TO_LEAVE = 2  # clean answers that take an item out of the Leitner box
saved_runs: set[int] = set()  # drills with an answer committed in this process (for Ctrl-C)


class StoredItem(BaseModel):
    """One presented item: its answer (``None`` when skipped) and flags (``None`` if unjudged)."""

    id: int
    run_id: int
    created_at: str
    statement_id: str
    stage: str
    answer: str | None
    flags: list[str] | None
    clean: bool = False  # judged with no flag (and, for a mirror, enough of what was said)


class RunInfo(BaseModel):
    """A stored drill's header (the ``imago history --kind drill`` item)."""

    id: int
    started_at: str
    stage: str
    focus: str
    judge: str
    items: int
    answered: int
    clean: int


class RunHeader(BaseModel):
    """What a drill row records about the drill itself, known before its first answer."""

    started_at: str = Field(default_factory=now)
    stage: str
    focus: str
    judge: str


class NewItem(BaseModel):
    """A presented item to write: the answer as entered, ``None`` when skipped."""

    created_at: str = Field(default_factory=now)
    statement_id: str
    stage: str
    answer: str | None


class BoxEntry(BaseModel):
    statement_id: str
    stage: str
    clean_count: int
    last_run: int


class DrillStore(Closing):
    """Drill rows on one SQLite connection: the private file, or memory with ``--no-save``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        migrate(conn, COMPONENT, MIGRATIONS)

    @classmethod
    def open(cls, path: Path) -> DrillStore:
        return cls(connect(path), path)

    @classmethod
    def in_memory(cls) -> DrillStore:
        return cls(connect_memory(), None)

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, args: tuple[object, ...]) -> int:
        return run_in_transaction(self.conn, [(sql, args)])

    # runs and items ------------------------------------------------------------------------

    def start(self, header: RunHeader, first: list[NewItem]) -> tuple[int, int]:
        """Create the drill with its first items in one transaction, when the first answer
        comes (a drill with no answer leaves no row and takes no number); the run's id and
        the last item's id."""
        try:
            with self.conn:
                run_id = int(
                    self.conn.execute(
                        "INSERT INTO drill_runs(started_at, stage, focus, judge)"
                        " VALUES (?, ?, ?, ?)",
                        (header.started_at, header.stage, header.focus, header.judge),
                    ).lastrowid
                    or 0
                )
                item_id = 0
                for item in first:
                    item_id = self._insert_item(run_id, item)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the imago store: {exc}") from exc
        self._saved(run_id)
        return run_id, item_id

    def add_item(self, run_id: int, item: NewItem) -> int:
        """The answer as entered (``None``: skipped), committed before it is judged."""
        try:
            with self.conn:
                item_id = self._insert_item(run_id, item)
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the imago store: {exc}") from exc
        self._saved(run_id)
        return item_id

    def _insert_item(self, run_id: int, item: NewItem) -> int:
        return int(
            self.conn.execute(
                "INSERT INTO drill_items(run_id, created_at, statement_id, stage, answer)"
                " VALUES (?, ?, ?, ?, ?)",
                (run_id, item.created_at, item.statement_id, item.stage, item.answer),
            ).lastrowid
            or 0
        )

    def _saved(self, run_id: int) -> None:
        if self.path is not None:
            saved_runs.add(run_id)

    def judged(self, item_id: int, flags: list[str], clean: bool, verdict_json: str) -> None:
        self._write(
            "UPDATE drill_items SET flags = ?, clean = ?, verdict = ? WHERE id = ?",
            (json.dumps(flags), int(clean), verdict_json, item_id),
        )

    def items(self, run_id: int | None = None) -> list[StoredItem]:
        """The items of one run, or of every run, oldest first."""
        where, args = ("WHERE run_id = ?", (run_id,)) if run_id is not None else ("", ())
        rows = self.conn.execute(f"SELECT * FROM drill_items {where} ORDER BY id", args).fetchall()
        return [
            StoredItem(
                id=r["id"],
                run_id=r["run_id"],
                created_at=r["created_at"],
                statement_id=r["statement_id"],
                stage=r["stage"],
                answer=r["answer"],
                flags=json.loads(r["flags"]) if r["flags"] is not None else None,
                clean=bool(r["clean"]),
            )
            for r in rows
        ]

    def runs(self) -> list[RunInfo]:
        """Every drill with something entered, newest first."""
        rows = self.conn.execute(
            "SELECT r.*, COUNT(i.id) AS n, COUNT(i.answer) AS answered,"
            " SUM(COALESCE(i.clean, 0)) AS clean"
            " FROM drill_runs r JOIN drill_items i ON i.run_id = r.id"
            " GROUP BY r.id ORDER BY r.id DESC"
        ).fetchall()
        return [
            RunInfo(
                id=r["id"],
                started_at=r["started_at"],
                stage=r["stage"],
                focus=r["focus"],
                judge=r["judge"],
                items=r["n"],
                answered=r["answered"],
                clean=r["clean"] or 0,
            )
            for r in rows
        ]

    def run(self, run_id: int) -> RunInfo:
        for info in self.runs():
            if info.id == run_id:
                return info
        raise InputError(f"No drill {run_id}: see the ids with imago history --kind drill.")

    def delete(self, run_id: int) -> None:
        """Remove one drill and rebuild the box as if it had never been run."""
        self.run(run_id)
        kept = [item for item in self.items() if item.run_id != run_id]
        rebuilt = [
            (
                "INSERT INTO drill_boxes(statement_id, stage, clean_count, last_run,"
                " updated_at) VALUES (?, ?, ?, ?, ?)",
                (e.statement_id, e.stage, e.clean_count, e.last_run, now()),
            )
            for e in replay_box(kept)
        ]
        self._delete(
            "WHERE run_id = ?",
            "WHERE id = ?",
            (run_id,),
            [("DELETE FROM drill_boxes", ()), *rebuilt],
        )

    def delete_all(self) -> int:
        count = len(self.runs())
        self._delete("", "", ())
        return count

    def _delete(
        self,
        items_where: str,
        runs_where: str,
        args: tuple[object, ...],
        boxes: list[tuple[str, tuple[object, ...]]] | None = None,
    ) -> None:
        boxes = [("DELETE FROM drill_boxes", ())] if boxes is None else boxes
        run_in_transaction(
            self.conn,
            [
                (f"DELETE FROM drill_items {items_where}", args),
                (f"DELETE FROM drill_runs {runs_where}", args),
                *boxes,
            ],
            action="delete from",
        )

    # the Leitner box -----------------------------------------------------------------------

    def box(self) -> list[BoxEntry]:
        """Items still to practise, the longest waiting first."""
        rows = self.conn.execute(
            "SELECT * FROM drill_boxes ORDER BY clean_count, last_run, statement_id"
        ).fetchall()
        return [
            BoxEntry(
                statement_id=r["statement_id"],
                stage=r["stage"],
                clean_count=r["clean_count"],
                last_run=r["last_run"],
            )
            for r in rows
        ]

    def update_box(self, statement_id: str, stage: str, run_id: int, clean: bool) -> None:
        """A flag puts the item in the box (back to zero); two clean answers take it out."""
        key = (statement_id, stage)
        row = self.conn.execute(
            "SELECT clean_count FROM drill_boxes WHERE statement_id = ? AND stage = ?", key
        ).fetchone()
        if not clean:
            self._write(
                "INSERT INTO drill_boxes(statement_id, stage, clean_count, last_run, updated_at)"
                " VALUES (?, ?, 0, ?, ?) ON CONFLICT(statement_id, stage) DO UPDATE SET"
                " clean_count = 0, last_run = excluded.last_run, updated_at = excluded.updated_at",
                (*key, run_id, now()),
            )
        elif row is not None and row["clean_count"] + 1 >= CLEAN_TO_LEAVE:
            self._write("DELETE FROM drill_boxes WHERE statement_id = ? AND stage = ?", key)
        elif row is not None:
            self._write(
                "UPDATE drill_boxes SET clean_count = clean_count + 1, last_run = ?,"
                " updated_at = ? WHERE statement_id = ? AND stage = ?",
                (run_id, now(), *key),
            )


def replay_box(items: list[StoredItem]) -> list[BoxEntry]:
    """The box that these judged items, answered in this order, leave (``update_box``'s rule)."""
    box: dict[tuple[str, str], BoxEntry] = {}
    for item in items:
        if item.answer is None or item.flags is None:
            continue  # skipped or never judged: it never touched the box
        key = (item.statement_id, item.stage)
        entry = box.get(key)
        if not item.clean:
            box[key] = BoxEntry(
                statement_id=item.statement_id,
                stage=item.stage,
                clean_count=0,
                last_run=item.run_id,
            )
        elif entry is not None and entry.clean_count + 1 >= CLEAN_TO_LEAVE:
            del box[key]
        elif entry is not None:
            box[key] = entry.model_copy(
                update={"clean_count": entry.clean_count + 1, "last_run": item.run_id}
            )
    return list(box.values())
