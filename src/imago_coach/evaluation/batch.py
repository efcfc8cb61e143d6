"""``imago eval run --batch``: the cases through the OpenAI Batch API, at the batch price.

One JSONL line per (case, repeat), ``custom_id`` ``"<repeat>:<case id>"``. The batch id is stored
with the run before polling starts, so an interrupted eval picks the same batch up when the same
command runs again. Answers are parsed exactly as live ones (no re-ask: a bad answer is an error).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from imago_coach.errors import ProviderError
from imago_coach.evaluation.dataset import EvalCase
from imago_coach.evaluation.jobs import Job, Progress
from imago_coach.evaluation.judges import RemoteEvalJudge
from imago_coach.evaluation.store import Outcome
from imago_coach.judges.llm import SCHEMA_NAME, parse_output
from imago_coach.models import TokenUsage, Verdict
from imago_coach.providers.schema import strict_schema

if TYPE_CHECKING:
    from imago_coach.providers.openai_batch import OpenAIBatch

MAX_TOKENS = 1200


def _custom_id(case: EvalCase, rep: int) -> str:
    return f"{rep}:{case.id}"


@dataclass
class BatchRun:
    """Where one batch stands: the run it belongs to and the batch it has (if any)."""

    run_key: str  # metadata on the batch, to find the run it belongs to
    batch_id: str | None  # the batch a resumed run had started, or None
    keep_batch_id: Callable[[str | None], None]  # store it (None: start afresh next time)
    progress: Progress  # (answers in, of all the jobs given)
    poll_s: float = 10.0


async def run_batch(
    judge: RemoteEvalJudge, jobs: list[Job], run: BatchRun
) -> list[tuple[EvalCase, Outcome]]:
    """Judge ``jobs`` through one batch (new, or the one the resumed run had started)."""
    from imago_coach.providers.openai_batch import OpenAIBatch, request_line

    api = OpenAIBatch(judge.settings, http_client=judge.http_client)
    outcomes: list[tuple[EvalCase, Outcome]] = []
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
            outcomes.append((case, Outcome(case.id, rep, None, error, 0.0)))
            continue
        pending[_custom_id(case, rep)] = (case, rep)
        line = request_line(_custom_id(case, rep), judge.settings.model, messages, fmt, MAX_TOKENS)
        lines.append(json.dumps(line, ensure_ascii=False))
    if not pending:
        return outcomes
    started = time.monotonic()
    if run.batch_id is None:
        run.batch_id = await api.submit(
            ("\n".join(lines) + "\n").encode(), {"imago_run": run.run_key}
        )
        run.keep_batch_id(run.batch_id)
    try:
        answers = await _collect(run, api, run.batch_id, len(outcomes), len(pending))
    except ProviderError as err:
        answers = {cid: err.describe() for cid in pending}
    elapsed_ms = (time.monotonic() - started) * 1000
    for cid, (case, rep) in pending.items():
        answer = answers.get(cid, "missing from the batch output")
        verdict = answer if isinstance(answer, str) else _verdict(judge, case, answer)
        if isinstance(verdict, str):
            outcomes.append((case, Outcome(case.id, rep, None, verdict, elapsed_ms)))
        else:
            outcomes.append((case, Outcome(case.id, rep, verdict, None, elapsed_ms)))
    return outcomes


async def _collect(
    run: BatchRun, api: OpenAIBatch, batch_id: str, before: int, expected: int
) -> dict[str, dict[str, Any] | str]:
    """Poll until the batch finishes; map custom_id -> response body or error text."""
    while True:
        status = await api.status(batch_id)
        run.progress(before + min(status.completed + status.failed, expected), before + expected)
        if status.finished:
            break
        await asyncio.sleep(run.poll_s)
    if status.status != "completed":
        run.keep_batch_id(None)  # a rerun submits a fresh batch
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
        output,
        stage=case.stage,
        judge="openai",
        model=judge.settings.model,
        prompt=judge.inner.prompt.id,
        tokens=usage,
    )
