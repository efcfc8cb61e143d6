"""The judge request for each turn of a segmented dialogue, built in one pass (linear time).

Every receiver turn is judged with its stage's rubric (or, off the steps, the rubric of the step
it stands in for), with the sender's words of the round as ``sender`` and their earlier turns as
context. Sender turns that say something are judged at the ``send`` stage. Not judged: yes / no /
that's it, and the receiver's agreement to a request ("I can do that"), which has no rubric.

Long sessions (tens of thousands of turns, one round of thousands) must not cost a scan of the
round per turn: the round's state is kept as it grows, and the sender's words are joined from the
end only as far as the character limit needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from imago_coach.models import CheckRequest, Stage, Turn
from imago_coach.transcript.segment import Segmented, SegTurn, expected_stage

SENDER_CHARS = 4000  # the sender's words sent with a turn, keeping the most recent
CONTEXT_TURNS = 4
CONTEXT_CHARS = 600
OPENING = "(This is the opening message of the dialogue.)"
NOT_YET = "(The sender has not spoken yet in this round.)"
UNJUDGED_RECEIVER_STEPS = frozenset({"agree"})


def clip(text: str, limit: int) -> str:
    """The last ``limit`` characters of ``text``, marked with an ellipsis when cut."""
    return text if len(text) <= limit else "…" + text[-limit:]


def tail_join(texts: list[str], limit: int) -> str:
    """``clip(" ".join(texts), limit)``, reading only as many texts from the end as needed."""
    picked: list[str] = []
    size = -1
    for text in reversed(texts):
        picked.append(text)
        size += len(text) + 1
        if size > limit:
            break
    return clip(" ".join(reversed(picked)), limit)


@dataclass
class _Round:
    """What a round holds so far, as the turns are read in order."""

    said: list[SegTurn] = field(default_factory=list)  # sender turns
    content: list[SegTurn] = field(default_factory=list)  # sender turns that say something
    last_sender: SegTurn | None = None
    last_receiver: SegTurn | None = None
    last_answer: SegTurn | None = None  # the latest receiver turn on the steps (not "other")
    steps: set[str] = field(default_factory=set)  # receiver steps reached


def round_openings(seg: Segmented) -> set[int]:
    """Indexes of the new sender's first turn in each round after the first."""
    firsts: dict[int, int] = {}
    for turn in seg.turns:
        if turn.role == "sender" and turn.round is not None:
            firsts.setdefault(turn.round, turn.index)
    return {index for number, index in firsts.items() if number > 1}


def _receiver_request(turn: SegTurn, state: _Round) -> CheckRequest:
    stage = expected_stage(turn, state.last_sender, state.last_receiver, state.steps)
    content = state.content or state.said
    if stage == Stage.MIRROR and turn.step != "summary":
        # Once the receiver is on the steps, an off-step remark ("maybe you should just...")
        # answers nothing: the mirror after it covers all said since the receiver's last step.
        answer = state.last_answer or state.last_receiver
        last_answer = answer.index if answer else -1
        cut = len(content)
        while cut > 0 and content[cut - 1].index > last_answer:
            cut -= 1
        if cut == len(content):
            cut = max(0, cut - 1)  # nothing new since the last answer: the latest turn
    else:
        cut = 0
    latest, earlier = content[cut:], content[:cut][-CONTEXT_TURNS:]
    sender = tail_join([t.text for t in latest], SENDER_CHARS) if latest else NOT_YET
    context = [Turn(speaker=t.speaker, text=clip(t.text, CONTEXT_CHARS)) for t in earlier]
    return CheckRequest(stage=stage, sender=sender, response=turn.text, context=context)


def _sender_request(
    turn: SegTurn, previous: SegTurn | None, opening_of: list[SegTurn] | None
) -> CheckRequest:
    """``opening_of``: the previous round's content when ``turn`` opens a round after a switch."""
    if opening_of:
        sender = tail_join([t.text for t in opening_of], SENDER_CHARS)
    elif previous is not None:
        sender = clip(previous.text, SENDER_CHARS)
    else:
        sender = OPENING
    return CheckRequest(stage=Stage.SEND, sender=sender, response=turn.text)


def build_requests(seg: Segmented) -> dict[int, CheckRequest]:
    """The judge request for each turn to judge, by turn index."""
    openings = round_openings(seg)
    round_content: dict[int, list[SegTurn]] = {}
    for turn in seg.turns:
        if turn.round is not None and turn.is_content:
            round_content.setdefault(turn.round, []).append(turn)
    states: dict[int, _Round] = {}
    jobs: dict[int, CheckRequest] = {}
    previous: SegTurn | None = None  # the latest partner turn
    for turn in seg.turns:
        if turn.role == "other" or turn.round is None:
            continue
        state = states.setdefault(turn.round, _Round())
        if turn.role == "receiver":
            if turn.step not in UNJUDGED_RECEIVER_STEPS:
                jobs[turn.index] = _receiver_request(turn, state)
            state.last_receiver = turn
            if turn.step != "other":
                state.last_answer = turn
            state.steps.add(turn.step)
        else:
            if turn.is_content:
                opening_of = round_content.get(turn.round - 1) if turn.index in openings else None
                jobs[turn.index] = _sender_request(turn, previous, opening_of)
                state.content.append(turn)
            state.said.append(turn)
            state.last_sender = turn
        previous = turn
    return jobs
