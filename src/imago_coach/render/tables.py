"""Tables that never cut a number or a header: whole at any width, or stacked when too narrow.

Rich fits a table that is too wide by cutting cells ("0…", "preci…"). ``FitTable`` keeps every
cell whole (no wrapping, no ellipsis) and draws the table when it fits the width it is given;
when it does not, each row becomes a block of ``header value`` pairs that wraps with a hanging
indent, so every figure stays readable in a narrow terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rich import box as boxes
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from imago_coach.render.layout import hang
from imago_coach.render.safe import plain


@dataclass
class FitTable:
    """A table of strings (or Texts); see the module docstring.

    ``right`` names the columns aligned right (numbers); ``fold`` the text columns that may wrap
    (never below their header's width). A cell may hold several lines.
    """

    headers: Sequence[str]
    rows: list[list[str | Text]] = field(default_factory=list)
    title: str | None = None
    right: frozenset[str] = frozenset()
    fold: frozenset[str] = frozenset()
    box: boxes.Box | None = boxes.HEAVY_HEAD
    pad_edge: bool = True

    def add_row(self, *cells: str | Text) -> None:
        self.rows.append(list(cells))

    def table(self) -> Table:
        table = Table(
            title=plain(self.title) if self.title else None,
            title_justify="left",
            box=self.box,
            pad_edge=self.pad_edge,
            show_edge=self.box is not boxes.SIMPLE_HEAD,
            collapse_padding=True,
        )
        for name in self.headers:
            folds = name in self.fold
            table.add_column(
                name,
                justify="right" if name in self.right else "left",
                no_wrap=not folds,
                overflow="fold" if folds else "ellipsis",
                min_width=len(name) if folds else None,
            )
        for row in self.rows:  # a string cell is user text: never markup, controls visible
            table.add_row(*(plain(cell) if isinstance(cell, str) else cell for cell in row))
        return table

    def stacked(self) -> list[RenderableType]:
        """Each row as ``first: header value · header value …``, wrapping under itself."""
        out: list[RenderableType] = []
        if self.title:
            out.append(plain(self.title, style="italic"))
        for row in self.rows:
            lead = plain(" ".join(_plain(row[0]).split()), style="bold") + Text(": ")
            body = Text(" · ").join(
                Text(f"{name} ", style="dim") + plain(" ".join(_plain(cell).split()))
                for name, cell in zip(self.headers[1:], row[1:], strict=True)
                if _plain(cell).strip()
            )
            out.append(hang(lead, body))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.table()
        needed = Measurement.get(console, options.update(width=10_000), table).minimum
        if needed <= options.max_width:
            yield table
        else:
            yield from self.stacked()


def _plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell
