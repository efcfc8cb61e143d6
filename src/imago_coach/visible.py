"""Control characters in user text made visible, so no input can drive the terminal.

ANSI and OSC sequences (``ESC [ 2 J``, ``ESC ] 8 ;; url``), other C0/C1 controls, DEL and the
bidirectional overrides (which can make text read differently from what it holds) are shown as
``\\x1b``-style escapes in every human-readable output. Tab and newline stay. JSON output is
never passed through this: it stays exact.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written out visibly (``\\x1b``, ``\\u202e``)."""
    return _CONTROL.sub(_shown, text)
