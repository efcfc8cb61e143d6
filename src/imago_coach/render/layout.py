"""Terminal layout that never cuts and keeps indents: hanging lines, and headings that wrap."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from imago_coach.render.safe import plain

# A line's own indent and list marker ("  1. ", "- "): its wrapped rest goes on under the text.
_ITEM = re.compile(r"^\s*(?:(?:\d{1,2}[.)]|[-•*›·])\s+)?")


@dataclass
class Hang:
    """``lead`` then ``body``; when ``body`` wraps, it goes on under itself, not under ``lead``.

    ``indent`` spaces come before ``lead``. Strings are user text: never read as markup, control
    characters shown visibly. A line of ``body`` that starts with its own indent or list marker
    wraps under its text.
    """

    lead: str | Text
    body: str | Text
    indent: int = 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead = Text(" " * self.indent) + (
            self.lead if isinstance(self.lead, Text) else plain(self.lead)
        )
        body = self.body if isinstance(self.body, Text) else plain(self.body)
        pad = Text(" " * lead.cell_len)
        first = True
        for part in body.split("\n", allow_blank=True):
            extra = len(_ITEM.match(part.plain).group(0))  # type: ignore[union-attr]
            marker, rest = part[:extra], part[extra:]
            room = max(options.max_width - lead.cell_len - extra, 10)
            for number, line in enumerate(rest.wrap(console, room)):
                line.rstrip()
                yield from (lead if first else pad).render(console)
                yield from (marker if number == 0 else Text(" " * extra)).render(console)
                yield from line.render(console)
                yield Segment.line()
                first = False


def hang(lead: str | Text, body: str | Text, indent: int = 0) -> Hang:
    """See ``Hang``."""
    return Hang(lead, body, indent)


@dataclass
class Heading:
    """A rule with its title, as ``rich.rule.Rule``; a title too long for one line wraps above
    a plain rule instead of being cut with "…"."""

    title: Text
    style: str | Style = "rule.line"
    align: str = "center"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.title.cell_len + 6 <= options.max_width:
            yield Rule(self.title, style=self.style, align=self.align)  # type: ignore[arg-type]
        else:
            yield Hang("", self.title)
            yield Rule(style=self.style)
