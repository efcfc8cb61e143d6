"""Crafted transcripts: every reader is linear, and one giant turn is cut with a note."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest

from harden_helpers import imago
from imago_coach.errors import InputError
from imago_coach.transcript.readers import MAX_TURN_CHARS, parse

CUE = "00:00:01.000 --> 00:00:02.000\n"
SIZE = 200_000  # before the fix each of these took 3-30 s to read; now a few milliseconds

CRAFTED = {
    "unclosed tags": f"WEBVTT\n\n{CUE}<v Ann>" + "<a" * (SIZE // 2) + "\n",
    "unclosed voices": f"WEBVTT\n\n{CUE}" + "<v " * (SIZE // 3) + "\n",
    "unclosed srt codes": f"1\n{CUE.replace('.', ',')}Ann: hi " + "{\\" * (SIZE // 2) + "\n",
    "continuation lines": "Ann: hi\n" + "and then we went home\n" * (SIZE // 22),
    "cues of one speaker": "WEBVTT\n\n" + f"{CUE}<v Ann>and then we went home\n\n" * (SIZE // 60),
}


@pytest.mark.parametrize("name", list(CRAFTED))
def test_crafted_transcripts_are_read_in_linear_time(name: str) -> None:
    start = time.perf_counter()
    with contextlib.suppress(InputError):  # refusing is fine; hanging is not
        parse(CRAFTED[name])
    assert time.perf_counter() - start < 1.0  # generous: the quadratic readers took > 3 s


def test_markup_is_still_removed_after_the_fix() -> None:
    text = (
        f"WEBVTT\n\n{CUE}<v.loud Ann>I <i>felt</i> {{\\an8}}<00:00:01.500>alone &amp; "
        f"unseen</v>\n\n{CUE}<v Ben>So you felt alone</v>\n"
    )
    turns = parse(text).utterances
    assert [(t.speaker, t.text) for t in turns] == [
        ("Ann", "I felt alone & unseen"),
        ("Ben", "So you felt alone"),
    ]


def test_a_giant_turn_is_cut_with_a_note_and_reviewed_quickly(tmp_path: Path) -> None:
    path = tmp_path / "one-long-turn.txt"
    path.write_text(
        "Ann: " + "I felt so alone at the party. " * 20_000 + "\nBen: So you felt "
        "alone at the party.\n"
    )
    start = time.perf_counter()
    result = imago("review", str(path), "--format", "json", home=tmp_path / "home")
    assert time.perf_counter() - start < 30  # 25-32 s before, for 1.9 MB; this is 0.6 MB
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert f"longer than {MAX_TURN_CHARS:,} characters were cut" in " ".join(report["notes"])
    assert "#1 (Ann)" in " ".join(report["notes"])
