"""The core of ``imago review``: read -> segment -> check the protocol -> judge -> report.

What is judged, and with which words, is built in ``requests``. Sender turns are judged at the
``send`` stage for blame and, right after a switch, for a new topic (a request is no solution).
With a remote judge the turns are judged concurrently under a bound; a turn that fails is judged
by the local judge when one is at hand, or marked, never fatal. After the first turn the model
fails on, the model is not called again (the judge's circuit breaker, ``Coach(breaker="note")``):
the local judge answers the rest and the report says so once, at the top.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from imago_coach.errors import one_line
from imago_coach.judges.base import FallbackJudge
from imago_coach.models import CheckRequest, Finding, Flag, JudgeName, Verdict
from imago_coach.transcript.decode import read_text
from imago_coach.transcript.protocol import check_protocol
from imago_coach.transcript.readers import ReadResult, parse
from imago_coach.transcript.report import ProtocolNote, ReviewReport, ReviewTurn
from imago_coach.transcript.requests import build_requests, round_openings
from imago_coach.transcript.segment import SegTurn, segment
from imago_coach.transcript.summary import summarise

DEFAULT_CONCURRENCY = 8
MAX_POINTS = 5  # missed / added points kept per turn

Progress = Callable[[int, int], None]


def read_transcript(path: Path, format_in: str | None = None) -> ReadResult:
    """Read and parse a transcript file (format detected unless ``format_in`` is given)."""
    return parse(read_text(path), format_in)


def review_file(
    path: Path,
    judge: FallbackJudge,
    *,
    format_in: str | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
) -> ReviewReport:
    """Review the transcript at ``path``."""
    read = read_transcript(path, format_in)
    return review(read, judge, concurrency=concurrency, progress=progress, source=path.name)


def review(
    read: ReadResult,
    judge: FallbackJudge,
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    progress: Progress | None = None,
    source: str | None = None,
) -> ReviewReport:
    """Review parsed turns; see the module docstring."""
    seg = segment(read.utterances)
    check_protocol(seg)
    jobs = build_requests(seg)
    if judge.remote:
        results = asyncio.run(_judge_async(jobs, judge, max(1, concurrency), progress))
    else:
        results = _judge_sync(jobs, judge, progress)
    # the turns the local judge answered for the model (it failed, or the breaker was open)
    fallback = {
        i
        for i, r in results.items()
        if judge.remote and isinstance(r, Verdict) and r.fallback_reason is not None
    }
    openings = round_openings(seg)
    turns = [
        _review_turn(turn, jobs.get(i), results.get(i), opens=i in openings, fallback=i in fallback)
        for i, turn in enumerate(seg.turns)
    ]
    judge_name: JudgeName = "openai" if judge.remote else "local"
    model = judge.model if judge.remote else None
    failed = _failed_note(judge, fallback, len(jobs))
    return ReviewReport(
        speakers=list(seg.speakers),
        turns=turns,
        summary=summarise(seg.speakers, turns),
        source=source,
        format=read.format,
        judge=judge_name,
        model=model,
        notes=[*([failed] if failed else []), *read.notes, *seg.notes],
    )


def _answer(judge: FallbackJudge, request: CheckRequest, error: Exception) -> Verdict | str:
    """A turn the judge raised on: the local judge's verdict when there is one, or the reason."""
    reason = one_line(error)
    try:
        verdict = judge.fallback(request, error)
    except Exception as again:  # one bad turn must not sink the review
        return f"could not be judged ({reason}; the local judge failed too: {again})"
    return verdict if verdict is not None else f"could not be judged ({reason})"


def _judge_sync(
    jobs: dict[int, CheckRequest], judge: FallbackJudge, progress: Progress | None
) -> dict[int, Verdict | str]:
    results: dict[int, Verdict | str] = {}
    for done, (index, request) in enumerate(jobs.items(), start=1):
        try:
            results[index] = judge.judge(request)
        except Exception as exc:  # one bad turn must not sink the review
            results[index] = _answer(judge, request, exc)
        if progress:
            progress(done, len(jobs))
    return results


async def _judge_async(
    jobs: dict[int, CheckRequest],
    judge: FallbackJudge,
    limit: int,
    progress: Progress | None,
) -> dict[int, Verdict | str]:
    """Judge concurrently under ``limit``; the first turn goes alone, so a dead model costs the
    retries of one turn, not of ``limit`` turns at once."""
    gate = asyncio.Semaphore(limit)
    results: dict[int, Verdict | str] = {}

    async def one(index: int, request: CheckRequest) -> None:
        async with gate:
            try:
                results[index] = await judge.ajudge(request)
            except Exception as exc:  # one bad turn must not sink the review
                results[index] = _answer(judge, request, exc)
        if progress:
            progress(len(results), len(jobs))

    items = list(jobs.items())
    if items:
        await one(*items[0])
    await asyncio.gather(*(one(i, r) for i, r in items[1:]))
    return results


def _failed_note(judge: FallbackJudge, fallback: set[int], judged: int) -> str | None:
    """The one report-level line saying the model failed, or None."""
    if judge.failed is None:
        return None
    return (
        f"The model failed ({judge.failed}); the local judge answered "
        f"{len(fallback)} of {judged} turns."
    )


def _kept_findings(turn: SegTurn, verdict: Verdict, opens: bool) -> list[Finding]:
    """Sender turns: a new topic only counts right after a switch; a request is no solution."""
    if turn.role != "sender":
        return list(verdict.findings)
    kept = []
    for finding in verdict.findings:
        if finding.flag == Flag.TOPIC_CHANGE and not opens:
            continue
        if finding.flag == Flag.SOLUTION and turn.step == "request":
            continue
        kept.append(finding)
    return kept


def _points(points: list[str]) -> list[str]:
    """Distinct points (ignoring case, spacing and end punctuation), at most ``MAX_POINTS``."""
    seen: set[str] = set()
    out: list[str] = []
    for point in points:
        key = " ".join(point.casefold().split()).strip(" .,;:!?…")
        if key and key not in seen:
            seen.add(key)
            out.append(point)
    return out[:MAX_POINTS]


def _review_turn(
    turn: SegTurn,
    request: CheckRequest | None,
    result: Verdict | str | None,
    *,
    opens: bool,
    fallback: bool = False,
) -> ReviewTurn:
    out = ReviewTurn(
        index=turn.index,
        speaker=turn.speaker,
        role=turn.role,
        stage=turn.stage,
        text=turn.text,
        round=turn.round,
        step=turn.step,
        start=turn.start,
        rubric=request.stage.value if request else None,
        protocol_notes=[ProtocolNote(code=c, message=m) for c, m in turn.notes],
    )
    if isinstance(result, str):
        out.error = result
    elif result is not None:
        findings = _kept_findings(turn, result, opens)
        raised = {f.flag for f in findings}
        out.judged = True
        out.findings = findings
        out.flags = [flag.value for flag in Flag if flag in raised]
        if out.is_mirror:  # a check-in or an aside has no accuracy to speak of
            out.mirror_accuracy = result.mirror_accuracy
            out.missed = _points(result.missed)
            out.added = _points(result.added)
        out.fallback = fallback
        out.rewrite = result.rewrite if findings else None
        out.feedback = result.feedback
        out.notes = list(result.notes)
    return out
