"""Second QA pass on ``imago eval``: duplicates after invalid lines, local-judge comparisons,
messages worded for the command used, and a history table that fits 80 columns."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import httpx
import pytest
import respx
from rich.console import Console
from typer.testing import CliRunner

from eval_helpers import ScriptedJudge, case, completion, provider_error, rubric_json, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.compare import SideSpec, compare, run_comparison
from imago_coach.evaluation.dataset import read_dataset
from imago_coach.evaluation.runner import EvalOptions, run_eval
from imago_coach.evaluation.store import RunRow
from imago_coach.render.eval_report import comparison_markdown, history_renderable
from imago_coach.settings import load_settings

runner = CliRunner()


def _data(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "d.jsonl", [
        case("a", "So you felt alone at dinner. Did I get that?", {"judgement": False}),
        case("b", "You should just talk to them next time.", {"solution": True}),
    ])


# 1. A duplicate id is reported even when its first line is invalid


def test_duplicate_of_an_invalid_line_is_reported(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "bad.jsonl", [
        case("b1", "ok", {"judgement": False}),
        case("b2", "first", {"judgement": False, "sarcasm": True}),  # invalid: unknown flag
        case("b2", "second", {"judgement": False}),                   # valid, but a duplicate
        case("b2", "third", {"empathy": True}),                      # invalid and a duplicate
    ])
    _digest, cases, problems = read_dataset(path)
    assert [c.id for c in cases] == ["b1"]
    by_line = {p.line: p.message for p in problems}
    assert set(by_line) == {2, 3, 4}
    assert "unknown flag 'sarcasm'" in by_line[2]
    assert by_line[3] == "duplicate id 'b2' (first on line 2)"
    assert "unknown flag 'empathy'" in by_line[4]
    assert by_line[4].endswith("; duplicate id 'b2' (first on line 2)")


# 2. Prompts and models mean nothing to the local judge


def test_compare_two_prompts_on_the_local_judge_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    for p in (a, b):
        p.write_text("---\nname: rubric\nversion: 1\n---\nJudge.\n")
    result = runner.invoke(app, ["eval", "compare", "--dataset", str(_data(tmp_path)),
                                 "--prompt", str(a), "--prompt", str(b)])
    assert result.exit_code == 2
    assert "local judge" in result.output
    assert "--judge openai" in result.output
    assert "+0.000" not in result.output


def test_compare_two_models_on_the_local_judge_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "compare", "--dataset", str(_data(tmp_path)),
                                 "--judge", "local", "--model", "m1", "--model", "m2"])
    assert result.exit_code == 2
    assert "--judge openai" in result.output


def test_a_prompt_on_the_local_side_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123456")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://llm.test/v1")
    prompt = tmp_path / "strict.md"
    prompt.write_text("---\nname: rubric\nversion: 9\n---\nJudge strictly.\n")
    heard: list[str] = []
    with respx.mock() as mock:
        mock.post("https://llm.test/v1/chat/completions").mock(
            return_value=httpx.Response(200, json=completion(rubric_json([])))
        )
        result = run_comparison(
            _data(tmp_path), SideSpec(judge="local", prompt=prompt),
            SideSpec(judge="openai", prompt=prompt), EvalOptions(), settings=load_settings(),
            notify=heard.append,
        )
    assert heard == ["The cases are sent to llm.test.",
                     "Side A uses the local judge, which ignores --prompt."]
    assert result.notes == ["Side A uses the local judge, which ignores --prompt."]
    assert result.a_label == "local"
    assert result.b_label == "openai / strict.md"
    assert result.contract()["notes"] == result.notes
    assert "> Side A uses the local judge" in comparison_markdown(result)


def test_a_side_that_erred_never_wins_a_flip(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "d.jsonl", [case("a", "ra", {"judgement": False})])
    reports = [
        run_eval(data, load_settings(judge="local"), EvalOptions(),
                 judge=ScriptedJudge({"ra": answer}, cacheable=False))
        for answer in ([], provider_error())
    ]
    flip, = compare(reports[0], reports[1]).flips
    assert (flip.a, flip.b, flip.better) == ([], None, "a")


# 3. Messages worded for the command used


def test_validate_missing_file_names_no_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "Dataset not found" in result.output
    assert "--dataset" not in result.output


def test_run_missing_file_names_the_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset",
                                 str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "Check the --dataset path" in result.output


def test_validate_counts_in_words(tmp_path: Path) -> None:
    one_bad = write_jsonl(tmp_path / "b.jsonl", [
        case("a", "ok", {"judgement": False}), case("a", "again", {"judgement": False}),
    ])
    result = runner.invoke(app, ["eval", "validate", str(one_bad)])
    assert result.exit_code == 2
    assert "1 problem, 1 valid case." in result.output
    assert "(s)" not in result.output
    two_bad = write_jsonl(tmp_path / "c.jsonl", ["{", "[]", json.dumps(case("x", "ok", {}))])
    result = runner.invoke(app, ["eval", "validate", str(two_bad)])
    assert "3 problems, 0 valid cases." in result.output
    good = runner.invoke(app, ["eval", "validate", str(_data(tmp_path))])
    assert good.exit_code == 0
    assert "2 valid cases (mirror 2)" in good.output


# 4. The history table fits 80 columns


def _rows() -> list[RunRow]:
    metrics = {"judgement": {"f1": 0.9}, "solution": {"f1": 0.97}, "topic_change": {"f1": 0.83},
               "defensiveness": {"f1": 0.5}}
    return [
        RunRow(id=12, run_key="k", status="done", started_at="2025-11-26T15:42:10+00:00",
               dataset="evals/datasets/golden.jsonl", dataset_sha256="b69edde6" * 8,
               judge="openai", model="gpt-4o-mini-2024-07-18", prompt="rubric@1a2b3c4d",
               batch_id=None, report={"metrics": metrics, "macro_f1": 0.9, "cost_usd": 0.0123}),
        RunRow(id=1, run_key="k", status="done", started_at="2025-11-26T15:40:10+00:00",
               dataset="/tmp/one.jsonl", dataset_sha256="03dbba80" * 8, judge="local",
               model=None, prompt=None, batch_id=None,
               report={"metrics": {"judgement": {"f1": 1.0}}, "macro_f1": 1.0, "cost_usd": 0.0}),
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
    for cell in ("golden.jsonl", "b69edde6", "0.90/0.97/0.83", "$0.012", "rubric@1a2b3c4d",
                 "local", "1.00/-/-"):
        assert cell in text


def test_history_wide_has_a_column_per_flag() -> None:
    lines = _render(140, wide=True)
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    header = [line for line in lines[:rule] if line.strip()][1:]
    assert len(header) == 1
    assert {"judg", "sol", "topic", "def"} <= set(header[0].split())
    assert "2025-11-26 15:42" in "\n".join(lines)


def test_history_cli_fits_80_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset", str(_data(tmp_path))])
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["eval", "history"])
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert "d.jsonl" in result.output
    wide = runner.invoke(app, ["eval", "history", "--wide"])
    assert wide.exit_code == 0 and "topic" in wide.output
