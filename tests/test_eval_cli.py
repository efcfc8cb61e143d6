"""``imago eval`` through the CLI: gating exit codes, reports, compare, history."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from doubles import ScriptedJudge
from eval_helpers import case, two_cases, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.runner import EvalOptions, run_eval
from imago_coach.settings import load_settings

runner = CliRunner()
KEYS = {
    "dataset",
    "dataset_sha256",
    "judge",
    "model",
    "prompt",
    "cases",
    "scored",
    "errors",
    "metrics",
    "macro_f1",
    "latency_ms",
    "tokens",
    "cost_usd",
    "wall_s",
}


def _dataset(tmp_path: Path) -> Path:
    # Labels chosen so that no plausible judge gets "solution" right: F1 is 0 for it.
    return write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("a", "So you felt alone at dinner. Did I get that?", {"solution": True}),
            case("b", "You should just talk to them next time.", {"solution": False}),
            case(
                "c",
                "You felt alone at dinner, is there more?",
                {"judgement": False, "topic_change": False},
            ),
        ],
    )


def test_run_local_writes_json_and_markdown(tmp_path: Path) -> None:
    data, js, md = _dataset(tmp_path), tmp_path / "out" / "r.json", tmp_path / "r.md"
    result = runner.invoke(
        app,
        [
            "eval",
            "run",
            "--judge",
            "local",
            "--dataset",
            str(data),
            "--json",
            str(js),
            "--markdown",
            str(md),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(js.read_text())
    assert set(report) >= KEYS
    assert report["judge"] == "local"
    assert report["model"] is None
    assert report["cases"] == 3
    assert report["errors"] == 0
    assert report["cost_usd"] == 0.0
    assert "## Per flag" in md.read_text()
    assert "macro-F1" in result.output


def test_json_to_stdout(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["eval", "run", "--judge", "local", "--dataset", str(_dataset(tmp_path)), "--json", "-"],
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["cases"] == 3


def test_gate_exit_codes(tmp_path: Path) -> None:
    data = str(_dataset(tmp_path))
    base = ["eval", "run", "--judge", "local", "--dataset", data]
    failed = runner.invoke(app, [*base, "--min-f1", "solution=0.5"])
    assert failed.exit_code == 1
    assert "gate failed: solution" in failed.output
    passed = runner.invoke(app, [*base, "--min-f1", "0", "--min-f1", "solution=0"])
    assert passed.exit_code == 0
    bad = runner.invoke(app, [*base, "--min-f1", "empathy=0.5"])
    assert bad.exit_code == 2
    assert "unknown flag" in bad.output


def test_compare_report_files_shows_flipped_cases(tmp_path: Path) -> None:
    data = write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("a", "ra", {"judgement": True}),
            case("b", "rb", {"judgement": False}),
        ],
    )
    files = []
    for name, script in (("old", {"ra": [], "rb": []}), ("new", {"ra": ["judgement"], "rb": []})):
        report = run_eval(
            data,
            load_settings(judge="local"),
            EvalOptions(),
            judge=ScriptedJudge(script, remote=True, cacheable=False),
        )
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(report.contract()))
        files.append(str(path))
    out = tmp_path / "cmp.md"
    result = runner.invoke(app, ["eval", "compare", *files, "--markdown", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 case flipped" in result.output
    assert "better: b" in result.output
    assert "response: ra" in result.output
    text = out.read_text()
    assert "| judgement | 0.000 | 1.000 | +1.000 |" in text
    assert "### a (mirror): better b" in text


def test_compare_needs_two_sides(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "compare", "--dataset", str(_dataset(tmp_path))])
    assert result.exit_code == 2
    assert "What should be compared" in result.output


def test_history_lists_runs(tmp_path: Path) -> None:
    data = str(_dataset(tmp_path))
    runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset", data])
    runner.invoke(app, ["eval", "run", "--judge", "local", "--dataset", data, "--limit", "2"])
    result = runner.invoke(app, ["eval", "history", "--json"])
    assert result.exit_code == 0
    runs = json.loads(result.stdout)
    assert len(runs) == 2
    assert runs[0]["report"]["cases"] == 2  # newest first
    assert "results" not in runs[0]["report"]
    table = runner.invoke(app, ["eval", "history"])
    assert table.exit_code == 0
    assert "d.jsonl" in table.output


def test_validate_missing_file_names_no_option(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "validate", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2
    assert "Dataset not found" in result.output
    assert "--dataset" not in result.output


def test_run_missing_file_names_the_option(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "run", "--judge", "local", "--dataset", str(tmp_path / "nope.jsonl")]
    )
    assert result.exit_code == 2
    assert "Check the --dataset path" in result.output


def test_validate_counts_in_words(tmp_path: Path) -> None:
    one_bad = write_jsonl(
        tmp_path / "b.jsonl",
        [
            case("a", "ok", {"judgement": False}),
            case("a", "again", {"judgement": False}),
        ],
    )
    result = runner.invoke(app, ["eval", "validate", str(one_bad)])
    assert result.exit_code == 2
    assert "1 problem, 1 valid case." in result.output
    assert "(s)" not in result.output
    two_bad = write_jsonl(tmp_path / "c.jsonl", ["{", "[]", json.dumps(case("x", "ok", {}))])
    result = runner.invoke(app, ["eval", "validate", str(two_bad)])
    assert "3 problems, 0 valid cases." in result.output
    good = runner.invoke(app, ["eval", "validate", str(two_cases(tmp_path))])
    assert good.exit_code == 0
    assert "2 valid cases (mirror 2)" in good.output
