"""User-supplied text into rich renderables: markup escaped, control characters made visible.

Use ``escape`` for text placed inside a markup string (``f"[bold]{escape(name)}[/bold]"``) or a
table cell given as a string, and ``plain`` for a ``Text`` that holds user text.
"""

from __future__ import annotations

from rich.markup import escape as _markup_escape
from rich.text import Text

from imago_coach.visible import visible


def escape(text: str) -> str:
    """``text`` safe inside rich markup: no tags, no links, no terminal control sequences."""
    return _markup_escape(visible(text))


def plain(text: str, style: str = "") -> Text:
    """A ``Text`` of user text, never parsed as markup, controls shown visibly."""
    return Text(visible(text), style=style)
