"""The seams of issue 8 that a reader cannot see from behaviour: where things may live."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "imago_coach"


def _sources() -> dict[str, str]:
    return {str(p.relative_to(SRC)): p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}


def test_only_settings_reads_the_environment() -> None:
    readers = sorted(name for name, text in _sources().items()
                     if re.search(r"\bos\.environ\b|\bgetenv\(", text))
    assert readers == ["settings.py"]
