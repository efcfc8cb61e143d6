"""Every judged answer of yours, from each source, as one typed stream.

Sources: ``rehearsal`` (your judged receiver and sender turns), ``drill`` (answered items) and
``review`` (the judged turns of saved real talks: yours only when saved with ``--me``, else
every speaker's). The drill's automatic focus and ``imago
progress`` both read this stream, so they agree on what counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel

from imago_coach.errors import StoreError
from imago_coach.models import Flag, Verdict
from imago_coach.store import is_read_only

Source = Literal["rehearsal", "drill", "review"]
SOURCES: tuple[Source, ...] = ("rehearsal", "drill", "review")
FOCUS_DAYS = 30
T = TypeVar("T")


class JudgedAnswer(BaseModel):
    """One judged answer: where it came from, when, at which stage, and its flags."""

    source: Source
    run_id: int
    at: str
    stage: str
    flags: list[str]
    clean: bool

    def when(self) -> datetime:
        moment = datetime.fromisoformat(self.at)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def collect(path: Path) -> list[JudgedAnswer]:
    """Every judged answer in the store at ``path`` (nothing if there is no store yet)."""
    out: list[JudgedAnswer] = []
    for read in (_rehearsals, _drills, _reviews):
        out.extend(readable(path, read))
    return out


def readable(path: Path, read: Callable[[Path], list[T]]) -> list[T]:
    """``read(path)``; nothing when there is no store yet, or when a store made read-only
    before this kind of record existed lacks its tables (reading never needs to write)."""
    if not path.exists():
        return []
    try:
        return read(path)
    except StoreError:
        if is_read_only(path):
            return []
        raise


def _rehearsals(path: Path) -> list[JudgedAnswer]:
    from imago_coach.dialogue.session_store import SessionStore

    out: list[JudgedAnswer] = []
    with SessionStore.open(path) as sessions:
        started = {info.id: info.started_at for info in sessions.sessions()}
        for step in sessions.verdicts():
            if isinstance(step.verdict, Verdict):
                flags = [f.value for f in step.verdict.flags]
                out.append(
                    JudgedAnswer(
                        source="rehearsal",
                        run_id=step.session_id,
                        at=started[step.session_id],
                        stage=step.verdict.stage.value,
                        flags=flags,
                        clean=not flags,
                    )
                )
    return out


def _drills(path: Path) -> list[JudgedAnswer]:
    from imago_coach.drill.store import DrillStore

    with DrillStore.open(path) as drills:
        return [
            JudgedAnswer(
                source="drill",
                run_id=i.run_id,
                at=i.created_at,
                stage=i.stage,
                flags=i.flags,
                clean=i.clean,
            )
            for i in drills.items()
            if i.answer is not None and i.flags is not None
        ]


def _reviews(path: Path) -> list[JudgedAnswer]:
    from imago_coach.practice.reviews import ReviewStore

    with ReviewStore.open(path) as reviews:
        return [
            JudgedAnswer(
                source="review",
                run_id=t.review_id,
                at=t.saved_at,
                stage=t.stage,
                flags=t.flags,
                clean=not t.flags,
            )
            for t in reviews.turns()
            if t.judged and t.yours is not False
        ]


def recent(
    answers: Iterable[JudgedAnswer], days: int = FOCUS_DAYS, now: datetime | None = None
) -> list[JudgedAnswer]:
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    return [a for a in answers if a.when() >= since]


def most_frequent_flag(answers: Sequence[JudgedAnswer]) -> tuple[Flag, int] | None:
    """The flag raised most often (ties: rubric order), with its count; None if none."""
    counts = Counter(f for a in answers for f in a.flags if f in Flag.__members__.values())
    if not counts:
        return None
    best = max(Flag, key=lambda f: (counts.get(f.value, 0), -list(Flag).index(f)))
    return best, counts[best.value]
