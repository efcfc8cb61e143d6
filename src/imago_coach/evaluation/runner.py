"""Run an eval: every (case, repeat) judged once, with cache, resume and a bounded async pool.

``run_eval`` is the one call the CLI makes. Answers come, in order, from the run being resumed
(an unfinished run with the same key), from the cache, and then from the judge: live through a
pool of workers that keeps ``concurrency`` requests in flight (lowered on 429s), or through the
Batch API. Each answer is written to the store as it arrives.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from imago_coach.errors import InputError, ProviderError
from imago_coach.evaluation import metrics
from imago_coach.evaluation.budget import (
    DEFAULT_MAX_ERROR_RATE,
    DEFAULT_MAX_FAILURES,
    FailureBudget,
)
from imago_coach.evaluation.dataset import Dataset, EvalCase, load_dataset
from imago_coach.evaluation.jobs import Job, Progress
from imago_coach.evaluation.judges import EvalJudge, RemoteEvalJudge, build_judge
from imago_coach.evaluation.limiter import AdaptiveLimit
from imago_coach.evaluation.pricing import PriceTable, load_prices
from imago_coach.evaluation.report import CaseResult, EvalReport, Latency, Tokens
from imago_coach.evaluation.store import EvalStore, Outcome
from imago_coach.evaluation.writer import AnswerWriter
from imago_coach.settings import Settings

Call = Literal["ok", "transient", "failed", "other"]
RATE_LIMIT_REQUEUES = 2
MAX_REPEAT = 100
MAX_CONCURRENCY = 256


@dataclass(frozen=True)
class EvalOptions:
    concurrency: int = 8
    limit: int | None = None
    use_cache: bool = True
    repeat: int = 1
    skip_invalid: bool = False
    batch: bool = False
    prices: Path | None = None
    poll_s: float = 10.0
    max_failures: int = DEFAULT_MAX_FAILURES
    max_error_rate: float = DEFAULT_MAX_ERROR_RATE

    def key_params(self) -> dict[str, Any]:
        """The options that change which answers a run holds (part of the run key)."""
        return {"limit": self.limit, "repeat": self.repeat, "batch": self.batch}


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def cache_key(judge: EvalJudge, case: EvalCase, rep: int) -> str:
    """Model, prompt, case content and parameters; ``rep`` keeps repeats distinct."""
    return _digest([judge.name, judge.model, judge.prompt, judge.params(), case.content_key(), rep])


def run_key(dataset: Dataset, judge: EvalJudge, options: EvalOptions) -> str:
    return _digest(
        [
            dataset.sha256,
            judge.name,
            judge.model,
            judge.prompt,
            judge.params(),
            options.key_params(),
        ]
    )[:16]


class Runner:
    def __init__(
        self,
        dataset: Dataset,
        judge: EvalJudge,
        options: EvalOptions,
        store: EvalStore,
        prices: PriceTable,
        progress: Progress | None = None,
    ) -> None:
        self.dataset = dataset
        self.judge = judge
        self.options = options
        self.store = store
        self.prices = prices
        self.progress = progress or (lambda _done, _total: None)
        self.outcomes: dict[tuple[str, int], Outcome] = {}
        self.total = len(dataset.cases) * options.repeat
        self.run_id = 0
        self.run_key = run_key(dataset, judge, options)
        self.batch_id: str | None = None
        self.budget = FailureBudget(self.total, options.max_failures, options.max_error_rate)
        self.sink: EvalStore | AnswerWriter = store  # where fresh answers are written

    def _record(self, outcome: Outcome) -> None:
        self.outcomes[(outcome.case_id, outcome.rep)] = outcome
        if not outcome.resumed:
            self.sink.add_result(self.run_id, outcome)
        self.progress(len(self.outcomes), self.total)

    async def run(self) -> EvalReport:
        started = time.perf_counter()
        key = self.run_key
        previous = self.store.unfinished(key)
        if previous is not None:
            self.run_id = previous.id
            self.batch_id = previous.batch_id
            wanted = {(c.id, r) for c in self.dataset.cases for r in range(self.options.repeat)}
            for outcome in self.store.results(previous.id):
                if (outcome.case_id, outcome.rep) in wanted:
                    self._record(outcome)
        else:
            self.run_id = self.store.start_run(
                key,
                dataset=str(self.dataset.path),
                dataset_sha256=self.dataset.sha256,
                judge=self.judge.name,
                model=self.judge.model,
                prompt=self.judge.prompt,
                params={**self.judge.params(), **self.options.key_params()},
            )
        jobs = self._from_cache(
            [
                (c, r)
                for c in self.dataset.cases
                for r in range(self.options.repeat)
                if (c.id, r) not in self.outcomes
            ]
        )
        if jobs and self.options.batch:
            await self._batch(jobs)
        elif jobs:
            await self._live(jobs)
        report = assemble(self, time.perf_counter() - started, key, resumed=previous is not None)
        # A stopped run is listed in the history but stays resumable by the same command.
        self.store.finish_run(self.run_id, report.contract(), stopped=report.stopped is not None)
        return report

    def _from_cache(self, jobs: list[Job]) -> list[Job]:
        if not (self.options.use_cache and self.judge.cacheable):
            return jobs
        todo = []
        for case, rep in jobs:
            hit = self.store.cached(cache_key(self.judge, case, rep))
            if hit is None:
                todo.append((case, rep))
            else:
                self._record(Outcome(case.id, rep, hit[0], None, hit[1], cached=True))
        return todo

    async def _batch(self, jobs: list[Job]) -> None:
        from imago_coach.evaluation.batch import BatchRun, run_batch  # only for --batch

        if not isinstance(self.judge, RemoteEvalJudge):
            raise TypeError("the Batch API needs the openai judge")
        before = len(self.outcomes)

        def keep(batch_id: str | None) -> None:
            self.batch_id = batch_id
            self.store.set_batch(self.run_id, batch_id)

        run = BatchRun(
            self.run_key,
            self.batch_id,
            keep,
            lambda done, _of: self.progress(before + done, self.total),
            self.options.poll_s,
        )
        for case, outcome in await run_batch(self.judge, jobs, run):
            self.remember(case, outcome.rep, outcome)
        self.store.flush()

    def remember(self, case: EvalCase, rep: int, outcome: Outcome) -> None:
        """Record a fresh outcome, caching a successful answer."""
        if outcome.verdict is not None and self.judge.cacheable:
            self.sink.put_cache(
                cache_key(self.judge, case, rep), outcome.verdict, outcome.latency_ms
            )
        self._record(outcome)

    async def _live(self, jobs: list[Job]) -> None:
        await self.judge.prepare([case.request() for case, _ in jobs])  # local: on all cores
        queue: deque[tuple[EvalCase, int, int]] = deque((c, r, 0) for c, r in jobs)
        limit = AdaptiveLimit(self.options.concurrency)
        client = self.judge.http_client
        hook = limit.hook()
        if client is not None:
            client.event_hooks["response"].append(hook)

        budget = self.budget
        tasks: list[asyncio.Task[None]] = []

        async def worker() -> None:
            while queue and not budget.stopped:
                case, rep, requeued = queue.popleft()
                await limit.acquire()
                outcome = None
                try:
                    if budget.stopped:
                        break
                    outcome, call = await self._call(case, rep)
                finally:
                    await limit.release(outcome is not None and outcome.verdict is not None)
                if call != "other":  # a bad case or a judge bug says nothing about the model
                    budget.call(call == "ok", outcome.error or "")
                if call == "transient" and requeued < RATE_LIMIT_REQUEUES:
                    queue.append((case, rep, requeued + 1))
                else:
                    self.remember(case, rep, outcome)
                    budget.answer(outcome.verdict is not None)
                if budget.stopped:  # stop sending: cancel the calls still waiting or retrying
                    for task in tasks:
                        if task is not asyncio.current_task():
                            task.cancel()

        if self.judge.cacheable:  # a paid answer is committed as it arrives: never re-billed
            self.store.flush()
            self.sink = AnswerWriter(self.store.path)
        try:
            workers = min(self.options.concurrency, len(jobs))
            tasks.extend(asyncio.ensure_future(worker()) for _ in range(workers))
            results = await asyncio.gather(*tasks, return_exceptions=True)
            for result in results:
                if isinstance(result, BaseException) and not isinstance(
                    result, asyncio.CancelledError
                ):
                    raise result
        finally:
            if client is not None:
                client.event_hooks["response"].remove(hook)
            if self.sink is not self.store:
                writer, self.sink = self.sink, self.store
                writer.close()
            self.store.flush()

    async def _call(self, case: EvalCase, rep: int) -> tuple[Outcome, Call]:
        """The outcome, and what the call was: answered, a model failure worth retrying
        (429, 5xx, timeout, connection), another model failure, or none of the model's doing."""
        started = time.perf_counter()
        try:
            verdict = await self.judge.ajudge(case.request())
        except ProviderError as err:
            elapsed = (time.perf_counter() - started) * 1000
            # 429s are always worth another try later; other transient failures only when
            # nobody retried them yet (the SDK's retries are off for evals).
            transient = err.status == 429 or (
                err.attempts == 1 and (err.status is None or err.status >= 500)
            )
            return (
                Outcome(case.id, rep, None, err.describe(), elapsed),
                "transient" if transient else "failed",
            )
        except InputError as err:
            return Outcome(case.id, rep, None, str(err), 0.0), "other"
        except Exception as exc:  # a judge bug on one case must not lose the whole run
            return Outcome(
                case.id, rep, None, f"the judge crashed ({type(exc).__name__}: {exc})", 0.0
            ), "other"
        elapsed = (time.perf_counter() - started) * 1000
        return Outcome(case.id, rep, verdict, None, elapsed), "ok"


