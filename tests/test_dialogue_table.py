"""The dialogue as a table of steps, and the stored position it reads back."""

from __future__ import annotations

from imago_coach.dialogue.flow import FlowState, Step, build_steps
from imago_coach.dialogue.partner import _SCRIPT, Move
from imago_coach.dialogue.steps import PLAYS


def test_every_step_and_every_move_has_a_row() -> None:
    assert set(PLAYS) == set(Step)
    assert set(_SCRIPT) == set(Move)
    judged = {step for step, play in PLAYS.items() if play.rubric is not None or play.request}
    assert judged == {
        Step.R_MIRROR,
        Step.R_SUMMARY,
        Step.R_VALIDATE,
        Step.R_EMPATHIZE,
        Step.S_SEND,
        Step.S_REQUEST,
    }


def test_a_position_stored_before_the_split_still_resumes() -> None:
    steps = build_steps("both", you_first=False, appointment=True)
    mirror = FlowState.model_validate_json(
        FlowState(steps=steps, index=1)
        .model_dump_json(exclude={"follow_ups", "request_retry"})
        .replace('"index":1', '"index":1,"more":2')
    )
    assert (mirror.step, mirror.follow_ups, mirror.request_retry) == (Step.R_MIRROR, 2, False)
    last = steps.index(Step.S_REQUEST)
    request = FlowState.model_validate({"steps": steps, "index": last, "more": 1})
    assert (request.follow_ups, request.request_retry) == (0, True)
    assert "more" not in request.model_dump()
