"""The review in the terminal: practice list, per-person table, timeline, turns to look at."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.rule import Rule
from rich.text import Text

from imago_coach.render.review_md import judge_label, speaker_cells, turn_label
from imago_coach.render.safe import escape, plain
from imago_coach.transcript.report import ReviewReport, ReviewTurn

STYLE = {"flagged": "red", "noted": "yellow", "clean": "green", "unjudged": "grey50"}
SNIPPET = 160


def _timeline(report: ReviewReport) -> list[RenderableType]:
    rounds: dict[int | None, list[ReviewTurn]] = {}
    for turn in report.turns:
        rounds.setdefault(turn.round, []).append(turn)
    lines: list[RenderableType] = []
    for number, turns in rounds.items():
        sender = next((t.speaker for t in turns if t.role == "sender"), "")
        line = plain(f"R{number} {sender[:10]:<10} " if number is not None else "others        ")
        for turn in turns:
            line.append("■", style=STYLE[turn.status])
        lines.append(line)
    legend = Text("  ")
    for status, style in STYLE.items():
        legend.append("■ ", style=style).append(
            {"noted": "protocol note", "unjudged": "not judged"}.get(status, status) + "  "
        )
    lines.append(legend)
    return lines


def _turn(turn: ReviewTurn) -> list[RenderableType]:
    text = turn.text if len(turn.text) <= SNIPPET else turn.text[: SNIPPET - 3] + "..."
    flags = f" [red]{escape(', '.join(turn.flags))}[/red]" if turn.flags else ""
    out: list[RenderableType] = [
        Text.from_markup(f"[bold]#{turn.index} {escape(turn.speaker)}[/bold] "
                         f"[dim]{escape(turn_label(turn))}[/dim]{flags}"),
        plain(f"  “{text}”", style="italic"),
    ]
    for f in turn.findings:
        out.append(Text.from_markup(
            f"  [yellow]•[/yellow] {escape(f.flag.value.replace('_', ' '))}: "
            f"“{escape(f.evidence)}” — {escape(f.explanation)}"
        ))
    for note in turn.protocol_notes:
        out.append(Text.from_markup(f"  [blue]›[/blue] {escape(note.message)}"))
    if turn.error:
        out.append(Text.from_markup(f"  [dim]not judged: {escape(turn.error)}[/dim]"))
    out.extend(Text.from_markup(f"  [dim]note: {escape(n)}[/dim]") for n in turn.notes)
    if turn.rewrite:
        out.append(Text.from_markup(f"  [cyan]You could say:[/cyan] “{escape(turn.rewrite)}”"))
    return out


def review_renderable(report: ReviewReport) -> RenderableType:
    """The review as one rich renderable."""
    s = report.summary
    parts: list[RenderableType] = [Rule(
        "Imago Dialogue review" + (f": {escape(report.source)}" if report.source else "")
    )]
    parts.append(plain(
        f"{report.speakers[0]} and {report.speakers[1]} · {len(report.turns)} turns · "
        f"{s.rounds} round{'s' if s.rounds != 1 else ''} · judge: {judge_label(report)}",
        style="dim",
    ))
    parts += [Text.from_markup(f"[yellow]note:[/yellow] {escape(n)}") for n in report.notes]
    if s.failed_turns:
        parts.append(Text(f"{s.failed_turns} turn(s) could not be judged; see below.", "yellow"))
    parts.append(Text("\nPractise next", style="bold"))
    parts += [plain(f"{i}. {tip}") for i, tip in enumerate(s.practice_next, start=1)]
    people: list[RenderableType] = [Text("\nPer person", style="bold")]
    for name, summary in s.per_speaker.items():
        _, sent, received, clean, stages, accuracy, flags, notes = speaker_cells(name, summary)
        people.append(Text.from_markup(
            f"[bold]{escape(name)}[/bold] sent {sent}, received {received}, clean {clean}"
            f" ({escape(stages)}), mirror accuracy {accuracy}"
        ))
        people.append(Text(f"  flags: {flags}; protocol notes: {notes}", style="dim"))
    parts += [*people, Text("\nTimeline", style="bold"), *_timeline(report)]
    shown = [t for t in report.turns if t.status in ("flagged", "noted") or t.error]
    if shown:
        parts.append(Text("\nWhat to look at", style="bold"))
    for turn in shown:
        parts += _turn(turn)
    rest = len(report.turns) - len(shown)
    parts.append(Text(
        f"\n{rest} other turn{'s' if rest != 1 else ''} not shown; --format html or md "
        "writes the full report.", style="dim",
    ))
    return Group(*parts)


def render_review(report: ReviewReport, console: Console | None = None) -> None:
    (console or Console(highlight=False)).print(review_renderable(report))
