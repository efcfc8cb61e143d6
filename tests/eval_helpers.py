"""Dataset builders for the eval tests: one labelled case, a JSONL file of them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def case(
    cid: str, response: str, expected: dict[str, bool], stage: str = "mirror", **extra: Any
) -> dict[str, Any]:
    return {
        "id": cid,
        "stage": stage,
        "speaker": "I felt alone at dinner.",
        "response": response,
        "expected": expected,
        **extra,
    }


def write_jsonl(path: Path, rows: Iterable[dict[str, Any] | str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def two_cases(tmp_path: Path) -> Path:
    """A small valid dataset: a clean mirror and a piece of advice."""
    return write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("a", "So you felt alone at dinner. Did I get that?", {"judgement": False}),
            case("b", "You should just talk to them next time.", {"solution": True}),
        ],
    )
