"""The rehearsal in the terminal: stage headers, the partner's lines, feedback, the end summary.

``TerminalIO`` reads one utterance per line. In a real terminal it shows the stems as hints and the
commands once; with stdin piped it reads plain lines and prints no prompts.
"""

from __future__ import annotations

import select
import sys
from typing import TextIO

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from imago_coach.dialogue.engine import MAX_CHARS, SessionOutcome
from imago_coach.dialogue.guide import COMMANDS
from imago_coach.dialogue.history import HistoryItem, SessionDetail
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.errors import InputError
from imago_coach.models import Verdict
from imago_coach.render.layout import Heading, hang
from imago_coach.render.safe import escape, plain
from imago_coach.render.verdict import verdict_renderable

ECHO_CHARS = 80  # an over-long line is echoed only this far
_QUALITIES = (
    ("specific", "specific"),
    ("positive", "positive"),
    ("doable", "doable"),
    ("time_limited", "time-limited"),
)


def _ready(stream: TextIO) -> bool:
    """Whether reading ``stream`` now would not wait: a line or the end of input is there
    (a file or a finished pipe), or it is no OS stream at all (a test's ``StringIO``)."""
    try:
        readable, _, _ = select.select([stream.fileno()], [], [], 0)
    except (OSError, ValueError):  # no file descriptor, or no select for it
        return True
    return bool(readable)


class TerminalIO:
    """Talks to the person through rich; see the module docstring."""

    commands = COMMANDS  # shown once, in a real terminal

    def __init__(
        self,
        console: Console | None = None,
        stdin: TextIO | None = None,
        interactive: bool | None = None,
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.interactive = self.stdin.isatty() if interactive is None else interactive
        self.console = console or Console(highlight=False)
        self._told_commands = False
        self._ahead: str | None = None  # a piped line looked at by ``at_end``, not yet read

    def at_end(self) -> bool:
        """True when piped input has no line left (the line looked at is kept for ``read``).

        Never at a terminal, and never while a pipe has nothing to read yet: someone typing
        into ``cat | imago …`` must see the next item before they answer it.
        """
        if self.interactive:
            return False
        if self._ahead is None:
            if not _ready(self.stdin):
                return False
            self._ahead = self.stdin.readline()
        return not self._ahead

    def read(self) -> str | None:
        try:
            text = self._read()
            if text is not None:
                text.encode("utf-8")  # undecodable bytes arrive as lone surrogates
        except UnicodeError:
            raise InputError(
                "That line is not UTF-8 text: set your terminal to UTF-8, then continue with "
                "imago rehearse --resume (the lines before it are saved)."
            ) from None
        return text

    def _read(self) -> str | None:
        if self.interactive:
            if not self._told_commands:
                self._told_commands = True
                self.console.print(f"[dim]{self.commands}[/dim]")
            try:
                return self.console.input("[bold cyan]you ›[/bold cyan] ")
            except EOFError:  # Ctrl-D: end the prompt's line, so what follows starts clean
                self.console.print()
                return None
        line = self.stdin.readline() if self._ahead is None else self._ahead
        self._ahead = None
        if not line:
            return None
        text = line.rstrip("\r\n")
        shown = text if len(text) <= MAX_CHARS else text[:ECHO_CHARS].rstrip() + "\u2026"
        self.console.print(hang(Text("you › ", style="bold cyan"), shown))
        return text

    def header(self, title: str, stem: str) -> None:
        self.console.print(Heading(Text(title, style="bold"), align="left", style="dim"))
        if self.interactive:
            self.console.print(f"[dim]{escape(stem)}[/dim]")

    def partner(self, name: str, text: str) -> None:
        self.console.print(hang(plain(f"{name} › ", style="bold magenta"), text))

    def verdict(self, verdict: Verdict) -> None:
        self.console.print(verdict_renderable(verdict))

    def request_check(self, check: RequestCheck) -> None:
        marks = "  ".join(
            f"[green]✓ {label}[/green]" if getattr(check, name) else f"[yellow]· {label}[/yellow]"
            for name, label in _QUALITIES
        )
        self.console.print(f"[bold]Request[/bold] — {marks}")
        for problem in check.problems:
            self.console.print(hang(Text("• ", style="yellow"), problem))
        if not check.problems:
            self.console.print(plain(check.feedback, style="italic"))

    def say(self, text: str) -> None:
        self.console.print(hang(Text("› ", style="blue"), text))

    def note(self, text: str) -> None:
        self.console.print(f"[dim]note: {escape(text)}[/dim]")


def render_outcome(outcome: SessionOutcome, where: str, console: Console) -> None:
    """The closing lines: the summary when finished, and where the session was saved."""
    if outcome.summary is not None:
        console.print(Heading(Text(outcome.summary.headline, style="bold"), align="left"))
        for line in outcome.summary.outcome:
            console.print(hang(Text("· ", style="dim"), line))
        for line in outcome.summary.went_well:
            console.print(hang(Text("✓ ", style="green"), line))
        console.print(hang(Text("Practise next: ", style="cyan"), outcome.summary.practise_next))
    if not outcome.saved:
        console.print("[dim]Nothing was saved (--no-save).[/dim]")
    elif outcome.session_id is None:
        console.print("[dim]Nothing was entered, so no session was saved.[/dim]")
    elif outcome.finished:
        console.print(f"[dim]Saved as session {outcome.session_id} in {escape(where)}.[/dim]")
    else:
        console.print(
            f"[dim]Session {outcome.session_id} saved as unfinished in {escape(where)}; "
            "continue it with: imago rehearse --resume[/dim]"
        )


def render_scenarios(scenarios: list[Scenario], console: Console | None = None) -> None:
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("name", style="cyan", no_wrap=True)
    table.add_column("partner", no_wrap=True)
    table.add_column("scenario")
    for s in scenarios:
        about = f"[bold]{escape(s.title)}[/bold]: {escape(s.summary)}"
        table.add_row(s.name, s.partner.name, about)
    out = console or Console(highlight=False)
    out.print(table)
    out.print("[dim]Practise one with: imago rehearse --scenario NAME[/dim]")


TOPIC_CHARS = 24  # a --topic session's topic, shortened, in the list


def _scenario_label(item: HistoryItem) -> str:
    topic = item.topic
    if item.scenario != "topic" or not topic:
        return escape(item.scenario)
    short = topic if len(topic) <= TOPIC_CHARS else topic[: TOPIC_CHARS - 1].rstrip() + "\u2026"
    return escape(f"\u201c{short}\u201d")


def _feedback_cell(item: HistoryItem) -> str:
    """One line per stage, "mirror: judgement 1, solution 2" (or clean), then your request."""
    lines = [
        f"{escape(stage)}: "
        + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in counts.items())
        for stage, counts in item.flags.items()
    ] or ["[green]clean[/green]"]
    request = item.request
    if request:
        lines.append(
            "request: [green]clear[/green]"
            if request.ok
            else "request: [yellow]not " + ", ".join(request.missing) + "[/yellow]"
        )
    return "\n".join(lines)


