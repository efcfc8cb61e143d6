"""Lines whose wrapped continuation keeps its hanging indent, for every terminal renderer."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text


@dataclass
class Hang:
    """``lead`` then ``body``; when ``body`` wraps, it goes on under itself, not under ``lead``.

    ``indent`` spaces come before ``lead``. Strings are plain text (never read as markup).
    """

    lead: str | Text
    body: str | Text
    indent: int = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead = Text(" " * self.indent) + (
            self.lead if isinstance(self.lead, Text) else Text(self.lead)
        )
        body = self.body if isinstance(self.body, Text) else Text(self.body)
        room = max(options.max_width - lead.cell_len, 10)
        pad = Text(" " * lead.cell_len)
        for number, line in enumerate(body.wrap(console, room)):
            line.rstrip()
            yield from (lead if number == 0 else pad).render(console)
            yield from line.render(console)
            yield Segment.line()


def hang(lead: str | Text, body: str | Text, indent: int = 0) -> Hang:
    """See ``Hang``."""
    return Hang(lead, body, indent)
