"""The simulated partner: what it says at each move of the dialogue.

``ScriptedPartner`` plays a scenario's lines offline. As sender it reacts to the verdict on your
answer (``reactions``: a mirror that left out a point gets "Not quite. I also said ..."; a
judgement or a fix lands badly); as receiver it mirrors your messages, sums them up, validates and
empathizes from your own words, one step at a time (``listener``). The model partner
(``model_partner.ModelPartner``) plays the same moves in character through a model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from imago_coach.dialogue import listener
from imago_coach.dialogue.reactions import react
from imago_coach.dialogue.request_check import RequestCheck
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.voice import mirror_of
from imago_coach.models import Flag, Turn, Verdict


class Move(StrEnum):
    APPOINT_ASK = "appointment_ask"  # the partner asks for the appointment
    APPOINT_ACCEPT = "appointment_accept"  # the partner grants yours
    OPEN = "open"  # the partner's first message as sender
    MORE = "more"  # its answer to "Is there more?"
    NO_MORE = "no_more"  # nothing more: asks for the summary
    REACT = "react"  # its reaction to your mirror, validation or empathy
    REQUEST = "request"  # its behaviour-change request, with options
    THANKS = "thanks"  # after you chose a request to agree to
    SWITCH = "switch"  # roles reverse: it invites you to send
    MIRROR_YOU = "mirror_you"  # it mirrors your message back
    SUMMARY_YOU = "summary_you"  # it sums up your whole message: "Did I get it all?"
    REPLY_SUMMARY = "reply_summary"  # your correction to its summary, taken in
    VALIDATE_YOU = "validate_you"  # it validates you, from your words
    EMPATHIZE_YOU = "empathize_you"  # it names your feelings: "Is that right?"
    REPLY_EMPATHY = "reply_empathy"  # a feeling you added or corrected, taken in
    ASK_REQUEST = "ask_request"  # "What would you like to ask of me?"
    ANSWER_REQUEST = "answer_request"  # its answer to your request


@dataclass(frozen=True)
class Said:
    """One partner line with the stage it belongs to."""

    stage: str
    text: str


@dataclass
class MoveContext:
    """Everything a partner may need to play a move."""

    move: Move
    scenario: Scenario
    transcript: list[Turn] = field(default_factory=list)
    index: int = 0  # which follow-up (MORE) or which reaction (REACT), for variety
    stage: str = ""  # the stage of your answer (REACT)
    text: str = ""  # your answer, message or reply (REACT, MIRROR_YOU, REPLY_*, ANSWER_REQUEST)
    your_msgs: list[str] = field(default_factory=list)  # your whole message, as sender
    verdict: Verdict | RequestCheck | None = None  # the verdict on your answer
    partner_msgs: list[str] = field(default_factory=list)  # its own message, as sender (REACT)
    again: bool = False  # your retry at this step (REACT); your last try (ANSWER_REQUEST)


class Partner(Protocol):
    name: str

    def say(self, cue: MoveContext) -> list[Said]: ...


def request_text(scenario: Scenario) -> str:
    options = "\n".join(f"  {n}. {o}" for n, o in enumerate(scenario.request.options, 1))
    return f"{scenario.request.ask}\n{options}\nWhich one could you give me?"


def choose_option(scenario: Scenario, answer: str) -> str | None:
    """The option picked by number ("2", "number 2", "the second one"), if any."""
    ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    m = re.search(r"\b(\d+)\b", answer)
    pick = (
        int(m.group(1))
        if m
        else next((n for word, n in ordinals.items() if word in answer.lower()), None)
    )
    if pick is not None and 1 <= pick <= len(scenario.request.options):
        return scenario.request.options[pick - 1]
    return None


class ScriptedPartner:
    """The offline partner: the scenario's lines, chosen by the verdict."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.name = scenario.partner.name

    def say(self, cue: MoveContext) -> list[Said]:
        stage, line = _SCRIPT[cue.move]
        text = line(self, cue)
        return [] if text is None else [Said(stage, text)]

    def _more(self, cue: MoveContext) -> str:
        more = self.scenario.send.more
        return more[min(cue.index, len(more) - 1)]

    def _reply_to_summary(self, cue: MoveContext) -> str | None:
        return listener.reply_to_summary(cue.text, last=cue.again)[0] or None

    def _reply_to_empathy(self, cue: MoveContext) -> str | None:
        said = " ".join(t.text for t in cue.transcript[-3:] if t.speaker == self.name)
        return listener.reply_to_empathy(cue.text, said) or None

    def _answer_request(self, cue: MoveContext) -> str:
        problems = isinstance(cue.verdict, RequestCheck) and bool(cue.verdict.problems)
        return listener.answer_request(
            cue.text, problems, final=cue.again, agree=self.scenario.listen.agree
        )

    def _react(self, cue: MoveContext) -> str:
        said = " ".join(cue.partner_msgs) or " ".join(
            t.text for t in cue.transcript if t.speaker == self.name
        )
        used = {t.text for t in cue.transcript if t.speaker == self.name}
        rubric = cue.verdict if isinstance(cue.verdict, Verdict) else None
        return react(
            rubric,
            scenario=self.scenario,
            stage=cue.stage,
            text=cue.text,
            said=said,
            used=used,
            index=cue.index,
            again=cue.again,
        )

    def _mirror(self, cue: MoveContext) -> str:
        flagged = isinstance(cue.verdict, Verdict) and Flag.JUDGEMENT in cue.verdict.flags
        lead = self.scenario.listen.blamed + " " if flagged else ""
        return f"{lead}So if I got it, {mirror_of(cue.text)}. Did I get that? Is there more?"


# Each move of the scripted partner: the stage its line is recorded at, and the line (None: it
# says nothing, e.g. a plain "yes" to its summary needs no answer).
_SCRIPT: dict[Move, tuple[str, Callable[[ScriptedPartner, MoveContext], str | None]]] = {
    Move.APPOINT_ASK: ("appointment", lambda p, _c: p.scenario.send.appointment),
    Move.APPOINT_ACCEPT: ("appointment", lambda p, _c: p.scenario.listen.accept),
    Move.OPEN: ("send", lambda p, _c: p.scenario.send.opening),
    Move.MORE: ("send", ScriptedPartner._more),
    Move.NO_MORE: ("send", lambda p, _c: p.scenario.send.no_more),
    Move.REACT: ("reaction", ScriptedPartner._react),
    Move.REQUEST: ("request", lambda p, _c: request_text(p.scenario)),
    Move.THANKS: ("choice", lambda p, _c: p.scenario.request.thanks),
    Move.SWITCH: ("switch", lambda p, _c: p.scenario.listen.switch),
    Move.MIRROR_YOU: ("mirror", ScriptedPartner._mirror),
    Move.SUMMARY_YOU: ("summary", lambda _p, c: listener.summary(c.your_msgs)),
    Move.REPLY_SUMMARY: ("summary", ScriptedPartner._reply_to_summary),
    Move.VALIDATE_YOU: ("validate", lambda _p, c: listener.validation(c.your_msgs)),
    Move.EMPATHIZE_YOU: ("empathize", lambda _p, c: listener.empathy(c.your_msgs)),
    Move.REPLY_EMPATHY: ("empathize", ScriptedPartner._reply_to_empathy),
    Move.ASK_REQUEST: ("request", lambda _p, _c: listener.ASK_REQUEST),
    Move.ANSWER_REQUEST: ("request", ScriptedPartner._answer_request),
}