def _answers(item: HistoryItem, who: str = "") -> str:
    """What ``steps`` counts: your answers, retries included (not the dialogue's steps)."""
    return f"{item.steps} answer{'s' if item.steps != 1 else ''}{who}"


def render_history(items: list[HistoryItem], console: Console | None = None) -> None:
    """The session list: scenario, role, date, status and steps, then flags per stage and the
    request, each session on two lines or more so it reads in a narrow terminal too."""
    out = console or Console(highlight=False)
    if not items:
        out.print("No sessions yet: start one with imago rehearse --scenario NAME.")
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("session", ratio=1)
    table.add_column("flags by stage, your request", ratio=1)
    for item in items:
        status = "done" if item.finished else "[yellow]unfinished[/yellow]"
        about = f"{item.role} · {item.started_at[:10]} · {status}\n{_answers(item)}"
        table.add_row(str(item.id), f"{_scenario_label(item)}\n{about}", _feedback_cell(item))
    out.print(table)


def render_session(session: SessionDetail, console: Console | None = None) -> None:
    """Replay a stored session with its feedback."""
    out = console or Console(highlight=False)
    item = session.item
    status = "finished" if item.finished else "unfinished"
    out.print(
        Heading(
            Text.from_markup(
                f"[bold]Session {item.id}[/bold] · {_scenario_label(item)} · "
                f"{item.role} · {item.started_at[:16].replace('T', ' ')} · {status}"
            ),
            align="left",
        )
    )
    lines = len(session.utterances)
    out.print(
        f"[dim]{_answers(item, ' from you')} (retries included), {lines} line"
        f"{'s' if lines != 1 else ''} in all[/dim]"
    )
    for u in session.utterances:
        who = "you" if u.yours else session.partner
        style = "bold cyan" if u.yours else "bold magenta"
        lead = plain(f"{who} ›", style=style) + Text(f" ({u.stage}) ", style="dim")
        out.print(hang(lead, u.text))
        if u.request is not None:
            TerminalIO(console=out, interactive=False).request_check(u.request)
        elif u.rubric is not None:
            out.print(Padding(verdict_renderable(u.rubric), (0, 0, 0, 2)))
