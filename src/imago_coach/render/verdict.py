"""Render a verdict as a few warm, specific lines in the terminal."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.text import Text

from imago_coach.flags import FLAG_INFO, same_words
from imago_coach.models import Stage, Verdict
from imago_coach.render.layout import hang
from imago_coach.render.safe import escape, plain

STAGE_TITLES: dict[Stage, str] = {
    Stage.MIRROR: "Mirror",
    Stage.VALIDATE: "Validation",
    Stage.EMPATHIZE: "Empathy",
    Stage.SEND: "Your message",
}


def needs_rewrite(verdict: Verdict) -> bool:
    """Show a whole answer when something is to be fixed, nothing went well, or most of what
    they said did not come back."""
    low = verdict.mirror_accuracy is not None and verdict.mirror_accuracy < 0.5
    return bool(verdict.findings) or not verdict.strengths or low


SAME_AGAIN = "Another of the same kind: the note above applies here too."


def verdict_renderable(verdict: Verdict, *, show_notes: bool = True) -> RenderableType:
    """The verdict as a rich renderable (used by check, rehearse and history show)."""
    lines: list[RenderableType] = []
    count = len(same_words(verdict.findings))  # one thing per quoted answer part
    if count:
        status = f"[yellow]{count} thing{'s' if count > 1 else ''} to work on[/yellow]"
    elif verdict.reminders:
        status = "[blue]no flags, with a reminder or two[/blue]"
    else:
        status = "[green]clean[/green]"
    judge = verdict.judge + (f", {verdict.model}" if verdict.model else "")
    lines.append(
        Text.from_markup(
            f"[bold]{STAGE_TITLES[verdict.stage]}[/bold] — {status}  [dim]({escape(judge)})[/dim]"
        )
    )
    for strength in verdict.strengths[:2]:
        lines.append(hang(Text("✓ ", style="green"), strength))
    explained: set[str] = set()
    for group in same_words(verdict.findings):  # one explanation for words raising two flags
        finding = group[0]
        names = [FLAG_INFO[f.flag].label for f in group[:1]] + [
            FLAG_INFO[f.flag].label.lower() for f in group[1:]
        ]
        label = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        lines.append(
            hang(
                Text("• ", style="yellow"),
                Text(label, style="bold") + plain(f": “{finding.evidence}”"),
            )
        )
        if finding.explanation in explained:  # the same kind again: say it once
            lines.append(hang("", SAME_AGAIN, indent=2))
            continue
        explained.add(finding.explanation)
        lines.append(hang("", finding.explanation, indent=2))
        lines.append(hang(Text("Try: ", style="cyan"), finding.suggestion, indent=2))
    if verdict.mirror_accuracy is not None:
        share = round(verdict.mirror_accuracy * 100)
        lines.append(Text.from_markup(f"[bold]Mirror accuracy[/bold]: {share}% of what was said"))
        for missed in verdict.missed[:3]:
            lines.append(hang(Text("missed: ", style="dim"), missed, indent=2))
        for added in verdict.added[:3]:
            lines.append(hang(Text("added: ", style="dim"), added, indent=2))
    for reminder in verdict.reminders:
        lines.append(hang(Text("› ", style="blue"), reminder))
    if verdict.feedback:
        lines.append(plain(verdict.feedback, style="italic"))
    if verdict.rewrite and needs_rewrite(verdict):
        lines.append(Text.from_markup(f"[cyan]You could say:[/cyan] “{escape(verdict.rewrite)}”"))
    for note in verdict.notes if show_notes else []:
        lines.append(Text.from_markup(f"[dim]note: {escape(note)}[/dim]"))
    return Group(*lines)


def render_verdict(
    verdict: Verdict, console: Console | None = None, *, show_notes: bool = True
) -> None:
    (console or Console()).print(verdict_renderable(verdict, show_notes=show_notes))
