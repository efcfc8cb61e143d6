"""``imago eval run --batch``: the cases through the OpenAI Batch API, at the batch price.

One JSONL line per (case, repeat), ``custom_id`` ``"<repeat>:<case id>"``. The batch id is stored
with the run before polling starts, so an interrupted eval picks the same batch up when the same
command runs again. Answers are parsed exactly as live ones (no re-ask: a bad answer is an error).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from imago_coach.errors import ProviderError
from imago_coach.evaluation.dataset import EvalCase
from imago_coach.evaluation.judges import RemoteEvalJudge
from imago_coach.evaluation.store import Outcome
from imago_coach.judges.llm import SCHEMA_NAME, parse_output, strict_schema
from imago_coach.models import TokenUsage, Verdict

if TYPE_CHECKING:
    from imago_coach.evaluation.runner import Job, Runner
    from imago_coach.providers.openai_batch import OpenAIBatch

MAX_TOKENS = 1200


def _custom_id(case: EvalCase, rep: int) -> str:
    return f"{rep}:{case.id}"


async def run_batch(runner: Runner, jobs: list[Job]) -> None:
    """Judge ``jobs`` through one batch (new, or the one the resumed run had started)."""
    from imago_coach.providers.openai_batch import OpenAIBatch, request_line

    judge = runner.judge
    if not isinstance(judge, RemoteEvalJudge):
        raise TypeError("the Batch API needs the openai judge")
    api = OpenAIBatch(judge.settings, http_client=judge.http_client)
    inner = judge.inner
    fmt = {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": strict_schema()},
    }
    pending: dict[str, tuple[EvalCase, int]] = {}
    lines: list[str] = []
    for case, rep in jobs:
        messages = inner.messages(case.request())
        count = inner.counter.over_budget(messages, judge.settings.max_input_tokens)
        if count is not None:
            limit = judge.settings.max_input_tokens
            error = f"the request is {count} tokens, over the limit of {limit}"
            runner.remember(case, rep, Outcome(case.id, rep, None, error, 0.0))
            continue
        pending[_custom_id(case, rep)] = (case, rep)
        line = request_line(_custom_id(case, rep), judge.settings.model, messages, fmt, MAX_TOKENS)
        lines.append(json.dumps(line, ensure_ascii=False))
    if not pending:
        return
    started = time.monotonic()
    if runner.batch_id is None:
        runner.batch_id = await api.submit(
            ("\n".join(lines) + "\n").encode(), {"imago_run": runner.run_key}
        )
        runner.store.set_batch(runner.run_id, runner.batch_id)
    try:
        answers = await _collect(runner, api, runner.batch_id, len(pending))
    except ProviderError as err:
        answers = {cid: err.describe() for cid in pending}
    elapsed_ms = (time.monotonic() - started) * 1000
    for cid, (case, rep) in pending.items():
        answer = answers.get(cid, "missing from the batch output")
        if isinstance(answer, str):
            runner.remember(case, rep, Outcome(case.id, rep, None, answer, elapsed_ms))
        else:
            verdict = _verdict(judge, case, answer)
            if isinstance(verdict, str):
                runner.remember(case, rep, Outcome(case.id, rep, None, verdict, elapsed_ms))
            else:
                runner.remember(case, rep, Outcome(case.id, rep, verdict, None, elapsed_ms))
    runner.store.flush()


async def _collect(
    runner: Runner, api: OpenAIBatch, batch_id: str, expected: int
) -> dict[str, dict[str, Any] | str]:
    """Poll until the batch finishes; map custom_id -> response body or error text."""
    before = len(runner.outcomes)
    while True:
        status = await api.status(batch_id)
        runner.progress(before + min(status.completed + status.failed, expected), runner.total)
        if status.finished:
            break
        await asyncio.sleep(runner.options.poll_s)
    if status.status != "completed":
        runner.store.set_batch(runner.run_id, None)  # a rerun submits a fresh batch
        why = f": {status.problem}" if status.problem else ""
        raise ProviderError(f"the batch {batch_id} ended {status.status}{why}")
    answers: dict[str, dict[str, Any] | str] = {}
    for file_id in (status.output_file_id, status.error_file_id):
        if file_id:
            for raw in (await api.download(file_id)).splitlines():
                if raw.strip():
                    _read_line(json.loads(raw), answers)
    return answers


def _read_line(line: dict[str, Any], answers: dict[str, dict[str, Any] | str]) -> None:
    cid = str(line.get("custom_id"))
    response = line.get("response") or {}
    body = response.get("body") or {}
    code = response.get("status_code")
    if line.get("error"):
        answers[cid] = f"batch error: {line['error'].get('message', line['error'])}"
    elif code != 200:
        message = (body.get("error") or {}).get("message", "") if isinstance(body, dict) else ""
        answers[cid] = f"HTTP {code} in the batch: {message}"[:200]
    else:
        answers[cid] = body


def _verdict(judge: RemoteEvalJudge, case: EvalCase, body: dict[str, Any]) -> Verdict | str:
    from imago_coach.providers.openai_batch import chat_result

    try:
        result = chat_result(body)
    except ProviderError as err:
        return err.reason
    output, problem = parse_output(result)
    if output is None:
        return problem
    usage = result.usage or TokenUsage(
        prompt=judge.inner.counter.count_messages(judge.inner.messages(case.request())),
        completion=judge.inner.counter.count(result.content or ""),
    )
    return Verdict.from_output(
        output, stage=case.stage, judge="openai", model=judge.settings.model,
        prompt=judge.inner.prompt.id, tokens=usage,
    )
