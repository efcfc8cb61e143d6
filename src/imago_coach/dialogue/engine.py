"""The rehearsal runner: drives the state machine, the judge and the partner, and saves as it goes.

Order of work for each line typed: the utterance is committed with the new position first, then
judged, then the partner reacts; each of these commits its own result, so a kill at any point
resumes at the phase that was interrupted. A flagged answer at a receiving step (or a mirror that
left a point out) gets the partner's reaction and one more try at the same step; a correction to
the partner's summary of your message gets one too. A new session is written to the store with
your first utterance (the partner's opening lines wait for it), so a run with no input leaves
nothing. A model failure mid-session switches to the local judge (the coach's breaker opens) and
the scripted partner for the rest of the session, with a note.

What happens at each step is one row of ``steps.PLAYS``: the partner's opening line, how your
answer is judged (a rubric stage or the request check), and the partner's reaction, which also says
where the machine goes next (``Reaction.next``); this module runs the rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from imago_coach.dialogue import guide, listener
from imago_coach.dialogue.flow import RECEIVING, REPLIES, YOUR_STAGE, FlowState, Step
from imago_coach.dialogue.partner import (
    MoveContext,
    Partner,
    Said,
    ScriptedPartner,
    choose_option,
)
from imago_coach.dialogue.request_check import RequestCheck, check_request
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.sender_checks import augment_send_verdict
from imago_coach.dialogue.session_store import Line, SessionMeta, SessionStore, StoredUtterance
from imago_coach.dialogue.steps import PLAYS, Next
from imago_coach.dialogue.summary import EndSummary, end_summary
from imago_coach.dialogue.voice import confirms_only
from imago_coach.errors import ProviderError, TokenBudgetError
from imago_coach.judges.base import FallbackJudge, Judge
from imago_coach.models import CheckRequest, Stage, Turn, Verdict

MAX_CHARS = 2000  # one utterance; longer is refused, naming the limit
_DONE = re.compile(
    r"^\W*(no+|nope|that'?s (?:all|it|everything)|nothing (?:more|else)|no more|done|i'?m done)"
    r"\b[\w\s,.'!]{0,30}$",
    re.IGNORECASE,
)
_ASK_AGAIN = re.compile(r"\bis there more\b", re.IGNORECASE)
_MAY_I = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|right|well),?\s+)?(?:can|could|may) I (?:tell you|share|say|talk|go|"
    r"have my (?:turn|say)|answer|respond)\b[^.!]{0,40}\?\s*$|^\W*(?:is (?:it|now) (?:ok|okay|a "
    r"good time)|my turn)\b[^.!]{0,40}\?\s*$",
    re.IGNORECASE,
)
# The judge's "Remember, <the heart of the step>": said once per stage in a session is enough.
_HEART = re.compile(r"\s*Remember, [^;]*?(?:; (?=next time)|\.(?=\s|$))")


def without_heart(feedback: str) -> str:
    """The feedback without its "Remember, ..." (and "; next time" then opens its sentence)."""
    text = _HEART.sub(" ", feedback).strip()
    text = re.sub(r"(^|[.!?]\s+)next time", lambda m: m.group(1) + "Next time", text)
    return text or feedback


class RehearsalIO(Protocol):
    """How the runner talks to the person (a rich terminal, or plain piped lines)."""

    interactive: bool

    def read(self) -> str | None: ...
    def header(self, title: str, stem: str) -> None: ...
    def partner(self, name: str, text: str) -> None: ...
    def verdict(self, verdict: Verdict) -> None: ...
    def request_check(self, check: RequestCheck) -> None: ...
    def say(self, text: str) -> None: ...
    def note(self, text: str) -> None: ...


@dataclass
class SessionOutcome:
    session_id: int | None  # None: nothing was entered, so no session was written
    finished: bool
    saved: bool
    summary: EndSummary | None


def is_done(text: str) -> bool:
    """ "No, that's all": the sender has nothing more to add."""
    return bool(_DONE.match(text.strip()))


class Rehearsal:
    """One session being practised; see the module docstring."""

    def __init__(
        self,
        *,
        store: SessionStore,
        session: int | SessionMeta,
        scenario: Scenario,
        state: FlowState,
        judge: Judge,
        partner: Partner,
        io: RehearsalIO,
        coach: FallbackJudge | None = None,
        max_chars: int = MAX_CHARS,
    ) -> None:
        """``session``: the id of a stored session, or what a new one is about. ``coach``: the
        judge's fallback, when a model plays (``judge`` and ``coach`` are then one ``Coach``)."""
        self.store = store
        self.session_id = session if isinstance(session, int) else None
        self.meta = None if isinstance(session, int) else session
        self._unsaved: list[Line] = []  # the partner's lines before your first utterance
        self.scenario = scenario
        self.state = state
        self.judge = judge
        self.partner = partner
        self.io = io
        self.coach = coach
        self.remote = coach is not None and coach.remote  # the model still plays
        self.max_chars = max_chars
        self.script = ScriptedPartner(scenario)
        self._shown_header: tuple[int, int, bool, int] | None = None
        self._hearts_said: set[Stage] = set()  # "Remember, <the heart of the step>" once each

    # the loop ------------------------------------------------------------------------------

    def run(self, *, resumed: bool = False) -> SessionOutcome:
        if resumed:
            self._replay_position()
        while not self.state.finished:
            phase = self.state.phase
            if phase == "prompt":
                self._prompt()
            elif phase == "input":
                if not self._input():
                    return SessionOutcome(self.session_id, False, self.store.saved, None)
            elif phase == "judge":
                self._judge()
            else:
                self._react()
        summary = end_summary(self._utterances(), self.state, self.scenario)
        return SessionOutcome(self.session_id, True, self.store.saved, summary)

    def _commit(
        self,
        lines: list[Line] | None = None,
        *,
        pending_yours: bool = False,
        verdict: Verdict | RequestCheck | None = None,
        verdict_for: int | None = None,
    ) -> None:
        """Store lines and the new position; a new session is written with your first line."""
        if self.session_id is None:
            self._unsaved.extend(lines or [])
            if self.meta is None or not any(u.speaker == "you" for u in self._unsaved):
                return
            self.session_id, _ = self.store.start(
                self.meta, self.state, self._unsaved, pending_yours=pending_yours
            )
            self._unsaved = []
            return
        self.store.record(
            self.session_id,
            self.state,
            lines or [],
            pending_yours=pending_yours,
            verdict=verdict,
            verdict_for=verdict_for,
        )

    def _utterances(self) -> list[StoredUtterance]:
        if self.session_id is None:
            return [StoredUtterance(**u.model_dump()) for u in self._unsaved]
        return self.store.utterances(self.session_id)

    def _transcript(self) -> list[Turn]:
        name = self.partner.name
        return [
            Turn(speaker=name if u.speaker == "partner" else "you", text=u.text)
            for u in self._utterances()
        ]

    def _partner_role(self) -> str:
        return "sender" if self.state.step in (*RECEIVING, Step.R_APPOINT) else "receiver"

    def _your_role(self) -> str:
        return "receiver" if self._partner_role() == "sender" else "sender"

    def _speak(self, cue: MoveContext) -> list[Said]:
        cue.transcript = self._transcript()
        try:
            return self.partner.say(cue)
        except ProviderError as err:
            self._go_local(f"the model partner failed ({err.describe()})")
            return self.script.say(cue)

    def _go_local(self, why: str) -> None:
        """The model failed: the coach's breaker opens, and the scripted partner takes over."""
        if not self.remote or self.coach is None:
            return
        self.remote = False
        self.partner = self.script
        self.coach.go_local(why)
        self.io.note(f"{why}; the local judge and the scripted partner carry on from here.")

    def _show_header(self) -> None:
        st = self.state
        key = (st.index, st.follow_ups, st.request_retry, len(st.your_msgs))
        if self._shown_header != key:
            self._shown_header = key
            self.io.header(guide.title(self.state), guide.stem(self.state, self.scenario))

    # phases ---------------------------------------------------------------------------------

    def _prompt(self) -> None:
        st = self.state
        if st.step in REPLIES and not listener.said_back(st.your_msgs):
            st.advance()  # no message (skipped): nothing to sum up, validate or empathize with
            self._commit()
            return
        play = PLAYS[st.step]
        move = play.prompt(st, self.scenario)
        said = self._speak(move) if move else []
        if play.message:
            st.partner_msgs.append(" ".join(s.text for s in said))
        st.phase = "input"
        role = self._partner_role()
        self._commit([Line(role=role, speaker="partner", stage=s.stage, text=s.text) for s in said])
        self._show_header()
        for s in said:
            self.io.partner(self.partner.name, s.text)
        if side := guide.side(st, self.scenario):
            self.io.say(side)

    def _input(self) -> bool:
        self._show_header()
        while True:
            raw = self.io.read()
            if raw is None:
                return False
            text = raw.strip()
            if text.startswith("/"):
                handled = self._command(text.lower().split()[0])
                if handled is not None:
                    return handled
                continue
            if not text:
                self.io.say("Nothing typed: please say your part, or /skip this step.")
                continue
            if len(text) > self.max_chars:
                self.io.say(
                    f"That is {len(text)} characters, over the limit of "
                    f"{self.max_chars}: please say it more briefly."
                )
                continue
            if self.state.step == Step.R_REQUEST and choose_option(self.scenario, text) is None:
                self.io.say(guide.choice_prompt(self.scenario))
                continue
            if self._asks_to_start(text):
                continue
            self._accept(text)
            return True

    def _asks_to_start(self, text: str) -> bool:
        """ "Can I tell you my side now?" before your message: a yes, not a message to mirror."""
        st = self.state
        if st.step != Step.S_SEND or st.your_msgs or not _MAY_I.match(text):
            return False
        yes = self.scenario.listen.accept
        if self.session_id is not None:  # kept with the session; the position does not move
            self._commit(
                [
                    Line(role="sender", speaker="you", stage="appointment", text=text),
                    Line(role="receiver", speaker="partner", stage="appointment", text=yes),
                ]
            )
        self.io.partner(self.partner.name, yes)
        return True

    def _command(self, command: str) -> bool | None:
        """Handle a /command: True/False to leave the input phase, None to read again."""
        st = self.state
        if command == "/quit":
            return False
        if command == "/hint":
            self.io.say(guide.hint(st, self.scenario))
            return None
        if command == "/skip":
            st.previous = st.snapshot()
            if st.step == Step.S_SEND and st.your_msgs:
                st.done_sending = True
                st.phase = "react"
            else:
                st.skipped.append(st.step)
                st.advance()
            self._commit()
            return True
        if command == "/retry":
            if st.restore_previous():
                self._commit()
                self._shown_header = None
                self.io.say("Let's take that step again.")
                return True
            self.io.say("There is nothing to retry yet.")
            return None
        self.io.say("Unknown command: use /hint, /retry, /skip or /quit.")
        return None

    def _accept(self, text: str) -> None:
        st = self.state
        st.previous = st.snapshot()
        step = st.step
        play = PLAYS[step]
        if step == Step.S_SEND and st.your_msgs and (is_done(text) or confirms_only(text)):
            st.done_sending = True  # "that's all": not judged, the partner sums up next
            st.phase = "react"
        elif play.rubric is not None or play.request:
            if step == Step.S_SEND:
                st.your_msgs.append(text)
            st.phase = "judge"
        else:
            st.phase = "react"
        line = Line(role=self._your_role(), speaker="you", stage=YOUR_STAGE[step], text=text)
        st.pending = None
        self._commit([line], pending_yours=True)

    def _judge(self) -> None:
        st = self.state
        assert st.pending is not None
        text = self.store.utterance(st.pending).text
        if PLAYS[st.step].request:
            check = check_request(text)
            st.phase = "react"
            self._commit(verdict=check, verdict_for=st.pending)
            self.io.request_check(check)
            return
        verdict = self._rubric(text)
        st.phase = "react"
        self._commit(verdict=verdict, verdict_for=st.pending)
        self.io.verdict(verdict)

    def _rubric(self, text: str) -> Verdict:
        st = self.state
        stage = PLAYS[st.step].rubric
        assert stage is not None  # only the steps with a rubric reach here
        said = st.partner_msgs
        earlier = [Turn(speaker="partner", text=m) for m in said[:-1]]
        if st.step == Step.R_MIRROR:
            sender, context = said[-1], earlier
        elif st.step == Step.R_SUMMARY:  # the whole round, each earlier turn also as context
            sender, context = "\n".join(said), earlier
        elif st.step == Step.S_SEND:
            sender = "\n".join(said) if said else self.scenario.topic
            context = [Turn(speaker="you", text=m) for m in st.your_msgs[:-1]]
        else:
            sender, context = "\n".join(said), []
        request = CheckRequest(stage=stage, sender=sender, response=text, context=context)
        try:
            verdict = self.judge.judge(request)
        except TokenBudgetError as err:
            self._go_local(str(err).split(":")[0])
            verdict = self.judge.judge(request)
        if self.remote and verdict.judge == "local":  # the coach fell back: stay local
            self._go_local("the model failed")
        if stage == Stage.SEND:
            # before the switch the whole "Is there more?" loop is yours: more on your topic is
            # no topic change (a real new subject is still caught by the sender checks)
            opening = not said
            verdict = augment_send_verdict(verdict, text, first_message=opening)
        if st.step == Step.R_SUMMARY:  # the sender already said that's all
            kept = [r for r in verdict.reminders if not _ASK_AGAIN.search(r)]
            verdict = verdict.model_copy(update={"reminders": kept})
        if stage in self._hearts_said:
            verdict = verdict.model_copy(update={"feedback": without_heart(verdict.feedback)})
        self._hearts_said.add(stage)
        return verdict

    def _react(self) -> None:
        st = self.state
        step = st.step
        text, verdict = "", None
        if st.pending:
            stored = self.store.utterance(st.pending)
            text, verdict = stored.text, stored.verdict
        reaction = PLAYS[step].react(st, self.scenario, text, verdict)
        if reaction.before:
            self.io.say(reaction.before)
        said = self._speak(reaction.move) if reaction.move else []
        self._advance(reaction.next)
        self._commit(
            [
                Line(
                    role="sender" if step in (*RECEIVING, Step.R_APPOINT) else "receiver",
                    speaker="partner",
                    stage=s.stage,
                    text=s.text,
                )
                for s in said
            ]
        )
        for s in said:
            self.io.partner(self.partner.name, s.text)
        if reaction.after:
            self.io.say(reaction.after)

    def _advance(self, to: Next) -> None:
        st = self.state
        st.pending = None
        if to == "again":  # this step's one retry
            st.again = True
            st.phase = "input"
        elif to == "follow_up":  # the partner's next message, after "Is there more?"
            st.follow_ups += 1
            st.again = False
            st.phase = "prompt"
        elif to == "input":  # more of your message
            st.phase = "input"
        elif to == "retry_request":
            st.request_retry = True
            st.phase = "input"
        else:
            st.follow_ups = 0
            st.request_retry = False
            st.advance()

    def _replay_position(self) -> None:
        """On resume: say where the session stands and what the partner said last."""
        utterances = self._utterances()
        last_you = max((i for i, u in enumerate(utterances) if u.yours), default=-1)
        self.io.say(f"Resuming session {self.session_id} at {guide.title(self.state)}.")
        if self.state.phase == "input":
            self._show_header()
            since = utterances[last_you + 1 :] or [u for u in utterances if not u.yours][-1:]
            for u in since:
                self.io.partner(self.partner.name, u.text)
