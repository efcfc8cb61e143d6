"""The end-of-session summary: what happened, what went well, and the one thing to practise next.

The headline says the dialogue is complete only when no step was skipped and every request was
agreed; otherwise it says what was left open. "Practise next" speaks to the side that needs it:
receiver advice for mirrors, validation and empathy, sender advice for your own message.
"""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel

from imago_coach.dialogue.flow import RECEIVING, FlowState, Step
from imago_coach.dialogue.guide import agreed, step_title
from imago_coach.dialogue.partner import choose_option
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.session_store import StoredUtterance
from imago_coach.flags import flag_info
from imago_coach.models import Verdict

I_STATEMENT_TIP = "Open with an I-statement: \u201cI feel \u2026 when \u2026, because \u2026\u201d."
REQUEST_TIP = (
    "End with a small request your partner can say yes to: specific, positive, doable "
    "and time-limited (\u201cWould you \u2026 every Sunday for the next month?\u201d)."
)
SENDER_STAGES = ("send", "request")
STAGE_NAMES = {
    "mirror": "mirrors",
    "summary": "summary mirror",
    "validate": "validation",
    "empathize": "empathy",
    "send": "messages as sender",
    "request": "request",
}
COMPLETE = "Well done: the dialogue is complete"


class EndSummary(BaseModel):
    judged: int
    clean: int
    complete: bool  # every step done and every request agreed
    headline: str
    outcome: list[str]  # steps done or skipped, requests agreed or not
    went_well: list[str]
    practise_next: str


def _request_outcomes(
    yours: list[StoredUtterance], state: FlowState, scenario: Scenario
) -> tuple[list[str], int, bool]:
    """A line on each request, how many were not agreed, and whether yours needs practice."""
    lines: list[str] = []
    not_agreed, practise_yours = 0, False
    if Step.R_REQUEST in state.steps:
        choice = next(
            (choose_option(scenario, u.text) for u in reversed(yours) if u.stage == "choice"), None
        )
        if choice and Step.R_REQUEST not in state.skipped:
            lines.append(agreed(scenario, choice))
        else:
            not_agreed += 1
            lines.append("You did not agree to a request.")
    if Step.S_REQUEST in state.steps:
        checks = [u.request for u in yours if u.stage == "request" and u.request is not None]
        if checks and Step.S_REQUEST not in state.skipped:
            # the partner says yes to a clear request, and on your last try to any request
            sharper = ", though it could be sharper" if checks[-1].problems else ""
            lines.append(f"Your request was agreed{sharper}.")
            practise_yours = bool(checks[-1].problems)
        else:
            not_agreed += 1
            practise_yours = True
            lines.append("Your request was not agreed yet." if checks else "You made no request.")
    return lines, not_agreed, practise_yours


def _practise(
    rubric: list[tuple[str, Verdict]],
    requests: list[RequestCheck],
    state: FlowState,
    practise_request: bool,
) -> str:
    sides: Counter[tuple[str, str]] = Counter(
        ("sender" if stage in SENDER_STAGES else "receiver", flag)
        for stage, v in rubric
        for flag in v.flags
    )
    if sides:
        side, flag = sides.most_common(1)[0][0]
        info = flag_info(flag)
        if info is None:
            return "Keep to the stems."
        return info.sender_tip if side == "sender" else info.receiver_tip
    receiving = any(s in RECEIVING for s in state.steps)
    accuracies = [v.mirror_accuracy for _, v in rubric if v.mirror_accuracy is not None]
    if receiving and accuracies and min(accuracies) < 0.7:
        return 'Mirror more of their exact words before you check: "Did I get that?"'
    if receiving and any(not v.checks.is_there_more for s, v in rubric if s == "mirror"):
        return 'Close each mirror with "Did I get that? Is there more?"'
    if requests and requests[-1].problems:
        return requests[-1].problems[0]
    if practise_request:
        return REQUEST_TIP
    if any("i feel" in r.lower() for s, v in rubric if s == "send" for r in v.reminders):
        return I_STATEMENT_TIP
    if state.skipped:
        return f"Next time, try the step you skipped: {step_title(state.skipped[0])}."
    return "Try a scenario with a harder temperament next (imago scenarios)."


def end_summary(
    utterances: list[StoredUtterance], state: FlowState, scenario: Scenario
) -> EndSummary:
    """Summarise a finished session from its utterances (the ``history show`` shape)."""
    yours = [u for u in utterances if u.yours]
    judged = sum(1 for u in yours if u.verdict is not None)
    rubric = [(u.stage, u.rubric) for u in yours if u.rubric is not None]
    requests = [u.request for u in yours if u.request is not None]
    accuracies = [v.mirror_accuracy for _, v in rubric if v.mirror_accuracy is not None]
    clean = sum(1 for _, v in rubric if not v.flags)
    clean += sum(1 for v in requests if not v.problems)

    done = len(state.steps) - len(set(state.skipped))
    outcome = [
        f"Steps of the dialogue done: {done} of {len(state.steps)} "
        f"({len(yours)} answer{'s' if len(yours) != 1 else ''} from you, retries "
        "included)."
    ]
    if state.skipped:
        names = ", ".join(dict.fromkeys(step_title(s) for s in state.skipped))
        outcome.append(f"Skipped: {names}.")
    request_lines, not_agreed, practise_request = _request_outcomes(yours, state, scenario)
    outcome += request_lines
    complete = not not_agreed and not state.skipped
    if complete:
        headline = COMPLETE
    else:
        left = []
        if state.skipped:
            n = len(set(state.skipped))
            left.append(f"{n} step{'s' if n != 1 else ''} skipped")
        if not_agreed:
            left.append(
                "no request agreed"
                if not_agreed == len(request_lines)
                else "one request not agreed"
            )
        headline = "The dialogue ended: " + ", ".join(left)

    by_stage: dict[str, list[bool]] = {}
    for stage, v in rubric:
        by_stage.setdefault(stage, []).append(not v.flags)
    went_well = [
        f"Your {STAGE_NAMES.get(stage, stage)} stayed clean."
        for stage, oks in by_stage.items()
        if all(oks)
    ][:2]
    if accuracies and sum(accuracies) / len(accuracies) >= 0.7:
        share = round(100 * sum(accuracies) / len(accuracies))
        went_well.append(f"Your mirrors gave back {share}% of what was said.")
    if requests and not requests[-1].problems:
        went_well.append("Your request was specific, positive, doable and time-limited.")
    if not went_well:
        went_well.append(
            "You stayed with the dialogue to the end: that is the practice."
            if complete
            else "You stayed with it: every step you try is practice."
        )
    return EndSummary(
        judged=judged,
        clean=clean,
        complete=complete,
        headline=headline,
        outcome=outcome,
        went_well=went_well,
        practise_next=_practise(rubric, requests, state, practise_request),
    )
