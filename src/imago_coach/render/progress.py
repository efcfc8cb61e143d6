"""``imago progress`` as a terminal chart: a bar per stage and a trend over recent sessions."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from imago_coach.dialogue.progress import Progress

BAR_WIDTH = 20
_SPARK = "▁▂▃▄▅▆▇█"
STAGE_LABELS = {"mirror": "Mirror", "summary": "Summary", "validate": "Validation",
                "empathize": "Empathy", "send": "Sending", "request": "Request"}


def bar(share: float, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, share)) * width)
    style = "green" if share >= 0.75 else "yellow" if share >= 0.4 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def sparkline(values: list[float]) -> str:
    return "".join(_SPARK[min(len(_SPARK) - 1, round(v * (len(_SPARK) - 1)))] for v in values)


def render_progress(report: Progress, console: Console | None = None) -> None:
    out = console or Console(highlight=False)
    if not report.stages:
        out.print("No judged answers yet: rehearse first with imago rehearse --scenario NAME.")
        return
    out.print(f"[bold]Your progress[/bold] over {report.sessions} session"
              f"{'s' if report.sessions != 1 else ''} and {report.answers} judged answers")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("stage", "clean answers", "", "mirror accuracy", "most frequent flag",
                   "trend"):
        table.add_column(column)
    for s in report.stages:
        accuracy = "" if s.mirror_accuracy is None else f"{round(s.mirror_accuracy * 100)}%"
        table.add_row(
            STAGE_LABELS.get(s.stage, s.stage), bar(s.clean_share),
            f"{round(s.clean_share * 100)}% of {s.answers}", accuracy,
            (s.top_flag or "none").replace("_", " "), sparkline(s.trend),
        )
    out.print(table)
    out.print("[dim]trend: share of clean answers per session, oldest to newest[/dim]")
