"""Start or resume a rehearsal: pick the scenario, the store, the judge and the partner, then run.

The judge and the model client can be passed in (tests pass a scripted judge, or an
``OpenAIChat`` over an intercepted HTTP client); otherwise ``Coach`` decides per the settings.
When a model plays (judge and partner), ``notify`` gets the one-time notice of where the words
go before the first call, and not again for the rest of the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from imago_coach.dialogue.engine import MAX_CHARS, Rehearsal, RehearsalIO, SessionOutcome
from imago_coach.dialogue.flow import FlowState, Role, build_steps, parse_role
from imago_coach.dialogue.partner import Partner, ScriptedPartner
from imago_coach.dialogue.scenarios import (
    Scenario,
    all_scenarios,
    custom_scenario,
    get_scenario,
    scenario_for,
)
from imago_coach.dialogue.session_store import SessionMeta, SessionStore, open_store
from imago_coach.errors import InputError
from imago_coach.judges.base import Judge
from imago_coach.settings import Settings
from imago_coach.store import db_path, require_writable

if TYPE_CHECKING:
    from imago_coach.coach import Coach
    from imago_coach.providers.openai_chat import OpenAIChat


SENT_NOTICE = "Your words are sent to "


class _OnceNotice:
    """Passes notes on, but the "Your words are sent to ..." notice only the first time."""

    def __init__(self, notify: Callable[[str], None] | None) -> None:
        self.notify = notify or (lambda _message: None)
        self.told = False

    def __call__(self, message: str) -> None:
        if message.startswith(SENT_NOTICE):
            if self.told:
                return
            self.told = True
        self.notify(message)


def sent_notice(settings: Settings) -> str:
    """The notice ``imago check`` gives, said once per session before the first model call."""
    return (
        f"{SENT_NOTICE}{settings.endpoint_host} (model {settings.model}) to be judged, "
        "and to play your partner."
    )


def rehearse(
    settings: Settings,
    io: RehearsalIO,
    *,
    scenario: str | None = None,
    topic: str | None = None,
    role: str = "both",
    resume: bool = False,
    save: bool = True,
    appointment: bool = True,
    judge: Judge | None = None,
    chat: OpenAIChat | None = None,
    notify: Callable[[str], None] | None = None,
    partner_says: str | None = None,
) -> tuple[SessionOutcome, SessionStore]:
    """Run a session to its end or to the end of input; returns the outcome and the store."""
    if resume and (scenario or topic):
        raise InputError(
            "--resume continues the last unfinished session as it was: drop --scenario / --topic."
        )
    if resume and not save:
        raise InputError("--resume reads the saved session; it cannot be used with --no-save.")
    if not resume and bool(scenario) == bool(topic):
        known = ", ".join(all_scenarios())
        raise InputError(
            f'Choose one: --scenario NAME (one of: {known}) or your own with --topic "...".'
        )
    if partner_says is not None and not topic:
        raise InputError(
            "--partner-says goes with --topic: it is what you expect your partner "
            "to say about your own topic."
        )
    if partner_says is not None and len(partner_says) > MAX_CHARS:
        raise InputError(
            f"--partner-says is {len(partner_says)} characters, over the limit of "
            f"{MAX_CHARS}: say it more briefly."
        )
    chosen_role: Role = parse_role(role)
    if save:  # refuse before the person types anything that could not be kept
        require_writable(db_path(settings.home))
    store = open_store(settings, save=save)
    once = _OnceNotice(notify)
    try:
        if resume:
            session_id = store.last_unfinished()
            if session_id is None:
                raise InputError(
                    "There is no unfinished session to resume: start one with "
                    "imago rehearse --scenario NAME."
                )
            info = store.info(session_id)
            state = store.state(session_id)
            data = scenario_for(info.scenario, info.topic, state.partner_says)
            session: int | SessionMeta = session_id
        else:
            data = custom_scenario(topic, partner_says) if topic else get_scenario(scenario or "")
            steps = build_steps(chosen_role, you_first=bool(topic), appointment=appointment)
            state = FlowState(steps=steps, partner_says=partner_says)
            session = SessionMeta(
                scenario=data.name, topic=topic, role=chosen_role, judge=settings.resolved_judge
            )
        coach_judge, partner, coach = _players(settings, data, judge, chat, once)
        if coach is not None:  # before the partner's first line, which is already a model call
            once(sent_notice(settings))
        if topic and chosen_role != "sender":
            if coach is None and partner_says is None and io.interactive:
                said = _ask_partner_says(io)
                if said is None:  # /quit or end of input: nothing was started
                    return SessionOutcome(None, False, store.saved, None), store
                if said:
                    state.partner_says = said
                    data = custom_scenario(topic, said)
                    coach_judge, partner, coach = _players(settings, data, judge, chat, once)
            once(_who_plays(coach is not None, state.partner_says is not None))
        runner = Rehearsal(
            store=store,
            session=session,
            scenario=data,
            state=state,
            judge=coach_judge,
            partner=partner,
            io=io,
            coach=coach,
        )
        return runner.run(resumed=resume), store
    except BaseException:
        store.close()
        raise


ASK_PARTNER = (
    "What do you expect your partner to say about this? Write it as they would, "
    "in a sentence or two (Enter to skip)."
)


def _ask_partner_says(io: RehearsalIO) -> str | None:
    """Asked once, offline, so the partner speaks for themselves: their words, "" to skip (Enter
    or /skip), or None to stop (/quit, end of input)."""
    io.say(ASK_PARTNER)
    while True:
        line = io.read()
        text = (line or "").strip()
        if line is None or text.lower() == "/quit":
            return None
        if len(text) <= MAX_CHARS:
            return "" if text.startswith("/") else text
        io.say(
            f"That is {len(text)} characters, over the limit of {MAX_CHARS}: please say it "
            "more briefly."
        )


def _who_plays(model: bool, told: bool) -> str:
    """Said plainly at the start: who plays your partner, from what."""
    if model:
        return "Your partner is played by the model, from your topic."
    if told:
        return (
            "Your partner is scripted offline, from what you expect them to say; their "
            "follow-ups and feelings come from it too."
        )
    return (
        "Your partner is scripted offline and speaks in general terms; give them their own "
        'words with --partner-says "..." (or answer the question when asked).'
    )


def _players(
    settings: Settings,
    scenario: Scenario,
    judge: Judge | None,
    chat: OpenAIChat | None,
    notify: Callable[[str], None] | None,
) -> tuple[Judge, Partner, Coach | None]:
    """The judge, the partner, and the coach when a model plays (it falls back to local)."""
    script = ScriptedPartner(scenario)
    if judge is not None:
        return judge, script, None
    from imago_coach.coach import Coach

    if settings.resolved_judge == "openai" and chat is None:
        from imago_coach.providers.openai_chat import OpenAIChat

        chat = OpenAIChat(settings)
    # the session says once that the model failed, so the verdicts after it need not
    coach = Coach(settings, notify=notify, chat=chat, breaker="quiet")
    if not coach.remote:
        return coach, script, None
    from imago_coach.dialogue.model_partner import ModelPartner

    return coach, ModelPartner(settings, script, chat=chat), coach
