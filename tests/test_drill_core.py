"""The drill's core without the CLI: item choice, the Leitner box, the 30-day focus, movement."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime

from imago_coach.drill.bank import load_bank
from imago_coach.drill.schedule import BACK_AFTER, plan, requeue
from imago_coach.drill.store import BoxEntry, DrillStore
from imago_coach.models import Flag, Stage
from imago_coach.practice.answers import JudgedAnswer, most_frequent_flag, recent
from imago_coach.practice.progress import source_progress


def answer(source: str, run: int, day: int, *flags: str, stage: str = "mirror") -> JudgedAnswer:
    return JudgedAnswer(
        source=source,  # type: ignore[arg-type]
        run_id=run,
        at=f"2026-11-{day:02d}T10:00:00+00:00",
        stage=stage,
        flags=list(flags),
        clean=not flags,
    )


def test_a_focused_plan_draws_only_statements_that_tempt_the_flag() -> None:
    items = plan(
        load_bank(),
        count=10,
        stage=None,
        focus=Flag.SOLUTION,
        box=[],
        last_seen={},
        rng=random.Random(1),
    )
    assert len(items) == 10
    assert all(Flag.SOLUTION in p.statement.tempts() for p in items)
    assert [p.stage for p in items[:3]] == [Stage.MIRROR, Stage.VALIDATE, Stage.EMPATHIZE]


def test_a_mixed_plan_gives_every_tag_its_turn() -> None:
    items = plan(
        load_bank(),
        count=10,
        stage=Stage.MIRROR,
        focus=None,
        box=[],
        last_seen={},
        rng=random.Random(7),
    )
    tags = Counter(t for p in items for t in p.statement.tags)
    assert len(tags) == 5
    assert len({p.statement.topic for p in items}) >= 6


def test_unseen_statements_come_before_seen_ones() -> None:
    bank = load_bank()
    seen = {s.id: i for i, s in enumerate(bank[:-5])}
    items = plan(
        bank, count=5, stage=Stage.MIRROR, focus=None, box=[], last_seen=seen, rng=random.Random(3)
    )
    assert {p.statement.id for p in items} == {s.id for s in bank[-5:]}


def test_the_box_fills_at_most_half_the_drill_and_comes_first() -> None:
    bank = load_bank()
    box = [
        BoxEntry(statement_id=s.id, stage="validate", clean_count=0, last_run=1) for s in bank[:8]
    ]
    items = plan(bank, count=6, stage=None, focus=None, box=box, last_seen={}, rng=random.Random(2))
    backs = [p for p in items if p.back == "earlier"]
    assert len(backs) == 3
    assert items[0].back == "earlier"
    only_validate = plan(
        bank, count=6, stage=Stage.MIRROR, focus=None, box=box, last_seen={}, rng=random.Random(2)
    )
    assert not any(p.repeat for p in only_validate)  # a box entry keeps its stage


def test_requeue_puts_the_item_back_after_three_others() -> None:
    items = plan(
        load_bank(),
        count=6,
        stage=Stage.MIRROR,
        focus=None,
        box=[],
        last_seen={},
        rng=random.Random(5),
    )
    requeue(items, 1, items[1])
    assert items[1 + BACK_AFTER + 1].statement == items[1].statement
    assert items[1 + BACK_AFTER + 1].back == "again"


def test_two_clean_answers_take_an_item_out_of_the_box() -> None:
    with DrillStore.in_memory() as store:
        store.update_box("money-01", "mirror", 1, clean=True)  # clean, not in the box: nothing
        assert store.box() == []
        store.update_box("money-01", "mirror", 1, clean=False)
        store.update_box("money-01", "mirror", 2, clean=True)
        assert [e.clean_count for e in store.box()] == [1]
        store.update_box("money-01", "mirror", 3, clean=False)  # a flag starts it over
        assert [e.clean_count for e in store.box()] == [0]
        store.update_box("money-01", "mirror", 4, clean=True)
        store.update_box("money-01", "mirror", 5, clean=True)
        assert store.box() == []


def test_the_focus_looks_back_30_days_and_breaks_ties_in_rubric_order() -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)
    answers = [
        answer("drill", 1, 1, "solution"),
        answer("drill", 1, 1, "solution"),
        answer("review", 2, 20, "defensiveness"),
        answer("rehearsal", 3, 25, "judgement"),
    ]
    window = recent(answers, now=now)
    assert len(window) == 2  # the two from November 1st are older than 30 days
    assert most_frequent_flag(window) == (Flag.JUDGEMENT, 1)
    assert most_frequent_flag([]) is None


def test_progress_tells_practice_from_real_talk() -> None:
    answers = [
        answer("drill", 1, 1, "solution"),
        answer("drill", 1, 1),
        answer("drill", 2, 5),
        answer("drill", 2, 5),
        answer("review", 1, 2, "solution"),
        answer("review", 1, 2),
        answer("review", 2, 6, "solution"),
        answer("review", 2, 6),
    ]
    report = source_progress(answers)
    assert report.practice.direction == "improving"
    assert (report.practice.earlier, report.practice.later) == (0.5, 1.0)
    assert report.real.direction == "steady"
    assert report.verdict.startswith(
        "Your practice is improving (50% → 100% clean) but your "
        "real talks are not yet (steady at 50% clean)"
    )
    reverse = source_progress(
        [
            answer("drill", 1, 1),
            answer("drill", 2, 2),
            answer("review", 1, 1, "judgement"),
            answer("review", 2, 3),
        ]
    )
    assert reverse.verdict.startswith(
        "Your real talks are improving (0% → 100% clean) while "
        "your practice is steady at 100% clean"
    )
    assert source_progress([]).verdict.startswith("Too early to tell")
