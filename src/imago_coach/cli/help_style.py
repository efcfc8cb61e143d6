"""One help style for every command, and a suggestion for a mistyped command name.

Typer's defaults differ between the root (plain Click layout) and the lazily loaded commands
(rich panels), show arguments as ``[source]`` or ``{transcript}``, and give flags a value
placeholder (``--json <bool>``). ``plain_help`` gives every command the root's plain layout:
arguments in capitals (``[SOURCE]`` when optional), a placeholder only for options that take a
value (``--sender TEXT``), and short help that is never cut mid-sentence.
"""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from typer.core import TyperArgument, TyperGroup, TyperOption

# Typer's type labels, as a person reads them.
_PLACEHOLDERS = {
    "<str>": "TEXT",
    "<int>": "N",
    "<int range>": "N",
    "<float>": "NUMBER",
    "<float range>": "NUMBER",
    "<path>": "PATH",
    "<file>": "FILE",
    "<directory>": "FOLDER",
    "<list[str]>": "TEXT",
    "<list[int]>": "N",
    "<list[path]>": "PATH",
}


class PlainArgument(TyperArgument):
    """``TRANSCRIPT`` in the usage line (``[SOURCE]`` when optional), no type label."""

    def _rich_display_name(self) -> str:
        name = self.display_name_raw.strip("[]{}").upper()  # a metavar may bring its own "[ID]"
        return name + ("..." if self.nargs != 1 else "")

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class PlainOption(TyperOption):
    """A flag shows no placeholder; an option with a value shows a word for it."""

    def display_type_rich(self, ctx: Any) -> str | None:
        label = super().display_type_rich(ctx)
        if label is None or self.metavar is not None:
            return label
        return _PLACEHOLDERS.get(label, label.strip("<>").upper())


def plain_help(command: Any) -> None:
    """Give ``command`` (and its subcommands) the root's plain help style, in place."""
    command.rich_markup_mode = None
    if command.help and not command.short_help:
        # Click cuts a long first sentence to fit ("...for good: the rows are...").
        first = command.help.strip().split("\n\n")[0].split(". ")[0]
        command.short_help = first.rstrip(".") + "."
    for param in command.params:
        if type(param) is TyperArgument:
            param.__class__ = PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = PlainOption
    if type(command) is TyperGroup:
        command.__class__ = SuggestingGroup
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


def did_you_mean(name: str, known: list[str]) -> str:
    """`` Did you mean check?`` for a near miss, else an empty string."""
    matches = get_close_matches(name, known, n=2, cutoff=0.6)
    return f" Did you mean {' or '.join(matches)}?" if matches else ""


class SuggestingGroup(TyperGroup):
    """A group whose "No such command" names the closest commands."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and not ctx.resilient_parsing:
            known = self.list_commands(ctx)
            if name not in known:
                ctx.fail(f"No such command '{name}'.{did_you_mean(name, known)}")
        return super().resolve_command(ctx, args)
