"""The core of ``imago review``: read -> segment -> check the protocol -> judge -> report.

Every receiver turn is judged with its stage's rubric (or, off the steps, the rubric of the step
it stands in for), with the sender's words of the round as ``sender`` and their earlier turns as
context. Sender turns that say something are judged at the ``send`` stage for blame and, right
after a switch, for a new topic. With a remote judge the turns are judged concurrently under a
bound; a turn that fails is judged by the local judge when one is at hand, or marked, never fatal.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from imago_coach.models import CheckRequest, Finding, Flag, JudgeName, Stage, Turn, Verdict
from imago_coach.transcript.decode import read_text
from imago_coach.transcript.protocol import check_protocol
from imago_coach.transcript.readers import ReadResult, parse
from imago_coach.transcript.report import ProtocolNote, ReviewReport, ReviewTurn
from imago_coach.transcript.segment import Segmented, SegTurn, expected_stage, segment
from imago_coach.transcript.summary import summarise

DEFAULT_CONCURRENCY = 8
SENDER_CHARS = 4000  # the sender's words sent with a turn, keeping the most recent
CONTEXT_TURNS = 4
CONTEXT_CHARS = 600
OPENING = "(This is the opening message of the dialogue.)"

Progress = Callable[[int, int], None]


class TurnJudge(Protocol):
    """What the review needs of a judge; ``imago_coach.coach.Coach`` is one."""

    @property
    def remote(self) -> bool: ...

    def judge(self, request: CheckRequest) -> Verdict: ...

    async def ajudge(self, request: CheckRequest) -> Verdict: ...


def read_transcript(path: Path, format_in: str | None = None) -> ReadResult:
    """Read and parse a transcript file (format detected unless ``format_in`` is given)."""
    return parse(read_text(path), format_in)


def review_file(
    path: Path,
    judge: TurnJudge,
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
    judge: TurnJudge,
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
    openings = round_openings(seg)
    turns = [
        _review_turn(turn, jobs.get(i), results.get(i), opens=i in openings)
        for i, turn in enumerate(seg.turns)
    ]
    judge_name: JudgeName = "openai" if judge.remote else "local"
    model = getattr(getattr(judge, "settings", None), "model", None) if judge.remote else None
    return ReviewReport(
        speakers=list(seg.speakers),
        turns=turns,
        summary=summarise(seg.speakers, turns),
        source=source,
        format=read.format,
        judge=judge_name,
        model=model,
        notes=[*read.notes, *seg.notes],
    )


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else "…" + text[-limit:]


def round_openings(seg: Segmented) -> set[int]:
    """Indexes of the new sender's first turn in each round after the first."""
    out = set()
    for number, turns in seg.rounds().items():
        first = next((t for t in turns if t.role == "sender"), None)
        if number > 1 and first is not None:
            out.add(first.index)
    return out


def _sender_request(
    turn: SegTurn, seg: Segmented, rounds: dict[int, list[SegTurn]], opens: bool
) -> CheckRequest:
    assert turn.round is not None
    before = [t for t in seg.turns[: turn.index] if t.role != "other"]
    if opens:
        said = [t.text for t in rounds[turn.round - 1] if t.is_content]
        sender = " ".join(said) or before[-1].text
    else:
        sender = before[-1].text if before else OPENING
    return CheckRequest(stage=Stage.SEND, sender=_clip(sender, SENDER_CHARS), response=turn.text)


def _receiver_request(turn: SegTurn, rounds: dict[int, list[SegTurn]]) -> CheckRequest:
    assert turn.round is not None
    own = rounds[turn.round]
    stage = expected_stage(turn, own)
    said = [t for t in own if t.index < turn.index and t.role == "sender"]
    content = [t for t in said if t.is_content] or said
    if stage == Stage.MIRROR and turn.step != "summary":
        last_receiver = max(
            (t.index for t in own if t.index < turn.index and t.role == "receiver"), default=-1
        )
        latest = [t for t in content if t.index > last_receiver] or content[-1:]
    else:
        latest = content
    earlier = [t for t in content if t not in latest][-CONTEXT_TURNS:]
    sender = " ".join(t.text for t in latest) or "(The sender has not spoken yet in this round.)"
    context = [Turn(speaker=t.speaker, text=_clip(t.text, CONTEXT_CHARS)) for t in earlier]
    return CheckRequest(
        stage=stage, sender=_clip(sender, SENDER_CHARS), response=turn.text, context=context
    )


def build_requests(seg: Segmented) -> dict[int, CheckRequest]:
    """The judge request for each turn to judge, by turn index."""
    rounds = seg.rounds()
    openings = round_openings(seg)
    jobs: dict[int, CheckRequest] = {}
    for turn in seg.turns:
        if turn.role == "receiver":
            jobs[turn.index] = _receiver_request(turn, rounds)
        elif turn.role == "sender" and turn.is_content:
            jobs[turn.index] = _sender_request(turn, seg, rounds, turn.index in openings)
    return jobs


def _fallback(judge: TurnJudge, request: CheckRequest, exc: Exception) -> Verdict | str:
    reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    local = getattr(judge, "local", None)
    if local is not None:
        try:
            verdict: Verdict = local.judge(request)
        except Exception as again:
            return f"could not be judged ({reason}; the local judge failed too: {again})"
        verdict.notes.insert(0, f"this turn could not be judged by the model ({reason}); "
                                "the local judge answered")
        return verdict
    return f"could not be judged ({reason})"


def _judge_sync(
    jobs: dict[int, CheckRequest], judge: TurnJudge, progress: Progress | None
) -> dict[int, Verdict | str]:
    results: dict[int, Verdict | str] = {}
    for done, (index, request) in enumerate(jobs.items(), start=1):
        try:
            results[index] = judge.judge(request)
        except Exception as exc:  # one bad turn must not sink the review
            results[index] = _fallback(judge, request, exc)
        if progress:
            progress(done, len(jobs))
    return results


async def _judge_async(
    jobs: dict[int, CheckRequest], judge: TurnJudge, limit: int, progress: Progress | None
) -> dict[int, Verdict | str]:
    gate = asyncio.Semaphore(limit)
    results: dict[int, Verdict | str] = {}

    async def one(index: int, request: CheckRequest) -> None:
        async with gate:
            try:
                results[index] = await judge.ajudge(request)
            except Exception as exc:  # one bad turn must not sink the review
                results[index] = _fallback(judge, request, exc)
        if progress:
            progress(len(results), len(jobs))

    await asyncio.gather(*(one(i, r) for i, r in jobs.items()))
    return results


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


def _review_turn(
    turn: SegTurn, request: CheckRequest | None, result: Verdict | str | None, *, opens: bool
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
        out.mirror_accuracy = result.mirror_accuracy
        out.missed = list(result.missed)
        out.added = list(result.added)
        out.rewrite = result.rewrite if findings else None
        out.feedback = result.feedback
        out.notes = list(result.notes)
    return out
