"""Which items a drill presents: the Leitner box first, then fresh statements for the focus.

Every (statement, stage) answered with a flag sits in the box until answered clean twice; each
drill brings back up to half its items from the box, the longest waiting first, and fills the
rest with statements that tempt the focus flag, least recently seen first (others only when
those run out). With no focus, a balanced mix: the tags take turns, and the topics within each
tag.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from imago_coach.drill.bank import DRILL_STAGES, TAG_FLAGS, Statement
from imago_coach.drill.store import BoxEntry
from imago_coach.models import Flag, Stage

MIXED = "mixed"
BACK_AFTER = 3  # a flagged item comes back after this many other items in the same drill


@dataclass(frozen=True)
class Planned:
    statement: Statement
    stage: Stage
    back: Literal["", "earlier", "again"] = ""  # from the box, or flagged earlier in this drill

    @property
    def repeat(self) -> bool:
        return bool(self.back)


def _stage_cycle(stage: Stage | None, index: int) -> Stage:
    return stage if stage is not None else DRILL_STAGES[index % len(DRILL_STAGES)]


def _mixed_order(candidates: list[Statement], rng: random.Random) -> list[Statement]:
    """Tags take turns (each statement under one of its tags), topics vary within a tag."""
    queues: dict[str, list[Statement]] = {tag: [] for tag in TAG_FLAGS}
    shuffled = candidates[:]
    rng.shuffle(shuffled)
    for s in shuffled:
        queues[min(s.tags, key=lambda t: len(queues[t]))].append(s)
    out: list[Statement] = []
    while any(queues.values()):
        for queue in queues.values():
            if queue:
                out.append(queue.pop(0))
    return out


def plan(
    bank: Sequence[Statement],
    *,
    count: int,
    stage: Stage | None,
    focus: Flag | None,
    box: Sequence[BoxEntry],
    last_seen: dict[str, int],
    rng: random.Random,
) -> list[Planned]:
    """``count`` items: box entries (at most half, unless too few fresh ones), then fresh ones."""
    known = {s.id: s for s in bank}
    due = [
        Planned(known[e.statement_id], Stage(e.stage), back="earlier")
        for e in box
        if e.statement_id in known and (stage is None or e.stage == stage)
    ]
    taken = {p.statement.id for p in due}
    pool = [s for s in bank if s.id not in taken]
    rng.shuffle(pool)
    # stable sorts: statements that tempt the focus first (others only fill up), unseen first
    fresh = sorted(
        pool, key=lambda s: (focus is not None and focus not in s.tempts(), last_seen.get(s.id, -1))
    )
    if focus is None:
        unseen = [s for s in fresh if s.id not in last_seen]
        seen = [s for s in fresh if s.id in last_seen]
        fresh = _mixed_order(unseen, rng) + seen
    n_due = min(len(due), max(count - len(fresh), (count + 1) // 2))
    chosen_fresh = [Planned(s, _stage_cycle(stage, i)) for i, s in enumerate(fresh)]
    chosen_fresh = chosen_fresh[: count - n_due]
    items: list[Planned] = []
    backs = due[:n_due]
    while chosen_fresh or backs:  # interleave: a return, then a fresh one
        if backs:
            items.append(backs.pop(0))
        if chosen_fresh:
            items.append(chosen_fresh.pop(0))
    return items[:count]


def requeue(queue: list[Planned], position: int, item: Planned) -> None:
    """Put a flagged item back after ``BACK_AFTER`` other items (or at the end)."""
    queue.insert(
        min(len(queue), position + 1 + BACK_AFTER),
        Planned(item.statement, item.stage, back="again"),
    )
