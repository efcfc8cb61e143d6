"""Saved drills and reviews in the terminal: the lists beside rehearsals, and one replayed."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from imago_coach.drill.store import RunInfo
from imago_coach.models import Stage
from imago_coach.practice.records import DrillAnswer, DrillDetail, ReviewDetail
from imago_coach.practice.reviews import SavedReview, SavedTurn
from imago_coach.render.review_md import other_legend, stage_label
from imago_coach.render.safe import plain as shown
from imago_coach.render.verdict import STAGE_TITLES


def _share(clean: int, total: int) -> str:
    return f"{clean} of {total} clean" if total else "nothing answered"


def render_drills(runs: list[RunInfo], out: Console) -> None:
    if not runs:
        out.print("No drills yet: start one with imago drill.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold", title_justify="left")
    table.add_column("drill", no_wrap=True)
    table.add_column("when · stage · focus", ratio=1)
    table.add_column("answers", ratio=1)
    for r in runs:
        table.add_row(
            str(r.id),
            f"{r.started_at[:10]} · {r.stage} · {r.focus.replace('_', ' ')}",
            _share(r.clean, r.answered),
        )
    out.print(table)


def render_reviews(items: list[SavedReview], out: Console) -> None:
    if not items:
        out.print("No saved reviews yet: keep one with imago review FILE --save.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("review", no_wrap=True)
    table.add_column("when · file", ratio=1)
    table.add_column("turns (both of you)", ratio=1)
    for r in items:
        words = (f" · you: {r.me}" if r.me else "") + (" · words kept" if r.with_text else "")
        table.add_row(
            str(r.id),
            shown(f"{r.saved_at[:10]} · {r.source or 'transcript'}{words}"),
            f"{r.turns} turn{'s' if r.turns != 1 else ''}: {r.judged} judged, {r.clean} clean",
        )
    out.print(table)
    out.print(
        "[dim]judged: every turn but short replies (yes, no, that's it); clean: judged "
        "with no flag. See one with imago history show ID --kind review.[/dim]"
    )


# an answer with no flag that the drill still did not count clean: what it was missing
_NOT_CLEAN = {
    "mirror": "not clean: it gave back less than half of what was said",
    "validate": "not clean: no \u201cyou make sense\u201d",
    "empathize": "not clean: no feeling named",
}


def _drill_marks(answer: DrillAnswer) -> str:
    """The answer's outcome as the drill counted it: flags, clean, not clean, not judged."""
    if answer.flags is None:
        return "not judged"
    if answer.flags:
        return ", ".join(f.replace("_", " ") for f in answer.flags)
    return "clean" if answer.clean else _NOT_CLEAN.get(answer.stage, "not clean")


def render_drill_detail(detail: DrillDetail, out: Console) -> None:
    out.print(
        Rule(
            f"[bold]Drill {detail.id}[/bold] · {detail.started_at[:16].replace('T', ' ')}"
            f" · stage: {detail.stage} · focus: {escape(detail.focus.replace('_', ' '))}",
            align="left",
        )
    )
    for a in detail.answers:
        out.print(
            Text(f"{STAGE_TITLES[Stage(a.stage)]} · ", style="dim")
            + Text.from_markup("[bold magenta]partner ›[/bold magenta] ")
            + shown(a.statement)
        )
        if a.answer is None:
            out.print(Text("  skipped", style="dim"))
            continue
        marks = _drill_marks(a)
        out.print(
            Text.from_markup("  [bold cyan]you ›[/bold cyan] ")
            + shown(a.answer)
            + Text(f"  ({marks})", style="green" if a.clean else "yellow")
        )


def _label(turn: SavedTurn) -> str:
    """The turn's role or stage as the review report showed it; for a review saved before
    that was kept, the judge's stage ("send" is the sender's)."""
    if turn.report_stage is not None:
        return stage_label(turn.role, turn.report_stage, turn.step or "")
    if turn.role != "receiver":
        return turn.role
    return stage_label(turn.role, turn.stage, "")


def render_review_detail(detail: ReviewDetail, out: Console) -> None:
    out.print(
        Rule(
            f"[bold]Saved review {detail.id}[/bold] · {detail.saved_at[:10]} · "
            f"{escape(detail.source or 'transcript')}",
            align="left",
        )
    )
    for t in detail.turns_saved:
        marks = ", ".join(f.replace("_", " ") for f in t.flags) or (
            "clean" if t.judged else "not judged"
        )
        if t.protocol_notes:  # as the report's "!" marks it
            marks += " · note: " + ", ".join(n.replace("_", " ") for n in t.protocol_notes)
        line = (
            Text(f"{t.index + 1:>3} ")  # numbered from 1, as in the review report
            + shown(t.speaker, style="bold")
            + Text(f" · {_label(t)} · {marks}")
        )
        if t.text is not None:
            line += shown(f"\n      {t.text}", style="dim")
        out.print(line)
    if other := other_legend([_label(t) for t in detail.turns_saved]):
        out.print(Text(other, style="dim"))
    if not detail.with_text:
        out.print("[dim]The words were not kept (saved without --save-text).[/dim]")
