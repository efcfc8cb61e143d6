"""Progress over time, per stage: clean answers, mirror accuracy, the most frequent flag."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.session_store import SessionStore

STAGE_ORDER = ("mirror", "summary", "validate", "empathize", "send", "request")
TREND_SESSIONS = 12


class StageProgress(BaseModel):
    stage: str
    answers: int
    clean_share: float
    mirror_accuracy: float | None
    top_flag: str | None
    trend: list[float]  # clean share per session, oldest first (the last few sessions)


class Progress(BaseModel):
    sessions: int
    answers: int
    stages: list[StageProgress]


def progress(store: SessionStore) -> Progress:
    """Aggregate every stored verdict by the step it judged (summary apart from mirror)."""
    per: dict[str, dict[int, list[bool]]] = {}
    accuracy: dict[str, list[float]] = {}
    flags: dict[str, Counter[str]] = {}
    sessions: set[int] = set()
    for judged in store.verdicts():
        step, verdict = judged.step, judged.verdict
        clean = not verdict.problems if isinstance(verdict, RequestCheck) else not verdict.flags
        sessions.add(judged.session_id)
        per.setdefault(step, {}).setdefault(judged.session_id, []).append(clean)
        counter = flags.setdefault(step, Counter())
        if isinstance(verdict, RequestCheck):
            counter.update(verdict.lacking)
            continue
        if verdict.mirror_accuracy is not None:
            accuracy.setdefault(step, []).append(verdict.mirror_accuracy)
        counter.update(flag.value for flag in verdict.flags)
    stages = []
    for step in sorted(per, key=lambda s: STAGE_ORDER.index(s) if s in STAGE_ORDER else 99):
        results = [ok for oks in per[step].values() for ok in oks]
        trend = [sum(oks) / len(oks) for oks in per[step].values()][-TREND_SESSIONS:]
        accs = accuracy.get(step)
        top = flags[step].most_common(1)
        stages.append(
            StageProgress(
                stage=step,
                answers=len(results),
                clean_share=round(sum(results) / len(results), 2),
                mirror_accuracy=round(sum(accs) / len(accs), 2) if accs else None,
                top_flag=("not " + top[0][0].replace("_", "-") if step == "request" else top[0][0])
                if top
                else None,
                trend=[round(t, 2) for t in trend],
            )
        )
    return Progress(sessions=len(sessions), answers=sum(s.answers for s in stages), stages=stages)
