"""Prompts as versioned data: ``prompts/*.md`` with a small front matter.

A prompt file starts with ``---``, ``name: ...``, ``version: ...``, ``---`` and then the text. Its
id, ``name@<sha8>``, is the name plus the first 8 hex digits of the SHA-256 of the whole file, so
any edit to a prompt shows up in every verdict and eval result that used it.
"""

from __future__ import annotations

import hashlib
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
