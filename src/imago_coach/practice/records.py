"""Saved drills and reviews as history: list, show one, delete for good."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from imago_coach.drill.bank import by_id
from imago_coach.drill.store import DrillStore, RunInfo
from imago_coach.errors import InputError
from imago_coach.practice.answers import readable
from imago_coach.practice.reviews import ReviewStore, SavedReview, SavedTurn

Kind = Literal["rehearsal", "drill", "review"]
KINDS: tuple[Kind, ...] = ("rehearsal", "drill", "review")


def parse_kind(value: str | None) -> Kind | None:
    if value is None:
        return None
    kind = value.strip().lower()
    if kind not in KINDS:
        raise InputError(f"Unknown --kind {value!r}: use rehearsal, drill or review.")
    return kind


class DrillAnswer(BaseModel):
    statement_id: str
    stage: str
    statement: str
    answer: str | None
    flags: list[str] | None  # None: skipped, or never judged
    clean: bool = Field(default=False, description="As the drill counted it (see DrillItem).")


class DrillDetail(RunInfo):
    answers: list[DrillAnswer]


class ReviewDetail(SavedReview):
    turns_saved: list[SavedTurn]


def _runs(path: Path) -> list[RunInfo]:
    with DrillStore.open(path) as store:
        return store.runs()


def _saved(path: Path) -> list[SavedReview]:
    with ReviewStore.open(path) as store:
        return store.reviews()


def drills(path: Path) -> list[RunInfo]:
    return readable(path, _runs)


def reviews(path: Path) -> list[SavedReview]:
    return readable(path, _saved)


def drill_detail(path: Path, run_id: int) -> DrillDetail:
    bank = by_id()
    with DrillStore.open(path) as store:
        info = store.run(run_id)
        answers = [
            DrillAnswer(
                statement_id=i.statement_id,
                stage=i.stage,
                statement=bank[i.statement_id].text if i.statement_id in bank else "",
                answer=i.answer,
                flags=i.flags,
                clean=i.clean,
            )
            for i in store.items(run_id)
        ]
    return DrillDetail(**info.model_dump(), answers=answers)


def review_detail(path: Path, review_id: int) -> ReviewDetail:
    with ReviewStore.open(path) as store:
        info = store.review(review_id)
        turns = store.turns(review_id)
    return ReviewDetail(**info.model_dump(), turns_saved=turns)


def delete(path: Path, kind: Kind, item_id: int) -> None:
    if kind == "drill":
        with DrillStore.open(path) as store:
            store.delete(item_id)
    else:
        with ReviewStore.open(path) as store:
            store.delete(item_id)


def delete_all(path: Path, kind: Kind) -> int:
    if kind == "drill":
        with DrillStore.open(path) as store:
            return store.delete_all()
    with ReviewStore.open(path) as store:
        return store.delete_all()
