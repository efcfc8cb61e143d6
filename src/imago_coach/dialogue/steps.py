"""The dialogue as a table: what happens at each step of a rehearsal (``PLAYS``).

Each row gives the partner's line that opens the step, how your answer is judged (a rubric stage,
or the behaviour-change request check) and the partner's reaction to it, which also says where the
machine goes next. ``engine.Rehearsal`` runs the rows; the functions here only read and update the
``FlowState`` and pick the partner's ``MoveContext``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from imago_coach.dialogue import guide, listener
from imago_coach.dialogue.flow import MAX_SENDS, YOUR_STAGE, FlowState, Step
from imago_coach.dialogue.partner import Move, MoveContext, choose_option
from imago_coach.dialogue.reactions import point_missed, validates
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.models import Stage, Verdict

_MIRRORS = (Step.R_MIRROR, Step.R_SUMMARY)

Stored = Verdict | RequestCheck | None
Next = Literal["again", "follow_up", "input", "retry_request", "advance"]


@dataclass(frozen=True)
class Reaction:
    """What follows your answer at a step: the partner's move, where the machine goes next, and
    what the coach says before the partner (``before``) and after it (``after``)."""

    move: MoveContext | None = None
    next: Next = "advance"
    before: str | None = None
    after: str | None = None


@dataclass(frozen=True)
class StepPlay:
    """One row of the table: the partner's line that opens the step (``prompt``), how your
    answer is judged (``rubric`` stage, or the ``request`` check) and the partner's ``react``."""

    prompt: Callable[[FlowState, Scenario], MoveContext | None]
    react: Callable[[FlowState, Scenario, str, Stored], Reaction]
    rubric: Stage | None = None
    request: bool = False
    message: bool = False  # the partner's lines here are its message (what you mirror)


def _nothing(_st: FlowState, _scenario: Scenario) -> MoveContext | None:
    return None


def _say(move: Move, *, yours: bool = False) -> Callable[[FlowState, Scenario], MoveContext]:
    """A prompt that plays ``move`` (with your message so far when ``yours``)."""

    def prompt(st: FlowState, scenario: Scenario) -> MoveContext:
        return MoveContext(move, scenario, your_msgs=list(st.your_msgs) if yours else [])

    return prompt


def _open_or_more(st: FlowState, scenario: Scenario) -> MoveContext:
    if st.follow_ups == 0:
        return MoveContext(Move.OPEN, scenario)
    return MoveContext(Move.MORE, scenario, index=st.follow_ups - 1)


def _switch(st: FlowState, scenario: Scenario) -> MoveContext | None:
    return MoveContext(Move.SWITCH, scenario) if st.switched and not st.your_msgs else None


def _moves_on(_st: FlowState, _scenario: Scenario, _text: str, _verdict: Stored) -> Reaction:
    return Reaction()


def _answer_with(
    move: Move, *, yours: bool = True
) -> Callable[[FlowState, Scenario, str, Stored], Reaction]:
    """A reaction that plays ``move`` (given what you said when ``yours``), then moves on."""

    def react(_st: FlowState, scenario: Scenario, text: str, _verdict: Stored) -> Reaction:
        return Reaction(MoveContext(move, scenario, text=text if yours else ""))

    return react


def _react_received(st: FlowState, scenario: Scenario, text: str, verdict: Stored) -> Reaction:
    """Your mirror, summary, validation or empathy: the partner reacts to the verdict; a flag or
    a point left out earns one more try at the step."""
    rubric = verdict if isinstance(verdict, Verdict) else None
    flagged = rubric is not None and bool(rubric.flags)
    again = False
    if st.step in _MIRRORS and rubric is not None and not flagged:
        missed = point_missed(rubric, text)
        # the partner is told only of a point really left out, so it never says
        # "Not quite" about something the mirror gave back in other words
        rubric = rubric.model_copy(update={"missed": [missed] if missed else []})
        again = missed is not None and not st.again
    again = again or (flagged and not st.again)
    move = MoveContext(
        Move.REACT,
        scenario,
        index=st.follow_ups,
        stage=YOUR_STAGE[st.step],
        text=text,
        verdict=rubric if rubric is not None else verdict,
        partner_msgs=list(st.partner_msgs),
        again=st.again,
    )
    after = None
    if again:
        after = guide.try_again(list(rubric.flags) if rubric is not None else [])
    elif st.step == Step.R_VALIDATE and not validates(text):
        after = guide.VALIDATION_HINT
    if again:
        return Reaction(move, "again", after=after)
    if st.step == Step.R_MIRROR and st.follow_ups < len(scenario.send.more):
        return Reaction(move, "follow_up", after=after)
    return Reaction(move, after=after)


