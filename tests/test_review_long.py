"""Long reviews: a progress bar where it helps, pure JSON on stdout, and request building in linear
time."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.cli.review import progress_bar
from imago_coach.transcript import segment as segment_module
from imago_coach.transcript.readers import Utterance
from imago_coach.transcript.requests import build_requests, tail_join
from imago_coach.transcript.segment import SegTurn, segment
from review_helpers import LONG

runner = CliRunner()


def _terminal() -> Console:
    return Console(file=StringIO(), force_terminal=True, width=100)


@pytest.mark.parametrize(
    ("remote", "total", "shown"), [(False, 300, True), (False, 150, False), (True, 5, True)]
)
def test_progress_bar_for_a_model_or_a_long_local_review(
    remote: bool, total: int, shown: bool
) -> None:
    console = _terminal()
    with progress_bar(remote, console) as update:
        for done in range(1, total + 1):
            update(done, total)
    assert ("judging turns" in console.file.getvalue()) is shown  # type: ignore[attr-defined]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    console = Console(file=StringIO(), force_terminal=False)
    with progress_bar(True, console) as update:
        update(1, 500)
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_json_stdout_is_pure_json_on_a_long_local_review(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(LONG.read_text(encoding="utf-8") * 3, encoding="utf-8")
    result = runner.invoke(app, ["review", str(path), "--judge", "local", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["turns"]) == 309


def test_building_requests_is_linear_in_a_long_round(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 2000
    utterances = [
        Utterance("Al", f"I felt alone at the party number {i} when you talked all night.")
        if i % 2 == 0
        else Utterance("Bo", f"So if I got it, you felt alone at party {i - 1}. Is there more?")
        for i in range(n)
    ]
    seg = segment(utterances)
    assert len(seg.rounds()) == 1
    calls = 0
    original = SegTurn.is_content

    def counted(self: SegTurn) -> bool:
        nonlocal calls
        calls += 1
        return original.fget(self)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(segment_module.SegTurn, "is_content", property(counted))
    jobs = build_requests(seg)
    assert len(jobs) == n
    assert calls < 10 * n  # the old code looked at the whole round for every turn: ~n * n / 2


def test_tail_join_matches_a_full_join() -> None:
    texts = [f"sentence {i} " * (i % 7 + 1) for i in range(500)]
    full = " ".join(texts)
    for limit in (10, 100, 4000, len(full) - 1, len(full), len(full) + 5):
        expected = full if len(full) <= limit else "…" + full[-limit:]
        assert tail_join(texts, limit) == expected
