"""``imago eval history``: the table fits 80 columns, ``--wide`` has a column per flag."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from eval_helpers import two_cases
from imago_coach.cli.main import app
from imago_coach.evaluation.store import RunRow
from imago_coach.render.eval_report import history_renderable

runner = CliRunner()


def _rows() -> list[RunRow]:
    metrics = {
        "judgement": {"f1": 0.9},
        "solution": {"f1": 0.97},
        "topic_change": {"f1": 0.83},
        "defensiveness": {"f1": 0.5},
    }
    return [
        RunRow(
            id=12,
            run_key="k",
            status="done",
            started_at="2025-11-26T15:42:10+00:00",
            dataset="evals/datasets/golden.jsonl",
            dataset_sha256="b69edde6" * 8,
            judge="openai",
            model="gpt-4o-mini-2024-07-18",
            prompt="rubric@1a2b3c4d",
            batch_id=None,
            report={"metrics": metrics, "macro_f1": 0.9, "cost_usd": 0.0123},
        ),
        RunRow(
            id=1,
            run_key="k",
            status="done",
            started_at="2025-11-26T15:40:10+00:00",
            dataset="/tmp/one.jsonl",
            dataset_sha256="03dbba80" * 8,
            judge="local",
            model=None,
            prompt=None,
            batch_id=None,
            report={"metrics": {"judgement": {"f1": 1.0}}, "macro_f1": 1.0, "cost_usd": 0.0},
        ),
    ]


def _render(width: int, wide: bool = False) -> list[str]:
    out = StringIO()
    Console(file=out, width=width, color_system=None).print(history_renderable(_rows(), wide=wide))
    return [line.rstrip() for line in out.getvalue().splitlines()]


def test_history_header_is_one_line_at_80_columns() -> None:
    lines = _render(80)
    assert all(len(line) <= 80 for line in lines)
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    header = [line for line in lines[:rule] if line.strip()][1:]  # after the title
    assert len(header) == 1
    assert header[0].split() == ["#", "when", "dataset", "judge", "F1", "macro", "cost"]
    text = "\n".join(lines)
    for cell in (
        "golden.jsonl",
        "b69edde6",
        "0.90/0.97/0.83",
        "$0.012",
        "rubric@1a2b3c4d",
        "local",
        "1.00/-/-",
    ):
        assert cell in text


def test_history_wide_has_a_column_per_flag() -> None:
    lines = _render(140, wide=True)
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    header = [line for line in lines[:rule] if line.strip()][1:]
    assert len(header) == 1
    assert {"judg", "sol", "topic", "def"} <= set(header[0].split())
    assert "2025-11-26 15:42" in "\n".join(lines)


def test_history_cli_fits_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset", str(two_cases(tmp_path))])
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["eval", "history"])
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert "d.jsonl" in result.output
    wide = runner.invoke(app, ["eval", "history", "--wide"])
    assert wide.exit_code == 0 and "topic" in wide.output
