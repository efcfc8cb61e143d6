"""Rehearsal vs drill vs real talk, per stage: a bar, the top flag and a trend per source."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from imago_coach.practice.progress import SOURCE_WORDS, SourceProgress
from imago_coach.render.progress import STAGE_LABELS, bar, sparkline

BAR_WIDTH = 16


def render_sources(report: SourceProgress, console: Console | None = None) -> None:
    out = console or Console(highlight=False)
    out.print("[bold]Practice and real talks[/bold], per stage")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for header in ("stage", "source", "", "clean", "top flag", "trend"):
        table.add_column(header, no_wrap=True)
    last = None
    for row in report.stages:
        label = STAGE_LABELS.get(row.stage, row.stage) if row.stage != last else ""
        last = row.stage
        table.add_row(
            label,
            SOURCE_WORDS[row.source],
            bar(row.clean_share, BAR_WIDTH),
            f"{round(row.clean_share * 100)}% of {row.answers}",
            (row.top_flag or "none").replace("_", " "),
            sparkline(row.trend),
        )
    out.print(table)
    out.print("[dim]trend: clean share per session, drill or saved talk, oldest to newest[/dim]")
    out.print(Text(report.verdict))
