"""User text for the terminal: always a rich ``Text`` (never markup), control characters shown."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(text: str, style: str = "") -> Text:
    """``text`` as typed, with escape sequences and other control characters made visible."""
    return Text(_CONTROL.sub("\ufffd", text), style=style)
