"""The review in the terminal: practice list, per-person table, timeline, turns to look at."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.text import Text

from imago_coach.flags import flag_names, same_words
from imago_coach.render.layout import Heading, hang
from imago_coach.render.review_md import (
    STATUS_COLOUR,
    STATUS_MARK,
    STATUS_TEXT,
    judge_label,
    other_legend,
    speaker_cells,
    turn_label,
)
from imago_coach.render.safe import plain
from imago_coach.transcript.report import ReviewReport, ReviewTurn

SNIPPET = 160
FLAGGED = f"bold {STATUS_COLOUR['flagged']}"


def _mark(status: str) -> Text:
    """A turn's status as its symbol (✓ ✗ ! ·), coloured: the symbol alone reads without colour."""
    return Text(STATUS_MARK[status], style=STATUS_COLOUR[status])


def _timeline(report: ReviewReport) -> list[RenderableType]:
    rounds: dict[int | None, list[ReviewTurn]] = {}
    for turn in report.turns:
        rounds.setdefault(turn.round, []).append(turn)
    lines: list[RenderableType] = []
    for number, turns in rounds.items():
        sender = next((t.speaker for t in turns if t.role == "sender"), "")
        lead = f"R{number} {sender[:10]:<10} " if number is not None else "others        "
        lines.append(hang(lead, Text().join(_mark(t.status) for t in turns)))
    legend = Text("  ")
    for status in ("clean", "flagged", "noted", "unjudged"):
        legend.append_text(_mark(status)).append(f" {STATUS_TEXT[status]}  ")
    legend.rstrip()
    lines.append(legend)
    return lines


def _turn(turn: ReviewTurn) -> list[RenderableType]:
    text = turn.text if len(turn.text) <= SNIPPET else turn.text[: SNIPPET - 3] + "..."
    head = plain(f"#{turn.number} {turn.speaker}", style="bold")
    head.append(f" {turn_label(turn)}", style="dim")
    if turn.flags:
        head.append(" " + ", ".join(f.replace("_", " ") for f in turn.flags), style=FLAGGED)
    out: list[RenderableType] = [hang("", head), hang("", plain(f"“{text}”", style="italic"), 2)]
    for group in same_words(turn.findings):  # one explanation for words raising two flags
        f = group[0]
        out.append(
            hang(
                Text("• ", style=STATUS_COLOUR["noted"]),
                f"{flag_names(group)}: “{f.evidence}” — {f.explanation}",
                indent=2,
            )
        )
    for note in turn.protocol_notes:
        out.append(hang(Text("› ", style="blue"), note.message, indent=2))
    if turn.error:
        out.append(hang("", plain(f"not judged: {turn.error}", style="dim"), 2))
    out.extend(hang("", plain(f"note: {n}", style="dim"), 2) for n in turn.notes)
    if turn.rewrite:
        out.append(hang(Text("You could say: ", style="cyan"), f"“{turn.rewrite}”", indent=2))
    return out


def review_renderable(report: ReviewReport) -> RenderableType:
    """The review as one rich renderable."""
    s = report.summary
    parts: list[RenderableType] = [
        Heading(
            plain("Imago Dialogue review" + (f": {report.source}" if report.source else "")),
            style="dim",
        )
    ]
    parts.append(
        plain(
            f"{report.speakers[0]} and {report.speakers[1]} · {len(report.turns)} turns · "
            f"{s.rounds} round{'s' if s.rounds != 1 else ''} · judge: {judge_label(report)}",
            style="dim",
        )
    )
    parts += [hang(Text("note: ", style="yellow"), n) for n in report.notes]
    if s.failed_turns:
        parts.append(Text(f"{s.failed_turns} turn(s) could not be judged; see below.", "yellow"))
    parts.append(Text("\nPractise next", style="bold"))
    parts += [hang(f"{i}. ", tip) for i, tip in enumerate(s.practice_next, start=1)]
    people: list[RenderableType] = [Text("\nPer person", style="bold")]
    for name, summary in s.per_speaker.items():
        _, sent, received, clean, stages, accuracy, flags, notes = speaker_cells(name, summary)
        if summary.as_receiver == 0:
            measured = ": nothing to measure as a receiver yet"
        else:
            measured = (
                f", clean {clean} ({stages})" if summary.clean_share is not None else f", {clean}"
            ) + (
                f", mirror accuracy {accuracy}"
                if summary.mirror_accuracy is not None
                else f", {accuracy}"
            )
        people.append(
            hang(plain(f"{name} ", style="bold"), f"sent {sent}, received {received}{measured}")
        )
        people.append(hang("", Text(f"flags: {flags}; protocol notes: {notes}", style="dim"), 2))
    parts += [*people, Text("\nTimeline", style="bold"), *_timeline(report)]
    shown = [t for t in report.turns if t.status in ("flagged", "noted") or t.error]
    if shown:
        parts.append(Text("\nWhat to look at", style="bold"))
    for turn in shown:
        parts += _turn(turn)
    if other := other_legend([turn_label(t) for t in shown]):
        parts.append(Text(other, style="dim"))
    rest = len(report.turns) - len(shown)
    if rest:  # every turn shown above: nothing is left for the files to add
        parts.append(
            Text(
                f"\n{rest} other turn{'s' if rest != 1 else ''} not shown; --format html or md "
                "writes the full report.",
                style="dim",
            )
        )
    return Group(*parts)


def render_review(report: ReviewReport, console: Console | None = None) -> None:
    (console or Console(highlight=False)).print(review_renderable(report))
