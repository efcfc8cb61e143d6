"""The Imago segmenter: who sends, who receives, which step each turn is, where roles switch.

The two speakers who say the most (in characters, so a child's many short interjections do not
count for much) are the partners; anyone else is ``other``. The first partner to speak sends
(unless they open with a receiver's stem). The receiver's turns are placed by their stems: mirror
(with the "Is there more?" loop and the summary), validate, empathize, agreeing to the sender's
behaviour-change request, or ``other`` when they leave the steps. A sender's turn is a request
when it uses a request stem ("Would you be willing..."), or any "Would you / Could you ..." once
the receiver has empathized. The roles switch when the sender offers it ("your turn", "do you
want to go?", "over to you"; the other partner's next turn opens the round), when the receiver
claims it ("my turn", "can I share my side?", "I'd like to respond"), when the receiver speaks at
length after validating or empathizing, or when the sender starts mirroring: with a receiver's
stem, or with a check-in ("Did I get that?") on words taken from the other partner's turn just
before. When the old sender mirrors first, the other partner's turns just before are re-read as
the new sender's opening. An offer made before anything was received ("Would you like to go
first?") hands the first round over: the one who asked receives.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from imago_coach.errors import InputError
from imago_coach.language.text import content_stems
from imago_coach.models import Stage
from imago_coach.transcript.cues import TurnMarks, cues
from imago_coach.transcript.readers import Utterance

Role = Literal["sender", "receiver", "other"]
ContractStage = Literal["mirror", "validate", "empathize", "request", "other"]

_STEP_STAGE: dict[str, ContractStage] = {
    "mirror": "mirror",
    "summary": "mirror",
    "check": "mirror",
    "validate": "validate",
    "empathize": "empathize",
    "request": "request",
    "agree": "request",
    "other": "other",
}
_CONTENT_WORDS = 5  # a sender turn with fewer content words is a yes/no, not new content
_SWITCH_WORDS = 6  # a receiver turn this long without stems, after validation, starts a round
_ECHO_SHARE = 0.5  # a sender's check-in that repeats this share of the partner's words mirrors
_ECHO_WORDS = 3  # ... when the partner's turn has at least this many content words


@dataclass
class SegTurn:
    """One turn with its place in the dialogue."""

    index: int
    speaker: str
    text: str
    start: str | None
    role: Role = "other"
    step: str = "other"
    round: int | None = None
    cues: TurnMarks = field(default_factory=lambda: TurnMarks({}))
    notes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def stage(self) -> ContractStage:
        if self.role == "receiver":
            return _STEP_STAGE[self.step]
        if self.role == "sender" and self.step == "request":
            return "request"
        return "other"

    @property
    def is_content(self) -> bool:
        """A sender turn that says something (not just yes / no / that's it)."""
        return self.role == "sender" and self.step in ("send", "more", "request")


@dataclass
class Segmented:
    """The segmented dialogue: the partners (first sender first), every turn, report notes."""

    speakers: tuple[str, str]
    turns: list[SegTurn]
    notes: list[str]

    def rounds(self) -> dict[int, list[SegTurn]]:
        out: dict[int, list[SegTurn]] = {}
        for turn in self.turns:
            if turn.round is not None:
                out.setdefault(turn.round, []).append(turn)
        return out


def pick_speakers(utterances: list[Utterance]) -> tuple[list[str], list[str]]:
    """(the two partners in order of first appearance, everyone else by how much they said).

    Partners are ranked by how much they said (characters), not by their number of turns.
    """
    said: Counter[str] = Counter()
    for u in utterances:
        said[u.speaker] += len(u.text.strip())
    first_seen = {s: i for i, s in reversed(list(enumerate(u.speaker for u in utterances)))}
    ranked = sorted(said, key=lambda s: (-said[s], first_seen[s]))
    if len(ranked) < 2:
        who = ranked[0] if ranked else "nobody"
        raise InputError(
            f"Only one speaker ({who}) found: a review needs both partners' turns, each line "
            "starting with the speaker's name ('Name: text')."
        )
    partners = sorted(ranked[:2], key=lambda s: first_seen[s])
    return partners, ranked[2:]


def _content_size(text: str) -> int:
    return len(content_stems(text))


def _sender_step(turn: SegTurn, after_empathy: bool) -> str:
    c = turn.cues
    size = _content_size(turn.text)
    if c.has("request") and size >= _CONTENT_WORDS:
        return "request"
    if after_empathy and c.has("request", "ask") and size >= 2:
        return "request"
    if c.has("more_sender") and size >= _CONTENT_WORDS:
        return "more"
    if c.has("done") and size < 2 * _CONTENT_WORDS:
        return "done"
    if size < _CONTENT_WORDS and c.has("confirm", "more_sender", "done"):
        return "confirm" if not c.has("more_sender") else "more"
    return "send" if size else "confirm"


def _receiver_step(turn: SegTurn) -> str:
    c = turn.cues
    first = c.first("summary", "mirror", "validate", "empathize", "request")
    if first is not None:
        return first
    if c.has("weak_mirror") or (c.has("got", "more") and _content_size(turn.text) >= 3):
        return "mirror"  # a mirror without its stem
    if c.has("got", "more"):
        return "check"
    return "other"


class _Walker:
    """Assigns roles, steps and rounds, one turn at a time."""

    def __init__(self, partners: list[str]) -> None:
        self.partners = partners
        self.turns: list[SegTurn] = []
        self.sender: str | None = None
        self.round = 0
        self.reached: set[str] = set()  # receiver steps reached in the current round
        self.requested = False  # the sender asked for a behaviour change in this round
        self.offered = False  # the sender's latest turn hands the role over ("your turn")

    def other(self, name: str) -> str:
        return self.partners[1] if name == self.partners[0] else self.partners[0]

    def start_round(self, sender: str) -> None:
        self.sender = sender
        self.round += 1
        self.reached = set()
        self.requested = False
        self.offered = False

    def as_sender(self, turn: SegTurn) -> None:
        turn.role, turn.round = "sender", self.round
        turn.step = _sender_step(turn, "empathize" in self.reached)
        self.requested = self.requested or turn.step == "request"
        self.offered = turn.cues.has("offer", "switch")

    def as_receiver(self, turn: SegTurn) -> None:
        turn.role, turn.round = "receiver", self.round
        turn.step = "agree" if self.agrees(turn) else _receiver_step(turn)
        self.reached.add(turn.step)
        if turn.step == "validate" and turn.cues.has("empathize"):
            self.reached.add("empathize")  # "You make sense. I imagine you feel..."

    def agrees(self, turn: SegTurn) -> bool:
        """The receiver says yes to the round's request ("I can do that"), without a stem."""
        c = turn.cues
        if not self.requested or c.receiverish or c.has("switch", "claim"):
            return False
        return c.has("agree") or (c.has("confirm") and _content_size(turn.text) < _CONTENT_WORDS)

    def take(self, turn: SegTurn) -> None:
        c = turn.cues
        if self.sender is None:
            self.start_round(self.other(turn.speaker) if c.strong_receiver else turn.speaker)
        if turn.speaker == self.sender:
            if not c.has("more_sender", "done") and (c.strong_receiver or self.echoes(turn)):
                self.switch_to_receiver(turn)
            else:
                self.as_sender(turn)
        elif c.receiverish or self.agrees(turn):
            self.as_receiver(turn)
        elif self.offered and not self.reached:
            self.hand_over(turn)
        elif c.has("switch", "claim") or self.offered or self.round_received(turn):
            self.start_round(turn.speaker)
            self.as_sender(turn)
        else:
            self.as_receiver(turn)
        self.turns.append(turn)

    def round_turns(self) -> list[SegTurn]:
        """The current round's turns so far."""
        out = []
        for earlier in reversed(self.turns):
            if earlier.role != "other" and earlier.round != self.round:
                break
            if earlier.round == self.round:
                out.append(earlier)
        return out[::-1]

    def hand_over(self, turn: SegTurn) -> None:
        """ "Would you like to go first?" before anything was sent: the one who asked receives."""
        earlier = self.round_turns()
        self.round -= 1
        self.start_round(turn.speaker)
        for before in earlier:
            self.as_receiver(before)
        self.as_sender(turn)

    def round_received(self, turn: SegTurn) -> bool:
        """The receiver speaks at length, without stems, after validating or empathizing."""
        received = bool(self.reached & {"validate", "empathize"})
        return received and _content_size(turn.text) >= _SWITCH_WORDS

    def echoes(self, turn: SegTurn) -> bool:
        """The sender mirrors the receiver's last turn: a check-in ("Did I get that?", "So
        you...") on at least half of the words of that turn, which said something of its own."""
        if not turn.cues.has("got", "more", "weak_mirror"):
            return False
        last = next((t for t in reversed(self.turns) if t.role != "other"), None)
        if last is None or last.speaker == turn.speaker or last.cues.receiverish:
            return False
        theirs = set(content_stems(last.text))
        if len(theirs) < _ECHO_WORDS:
            return False
        return len(theirs & set(content_stems(turn.text))) >= _ECHO_SHARE * len(theirs)

    def switch_to_receiver(self, turn: SegTurn) -> None:
        """The sender mirrors: the partner's turns just before were the new sender's opening."""
        new_sender = self.other(turn.speaker)
        opening: list[SegTurn] = []
        for earlier in reversed(self.turns):
            if earlier.role == "other":
                continue
            if earlier.speaker != new_sender or earlier.cues.receiverish:
                break
            opening.append(earlier)
        self.start_round(new_sender)
        for earlier in reversed(opening):
            self.as_sender(earlier)
        self.as_receiver(turn)


def segment(utterances: list[Utterance]) -> Segmented:
    """Segment read turns into the Imago rounds; see the module docstring."""
    partners, others = pick_speakers(utterances)
    walker = _Walker(partners)
    notes: list[str] = []
    for index, utt in enumerate(utterances):
        turn = SegTurn(index, utt.speaker, utt.text, utt.start, cues=cues(utt.text))
        if utt.speaker in others:
            walker.turns.append(turn)
        else:
            walker.take(turn)
    if others:
        count = sum(1 for u in utterances if u.speaker in others)
        notes.append(
            f"More than two speakers: reviewing {partners[0]} and {partners[1]}, who say the "
            f"most; {', '.join(others)} ({count} turn{'s' if count != 1 else ''}) marked other "
            "and set aside."
        )
    first_sender = next((t.speaker for t in walker.turns if t.role == "sender"), partners[0])
    speakers = (first_sender, partners[1] if first_sender == partners[0] else partners[0])
    return Segmented(speakers, walker.turns, notes)


def expected_stage(
    turn: SegTurn,
    last_sender: SegTurn | None,
    last_receiver: SegTurn | None,
    steps_before: set[str],
) -> Stage:
    """The rubric to judge a receiver turn with: its own stage, or the step it stands in for.

    ``last_sender`` / ``last_receiver`` are the round's latest turns before ``turn`` and
    ``steps_before`` the receiver steps reached in the round so far.
    """
    own = {
        "mirror": Stage.MIRROR,
        "summary": Stage.MIRROR,
        "check": Stage.MIRROR,
        "validate": Stage.VALIDATE,
        "empathize": Stage.EMPATHIZE,
    }
    if turn.step in own:
        return own[turn.step]
    if (
        last_sender is not None
        and last_sender.is_content
        and (last_receiver is None or last_receiver.index < last_sender.index)
    ):
        return Stage.MIRROR
    if "validate" in steps_before and "empathize" not in steps_before:
        return Stage.EMPATHIZE
    return Stage.VALIDATE
