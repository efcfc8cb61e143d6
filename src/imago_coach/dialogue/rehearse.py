"""Start or resume a rehearsal: pick the scenario, the store, the judge and the partner, then run.

The judge and the model client can be passed in (tests pass a scripted judge, or an
``OpenAIChat`` over an intercepted HTTP client); otherwise ``Coach`` decides per the settings.
When a model plays (judge and partner), ``notify`` gets the one-time notice of where the words
go before the first call, and not again for the rest of the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from imago_coach.dialogue.engine import Rehearsal, RehearsalIO, SessionOutcome
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
    return (f"{SENT_NOTICE}{settings.endpoint_host} (model {settings.model}) to be judged, "
            "and to play your partner.")


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
) -> tuple[SessionOutcome, SessionStore]:
    """Run a session to its end or to the end of input; returns the outcome and the store."""
    if resume and (scenario or topic):
        raise InputError("--resume continues the last unfinished session as it was: "
                         "drop --scenario / --topic.")
    if resume and not save:
        raise InputError("--resume reads the saved session; it cannot be used with --no-save.")
    if not resume and bool(scenario) == bool(topic):
        known = ", ".join(all_scenarios())
        raise InputError(
            f"Choose one: --scenario NAME (one of: {known}) or your own with --topic \"...\"."
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
                raise InputError("There is no unfinished session to resume: start one with "
                                 "imago rehearse --scenario NAME.")
            info = store.info(session_id)
            data = scenario_for(info.scenario, info.topic)
            state = store.state(session_id)
            session: int | SessionMeta = session_id
        else:
            data = custom_scenario(topic) if topic else get_scenario(scenario or "")
            steps = build_steps(chosen_role, you_first=bool(topic), appointment=appointment)
            state = FlowState(steps=steps)
            session = SessionMeta(scenario=data.name, topic=topic, role=chosen_role,
                                  judge=settings.resolved_judge)
        coach_judge, partner, coach = _players(settings, data, judge, chat, once)
        if coach is not None:  # before the partner's first line, which is already a model call
            once(sent_notice(settings))
        runner = Rehearsal(store=store, session=session, scenario=data, state=state,
                           judge=coach_judge, partner=partner, io=io, coach=coach)
        return runner.run(resumed=resume), store
    except BaseException:
        store.close()
        raise


def _players(
    settings: Settings, scenario: Scenario, judge: Judge | None, chat: OpenAIChat | None,
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
