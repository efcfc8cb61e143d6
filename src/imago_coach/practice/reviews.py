"""Saved real talks (``imago review FILE --save``): per-turn stages and flags, text only if asked.

What is kept by default is the shape of the talk: who spoke, at which stage, which flags were
raised. The words themselves are kept only with ``--save-text``. Deleting removes the rows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from pydantic import BaseModel, Field

from imago_coach.errors import InputError, StoreError
from imago_coach.store import Closing, connect, is_read_only, migrate, now, run_in_transaction
from imago_coach.transcript.report import ReviewReport

COMPONENT = "reviews"
MIGRATIONS = [
    """
    CREATE TABLE saved_reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        saved_at TEXT NOT NULL,
        source TEXT,
        judge TEXT NOT NULL,
        with_text INTEGER NOT NULL,
        me TEXT
    );
    CREATE TABLE saved_review_turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        review_id INTEGER NOT NULL REFERENCES saved_reviews(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        role TEXT NOT NULL,
        stage TEXT NOT NULL,
        judged INTEGER NOT NULL,
        flags TEXT NOT NULL,
        yours INTEGER,
        text TEXT
    );
    CREATE INDEX saved_review_turns_review ON saved_review_turns(review_id, idx)
    """,
    # the stage, step and protocol notes the review report showed (``stage`` is the judge's
    # rubric stage): history shows a turn as the report did; rows saved before have none
    """
    ALTER TABLE saved_review_turns ADD COLUMN report_stage TEXT;
    ALTER TABLE saved_review_turns ADD COLUMN step TEXT;
    ALTER TABLE saved_review_turns ADD COLUMN protocol_notes TEXT
    """,
]


class SavedTurn(BaseModel):
    review_id: int
    saved_at: str
    index: int
    speaker: str
    role: str
    stage: str
    judged: bool
    flags: list[str]
    yours: bool | None  # None: saved without --me, so whose turn is unknown
    text: str | None
    report_stage: str | None = None  # the report's stage ("other" too); None: saved before
    step: str | None = None  # the report's finer step (summary, check, agree)
    protocol_notes: list[str] = Field(default_factory=list)  # their codes ("validated_early")


class SavedReview(BaseModel):
    """A saved review's header (the ``imago history --kind review`` item)."""

    id: int
    saved_at: str
    source: str | None
    judge: str
    with_text: bool
    me: str | None
    turns: int
    judged: int
    clean: int


