"""Prompts as versioned data: ``prompts/*.md`` with a small front matter.

A prompt file starts with ``---``, ``name: ...``, ``version: ...``, ``---`` and then the text. Its
id, ``name@<sha8>``, is the name plus the first 8 hex digits of the SHA-256 of the whole file, so
any edit to a prompt shows up in every verdict and eval result that used it.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from imago_coach.errors import InputError

_PACKAGED = Path(__file__).parent / "_prompts"
_SOURCE = Path(__file__).resolve().parents[2] / "prompts"


def prompts_dir() -> Path:
    """The packaged prompts in a wheel, or the repository's ``prompts/`` in a checkout."""
    return _PACKAGED if _PACKAGED.is_dir() else _SOURCE


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    text: str
    sha256: str
    path: Path

    @property
    def id(self) -> str:
        return f"{self.name}@{self.sha256[:8]}"


def parse_prompt(raw: str, path: Path) -> Prompt:
    meta: dict[str, str] = {}
    body = raw
    if raw.startswith("---"):
        head, sep, rest = raw[3:].partition("\n---")
        if not sep:
            raise InputError(f"{path}: the front matter opened with --- is never closed.")
        for line in head.strip().splitlines():
            key, _, value = line.partition(":")
            meta[key.strip()] = value.strip()
        body = rest.lstrip("\n")
    if not body.strip():
        raise InputError(f"{path}: the prompt is empty.")
    return Prompt(
        name=meta.get("name") or path.stem,
        version=meta.get("version", "0"),
        text=body.strip() + "\n",
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        path=path,
    )


def load_prompt(name: str, override: Path | None = None) -> Prompt:
    """Load the prompt ``name`` (e.g. ``rubric``), or the file given with ``--prompt``."""
    path = override or prompts_dir() / f"{name}.md"
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"Prompt file not found: {path}. Check the --prompt path.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Cannot read the prompt file {path}: {exc}") from None
    return parse_prompt(raw, path)


# "<" and the look-alikes NFKC leaves alone (NFKC already maps the fullwidth and small forms).
_OPENERS = "<\u2039\u3008\u27e8\u02c2\u1438"


@functools.cache
def _tag_pattern(tags: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(t) for t in tags)
    return re.compile(rf"[{_OPENERS}](\s*/?\s*)({names})\b", re.IGNORECASE)


def neutralise(text: str, tags: Iterable[str]) -> str:
    """User text for a delimited prompt field: it can neither open nor close any of ``tags``.

    The text is NFKC-normalised (fullwidth "\uff1c/response\uff1e" becomes "</response>") and
    stripped of invisible format characters (zero-width spaces, joiners, bidi marks), so what
    the model reads is what is matched; then each "<" (or look-alike) that starts one of our
    tags becomes "\u2039". Apply it to every user-supplied field, speaker names included.
    """
    normal = unicodedata.normalize("NFKC", text)
    shown = "".join(ch for ch in normal if unicodedata.category(ch) != "Cf")
    return _tag_pattern(tuple(tags)).sub(lambda m: "\u2039" + m.group(1) + m.group(2), shown)
