"""Progress per stage and per source (rehearsal, drill, real talk), and whether each improves.

A run is one rehearsal session, one drill or one saved review. A source's trend is its clean
share per run, oldest first; it is improving when the later half of its runs is clearly cleaner
than the earlier half (``MOVE`` or more), and getting worse when clearly less clean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel

from imago_coach.practice.answers import SOURCES, JudgedAnswer, Source

STAGES = ("mirror", "validate", "empathize", "send")
TREND_RUNS = 12
MOVE = 0.1
GOOD = 0.8  # a steady share at or above this needs no push
SOURCE_WORDS: dict[str, str] = {
    "rehearsal": "rehearsals",
    "drill": "drills",
    "review": "real talks",
}
Direction = Literal["improving", "worse", "steady", "too_early"]


class SourceStage(BaseModel):
    """One source at one stage: how clean, the most frequent flag, the trend over runs."""

    source: Source
    stage: str
    answers: int
    runs: int
    clean_share: float
    top_flag: str | None
    trend: list[float]


class Movement(BaseModel):
    """Whether a side (practice: rehearsals and drills; real talks) is getting cleaner."""

    side: Literal["practice", "real"]
    runs: int
    earlier: float | None
    later: float | None
    direction: Direction


class SourceProgress(BaseModel):
    stages: list[SourceStage]
    practice: Movement
    real: Movement
    verdict: str


def _share(values: Sequence[bool]) -> float:
    return round(sum(values) / len(values), 2) if values else 0.0


def _runs(answers: Sequence[JudgedAnswer]) -> list[list[bool]]:
    """Clean results grouped by run, runs in time order."""
    grouped: dict[tuple[str, int], list[JudgedAnswer]] = {}
    for a in answers:
        grouped.setdefault((a.source, a.run_id), []).append(a)
    ordered = sorted(grouped.values(), key=lambda run: min(a.at for a in run))
    return [[a.clean for a in run] for run in ordered]


def _movement(side: Literal["practice", "real"], answers: Sequence[JudgedAnswer]) -> Movement:
    runs = [_share(r) for r in _runs(answers)]
    if len(runs) < 2:
        return Movement(side=side, runs=len(runs), earlier=None, later=None, direction="too_early")
    half = len(runs) // 2
    earlier = round(sum(runs[:half]) / half, 2)
    later = round(sum(runs[half:]) / (len(runs) - half), 2)
    direction: Direction = (
        "improving" if later - earlier >= MOVE else "worse" if earlier - later >= MOVE else "steady"
    )
    return Movement(side=side, runs=len(runs), earlier=earlier, later=later, direction=direction)


def _pct(value: float | None) -> str:
    return f"{round((value or 0) * 100)}%"


def _span(m: Movement) -> str:
    return f"{_pct(m.earlier)} → {_pct(m.later)} clean"


def _how(m: Movement) -> str:
    if m.direction == "steady":
        return f"steady at {_pct(m.later)} clean"
    return f"{m.direction} ({_span(m)})"


def _verdict(practice: Movement, real: Movement) -> str:
    if practice.direction == "too_early" and real.direction == "too_early":
        return (
            "Too early to tell: a few more drills, and real talks saved with "
            "imago review FILE --save, will show where you are going."
        )
    if real.direction == "too_early":
        return (
            f"Your practice is {_how(practice)}. Save a real talk with "
            "imago review FILE --save to see whether it carries over."
        )
    if practice.direction == "too_early":
        return (
            f"Your real talks are {_how(real)}. A few drills (imago drill) "
            "will show how practice compares."
        )
    if practice.direction == "improving" and real.direction != "improving":
        return (
            f"Your practice is improving ({_span(practice)}) but your real talks are not "
            f"yet ({_how(real)}): take the one habit you drill into your next real talk."
        )
    if real.direction == "improving" and practice.direction != "improving":
        return (
            f"Your real talks are improving ({_span(real)}) while your practice is "
            f"{_how(practice)}: what you practise is carrying over."
        )
    if practice.direction == real.direction == "improving":
        return f"Both are improving: practice {_span(practice)}, real talks {_span(real)}."
    tail = (
        ""
        if min(practice.later or 0, real.later or 0) >= GOOD
        else " Short daily drills on your most frequent flag are the quickest way to move."
    )
    return f"Your practice is {_how(practice)} and your real talks are {_how(real)}.{tail}"


def source_progress(answers: Sequence[JudgedAnswer]) -> SourceProgress:
    """Per stage and source, then the practice-against-real-talk movement."""
    rows: list[SourceStage] = []
    for stage in STAGES:
        for source in SOURCES:
            mine = [a for a in answers if a.source == source and a.stage == stage]
            if not mine:
                continue
            runs = _runs(mine)
            top = Counter(f for a in mine for f in a.flags).most_common(1)
            rows.append(
                SourceStage(
                    source=source,
                    stage=stage,
                    answers=len(mine),
                    runs=len(runs),
                    clean_share=_share([a.clean for a in mine]),
                    top_flag=top[0][0] if top else None,
                    trend=[_share(r) for r in runs][-TREND_RUNS:],
                )
            )
    receiving = [a for a in answers if a.stage != "send"]
    practice = _movement("practice", [a for a in receiving if a.source != "review"])
    real = _movement("real", [a for a in receiving if a.source == "review"])
    return SourceProgress(
        stages=rows, practice=practice, real=real, verdict=_verdict(practice, real)
    )
