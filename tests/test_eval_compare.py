"""``imago eval compare`` on the local judge: two prompts or models are refused, a prompt on a local
side is noted, and a side that erred never wins a flip."""

from __future__ import annotations

from pathlib import Path

import pytest
import respx
from typer.testing import CliRunner

from doubles import Answer, ScriptedJudge, completion, provider_error, rubric_json
from eval_helpers import case, two_cases, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.compare import SideSpec, compare, run_comparison
from imago_coach.evaluation.runner import EvalOptions, run_eval
from imago_coach.render.eval_report import comparison_markdown
from imago_coach.settings import load_settings

runner = CliRunner()


def test_compare_two_prompts_on_the_local_judge_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    for p in (a, b):
        p.write_text("---\nname: rubric\nversion: 1\n---\nJudge.\n")
    result = runner.invoke(
        app,
        [
            "eval",
            "compare",
            "--dataset",
            str(two_cases(tmp_path)),
            "--prompt",
            str(a),
            "--prompt",
            str(b),
        ],
    )
    assert result.exit_code == 2
    assert "local judge" in result.output
    assert "--judge openai" in result.output
    assert "+0.000" not in result.output


def test_compare_two_models_on_the_local_judge_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "eval",
            "compare",
            "--dataset",
            str(two_cases(tmp_path)),
            "--judge",
            "local",
            "--model",
            "m1",
            "--model",
            "m2",
        ],
    )
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
            return_value=completion(rubric_json())
        )
        result = run_comparison(
            two_cases(tmp_path),
            SideSpec(judge="local", prompt=prompt),
            SideSpec(judge="openai", prompt=prompt),
            EvalOptions(),
            settings=load_settings(),
            notify=heard.append,
        )
    assert heard == [
        "The cases are sent to llm.test.",
        "Side A uses the local judge, which ignores --prompt.",
    ]
    assert result.notes == ["Side A uses the local judge, which ignores --prompt."]
    assert result.a_label == "local"
    assert result.b_label == "openai / strict.md"
    assert result.contract()["notes"] == result.notes
    assert "> Side A uses the local judge" in comparison_markdown(result)


def test_a_side_that_erred_never_wins_a_flip(tmp_path: Path) -> None:
    data = write_jsonl(tmp_path / "d.jsonl", [case("a", "ra", {"judgement": False})])
    answers: list[Answer] = [[], provider_error()]
    reports = [
        run_eval(
            data,
            load_settings(judge="local"),
            EvalOptions(),
            judge=ScriptedJudge({"ra": answer}, remote=True, cacheable=False),
        )
        for answer in answers
    ]
    (flip,) = compare(reports[0], reports[1]).flips
    assert (flip.a, flip.b, flip.better) == ([], None, "a")
