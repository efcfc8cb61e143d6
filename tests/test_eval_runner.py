"""The runner with a scripted judge: report values, errors, cache, resume, the worker pool."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from doubles import Answer, Interrupted, ScriptedJudge, provider_error
from eval_helpers import case, write_jsonl
from imago_coach.evaluation.limiter import AdaptiveLimit, retry_after
from imago_coach.evaluation.report import EvalReport
from imago_coach.evaluation.runner import EvalOptions, arun_eval, run_eval
from imago_coach.evaluation.store import EvalStore
from imago_coach.models import CheckRequest, Flag, Verdict
from imago_coach.settings import load_settings

J, S, T = Flag.JUDGEMENT, Flag.SOLUTION, Flag.TOPIC_CHANGE


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "d.jsonl",
        [
            case("c1", "r1", {"judgement": True, "solution": False, "topic_change": False}),
            case("c2", "r2", {"judgement": False, "solution": True, "topic_change": False}),
            case("c3", "r3", {"judgement": True, "solution": False}, stage="validate"),
            case("c4", "r4", {"judgement": False, "solution": False, "topic_change": True}),
            case("c5", "r5", {"judgement": False, "solution": False, "topic_change": False}),
        ],
    )


SCRIPT: dict[str, Answer] = {
    "r1": ["judgement"],
    "r2": ["solution", "judgement"],
    "r3": [],
    "r4": ["topic_change"],
    "r5": provider_error(),
}


def _run(dataset: Path, judge: ScriptedJudge, **options: Any) -> EvalReport:
    return run_eval(dataset, load_settings(judge="local"), EvalOptions(**options), judge=judge)


def test_report_values(dataset: Path) -> None:
    judge = ScriptedJudge(SCRIPT, remote=True)
    report = _run(dataset, judge)
    assert report.cases == 5
    assert report.scored == 4
    assert report.errors == 1  # r5 failed: an error, not a negative
    j = report.metrics[J]  # c1 tp, c2 fp, c3 fn, c4 tn
    assert (j.tp, j.fp, j.fn, j.tn) == (1, 1, 1, 1)
    assert (j.precision, j.recall, j.f1, j.kappa) == (0.5, 0.5, 0.5, 0.0)
    s = report.metrics[S]  # c1 tn, c2 tp, c3 tn, c4 tn
    assert (s.tp, s.fp, s.fn, s.tn, s.f1) == (1, 0, 0, 3, 1.0)
    t = report.metrics[T]  # c3 unlabelled: c1 tn, c2 tn, c4 tp
    assert (t.tp, t.labelled, t.f1) == (1, 3, 1.0)
    assert report.macro_f1 == round((0.5 + 1 + 1) / 3, 4)
    assert report.tokens.prompt == 400
    assert report.tokens.completion == 80
    # gpt-4o-mini: (400 * 0.15 + 80 * 0.60) / 1e6
    assert report.cost_usd == pytest.approx(0.000108)
    errored = next(r for r in report.results if r.id == "c5")
    assert errored.predicted is None
    assert "HTTP 500" in (errored.error or "")
    assert set(report.by_stage) == {"mirror", "validate"}
    contract: Any = report.contract()
    for key in (
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
    ):
        assert key in contract
    assert set(contract["metrics"]["judgement"]) >= {
        "tp",
        "fp",
        "fn",
        "tn",
        "precision",
        "recall",
        "f1",
        "kappa",
        "support",
    }


def test_cache_hit_avoids_calls(dataset: Path) -> None:
    first = ScriptedJudge(SCRIPT, remote=True)
    _run(dataset, first)
    assert len(first.calls) == 5
    second = ScriptedJudge(SCRIPT, remote=True)
    report = _run(dataset, second)
    assert second.responses == ["r5"]  # only the error is asked again
    assert report.cached == 4
    assert report.metrics[J].f1 == 0.5
    assert report.spent_usd == 0.0
    fresh = ScriptedJudge(SCRIPT, remote=True)
    _run(dataset, fresh, use_cache=False)
    assert len(fresh.calls) == 5


def test_unknown_model_cost_is_null(dataset: Path) -> None:
    judge = ScriptedJudge(SCRIPT, remote=True)
    judge.model = "my-own-llama"
    assert _run(dataset, judge).cost_usd is None


def test_resume_after_interruption(dataset: Path) -> None:
    script = dict(SCRIPT, r4=Interrupted())
    first = ScriptedJudge(script, remote=True, cacheable=False)
    with pytest.raises(Interrupted):
        _run(dataset, first, concurrency=1)
    assert first.responses == ["r1", "r2", "r3", "r4"]
    second = ScriptedJudge(SCRIPT, remote=True, cacheable=False)
    report = _run(dataset, second, concurrency=1)
    assert second.responses == ["r4", "r5"]  # r1..r3 came from the unfinished run
    assert report.resumed == 3
    assert report.metrics[J].tp == 1
    third = ScriptedJudge(SCRIPT, remote=True, cacheable=False)
    _run(dataset, third, concurrency=1)  # the run finished: a new run starts from scratch
    assert len(third.calls) == 5
    store = EvalStore.open()
    assert len(store.history()) == 2
    store.close()


def test_pool_keeps_requests_in_flight_without_batches(tmp_path: Path) -> None:
    rows = [case(f"c{i}", f"r{i}", {"judgement": False}) for i in range(12)]
    path = write_jsonl(tmp_path / "many.jsonl", rows)
    release = asyncio.Event()

    class Blocking(ScriptedJudge):
        active = 0
        peak = 0

        async def ajudge(self, request: CheckRequest) -> Verdict:
            self.active += 1
            self.peak = max(self.peak, self.active)
            if request.response == "r0":
                await release.wait()  # the slowest member; fixed batches would wait for it
            result = await super().ajudge(request)
            self.active -= 1
            if len(self.calls) == 11:  # every other case done while r0 was still pending
                release.set()
            return result

    judge = Blocking({f"r{i}": [] for i in range(12)}, delay=0.001)

    async def go() -> EvalReport:
        return await asyncio.wait_for(
            arun_eval(path, load_settings(judge="local"), EvalOptions(concurrency=4), judge=judge),
            timeout=20,
        )

    report = asyncio.run(go())
    assert report.scored == 12
    assert judge.peak == 4


def test_repeat_reports_consistency(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "d.jsonl",
        [case("a", "ra", {"judgement": True}), case("b", "rb", {"judgement": True})],
    )
    answers = iter([["judgement"], [], ["judgement"]])

    class Flaky(ScriptedJudge):
        async def ajudge(self, request: CheckRequest) -> Verdict:
            if request.response == "rb":
                self.script["rb"] = next(answers)
            return await super().ajudge(request)

    report = _run(path, Flaky({"ra": ["judgement"], "rb": []}), repeat=3, concurrency=1)
    assert report.consistency is not None
    assert report.consistency.agreement == 0.5
    assert report.metrics[J].tp == 2  # rb: raised in 2 of 3 runs
    assert report.cases == 2


def test_retry_after_and_adaptive_limit() -> None:
    import httpx

    assert retry_after(httpx.Headers({"retry-after": "2"})) == 2.0
    assert retry_after(httpx.Headers({"retry-after-ms": "150"})) == 0.15
    assert retry_after(httpx.Headers({})) is None

    async def go() -> tuple[int, int]:
        limit = AdaptiveLimit(16)
        limit.throttled(0.0)
        after_cut = limit.limit
        limit.throttled(0.0)  # within a second: not cut twice
        for _ in range(8):
            await limit.acquire()
            await limit.release(True)
        return after_cut, limit.limit

    after_cut, recovered = asyncio.run(go())
    assert after_cut == 8
    assert recovered == 9


def test_local_judge_spreads_a_large_run_over_cores_with_the_same_verdicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio
    from multiprocessing import get_all_start_methods

    if "fork" not in get_all_start_methods():
        pytest.skip("the parallel path needs fork")

    from imago_coach.coach import make_request
    from imago_coach.evaluation import judges as eval_judges
    from imago_coach.settings import load_settings

    texts = [
        ("mirror", "I felt alone at the party.", "You're too sensitive."),
        ("validate", "I hate the new sofa.", "You make sense, because it matters to you."),
        ("empathize", "I'm scared about money.", "I imagine you might feel scared."),
    ]
    requests = [make_request(*texts[i % 3]) for i in range(eval_judges.PARALLEL_FROM + 10)]
    judge = eval_judges.LocalEvalJudge(load_settings(judge="local"))
    monkeypatch.setattr(os, "cpu_count", lambda: 2)  # exercise the pool anywhere
    asyncio.run(judge.prepare(requests))
    assert sum(len(waiting) for waiting in judge._ready.values()) == len(requests)
    prepared = [asyncio.run(judge.ajudge(r)) for r in requests]
    serial = [judge.coach.judge(r) for r in requests]
    assert prepared == serial
    assert all(not waiting for waiting in judge._ready.values())
