"""Run a drill: pick the items, present each, save the answer, judge it, give three lines.

Each answer is committed before the judge sees it (with a model, before any call), so a crash
or Ctrl-C loses at most the line being typed. An answer with a flag goes into the Leitner box
and comes back later in the same drill (once) and in the next drills until answered clean twice.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol

from imago_coach.drill.bank import TAG_WORDS, Statement, load_bank
from imago_coach.drill.coaching import STEMS, item_lines, practise_next
from imago_coach.drill.result import DrillItem, DrillResult, StageShare
from imago_coach.drill.schedule import MIXED, Planned, plan, requeue
from imago_coach.drill.store import BoxEntry, DrillStore, NewItem, RunHeader, StoredItem
from imago_coach.errors import InputError, TokenBudgetError
from imago_coach.flags import FLAG_INFO
from imago_coach.language.heart import has_heart
from imago_coach.models import CheckRequest, Flag, Stage, Verdict
from imago_coach.practice.answers import (
    FOCUS_DAYS,
    collect,
    most_frequent_flag,
    readable,
    recent,
)

COMMANDS = "Commands: /hint for a hint, /skip to pass, /quit to stop (what you answered is kept)."
FOCUS_CHOICES = ("auto", MIXED, *(f.value for f in Flag))
FOCUS_ALIASES = {
    "advice": "solution",
    "fix": "solution",
    "fixing": "solution",
    "solutions": "solution",
    "defensive": "defensiveness",
    "judgment": "judgement",
    "judging": "judgement",
    "topic": "topic_change",
}
STAGE_CHOICES = ("mirror", "validate", "empathize", MIXED)
MAX_CHARS = 2000
MIRROR_FLOOR = 0.5  # a mirror that gives back less than this of what was said is not clean


class DrillJudge(Protocol):
    def judge(self, request: CheckRequest) -> Verdict: ...


class DrillIO(Protocol):
    """What the drill needs of the terminal (``render.drill.DrillTerminal`` is one)."""

    def read(self) -> str | None: ...

    def at_end(self) -> bool:
        """True when piped input has no line left (looked at, not taken); never interactively."""
        ...

    def item(self, number: int, total: int, planned: Planned) -> None: ...

    def lines(self, item: DrillItem) -> None: ...

    def say(self, text: str) -> None: ...


@dataclass
class DrillOptions:
    count: int = 10
    stage: str = MIXED
    focus: str = "auto"
    seed: int | None = None
    topic: str | None = None


class Stop(Enum):
    """Why a drill stopped before its last item."""

    QUIT = "quit"  # /quit
    INPUT = "input"  # the piped lines ran out (Ctrl-D at a terminal is a /quit)


@dataclass
class _Run:
    header: RunHeader
    run_id: int | None = None  # no row until the first answer
    held: list[NewItem] = field(default_factory=list)  # items skipped before the first answer
    items: list[DrillItem] = field(default_factory=list)
    stop: Stop | None = None
    notes: list[str] = field(default_factory=list)

    def skip(self, store: DrillStore, item: NewItem) -> None:
        if self.run_id is None:
            self.held.append(item)  # written with the first answer, if one comes
        else:
            store.add_item(self.run_id, item)

    def answer(self, store: DrillStore, item: NewItem) -> tuple[int, int]:
        """Commit an answer (the drill's row too, the first time): the run's and item's ids."""
        if self.run_id is None:
            self.run_id, item_id = store.start(self.header, [*self.held, item])
            self.held.clear()
            return self.run_id, item_id
        return self.run_id, store.add_item(self.run_id, item)


def parse_options(options: DrillOptions) -> tuple[Stage | None, str]:
    stage = options.stage.strip().lower()
    focus = options.focus.strip().lower().replace("-", "_").replace(" ", "_")
    focus = FOCUS_ALIASES.get(focus, focus)
    if stage not in STAGE_CHOICES:
        raise InputError(
            f"Unknown --stage {options.stage!r}: use mirror, validate, empathize or mixed."
        )
    if focus not in FOCUS_CHOICES:
        raise InputError(
            f"Unknown --focus {options.focus!r}: use auto, mixed, "
            + ", ".join(f.value for f in Flag)
            + "."
        )
    if not 1 <= options.count <= 50:
        raise InputError("-n must be between 1 and 50 items.")
    return (None if stage == MIXED else Stage(stage)), focus


def topic_bank(topic: str | None) -> list[Statement]:
    """The bank, or the statements of one topic (its name, or the name's first word)."""
    bank = list(load_bank())
    if topic is None:
        return bank
    wanted = topic.strip().lower()
    names = sorted({s.topic for s in bank})
    match = [n for n in names if wanted in (n, n.split()[0])]
    if not match:
        raise InputError(f"Unknown --topic {topic!r}: use one of {', '.join(names)}.")
    return [s for s in bank if s.topic == match[0]]


def choose_focus(focus: str, history: Path) -> tuple[Flag | None, str]:
    """The flag to work on, and why (said once at the start)."""
    if focus == MIXED:
        return None, "a balanced mix of statements"
    if focus != "auto":
        return Flag(focus), f"statements where it is hard to {FLAG_INFO[Flag(focus)].phrase}"
    lately = recent(collect(history))
    top = most_frequent_flag(lately)
    if top is None and lately:
        return (
            None,
            f"a balanced mix, since your answers of the last {FOCUS_DAYS} days raised no flag",
        )
    if top is None:
        return (
            None,
            f"a balanced mix, since there is no practice from the last {FOCUS_DAYS} days yet",
        )
    flag, count = top
    word = FLAG_INFO[flag].label.lower()
    return flag, (
        f"{word}, your most frequent flag in the last {FOCUS_DAYS} days "
        f"({count} time{'s' if count != 1 else ''})"
    )


def run_drill(
    options: DrillOptions,
    *,
    store: DrillStore,
    history: Path,
    judge: DrillJudge,
    judge_name: str,
    io: DrillIO,
    notify: Callable[[str], None] | None = None,
) -> DrillResult:
    """The whole drill; ``history`` is the store file read for the focus and the box.

    ``notify`` hears each new note (the model failed, the local judge answered) as it comes,
    before the feedback it concerns, not after the last item.
    """
    stage, focus_choice = parse_options(options)
    bank = topic_bank(options.topic)
    focus, reason = choose_focus(focus_choice, history)
    box, previous = _past(history)
    queue = plan(
        bank,
        count=options.count,
        stage=stage,
        focus=focus,
        box=box,
        last_seen={i.statement_id: i.id for i in previous},
        rng=random.Random(options.seed),
    )
    focus_name = focus.value if focus else MIXED
    run = _Run(RunHeader(stage=stage.value if stage else MIXED, focus=focus_name, judge=judge_name))
    backs = sum(1 for p in queue if p.back == "earlier")
    again = f" ({backs} back from earlier drills)" if backs else ""
    plural = "s" if len(queue) != 1 else ""
    io.say(f"Focus: {reason}. {len(queue)} item{plural}{again}; answer each in one line.")
    returned: set[str] = set()
    position = number = 0
    total = len(queue)
    while position < len(queue):
        planned = queue[position]
        if io.at_end():  # say so instead of showing an item nobody will answer
            run.stop = Stop.INPUT
            io.say(ended_before(planned, number, total))
            break
        if planned.back != "again":
            number += 1
        io.item(number, total, planned)
        answer = _ask(io, planned)
        if isinstance(answer, Stop):
            run.stop = answer
            if answer is Stop.INPUT:
                io.say(ended_during(planned, number, total))
            break
        item = NewItem(statement_id=planned.statement.id, stage=planned.stage.value, answer=answer)
        if answer is None:
            run.skip(store, item)
            run.items.append(_item(planned, None, None))
        else:
            run_id, item_id = run.answer(store, item)
            try:
                verdict = judge.judge(
                    CheckRequest(
                        stage=planned.stage, sender=planned.statement.text, response=answer
                    )
                )
            except TokenBudgetError as err:  # kept, not judged; the drill goes on
                io.say(str(err))
                run.items.append(_item(planned, answer, None))
                position += 1
                continue
            done = _item(planned, answer, verdict)
            store.judged(item_id, done.flags, done.clean, verdict.model_dump_json())
            store.update_box(planned.statement.id, planned.stage.value, run_id, done.clean)
            fresh = [n for n in dict.fromkeys(verdict.notes) if n not in run.notes]
            for line in fresh:
                if notify is not None:
                    notify(line)
            run.notes.extend(fresh)
            run.items.append(done)
            key = f"{planned.statement.id}/{planned.stage.value}"
            if not done.clean and key not in returned:
                returned.add(key)
                requeue(queue, position, planned)
        io.lines(run.items[-1])
        position += 1
    return _result(run, stage, focus_name, reason, previous, store.path is not None, total)


def ended_before(planned: Planned, number: int, total: int) -> str:
    """The line said when the input runs out between items."""
    if number == 0:
        return "No answers in the input: the drill stopped before the first item."
    if planned.back == "again":
        return "The input ended before the repeat of an item you missed: the drill stopped there."
    return f"The input ended before item {number + 1} of {total}: the drill stopped there."


def ended_during(planned: Planned, number: int, total: int) -> str:
    """The line said when the input runs out at a shown item, before its answer."""
    which = "the repeat" if planned.back == "again" else f"item {number} of {total}"
    return f"The input ended before your answer to {which}: the drill stopped there."


def _past(history: Path) -> tuple[list[BoxEntry], list[StoredItem]]:
    """The Leitner box and every earlier item, from the store file (none if there is none)."""

    def read(path: Path) -> list[tuple[list[BoxEntry], list[StoredItem]]]:
        with DrillStore.open(path) as past:
            return [(past.box(), past.items())]

    found = readable(history, read)
    return found[0] if found else ([], [])


def _ask(io: DrillIO, planned: Planned) -> str | Stop | None:
    """The answer, ``None`` to skip, or why the drill stops; /hint shows a hint and asks again."""
    while True:
        line = io.read()
        if line is None:  # piped lines ran out; at a terminal, Ctrl-D: a /quit
            return Stop.INPUT if io.at_end() else Stop.QUIT
        text = line.strip()
        command = text.lower()
        if not text or command == "/skip":
            return None
        if command == "/quit":
            return Stop.QUIT
        if command == "/hint":
            io.say(hint(planned.statement, planned.stage))
            continue
        if command.startswith("/"):
            io.say("Unknown command: use /hint, /skip or /quit.")
            continue
        if len(text) > MAX_CHARS:
            io.say(f"That is over {MAX_CHARS} characters: one or two sentences are enough.")
            continue
        if not any(c.isalnum() for c in text):  # "\x00\x1b", "...": nothing to judge
            io.say("That line has no words in it: type your answer, /skip or /quit.")
            continue
        return text


def hint(statement: Statement, stage: Stage) -> str:
    tempts = " and ".join(TAG_WORDS[t] for t in statement.tags[:2])
    return f"{STEMS[stage]} This one {tempts}: stay with what they said."


def _item(planned: Planned, answer: str | None, verdict: Verdict | None) -> DrillItem:
    s = planned.statement
    model = s.model_answer(planned.stage)
    worked, change = item_lines(verdict) if verdict is not None else (None, None)
    flags = [f.value for f in verdict.flags] if verdict is not None else []
    accuracy = verdict.mirror_accuracy if verdict is not None else None
    missed_most = accuracy is not None and accuracy < MIRROR_FLOOR
    # "ok" raises no flag, but a validation without "you make sense" or an empathy without a
    # feeling is not the step done: it is not counted clean, whichever judge read it
    heartless = answer is not None and not has_heart(planned.stage, answer)
    return DrillItem(
        statement_id=s.id,
        stage=planned.stage.value,
        statement=s.text,
        answer=answer,
        flags=flags,
        clean=verdict is not None and not flags and not missed_most and not heartless,
        model_answer=model,
        topic=s.topic,
        tags=list(s.tags),
        judged=verdict is not None,
        repeat=planned.repeat,
        again=planned.back == "again",
        worked=worked,
        change=change,
        mirror_accuracy=accuracy,
    )


def _share(items: list[bool]) -> float:
    return round(sum(items) / len(items), 2) if items else 0.0


def _result(
    run: _Run,
    stage: Stage | None,
    focus: str,
    reason: str,
    previous: list[StoredItem],
    on_disk: bool,
    planned: int,
) -> DrillResult:
    answered = [i for i in run.items if i.judged]
    earlier = [i for i in previous if i.answer is not None and i.flags is not None]
    last_run = max((i.run_id for i in earlier), default=None)
    prev_all = [i.clean for i in earlier if i.run_id == last_run]
    stages: list[StageShare] = []
    for name in dict.fromkeys(i.stage for i in answered):
        mine = [i.clean for i in answered if i.stage == name]
        at_stage = [i for i in earlier if i.stage == name]
        latest = max((i.run_id for i in at_stage), default=None)
        before = [i.clean for i in at_stage if i.run_id == latest]
        stages.append(
            StageShare(
                stage=name,
                answered=len(mine),
                clean_share=_share(mine),
                previous_clean_share=_share(before) if before else None,
            )
        )
    saved = on_disk and run.run_id is not None
    return DrillResult(
        id=run.run_id if saved and run.run_id is not None else 0,
        stage=stage.value if stage else MIXED,
        focus=focus,
        items=run.items,
        clean_share=_share([i.clean for i in answered]),
        previous_clean_share=_share(prev_all) if prev_all else None,
        stages=stages,
        practise_next=practise_next(
            answered, focus, typed=sum(1 for i in run.items if i.answer is not None)
        ),
        focus_reason=reason,
        saved=saved,
        quit=run.stop is not None,
        notes=run.notes,
        planned=planned,
        presented=sum(1 for i in run.items if not i.again),
        input_ended=run.stop is Stop.INPUT,
    )
