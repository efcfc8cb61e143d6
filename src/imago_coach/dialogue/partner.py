"""The simulated partner: what it says at each move of the dialogue.

``ScriptedPartner`` plays a scenario's lines offline, reacting to the verdict on your answer (a
low mirror accuracy gets "Not quite. I also said ..."; a judgement or a fix lands badly) and
mirroring your own messages back when you are the sender. The model partner
(``model_partner.ModelPartner``) plays the same moves in character through a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from imago_coach.dialogue.scenarios import Scenario
from imago_coach.judges.text import content_stems, sentences, swap_perspective
from imago_coach.models import Turn

MISSED_BELOW = 0.7  # a mirror below this accuracy, with points missed, gets "Not quite"


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
    RECEIVE = "receive"  # its summary mirror, validation and empathy of your whole message
    ANSWER_REQUEST = "answer_request"  # its answer to your request


@dataclass(frozen=True)
class Said:
    """One partner line with the stage it belongs to."""

    stage: str
    text: str


@dataclass
class Cue:
    """Everything a partner may need to play a move."""

    move: Move
    scenario: Scenario
    transcript: list[Turn] = field(default_factory=list)
    index: int = 0  # which follow-up (MORE) or which reaction (REACT), for variety
    stage: str = ""  # the stage of your answer (REACT)
    text: str = ""  # your answer or message (REACT, MIRROR_YOU, ANSWER_REQUEST)
    your_msgs: list[str] = field(default_factory=list)  # your whole message (RECEIVE)
    verdict: dict[str, Any] | None = None  # the verdict on your answer, as JSON


class Partner(Protocol):
    name: str

    def say(self, cue: Cue) -> list[Said]: ...


_LEAD = re.compile(r"^(?:and|but|so|also|plus|well|anyway)\b[,\s]*", re.IGNORECASE)


_ME_SUBJECT = re.compile(r"\b(and|if|when|that|because|but|while|until|since) me\b(?! and\b)")


def mirror_of(text: str) -> str:
    """Your words from the partner's side, for a mirror: "I feel" -> "you feel"."""
    body = swap_perspective(_LEAD.sub("", " ".join(text.split()))).rstrip(" .!?")
    body = _ME_SUBJECT.sub(r"\1 I", body)  # "if you still want" was "if me still want"
    if not body.startswith(("I ", "I'")):
        body = body[:1].lower() + body[1:]
    return body


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def request_text(scenario: Scenario) -> str:
    options = "\n".join(f"  {n}. {o}" for n, o in enumerate(scenario.request.options, 1))
    return f"{scenario.request.ask}\n{options}\nWhich one could you give me?"


def choose_option(scenario: Scenario, answer: str) -> str | None:
    """The option picked by number ("2", "number 2", "the second one"), if any."""
    ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    m = re.search(r"\b(\d+)\b", answer)
    pick = int(m.group(1)) if m else next(
        (n for word, n in ordinals.items() if word in answer.lower()), None
    )
    if pick is not None and 1 <= pick <= len(scenario.request.options):
        return scenario.request.options[pick - 1]
    return None


class ScriptedPartner:
    """The offline partner: the scenario's lines, chosen by the verdict."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.name = scenario.partner.name

    def say(self, cue: Cue) -> list[Said]:
        s = self.scenario
        match cue.move:
            case Move.APPOINT_ASK:
                return [Said("appointment", s.send.appointment)]
            case Move.APPOINT_ACCEPT:
                return [Said("appointment", s.listen.accept)]
            case Move.OPEN:
                return [Said("send", s.send.opening)]
            case Move.MORE:
                return [Said("send", s.send.more[min(cue.index, len(s.send.more) - 1)])]
            case Move.NO_MORE:
                return [Said("send", s.send.no_more)]
            case Move.REACT:
                return [Said("reaction", self._react(cue))]
            case Move.REQUEST:
                return [Said("request", request_text(s))]
            case Move.THANKS:
                return [Said("choice", s.request.thanks)]
            case Move.SWITCH:
                return [Said("switch", s.listen.switch)]
            case Move.MIRROR_YOU:
                return [Said("mirror", self._mirror(cue))]
            case Move.RECEIVE:
                return self._receive(cue)
            case Move.ANSWER_REQUEST:
                ok = bool(cue.verdict and not cue.verdict.get("problems"))
                return [Said("request", s.listen.agree if ok else s.listen.unclear)]
        raise ValueError(f"unknown move {cue.move}")  # pragma: no cover

    def _react(self, cue: Cue) -> str:
        r = self.scenario.reactions
        verdict = cue.verdict or {}
        flags = set(verdict.get("flags") or [])
        if "judgement" in flags:
            return r.judged
        if "solution" in flags:
            return r.fixed
        if "defensiveness" in flags:
            return r.defended
        if "topic_change" in flags:
            return r.topic
        accuracy = verdict.get("mirror_accuracy")
        missed = verdict.get("missed") or []
        if accuracy is not None and accuracy < MISSED_BELOW and missed:
            said = " ".join(t.text for t in cue.transcript if t.speaker == self.name)
            return r.missed.format(missed=mirror_missed(missed[0], said))
        if cue.stage == "validate":
            return r.validated
        if cue.stage == "empathize":
            return r.empathized
        return r.good[cue.index % len(r.good)]

    def _mirror(self, cue: Cue) -> str:
        flags = (cue.verdict or {}).get("flags") or []
        lead = self.scenario.listen.blamed + " " if "judgement" in flags else ""
        return f"{lead}So if I got it, {mirror_of(cue.text)}. Did I get that? Is there more?"

    def _receive(self, cue: Cue) -> list[Said]:
        said = " ".join(f"{_capital(mirror_of(m))}." for m in cue.your_msgs) or "What you said."
        return [
            Said("summary", f"Let me see if I got all of it. {said} Did I get it all?"),
            Said("validate", self.scenario.listen.validation),
            Said("empathize", self.scenario.listen.empathy),
            Said("request", "What could I do that would help? What's your request?"),
        ]


def mirror_missed(point: str, said: str) -> str:
    """A missed point as the partner says it again: its own sentence that best matches it."""
    wanted = set(content_stems(point))
    best, score = "", 0
    for sentence in sentences(said):
        overlap = len(wanted & set(content_stems(sentence)))
        if overlap > score:
            best, score = sentence, overlap
    text = (best or point).strip().rstrip(".!?…")
    if not text:
        return "more than that"
    return "that " + text[:1].lower() + text[1:] if not text.startswith("I ") else "that " + text