def _case_result(case: EvalCase, outcomes: list[Outcome]) -> CaseResult:
    verdicts = [o.verdict for o in outcomes if o.verdict is not None]
    runs = [list(v.flags) for v in verdicts]
    accuracies = [v.mirror_accuracy for v in verdicts if v.mirror_accuracy is not None]
    errors = [o.error for o in outcomes if o.error]
    return CaseResult(
        id=case.id,
        stage=case.stage,
        expected=case.expected,
        predicted=metrics.majority(runs) if runs else None,
        runs=runs if len(outcomes) > 1 else [],
        mirror_accuracy=round(sum(accuracies) / len(accuracies), 2) if accuracies else None,
        gold_mirror_accuracy=case.mirror_accuracy,
        error=None if runs else (errors[0] if errors else "no answer"),
    )


def _tokens(outcomes: list[Outcome]) -> Tokens:
    prompt = completion = 0
    for o in outcomes:
        if o.verdict is not None and o.verdict.tokens is not None:
            prompt += o.verdict.tokens.prompt
            completion += o.verdict.tokens.completion
    return Tokens(prompt=prompt, completion=completion)


def assemble(runner: Runner, wall_s: float, key: str, *, resumed: bool) -> EvalReport:
    """Turn the outcomes into the report."""
    opts, judge = runner.options, runner.judge
    by_case: dict[str, list[Outcome]] = {}
    for (case_id, _rep), outcome in runner.outcomes.items():
        by_case.setdefault(case_id, []).append(outcome)
    results = [_case_result(c, by_case.get(c.id, [])) for c in runner.dataset.cases]
    outcomes = list(runner.outcomes.values())
    latencies = [o.latency_ms for o in outcomes if o.verdict is not None]
    tokens = _tokens(outcomes)
    fresh = _tokens([o for o in outcomes if not (o.cached or o.resumed)])

    def cost(t: Tokens) -> float | None:
        if judge.model is None:
            return 0.0
        return runner.prices.cost(judge.model, t.prompt, t.completion, batch=opts.batch)

    flag_metrics = metrics.per_flag(results)
    return EvalReport(
        dataset=str(runner.dataset.path),
        dataset_sha256=runner.dataset.sha256,
        judge=judge.name,
        model=judge.model,
        prompt=judge.prompt,
        cases=len(results),
        scored=sum(r.predicted is not None for r in results),
        errors=sum(r.predicted is None for r in results),
        metrics=flag_metrics,
        macro_f1=metrics.macro_f1(flag_metrics),
        latency_ms=Latency(
            p50=metrics.percentile(latencies, 50), p95=metrics.percentile(latencies, 95)
        ),
        tokens=tokens,
        cost_usd=cost(tokens),
        wall_s=round(wall_s, 3),
        run_id=runner.run_id,
        run_key=key,
        batch_id=runner.batch_id,
        cached=sum(o.cached for o in outcomes),
        resumed=sum(o.resumed for o in outcomes) if resumed else 0,
        spent_usd=cost(fresh),
        by_stage=metrics.by_stage(results),
        mirror_accuracy=metrics.mirror_agreement(results),
        consistency=metrics.consistency(results, opts.repeat) if opts.repeat > 1 else None,
        skipped=[str(p) for p in runner.dataset.skipped],
        results=results,
        stopped=runner.budget.reason,
    )


