"""Datasets: valid files load; every problem is reported with its line number."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval_helpers import case, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.dataset import DatasetError, load_dataset, read_dataset
from imago_coach.models import Flag, Stage

REPO = Path(__file__).resolve().parents[1]
DEV = REPO / "evals" / "datasets" / "dev.jsonl"
runner = CliRunner()


def _bad(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "bad.jsonl",
        [
            case("a", "So you felt alone.", {"judgement": False}),  # 1 ok
            '{"id": "b", "stage": "mirror",',  # 2 malformed
            case("c", "ok", {"judgement": False}, stage="lecture"),  # 3 stage
            case("d", "ok", {"empathy": True}),  # 4 flag
            case("a", "again", {"judgement": True}),  # 5 duplicate
            "",  # 6 blank: ignored
            case("e", "   ", {"solution": False}),  # 7 empty response
            case("f", "ok", {}),  # 8 no labels
            case("g", "ok", {"solution": True}, mirror_acuracy=0.5),  # 9 unknown field
            case(
                "h",
                "ok",
                {"solution": True},
                context=[{"speaker": "A", "text": "hi"}],
                mirror_accuracy=0.4,
                tags=["x"],
                notes="n",
            ),  # 10 ok
        ],
    )


def test_dev_dataset_loads() -> None:
    data = load_dataset(DEV)
    assert len(data.cases) >= 200
    assert data.labelled_flags == [Flag.JUDGEMENT, Flag.SOLUTION, Flag.TOPIC_CHANGE]
    assert len(data.sha256) == 64


def test_every_problem_has_its_line(tmp_path: Path) -> None:
    _digest, cases, problems = read_dataset(_bad(tmp_path))
    assert [c.id for c in cases] == ["a", "h"]
    assert cases[1].context[0].speaker == "A"
    assert cases[1].stage == Stage.MIRROR
    lines = {p.line: p.message for p in problems}
    assert sorted(lines) == [2, 3, 4, 5, 7, 8, 9]
    assert "not valid JSON" in lines[2]
    assert "unknown stage 'lecture'" in lines[3]
    assert "unknown flag 'empathy'" in lines[4]
    assert "duplicate id 'a' (first on line 1)" in lines[5]
    assert '"response"' in lines[7]
    assert "labels no flag" in lines[8]
    assert "mirror_acuracy: unknown field" in lines[9]


def test_invalid_dataset_raises_unless_skipped(tmp_path: Path) -> None:
    path = _bad(tmp_path)
    with pytest.raises(DatasetError) as info:
        load_dataset(path)
    assert f"{path}:2:" in str(info.value)
    assert "--skip-invalid" in str(info.value)
    data = load_dataset(path, skip_invalid=True)
    assert len(data.cases) == 2
    assert len(data.skipped) == 7


def test_empty_and_missing_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(DatasetError, match="empty"):
        load_dataset(empty, skip_invalid=True)
    result = runner.invoke(
        app, ["eval", "run", "--judge", "local", "--dataset", str(tmp_path / "nope.jsonl")]
    )
    assert result.exit_code == 2
    assert "Dataset not found" in result.output


def test_validate_command(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["eval", "validate", str(_bad(tmp_path))])
    assert bad.exit_code == 2
    for line in (2, 3, 4, 5, 7, 8, 9):
        assert f"bad.jsonl:{line}:" in bad.output
    good = runner.invoke(app, ["eval", "validate", str(DEV)])
    assert good.exit_code == 0, good.output
    assert "valid cases" in good.output


def test_run_with_skip_invalid_reports_what_it_skipped(tmp_path: Path) -> None:
    path = _bad(tmp_path)
    failed = runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset", str(path)])
    assert failed.exit_code == 2
    assert "bad.jsonl:3:" in failed.output
    out = tmp_path / "r.json"
    ok = runner.invoke(
        app,
        [
            "eval",
            "run",
            "--judge",
            "local",
            "--dataset",
            str(path),
            "--skip-invalid",
            "--json",
            str(out),
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "skipped" in ok.output
    report = json.loads(out.read_text())
    assert report["cases"] == 2
    assert len(report["skipped"]) == 7


def test_duplicate_of_an_invalid_line_is_reported(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            case("b1", "ok", {"judgement": False}),
            case("b2", "first", {"judgement": False, "sarcasm": True}),  # invalid: unknown flag
            case("b2", "second", {"judgement": False}),  # valid, but a duplicate
            case("b2", "third", {"empathy": True}),  # invalid and a duplicate
        ],
    )
    _digest, cases, problems = read_dataset(path)
    assert [c.id for c in cases] == ["b1"]
    by_line = {p.line: p.message for p in problems}
    assert set(by_line) == {2, 3, 4}
    assert "unknown flag 'sarcasm'" in by_line[2]
    assert by_line[3] == "duplicate id 'b2' (first on line 2)"
    assert "unknown flag 'empathy'" in by_line[4]
    assert by_line[4].endswith("; duplicate id 'b2' (first on line 2)")
