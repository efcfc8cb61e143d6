"""JSON from the user (stdin, transcripts, datasets): every way it can be unusable is one error.

``json.loads`` fails in more ways than ``JSONDecodeError``: deep nesting raises
``RecursionError``, an integer of more than 4,300 digits raises ``ValueError``, and an escaped
lone surrogate (``"\\ud800"``) loads as a string that cannot be printed or stored. ``loads``
turns each of these into a ``JSONDecodeError`` with a plain message, so every caller's one-line
error covers them.
"""

from __future__ import annotations

import json
import re
from typing import Any

TOO_DEEP = "nested too deeply"
TOO_LONG = "a number is too long"


class RefusedJSON(json.JSONDecodeError):
    """Well-formed JSON refused for what it holds (depth, a huge number, a lone surrogate)."""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def loads(text: str) -> Any:
    """``json.loads(text)``, raising only ``json.JSONDecodeError``; see the module docstring."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise RefusedJSON(TOO_DEEP, text, 0) from None
    except ValueError:  # an integer over sys.get_int_max_str_digits() digits
        raise RefusedJSON(TOO_LONG, text, 0) from None
    if _has_lone_surrogate(data):
        found = _SURROGATE_ESCAPE.search(text)
        where = found.group(0) if found else "\\ud800"
        raise RefusedJSON(
            f"an unpaired surrogate ({where}) is not a character",
            text,
            found.start() if found else 0,
        )
    return data


def _has_lone_surrogate(data: Any) -> bool:
    """Whether any string (key or value) holds a lone surrogate; iterative, any depth."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
