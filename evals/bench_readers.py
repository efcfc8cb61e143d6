"""Reader benchmark: every transcript reader is linear; 2 MB of any content is read in < 2 s.

Target (issue 11, item 2): ``parse`` (format detection and reading) of a 2 MB file of any shape
in under 2 s, including the audit's crafted inputs (unclosed VTT tags and voices, SRT codes),
and a full local review of a file holding one 1.9 MB turn in a few seconds (turns are cut at
``MAX_TURN_CHARS``). Run: ``python evals/bench_readers.py`` (exit 1 when a target is missed).
"""

from __future__ import annotations

import contextlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from imago_coach.coach import Coach
from imago_coach.errors import InputError
from imago_coach.settings import load_settings
from imago_coach.transcript.readers import parse
from imago_coach.transcript.review import review_file

SIZE = 2_000_000
TARGET_S = 2.0
CUE = "00:00:01.000 --> 00:00:02.000\n"
WORDS = (
    "I felt so alone when you left the party early and nobody noticed that I was "
    "standing by the door"
).split()


def _fill(unit: str, head: str = "", tail: str = "\n") -> str:
    return head + unit * ((SIZE - len(head) - len(tail)) // len(unit)) + tail


def _words(n: int) -> str:
    rng = random.Random(11)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _random(n: int) -> str:
    rng = random.Random(3)
    return "".join(rng.choice("<>{}[]\\:/v \n.-0123456789abcAnn&;") for _ in range(n))


SHAPES: dict[str, Callable[[], str]] = {
    "vtt unclosed tags <a": lambda: _fill("<a", f"WEBVTT\n\n{CUE}<v Ann>"),
    "vtt unclosed voices <v": lambda: _fill("<v ", f"WEBVTT\n\n{CUE}"),
    "srt unclosed codes {\\": lambda: _fill("{\\", f"1\n{CUE.replace('.', ',')}Ann: "),
    "vtt many cues": lambda: (
        "WEBVTT\n\n"
        + "".join(
            f"{CUE}<v {'Ann' if i % 2 else 'Ben'}>{_words(12)}</v>\n\n" for i in range(20_000)
        )[: SIZE - 10]
    ),
    # one speaker's cues in a row, each a whole sentence opening a step: the worst case of
    # the VTT/SRT step split, where every cue is read for its stems
    "vtt one speaker, step cues": lambda: (
        "WEBVTT\n\n"
        + "".join(
            f"{CUE}<v Ann>{('So if I got it', 'You make sense', 'I imagine')[i % 3]}, {_words(10)}."
            "</v>\n\n"
            for i in range(20_000)
        )[: SIZE - 10]
    ),
    "srt many cues": lambda: "".join(
        f"{i}\n{CUE.replace('.', ',')}{'Ann' if i % 2 else 'Ben'}: {_words(12)}\n\n"
        for i in range(1, 20_000)
    )[:SIZE],
    "txt many turns": lambda: "".join(
        f"{'Ann' if i % 2 else 'Ben'}: {_words(14)}\n" for i in range(25_000)
    )[:SIZE],
    "txt one name, continuation lines": lambda: _fill("and then we went home\n", "Ann: hi\n"),
    "txt one 2 MB line": lambda: "Ann: " + _words(400_000)[: SIZE - 5],
    "txt colons": lambda: _fill("a:", "Ann: "),
    "txt brackets": lambda: _fill("[0", "[00:01] Ann: "),
    "txt spaces before a colon": lambda: _fill(" ", "Ann", ":x\nBen: ok\n"),
    "json turns": lambda: (
        json.dumps(
            [{"speaker": "Ann" if i % 2 else "Ben", "text": _words(14)} for i in range(20_000)]
        )[: SIZE - 2]
        + "]"
    ),
    "jsonl turns": lambda: "".join(
        json.dumps({"speaker": "Ann" if i % 2 else "Ben", "text": _words(14)}) + "\n"
        for i in range(20_000)
    )[:SIZE],
    "json nested [[[[": lambda: _fill("[", "", "]"),
    "random printable": lambda: "Ann: " + _random(SIZE - 5),
    "vtt, random cue text": lambda: f"WEBVTT\n\n{CUE}<v Ann>" + _random(SIZE - 50),
    "srt, random cue text": lambda: f"1\n{CUE.replace('.', ',')}" + _random(SIZE - 40),
}


def _time_parse(text: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(InputError):  # refusing it is fine; the time is what is measured
        parse(text)
    return time.perf_counter() - start


def main() -> int:
    worst = 0.0
    for name, make in SHAPES.items():
        text = make()
        seconds = _time_parse(text)
        worst = max(worst, seconds)
        print(f"{name:36} {len(text) / 1e6:5.2f} MB  {seconds:6.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "one-big-turn.txt"
        path.write_text("Ann: " + _words(350_000)[:1_900_000] + "\nBen: So you felt alone.\n")
        start = time.perf_counter()
        review_file(path, Coach(load_settings(judge="local")))
        review_s = time.perf_counter() - start
    print(f"{'review, one 1.9 MB turn (local judge)':36} {review_s:14.3f} s")
    ok = worst < TARGET_S and review_s < 3 * TARGET_S
    print(f"worst parse {worst:.3f} s (target < {TARGET_S} s): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