async def arun_eval(
    dataset_path: Path,
    settings: Settings,
    options: EvalOptions,
    *,
    judge: EvalJudge | None = None,
    http_client: httpx.AsyncClient | None = None,
    progress: Progress | None = None,
    store_path: Path | None = None,
) -> EvalReport:
    """Load, judge, measure; see the module docstring."""
    if options.concurrency < 1:
        raise InputError("--concurrency must be at least 1.")
    if not 1 <= options.repeat <= MAX_REPEAT:
        raise InputError(f"--repeat must be between 1 and {MAX_REPEAT}.")
    if options.concurrency > MAX_CONCURRENCY:
        raise InputError(f"--concurrency must be at most {MAX_CONCURRENCY}.")
    dataset = load_dataset(dataset_path, skip_invalid=options.skip_invalid, limit=options.limit)
    prices = load_prices(options.prices, settings.home)
    used: EvalJudge = judge or build_judge(settings, http_client=http_client)
    if options.batch and used.name != "openai":
        raise InputError("--batch needs the openai judge: add --judge openai.")
    store = EvalStore.open(store_path)
    try:
        return await Runner(dataset, used, options, store, prices, progress).run()
    finally:
        store.close()
        if judge is None:
            await used.aclose()


def run_eval(
    dataset_path: Path, settings: Settings, options: EvalOptions, **kwargs: Any
) -> EvalReport:
    """Synchronous wrapper of ``arun_eval``."""
    return asyncio.run(arun_eval(dataset_path, settings, options, **kwargs))
