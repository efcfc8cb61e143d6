"""Transcripts for the review tests: the data folder and the annotated long session."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "transcripts"
LONG = DATA / "long_session.txt"


def expected_long() -> list[dict[str, object]]:
    """The annotations of the long session: speaker, role, step and planted flags per turn."""
    lines = (DATA / "long_session.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def long_script() -> dict[str, list[str]]:
    return {str(e["text"]): list(e["flags"]) for e in expected_long()}  # type: ignore[arg-type]
