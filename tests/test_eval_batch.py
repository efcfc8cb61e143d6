"""``imago eval run --batch`` end to end through respx: upload, create, poll, collect, resume."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from doubles import Interrupted, completion_body, rubric_json
from eval_helpers import case, write_jsonl
from imago_coach.cli.main import app
from imago_coach.evaluation.report import EvalReport
from imago_coach.evaluation.runner import EvalOptions, run_eval
from imago_coach.evaluation.store import EvalStore
from imago_coach.models import Flag
from imago_coach.settings import Settings, load_settings

BASE = "https://llm.test/v1"
FLAGS = {"c1": ["judgement"], "c2": ["solution"], "c3": []}
Polls = list[httpx.Response] | Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-123456")
    monkeypatch.setenv("OPENAI_BASE_URL", BASE)
    return load_settings(judge="openai").model_copy(update={"max_retries": 0})


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("c1", "r1", {"judgement": True, "solution": False}),
            case("c2", "r2", {"judgement": False, "solution": True}),
            case("c3", "r3", {"judgement": True, "solution": False}),
        ],
    )


def _batch(status: str, completed: int = 0) -> dict[str, object]:
    return {
        "id": "batch_1",
        "object": "batch",
        "endpoint": "/v1/chat/completions",
        "input_file_id": "file-in",
        "completion_window": "24h",
        "status": status,
        "created_at": 1,
        "output_file_id": "file-out" if status == "completed" else None,
        "error_file_id": None,
        "request_counts": {"total": 3, "completed": completed, "failed": 0},
    }


def _output() -> str:
    lines = []
    for cid, flags in FLAGS.items():
        if cid == "c3":  # one request failed inside the batch
            lines.append(
                {
                    "id": "r3",
                    "custom_id": "0:c3",
                    "error": None,
                    "response": {"status_code": 500, "body": {"error": {"message": "oops"}}},
                }
            )
            continue
        body = completion_body(rubric_json(flags), usage=(300, 50))
        lines.append(
            {
                "id": f"r-{cid}",
                "custom_id": f"0:{cid}",
                "error": None,
                "response": {"status_code": 200, "body": body},
            }
        )
    return "\n".join(json.dumps(line) for line in lines) + "\n"


def _mock(mock: respx.MockRouter, polls: Polls) -> dict[str, respx.Route]:
    return {
        "upload": mock.post(f"{BASE}/files").mock(
            return_value=httpx.Response(
                200,
                json={
                    "id": "file-in",
                    "object": "file",
                    "bytes": 10,
                    "created_at": 1,
                    "filename": "imago-eval.jsonl",
                    "purpose": "batch",
                    "status": "processed",
                },
            )
        ),
        "create": mock.post(f"{BASE}/batches").mock(
            return_value=httpx.Response(200, json=_batch("validating"))
        ),
        "poll": mock.get(f"{BASE}/batches/batch_1").mock(side_effect=polls),
        "download": mock.get(f"{BASE}/files/file-out/content").mock(
            return_value=httpx.Response(200, text=_output())
        ),
    }


def _interrupt(request: httpx.Request) -> httpx.Response:
    raise Interrupted


def _check(report: EvalReport) -> None:
    assert report.batch_id == "batch_1"
    assert report.scored == 2
    assert report.errors == 1
    assert report.metrics[Flag.JUDGEMENT].tp == 1
    assert report.metrics[Flag.SOLUTION].tp == 1
    # batch price: half of (2 x 300 x 0.15 + 2 x 50 x 0.60) per million
    assert report.cost_usd == pytest.approx((600 * 0.15 + 100 * 0.60) / 1e6 * 0.5)


def test_batch_flow_end_to_end(settings: Settings, dataset: Path) -> None:
    polls = [
        httpx.Response(200, json=_batch("in_progress", 1)),
        httpx.Response(200, json=_batch("completed", 3)),
    ]
    progress: list[tuple[int, int]] = []
    with respx.mock() as mock:
        routes = _mock(mock, polls)
        report = run_eval(
            dataset,
            settings,
            EvalOptions(batch=True, poll_s=0),
            http_client=httpx.AsyncClient(),
            progress=lambda done, total: progress.append((done, total)),
        )
    uploaded = routes["upload"].calls[0].request.content
    assert uploaded.count(b'"custom_id"') == 3
    assert b'"url": "/v1/chat/completions"' in uploaded
    assert b'"json_schema"' in uploaded
    created = json.loads(routes["create"].calls[0].request.content)
    assert created["input_file_id"] == "file-in"
    assert created["endpoint"] == "/v1/chat/completions"
    assert progress[0] == (1, 3)
    assert progress[-1] == (3, 3)
    _check(report)
    assert "HTTP 500" in (next(r for r in report.results if r.id == "c3").error or "")


def test_batch_resumes_by_batch_id(settings: Settings, dataset: Path) -> None:
    with respx.mock(assert_all_called=False) as mock:
        _mock(mock, _interrupt)
        with pytest.raises(Interrupted):
            run_eval(
                dataset,
                settings,
                EvalOptions(batch=True, poll_s=0),
                http_client=httpx.AsyncClient(),
            )
    store = EvalStore.open()
    assert store.conn.execute("SELECT batch_id FROM eval_runs").fetchone()[0] == "batch_1"
    store.close()
    with respx.mock(assert_all_called=False) as mock:
        routes = _mock(mock, [httpx.Response(200, json=_batch("completed", 3))])
        routes["upload"].mock(side_effect=AssertionError("must not upload again"))
        routes["create"].mock(side_effect=AssertionError("must not create again"))
        report = run_eval(
            dataset, settings, EvalOptions(batch=True, poll_s=0), http_client=httpx.AsyncClient()
        )
        assert not routes["create"].called
        assert not routes["upload"].called
    _check(report)


def test_failed_batch_counts_every_case_as_error(settings: Settings, dataset: Path) -> None:
    failed = dict(
        _batch("failed"),
        errors={"object": "list", "data": [{"code": "invalid_model", "message": "no such model"}]},
    )
    with respx.mock(assert_all_called=False) as mock:
        _mock(mock, [httpx.Response(200, json=failed)])
        report = run_eval(
            dataset, settings, EvalOptions(batch=True, poll_s=0), http_client=httpx.AsyncClient()
        )
    assert report.errors == 3
    assert "no such model" in (report.results[0].error or "")


def test_batch_needs_the_openai_judge(dataset: Path) -> None:
    result = CliRunner().invoke(
        app, ["eval", "run", "--judge", "local", "--batch", "--dataset", str(dataset)]
    )
    assert result.exit_code == 2
    assert "--judge openai" in result.output
