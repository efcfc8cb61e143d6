"""The simulated partner: what it says at each move of the dialogue.

``ScriptedPartner`` plays a scenario's lines offline, reacting to the verdict on your answer (a
mirror that left out a point gets "Not quite. I also said ..."; a judgement or a fix lands badly;
a "validation" without a validation stem is not thanked as one) and mirroring your own messages
back when you are the sender. The model partner
(``model_partner.ModelPartner``) plays the same moves in character through a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from imago_coach.dialogue.scenarios import Scenario
from imago_coach.judges.lexicon import VALIDATION_STEM
from imago_coach.judges.text import clauses, content_stems, swap_perspective
from imago_coach.models import Turn

MISSED_BELOW = 0.7  # a mirror below this accuracy, with points missed, gets "Not quite"
COVERED_SHARE = 0.5  # a missed point counts as said when this share of its content words is there
_CUT_WORD = re.compile(r"\S*\u2026\s*$")
CLOSER = "That's closer. Thank you for trying again."
NOT_VALIDATED = "Hmm. I'm not sure yet that it makes sense to you, the way I see it."



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
    partner_msgs: list[str] = field(default_factory=list)  # its own message, as sender (REACT)
    again: bool = False  # your second try at a mirror it said "Not quite" to (REACT)


class Partner(Protocol):
    name: str

    def say(self, cue: Cue) -> list[Said]: ...


_PUNCT = r"[\s,.;:!?\u2014\u2013-]"
_MARK = r"[,.;:!?\u2014\u2013-]"
# Discourse markers that open a line ("Yes, and there's more. ...", "Well, ...") but are not
# part of what is said; a mirror leaves them out. "No" and "there's more" count only with a
# mark after them ("No one listens" and "There's more money ..." are what is said).
_LEAD = re.compile(
    r"^(?:(?:(?:and )?another thing(?=" + _PUNCT + r"|$)|"
    r"(?:there(?:'s| is) more|no|nope)(?=" + _MARK + r"|$)|"
    r"(?:yes|yeah|yep|okay|ok|well|so|and|but|also|plus|anyway|oh|um+|uh+|er+|hmm+)"
    r"(?=" + _PUNCT + r"|$))" + _PUNCT + r"*)+",
    re.IGNORECASE,
)


_ME_SUBJECT = re.compile(r"\b(and|if|when|that|because|but|while|until|since) me\b(?! and\b)")


def mirror_of(text: str) -> str:
    """Your words from the partner's side, for a mirror: "I feel" -> "you feel"."""
    plain = " ".join(text.split())
    body = swap_perspective(_LEAD.sub("", plain) or plain).rstrip(" .!?")
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
        if missed := point_missed(verdict, cue.text):
            if cue.again:
                return CLOSER
            said = " ".join(cue.partner_msgs) or " ".join(
                t.text for t in cue.transcript if t.speaker == self.name
            )
            return r.missed.format(missed=mirror_missed(missed, said))
        if cue.stage == "validate":
            return r.validated if validates(cue.text) else NOT_VALIDATED
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


def validates(text: str) -> bool:
    """Whether a validation answer says "you make sense" (or a near form of it)."""
    return bool(VALIDATION_STEM.search(text))


def point_missed(verdict: dict[str, Any] | None, mirror: str) -> str | None:
    """The first point the verdict says was missed that the mirror really left out, if any.

    Only a mirror below ``MISSED_BELOW`` accuracy counts, and a point counts as left out when
    fewer than ``COVERED_SHARE`` of its content words (stemmed, with synonyms) are in the mirror:
    a judge may list a point the mirror gave back in other words.
    """
    verdict = verdict or {}
    accuracy = verdict.get("mirror_accuracy")
    if accuracy is None or accuracy >= MISSED_BELOW:
        return None
    yours = set(content_stems(mirror))
    for point in verdict.get("missed") or []:
        # a point the judge shortened ends in a cut word ("left\u2026"): leave that word out
        wanted = set(content_stems(_CUT_WORD.sub("", str(point))))
        if wanted and len(wanted & yours) < COVERED_SHARE * len(wanted):
            return str(point)
    return None


def mirror_missed(point: str, said: str) -> str:
    """A missed point as the partner says it again: its own clause that best matches it.

    A clause, not the whole sentence, so the partner repeats only what was left out ("that my mom
    just found out afterwards"), not the part the mirror already gave back.
    """
    wanted = set(content_stems(point))
    best, score = "", 0
    for clause in clauses(said):
        overlap = len(wanted & set(content_stems(clause.text)))
        if overlap > score:
            best, score = clause.text, overlap
    text = _LEAD.sub("", (best or point).strip()).rstrip(" ,;.!?\u2026")
    if not text:
        return "more than that"
    return "that " + text[:1].lower() + text[1:] if not text.startswith("I ") else "that " + text
