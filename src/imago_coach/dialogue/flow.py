"""The Imago Dialogue as a state machine: the steps of a session and where it stands.

A session is a fixed list of steps built from the role practised and who speaks first. Each step
moves through phases, and every phase change is committed with the utterance that caused it, so
a killed process resumes exactly where it stopped:

    prompt  -> the partner speaks (if the step has a partner line)
    input   -> the person types
    judge   -> the typed utterance is judged (its id is in ``pending``)
    react   -> the partner reacts, then the machine advances
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from imago_coach.errors import InputError


class Step(StrEnum):
    # The partner sends, you receive.
    R_APPOINT = "r_appointment"
    R_MIRROR = "r_mirror"
    R_SUMMARY = "r_summary"
    R_VALIDATE = "r_validate"
    R_EMPATHIZE = "r_empathize"
    R_REQUEST = "r_request"
    # You send, the partner receives.
    S_APPOINT = "s_appointment"
    S_SEND = "s_send"
    S_SUMMARY = "s_summary"  # the partner sums up your message; you confirm or correct
    S_VALIDATE = "s_validate"  # the partner validates; you answer
    S_EMPATHY = "s_empathy"  # the partner names your feelings; you confirm or correct
    S_REQUEST = "s_request"


Role = Literal["receiver", "sender", "both"]
ROLES: tuple[str, ...] = ("receiver", "sender", "both")
Phase = Literal["prompt", "input", "judge", "react"]

RECEIVING = (Step.R_MIRROR, Step.R_SUMMARY, Step.R_VALIDATE, Step.R_EMPATHIZE, Step.R_REQUEST)
SENDING = (Step.S_SEND, Step.S_SUMMARY, Step.S_VALIDATE, Step.S_EMPATHY, Step.S_REQUEST)
# Your answers to the partner as receiver: not judged, and passed over when there was no message.
REPLIES = (Step.S_SUMMARY, Step.S_VALIDATE, Step.S_EMPATHY)

# The ``stage`` recorded for what you type at each step.
YOUR_STAGE: dict[Step, str] = {
    Step.R_APPOINT: "appointment",
    Step.R_MIRROR: "mirror",
    Step.R_SUMMARY: "summary",
    Step.R_VALIDATE: "validate",
    Step.R_EMPATHIZE: "empathize",
    Step.R_REQUEST: "choice",
    Step.S_APPOINT: "appointment",
    Step.S_SEND: "send",
    Step.S_SUMMARY: "reply",
    Step.S_VALIDATE: "reply",
    Step.S_EMPATHY: "reply",
    Step.S_REQUEST: "request",
}
MAX_SENDS = 4  # messages you send before the partner moves on to the summary


def parse_role(value: str) -> Role:
    role = value.strip().lower()
    if role not in ROLES:
        raise InputError(f"Unknown role {value!r}: use receiver, sender or both.")
    return role  # type: ignore[return-value]  # checked against ROLES


def build_steps(role: Role, *, you_first: bool, appointment: bool) -> list[Step]:
    """The steps of a session: the receiving and/or sending half, in speaking order."""
    receiving = list(RECEIVING)
    sending = list(SENDING)
    if role == "receiver":
        halves = [receiving]
    elif role == "sender":
        halves = [sending]
    else:
        halves = [sending, receiving] if you_first else [receiving, sending]
    if appointment:
        first = halves[0]
        first.insert(0, Step.S_APPOINT if first is sending else Step.R_APPOINT)
    return [step for half in halves for step in half]


class FlowState(BaseModel):
    """Where a session stands; stored as JSON with the session, updated with each utterance."""

    steps: list[Step]
    index: int = 0
    phase: Phase = "prompt"
    follow_ups: int = 0  # follow-ups the partner has given ("Is there more?")
    request_retry: bool = False  # your request had a problem: this is your one more try
    partner_msgs: list[str] = Field(default_factory=list)  # the partner's message, as sender
    your_msgs: list[str] = Field(default_factory=list)  # your message, as sender
    pending: int | None = None  # the utterance awaiting its verdict or the partner's reaction
    done_sending: bool = False
    again: bool = False  # this step's one retry was given (a flag, "Not quite", a correction)
    skipped: list[Step] = Field(default_factory=list)  # the steps passed over with /skip
    previous: dict[str, object] | None = None  # the state before your last input, for /retry
    partner_says: str | None = None  # --topic: what you expect your partner to say

    @model_validator(mode="before")
    @classmethod
    def _split_more(cls, data: object) -> object:
        """A state stored before the split: ``more`` was both counts, told apart by the step."""
        if isinstance(data, dict) and "more" in data:
            data = dict(data)
            more = int(data.pop("more") or 0)
            steps, index = data.get("steps") or [], int(data.get("index") or 0)
            if index < len(steps) and steps[index] == Step.S_REQUEST:
                data.setdefault("request_retry", more > 0)
            else:
                data.setdefault("follow_ups", more)
        return data

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def switched(self) -> bool:
        """Whether a half of the dialogue was already done before the current step."""
        current = self.step in SENDING
        return any(
            (s in SENDING) != current
            for s in self.steps[: self.index]
            if s not in (Step.R_APPOINT, Step.S_APPOINT)
        )

    def snapshot(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude={"previous"})

    def advance(self) -> None:
        """On to the next step, whose partner line comes first."""
        self.index += 1
        self.phase = "prompt"
        self.pending = None
        self.done_sending = False
        self.again = False

    def restore_previous(self) -> bool:
        """Back to the state before your last input (``/retry``); False if there is none."""
        if self.previous is None:
            return False
        back = FlowState.model_validate(self.previous)
        back.phase = "input"
        for name in FlowState.model_fields:
            setattr(self, name, getattr(back, name))
        return True
