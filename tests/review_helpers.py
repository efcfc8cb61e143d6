"""Transcripts for the review tests: the data folder and the annotated long session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypedDict

DATA = Path(__file__).parent / "data" / "transcripts"
LONG = DATA / "long_session.txt"


class ExpectedTurn(TypedDict):
    """One annotated turn of the long session."""

    index: int
    speaker: str
    role: str
    step: str
    flags: list[str]
    text: str


def expected_long() -> list[ExpectedTurn]:
    """The annotations of the long session: speaker, role, step and planted flags per turn."""
    lines = (DATA / "long_session.expected.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def long_script() -> dict[str, list[str]]:
    """The planted flags of each turn of the long session, keyed by its text."""
    return {e["text"]: list(e["flags"]) for e in expected_long()}