_ASKS_FOR_TIME = re.compile(
    r"\?|\b(?:good time|a (?:minute|moment|word|chat)|can we|could we|shall we|talk|ready)\b",
    re.IGNORECASE,
)


def _react_appointment(
    _st: FlowState, scenario: Scenario, _text: str, _verdict: Stored
) -> Reaction:
    """Your appointment request is granted; a line that asks for no time is said to have been
    taken as one (piped, the first line always is), so the message that follows is yours."""
    note = None if _ASKS_FOR_TIME.search(_text) else guide.APPOINTMENT_TAKEN
    return Reaction(MoveContext(Move.APPOINT_ACCEPT, scenario), before=note)


def _react_choice(_st: FlowState, scenario: Scenario, text: str, _verdict: Stored) -> Reaction:
    choice = choose_option(scenario, text)
    return Reaction(
        MoveContext(Move.THANKS, scenario),
        before=guide.agreed(scenario, choice) if choice else None,
    )


def _react_send(st: FlowState, scenario: Scenario, text: str, verdict: Stored) -> Reaction:
    """Your message: the partner mirrors each part; "that's all" ends it (or ``MAX_SENDS``)."""
    if st.done_sending:
        return Reaction()
    move = MoveContext(Move.MIRROR_YOU, scenario, text=text, verdict=verdict)
    return Reaction(move, "input" if len(st.your_msgs) < MAX_SENDS else "advance")


def _react_summary_reply(
    st: FlowState, scenario: Scenario, text: str, _verdict: Stored
) -> Reaction:
    """Your answer to its summary of your message: a correction is taken in, once more."""
    _, waits = listener.reply_to_summary(text, last=st.again)
    if extra := listener.correction(text):
        st.your_msgs.append(extra)
    return Reaction(
        MoveContext(Move.REPLY_SUMMARY, scenario, text=text, again=st.again),
        "again" if waits else "advance",
    )


def _react_request(st: FlowState, scenario: Scenario, text: str, verdict: Stored) -> Reaction:
    """Your request: a problem found earns one more try, with the partner saying what it is."""
    move = MoveContext(
        Move.ANSWER_REQUEST, scenario, text=text, verdict=verdict, again=st.request_retry
    )
    if isinstance(verdict, RequestCheck) and verdict.problems and not st.request_retry:
        return Reaction(
            move, "retry_request", after="Try the request once more, or /skip to finish."
        )
    return Reaction(move)


PLAYS: dict[Step, StepPlay] = {
    Step.R_APPOINT: StepPlay(_say(Move.APPOINT_ASK), _moves_on),
    Step.R_MIRROR: StepPlay(_open_or_more, _react_received, rubric=Stage.MIRROR, message=True),
    Step.R_SUMMARY: StepPlay(_say(Move.NO_MORE), _react_received, rubric=Stage.MIRROR),
    Step.R_VALIDATE: StepPlay(_nothing, _react_received, rubric=Stage.VALIDATE),
    Step.R_EMPATHIZE: StepPlay(_nothing, _react_received, rubric=Stage.EMPATHIZE),
    Step.R_REQUEST: StepPlay(_say(Move.REQUEST), _react_choice),
    Step.S_APPOINT: StepPlay(_nothing, _react_appointment),
    Step.S_SEND: StepPlay(_switch, _react_send, rubric=Stage.SEND),
    Step.S_SUMMARY: StepPlay(_say(Move.SUMMARY_YOU, yours=True), _react_summary_reply),
    Step.S_VALIDATE: StepPlay(_say(Move.VALIDATE_YOU, yours=True), _moves_on),
    Step.S_EMPATHY: StepPlay(
        _say(Move.EMPATHIZE_YOU, yours=True), _answer_with(Move.REPLY_EMPATHY)
    ),
    Step.S_REQUEST: StepPlay(_say(Move.ASK_REQUEST, yours=True), _react_request, request=True),
}
