"""The openai judge in evals, through respx: async path, cache, errors, 429s, compare."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from doubles import completion, rubric_json
from eval_helpers import case, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.compare import SideSpec, run_comparison
from imago_coach.evaluation.runner import EvalOptions, run_eval
from imago_coach.models import Flag
from imago_coach.settings import Settings, load_settings

URL = "https://llm.test/v1/chat/completions"
FLAGS = {"r1": ["judgement"], "r2": ["solution"], "r3": [], "r4": ["topic_change"]}


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123456")
    monkeypatch.setenv("OPENAI_BASE_URL", "https://llm.test/v1")
    return load_settings(judge="openai").model_copy(update={"max_retries": 0})


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("c1", "r1", {"judgement": True, "solution": False}),
            case("c2", "r2", {"judgement": False, "solution": True}),
            case("c3", "r3", {"judgement": True, "solution": False}),
            case("c4", "r4", {"judgement": False, "solution": False, "topic_change": True}),
        ],
    )


def _answer(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    user = body["messages"][-1]["content"]
    response = user.split("<response>\n", 1)[1].split("\n</response>", 1)[0]
    return completion(rubric_json(FLAGS[response]), usage=(300, 50))


def test_openai_eval_end_to_end_and_cache(settings: Settings, dataset: Path) -> None:
    with respx.mock(assert_all_called=False) as mock:
        route = mock.post(URL).mock(side_effect=_answer)
        report = run_eval(
            dataset, settings, EvalOptions(concurrency=3), http_client=httpx.AsyncClient()
        )
        assert route.call_count == 4
        sent = json.loads(route.calls[0].request.content)
        assert sent["response_format"]["type"] == "json_schema"
        assert report.judge == "openai"
        assert report.model == "gpt-4o-mini"
        assert report.prompt is not None
        assert report.prompt.startswith("rubric@")
        assert report.scored == 4
        j = report.metrics[Flag.JUDGEMENT]
        assert (j.tp, j.fp, j.fn, j.tn) == (1, 0, 1, 2)
        assert report.tokens.prompt == 1200  # from the API's usage: 4 x 300
        assert report.tokens.completion == 200
        assert report.cost_usd == pytest.approx((1200 * 0.15 + 200 * 0.60) / 1e6)
        again = run_eval(dataset, settings, EvalOptions(), http_client=httpx.AsyncClient())
        assert route.call_count == 4  # every answer came from the cache
        assert again.cached == 4
        assert again.metrics == report.metrics


def test_model_failures_are_errors_not_local_answers(settings: Settings, dataset: Path) -> None:
    with respx.mock() as mock:
        mock.post(URL).mock(return_value=httpx.Response(500, json={"error": {"message": "x"}}))
        report = run_eval(
            dataset,
            settings,
            EvalOptions(max_failures=0),  # every case tried
            http_client=httpx.AsyncClient(),
        )
    assert report.scored == 0
    assert report.errors == 4
    assert report.metrics == {}
    assert all("HTTP 500" in (r.error or "") for r in report.results)
    assert "sk-test-secret" not in report.model_dump_json()


def test_rate_limits_are_retried_after_a_pause(settings: Settings, dataset: Path) -> None:
    replies = iter(
        [
            httpx.Response(
                429, headers={"retry-after-ms": "5"}, json={"error": {"message": "slow down"}}
            )
        ]
        * 2
    )

    def answer(request: httpx.Request) -> httpx.Response:
        return next(replies, None) or _answer(request)

    with respx.mock() as mock:
        route = mock.post(URL).mock(side_effect=answer)
        report = run_eval(
            dataset, settings, EvalOptions(concurrency=2), http_client=httpx.AsyncClient()
        )
    assert report.errors == 0
    assert report.scored == 4
    assert route.call_count == 6


def test_cli_run_with_openai(settings: Settings, dataset: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    with respx.mock() as mock:
        mock.post(URL).mock(side_effect=_answer)
        result = CliRunner().invoke(
            app, ["eval", "run", "--judge", "openai", "--dataset", str(dataset), "--json", str(out)]
        )
    assert result.exit_code == 0, result.output
    assert "llm.test" in result.output  # said once where the words go
    assert "sk-test-secret" not in result.output
    assert json.loads(out.read_text())["scored"] == 4


def test_compare_two_prompts_shows_flipped_cases(
    settings: Settings, dataset: Path, tmp_path: Path
) -> None:
    strict = tmp_path / "strict.md"
    strict.write_text("---\nname: rubric\nversion: 9\n---\nSTRICT: flag judgement always.\n")

    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if "STRICT" in body["messages"][0]["content"]:
            return completion(rubric_json(["judgement"]), usage=(300, 50))
        return _answer(request)

    with respx.mock() as mock:
        mock.post(URL).mock(side_effect=answer)
        result = run_comparison(
            dataset,
            SideSpec(judge="openai"),
            SideSpec(judge="openai", prompt=strict),
            EvalOptions(),
            settings=load_settings(),
        )
    flipped = {f.id: f for f in result.flips}
    assert set(flipped) == {"c2", "c3", "c4"}
    assert flipped["c3"].better == "b"  # judgement expected: the strict prompt got it
    assert flipped["c3"].response == "r3"
    assert flipped["c3"].changed == [Flag.JUDGEMENT]
    assert flipped["c2"].better == "a"
    assert result.b_label.endswith("strict.md")
