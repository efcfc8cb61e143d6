"""What the person sees at each step: titles, the Imago stems as hints, and examples."""

from __future__ import annotations

from collections.abc import Sequence

from imago_coach.dialogue import listener
from imago_coach.dialogue.flow import FlowState, Step
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.voice import mirror_of
from imago_coach.flags import flag_info

COMMANDS = "Commands: /hint for a hint, /retry to redo your last step, /skip, /quit."

_TITLES: dict[Step, str] = {
    Step.R_APPOINT: "The appointment",
    Step.R_MIRROR: "Mirror",
    Step.R_SUMMARY: "Summary mirror",
    Step.R_VALIDATE: "Validation",
    Step.R_EMPATHIZE: "Empathy",
    Step.R_REQUEST: "Behaviour-change request",
    Step.S_APPOINT: "The appointment",
    Step.S_SEND: "Your message",
    Step.S_SUMMARY: "Their summary of your message",
    Step.S_VALIDATE: "Their validation",
    Step.S_EMPATHY: "Their empathy",
    Step.S_REQUEST: "Your behaviour-change request",
}
_STEMS: dict[Step, str] = {
    Step.R_APPOINT: 'Say whether now works: "Yes, now is a good time. I\'m ready to listen."',
    Step.R_MIRROR: '"So if I got it, you ... Did I get that? Is there more?"',
    Step.R_SUMMARY: '"Let me see if I got all of that: ... Did I get it all?"',
    Step.R_VALIDATE: '"You make sense to me, because ..." (their logic; no need to agree)',
    Step.R_EMPATHIZE: '"I imagine you might feel ... Is that how it feels?"',
    Step.R_REQUEST: "Type the number of the request you can agree to.",
    Step.S_APPOINT: "Ask for the appointment (your first line is taken as this request): "
    '"Is now a good time to talk about ...?"',
    Step.S_SEND: '"I feel ... when ..., because ...": one topic, no blame, no always/never.',
    Step.S_SUMMARY: 'Did they get it all? Say "Yes, you got it", or what they missed.',
    Step.S_VALIDATE: 'Take it in; say how it was to hear it ("Thank you.").',
    Step.S_EMPATHY: "Is that how you feel? Say yes, or name the feeling they missed.",
    Step.S_REQUEST: '"Would you ...?": specific, positive, doable, time-limited.',
}


APPOINTMENT_TAKEN = (
    "That was taken as your appointment request (the first line always is); "
    "your message comes next. To start with your message, use "
    "--no-appointment."
)
VALIDATION_HINT = (
    "Validation tells them they make sense from where they stand: try "
    "\u201cYou make sense to me, because \u2026\u201d (/retry to try again)."
)
MIRROR_AGAIN = "Mirror again, with what was missed, or /skip to move on."
TRY_AGAIN = (
    "Try that again, and {fix}: your next answer is the retry (/retry starts it over), "
    "or /skip to move on."
)


def try_again(flags: Sequence[str]) -> str:
    """The invitation after a flagged answer (or, with no flag, a mirror that missed a point)."""
    fixes = [info.phrase for info in map(flag_info, flags) if info is not None]
    if not fixes:
        return MIRROR_AGAIN
    return TRY_AGAIN.format(fix=" and ".join(fixes[:2]))


def side(state: FlowState, scenario: Scenario) -> str | None:
    """Which side you now play, said when a half of the dialogue starts (piped runs too)."""
    name = scenario.partner.name
    partner = name[:1].upper() + name[1:]
    step = state.step
    if step == Step.S_SEND and not state.your_msgs:
        now = "Now you are" if state.switched else "You are"
        return (
            f"{now} the sender: say how this is for you; {name} will mirror you. "
            f"{scenario.you.situation}"
        )
    if step == Step.R_MIRROR and state.follow_ups == 0 and state.switched:
        return (
            f"Now you are the receiver: {partner} tells you how this is for them; mirror it back."
        )
    return None


def agreed(scenario: Scenario, choice: str) -> str:
    """What you agreed to, quoted as it was asked."""
    return f"You agreed to {scenario.partner.name}'s request: \u201c{choice}\u201d"


def step_title(step: Step) -> str:
    return _TITLES[step]


def choice_prompt(scenario: Scenario) -> str:
    """Asked again at the request step when the answer names no option."""
    numbers = [str(n) for n in range(1, len(scenario.request.options) + 1)]
    picks = ", ".join(numbers[:-1]) + " or " + numbers[-1]
    return f"Pick {picks}: type the number of the request you can agree to, or /skip."


def title(state: FlowState) -> str:
    step = state.step
    if step == Step.R_MIRROR and state.follow_ups:
        return f'Mirror ({state.follow_ups + 1}): after "Is there more?"'
    if step == Step.S_SEND and state.switched and not state.your_msgs:
        return "Switch: you are the sender now"
    if step == Step.R_MIRROR and state.switched and not state.follow_ups:
        return "Switch: you are the receiver now"
    if step == Step.S_SEND and state.your_msgs:
        return "Is there more?"
    return _TITLES[step]


def stem(state: FlowState, scenario: Scenario) -> str:
    step = state.step
    if step == Step.S_SEND and state.switched and not state.your_msgs:
        return (
            f"Answer what {scenario.partner.name} said, from your side, without opening a "
            f"new topic. {_STEMS[step]}"
        )
    if step == Step.S_SEND and state.your_msgs:
        return "Add more, or say \"no, that's all\" when you're done."
    if step == Step.S_SEND:
        return f"{scenario.you.situation} {_STEMS[step]}"
    return _STEMS[step]


def hint(state: FlowState, scenario: Scenario) -> str:
    """The stem plus a worked example for this step (``/hint``)."""
    step = state.step
    said = state.partner_msgs
    example = ""
    if step == Step.R_MIRROR and said:
        example = f"So if I got it, {mirror_of(said[-1])}. Did I get that? Is there more?"
    elif step == Step.R_SUMMARY and said:
        example = (
            "Let me see if I got all of that. "
            + " ".join(f"{mirror_of(m)}." for m in said)
            + " Did I get it all?"
        )
    elif step == Step.R_VALIDATE:  # with the reason from their own words
        example = (
            listener.validation(said)
            if said
            else ("You make sense to me, because of what you told me.")
        )
    elif step == Step.R_EMPATHIZE:  # with the feelings their words name or suggest
        example = (
            listener.empathy(said)
            if said
            else ("I imagine you might feel hurt, and maybe lonely. Is that how it feels?")
        )
    elif step == Step.S_SEND and state.your_msgs:
        example = scenario.you.more_example
    elif step == Step.S_SEND:
        example = scenario.you.example
    elif step == Step.S_SUMMARY:
        example = "Yes, you got it. (Or: \u201cNot quite: I also said \u2026\u201d)"
    elif step == Step.S_VALIDATE:
        example = "Thank you. That means a lot."
    elif step == Step.S_EMPATHY:
        example = "Yes, that's how I feel. (Or: \u201cMore \u2026 than \u2026\u201d)"
    elif step == Step.S_REQUEST:
        example = scenario.you.request_example
    elif step in (Step.R_APPOINT,):
        example = "Yes, now is a good time. I'm listening."
    elif step == Step.S_APPOINT:
        example = f"Is now a good time to talk about {scenario.topic}?"
    elif step == Step.R_REQUEST:
        example = "2"
    return f"{stem(state, scenario)}\nFor example: {example}" if example else stem(state, scenario)
