"""The drill in the terminal: one item at a time, three lines of feedback, the closing shares.

With ``--json`` the console is stderr, so stdout holds the JSON alone.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.rule import Rule
from rich.text import Text

from imago_coach.drill.result import DrillItem, DrillResult
from imago_coach.drill.schedule import Planned
from imago_coach.drill.session import COMMANDS
from imago_coach.errors import InputError
from imago_coach.models import Stage
from imago_coach.render.rehearse import TerminalIO
from imago_coach.render.safe import plain as shown
from imago_coach.render.verdict import STAGE_TITLES


class DrillTerminal(TerminalIO):
    """Reads one answer per line, as in rehearse; shows items and their three lines."""

    commands = COMMANDS

    def read(self) -> str | None:
        try:
            return super().read()
        except InputError:  # the line was not UTF-8 text
            raise InputError(
                "That line is not UTF-8 text: set your terminal to UTF-8 and start "
                "the drill again (the answers before it are saved)."
            ) from None

    def item(self, number: int, total: int, planned: Planned) -> None:
        where = "once more" if planned.back == "again" else f"{number}/{total}"
        label = f"{where} · {STAGE_TITLES[planned.stage]} · {planned.statement.topic}"
        if planned.back == "earlier":
            label += " · back from an earlier drill"
        self.console.print(Rule(escape(label), align="left", style="dim"))
        self.console.print(
            Text.from_markup("[bold magenta]partner ›[/bold magenta] ")
            + Text(planned.statement.text)
        )

    def lines(self, item: DrillItem) -> None:
        if item.answer is None:
            self.console.print(
                Text("skipped · you could say: ", style="dim")
                + Text(f"\u201c{item.model_answer}\u201d", style="dim")
            )
            return
        if item.worked:
            self.console.print(Text.from_markup("[green]✓[/green] ") + shown(item.worked))
        if item.change:
            mark = "[yellow]→[/yellow] " if item.flags else "[blue]›[/blue] "
            self.console.print(Text.from_markup(mark) + shown(item.change))
        if " ".join(item.answer.lower().split()) == " ".join(item.model_answer.lower().split()):
            return
        label = "Another way to say it:" if item.clean else "You could say:"
        self.console.print(
            Text.from_markup(f"[cyan]{label}[/cyan] ")
            + Text(f"\u201c{item.model_answer}\u201d", style="italic")
        )

    def say(self, text: str) -> None:
        self.console.print(Text.from_markup("[blue]›[/blue] ") + shown(text))


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def render_result(result: DrillResult, where: str, console: Console) -> None:
    """The closing lines: clean share per stage against the previous drill, and what next."""
    answered = sum(1 for i in result.items if i.judged)
    clean = sum(1 for i in result.items if i.clean)
    stopped = result.presented < result.planned
    head = (
        f"Drill stopped after {result.presented} of {result.planned} items"
        if stopped
        else "Drill done"
    )
    if answered:
        console.print(
            Rule(
                f"[bold]{head}: {clean} of {answered} answers clean "
                f"({_percent(result.clean_share)})[/bold]",
                align="left",
            )
        )
    elif stopped:
        console.print(Rule(f"[bold]{head}, with no judged answers[/bold]", align="left"))
    else:
        console.print(Rule("[bold]Drill ended with no judged answers[/bold]", align="left"))
    for share in result.stages:
        label = STAGE_TITLES[Stage(share.stage)]
        if share.previous_clean_share is None:
            against = "first drill at this stage"
        else:
            delta = round((share.clean_share - share.previous_clean_share) * 100)
            trend = "up" if delta > 0 else "down" if delta < 0 else "same as"
            against = (
                f"{trend} {abs(delta)} points from {_percent(share.previous_clean_share)}"
                if delta
                else f"same as last time ({_percent(share.previous_clean_share)})"
            )
        console.print(
            f"  {label:<11} {_percent(share.clean_share):>4} of {share.answered}"
            f"  [dim]{against}[/dim]"
        )
    console.print(Text.from_markup("[cyan]Practise next:[/cyan] ") + Text(result.practise_next))
    if not result.saved:
        console.print(
            "[dim]Nothing was saved "
            + ("(--no-save)." if not where else "(nothing was answered).")
            + "[/dim]"
        )
    else:
        console.print(f"[dim]Saved as drill {result.id} in {escape(where)}.[/dim]")