class ReviewStore(Closing):
    """Saved reviews in the private store file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        try:
            migrate(conn, COMPONENT, MIGRATIONS)
        except StoreError:
            if not _read_only_with_reviews(conn):
                raise  # else: made read-only before a later step, and read as it is

    @classmethod
    def open(cls, path: Path) -> ReviewStore:
        return cls(connect(path))

    def close(self) -> None:
        self.conn.close()

    def save(self, report: ReviewReport, *, with_text: bool, me: str | None = None) -> int:
        """Keep the report's per-turn stages and flags (and the words if ``with_text``);
        ``me`` (one of the speakers) marks whose turns are yours."""
        speaker = _speaker(report, me)
        with_me = [(None if speaker is None else int(t.speaker == speaker)) for t in report.turns]
        try:
            with self.conn:  # one transaction: the review and all its turns, or nothing
                cur = self.conn.execute(
                    "INSERT INTO saved_reviews(saved_at, source, judge, with_text, me)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (now(), report.source, report.judge, int(with_text), speaker),
                )
                review_id = int(cur.lastrowid or 0)
                self.conn.executemany(
                    "INSERT INTO saved_review_turns(review_id, idx, speaker, role, stage, judged,"
                    " flags, yours, text, report_stage, step, protocol_notes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            review_id,
                            t.index,
                            t.speaker,
                            t.role,
                            t.rubric or t.stage,
                            int(t.judged and t.error is None),
                            json.dumps(t.flags),
                            yours,
                            t.text if with_text else None,
                            t.stage,
                            t.step,
                            json.dumps([n.code for n in t.protocol_notes]),
                        )
                        for t, yours in zip(report.turns, with_me, strict=True)
                    ],
                )
        except sqlite3.Error as exc:
            raise StoreError(f"Cannot write to the imago store: {exc}") from exc
        return review_id

    def turns(self, review_id: int | None = None) -> list[SavedTurn]:
        where, args = ("WHERE t.review_id = ?", (review_id,)) if review_id is not None else ("", ())
        rows = self.conn.execute(
            "SELECT t.*, r.saved_at FROM saved_review_turns t JOIN saved_reviews r"
            f" ON r.id = t.review_id {where} ORDER BY t.review_id, t.idx",
            args,
        ).fetchall()
        # a read-only store from before the report's stages were kept lacks these columns
        columns = set(rows[0].keys()) if rows else set()
        return [
            SavedTurn(
                review_id=r["review_id"],
                saved_at=r["saved_at"],
                index=r["idx"],
                speaker=r["speaker"],
                role=r["role"],
                stage=r["stage"],
                judged=bool(r["judged"]),
                flags=json.loads(r["flags"]),
                yours=None if r["yours"] is None else bool(r["yours"]),
                text=r["text"],
                report_stage=r["report_stage"] if "report_stage" in columns else None,
                step=r["step"] if "step" in columns else None,
                protocol_notes=json.loads(r["protocol_notes"] or "[]")
                if "protocol_notes" in columns
                else [],
            )
            for r in rows
        ]

    def reviews(self) -> list[SavedReview]:
        """Every saved review, newest first."""
        rows = self.conn.execute(
            "SELECT r.*, COUNT(t.id) AS n, SUM(t.judged) AS judged,"
            " SUM(CASE WHEN t.judged = 1 AND t.flags = '[]' THEN 1 ELSE 0 END) AS clean"
            " FROM saved_reviews r LEFT JOIN saved_review_turns t ON t.review_id = r.id"
            " GROUP BY r.id ORDER BY r.id DESC"
        ).fetchall()
        return [
            SavedReview(
                id=r["id"],
                saved_at=r["saved_at"],
                source=r["source"],
                judge=r["judge"],
                with_text=bool(r["with_text"]),
                me=r["me"],
                turns=r["n"],
                judged=r["judged"] or 0,
                clean=r["clean"] or 0,
            )
            for r in rows
        ]

    def review(self, review_id: int) -> SavedReview:
        for item in self.reviews():
            if item.id == review_id:
                return item
        raise InputError(
            f"No saved review {review_id}: see the ids with imago history --kind review."
        )

    def delete(self, review_id: int) -> None:
        self.review(review_id)
        self._delete("WHERE review_id = ?", "WHERE id = ?", (review_id,))

    def delete_all(self) -> int:
        count = len(self.reviews())
        self._delete("", "", ())
        return count

    def _delete(self, turns_where: str, reviews_where: str, args: tuple[object, ...]) -> None:
        run_in_transaction(
            self.conn,
            [
                (f"DELETE FROM saved_review_turns {turns_where}", args),
                (f"DELETE FROM saved_reviews {reviews_where}", args),
            ],
            action="delete from",
        )


def _read_only_with_reviews(conn: sqlite3.Connection) -> bool:
    """A store the user made read-only that already holds the saved-review tables."""
    file = conn.execute("PRAGMA database_list").fetchone()[2]
    tables = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
        " AND name IN ('saved_reviews', 'saved_review_turns')"
    ).fetchone()[0]
    return bool(file) and is_read_only(Path(file)) and tables == 2


def _speaker(report: ReviewReport, me: str | None) -> str | None:
    """The speaker named by ``--me`` (any case), or a one-line error naming the speakers."""
    if me is None:
        return None
    for name in report.speakers:
        if name.casefold() == me.strip().casefold():
            return name
    raise InputError(
        f"--me {me!r} is not a speaker in this transcript: use one of "
        f"{', '.join(report.speakers)}. Nothing was saved."
    )


def save_review(report: ReviewReport, path: Path, *, with_text: bool, me: str | None = None) -> str:
    """Save the report in the store at ``path``; returns the one line that says what was kept."""
    _speaker(report, me)  # before the store is opened: a wrong name saves nothing
    with ReviewStore.open(path) as store:
        review_id = store.save(report, with_text=with_text, me=me)
    kept = "stages, flags and words" if with_text else "stages and flags (not the words)"
    return (
        f"saved review {review_id}: each turn's {kept}, for imago progress; "
        f"delete it with imago history delete {review_id} --kind review"
    )
