"""``imago progress`` as a terminal chart: a bar per stage and a trend over recent sessions."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from imago_coach.dialogue.progress import Progress

BAR_WIDTH = 20
_SPARK = "▁▂▃▄▅▆▇█"
STAGE_LABELS = {
    "mirror": "Mirror",
    "summary": "Summary",
    "validate": "Validation",
    "empathize": "Empathy",
    "send": "Sending",
    "request": "Request",
}


def bar(share: float, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, share)) * width)
    style = "green" if share >= 0.75 else "yellow" if share >= 0.4 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def sparkline(values: list[float]) -> str:
    return "".join(_SPARK[min(len(_SPARK) - 1, round(v * (len(_SPARK) - 1)))] for v in values)


def render_progress(report: Progress, console: Console | None = None) -> None:
    out = console or Console(highlight=False)
    if not report.stages:
        out.print(
            "No judged answers yet: start with a short imago drill, or rehearse a whole "
            "talk with imago rehearse --scenario NAME."
        )
        return
    out.print(
        f"[bold]Your progress[/bold] over {report.sessions} session"
        f"{'s' if report.sessions != 1 else ''} and {report.answers} judged answer"
        f"{'s' if report.answers != 1 else ''}"
    )
    rows = []
    for s in report.stages:
        accuracy = "" if s.mirror_accuracy is None else f"{round(s.mirror_accuracy * 100)}%"
        rows.append(
            (
                STAGE_LABELS.get(s.stage, s.stage),
                f"{round(s.clean_share * 100)}% of {s.answers}",
                accuracy,
                (s.top_flag or "none").replace("_", " "),
                sparkline(s.trend),
            )
        )
    headers = ("stage", "clean", "accuracy", "top flag", "trend")
    # the bar takes what the other columns leave, so no cell is cut short ("…")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    width = max(5, min(BAR_WIDTH, out.width - sum(widths) - 2 * len(headers)))
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column(headers[0], no_wrap=True)
    table.add_column("", no_wrap=True)
    for header in headers[1:]:
        table.add_column(header, no_wrap=True)
    for s, row in zip(report.stages, rows, strict=True):
        table.add_row(row[0], bar(s.clean_share, width), *row[1:])
    out.print(table)
    out.print(
        "[dim]clean: share of answers with no flag; accuracy: mirror accuracy; trend: "
        "clean share per session, oldest to newest[/dim]"
    )
