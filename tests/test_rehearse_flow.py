"""The rehearsal core with a scripted judge: the flow, commands, checks and persistence."""

from __future__ import annotations

from typing import Any

import pytest

from doubles import ListIO, TriggerJudge
from imago_coach.dialogue.engine import SessionOutcome
from imago_coach.dialogue.flow import Step, build_steps
from imago_coach.dialogue.rehearse import rehearse
from imago_coach.dialogue.session_store import SessionStore, open_store
from imago_coach.errors import InputError
from imago_coach.models import Stage
from imago_coach.settings import load_settings
from rehearse_helpers import RECEIVER_LINES, SENDER_LINES, SENDER_ONLY_LINES


def run(
    lines: list[str], **kwargs: Any
) -> tuple[SessionOutcome, ListIO, TriggerJudge, SessionStore]:
    io = ListIO(lines)
    judge = TriggerJudge()
    kwargs.setdefault("scenario", "money")
    outcome, store = rehearse(load_settings(judge="local"), io, judge=judge, **kwargs)
    return outcome, io, judge, store


def test_build_steps_orders_the_halves() -> None:
    assert build_steps("receiver", you_first=False, appointment=False)[0] == Step.R_MIRROR
    both = build_steps("both", you_first=False, appointment=True)
    assert both[0] == Step.R_APPOINT
    assert both[-1] == Step.S_REQUEST
    topic = build_steps("both", you_first=True, appointment=True)
    assert topic[0] == Step.S_APPOINT
    assert topic[-1] == Step.R_REQUEST


def test_whole_session_both_roles_judges_every_stage() -> None:
    outcome, io, judge, store = run(RECEIVER_LINES + SENDER_LINES)
    assert outcome.finished
    assert outcome.summary is not None
    stages = [c.stage for c in judge.calls]
    assert stages == [Stage.MIRROR] * 4 + [Stage.VALIDATE, Stage.EMPATHIZE, Stage.SEND]
    # the summary mirror is judged against everything the partner said
    assert "savings" in judge.calls[3].sender
    assert "car" in judge.calls[3].sender
    # after the switch the sender message is judged against the partner's words
    assert "car" in judge.calls[6].sender
    assert io.texts("request") == ["ok"]
    assert "Switch: you are the sender now" in io.texts("header")
    assert outcome.session_id is not None
    detail = store.utterances(outcome.session_id)
    yours = [u for u in detail if u.speaker == "you"]
    assert [u.stage for u in yours] == [
        "appointment",
        "mirror",
        "mirror",
        "mirror",
        "summary",
        "validate",
        "empathize",
        "choice",
        "send",
        "send",
        "reply",
        "reply",
        "reply",
        "request",
    ]
    assert yours[0].verdict is None
    assert yours[1].rubric is not None and yours[1].rubric.stage == "mirror"
    assert yours[-1].request is not None and yours[-1].request.kind == "request"


def test_partner_reacts_to_misses_and_judgement() -> None:
    lines = ["yes", "MISS", "You are JUDGE dramatic", "FIX just budget better", *RECEIVER_LINES[4:]]
    _, io, _, _ = run(lines, role="receiver")
    said = io.texts("partner")
    assert any(s.startswith("Not quite. I also said that") and "car" in s for s in said)
    assert any("verdict on me" in s for s in said)  # the scenario's "judged" reaction
    assert any("fix it yet" in s for s in said)  # the "fixed" reaction


def test_sender_role_mirrors_you_back_and_checks_the_request() -> None:
    lines = [*SENDER_ONLY_LINES[:-1], "Stop spending money", "/skip"]
    outcome, io, judge, _ = run(lines, role="sender")
    assert outcome.finished
    said = io.texts("partner")
    mirror = "So if I got it, you feel tired handling the bills alone"
    assert any(s.startswith(mirror) for s in said)
    assert any("Let me see if I got all of it" in s for s in said)
    assert io.texts("request") == ["problems"]
    assert [c.stage for c in judge.calls] == [Stage.SEND, Stage.SEND]


def test_sender_blame_and_always_are_flagged_by_the_sender_checks() -> None:
    lines = ["yes", "You always ignore me and you're so selfish.", "no", "/skip"]
    _, io, _, _store = run(lines, role="sender")
    assert io.texts("verdict") == ["judgement"]
    assert any(s.startswith("Ouch, that stings") for s in io.texts("partner"))


def test_commands_empty_and_overlong_input() -> None:
    lines = ["", "x" * 2001, "/hint", "/bogus", "yes", "/skip", "/quit"]
    outcome, io, judge, _ = run(lines, role="receiver")
    assert not outcome.finished
    said = io.texts("say")
    assert said[0].startswith("Nothing typed")
    assert "2001 characters, over the limit of 2000" in said[1]
    assert "For example:" in said[2]
    assert said[3].startswith("Unknown command")
    assert judge.calls == []  # the mirror step was skipped


def test_retry_redoes_the_last_step() -> None:
    lines = ["yes", "FIX it", "/retry", "So if I got it, you felt left out. Is there more?"]
    _outcome, _io, judge, _store = run(lines, role="receiver")
    assert [c.response for c in judge.calls] == [lines[1], lines[3]]
    assert judge.calls[0].sender == judge.calls[1].sender


def test_end_of_input_saves_unfinished_and_resume_continues() -> None:
    outcome, _, _, store = run(RECEIVER_LINES[:3])
    assert not outcome.finished
    store.close()
    io = ListIO(RECEIVER_LINES[3:] + SENDER_LINES)
    judge = TriggerJudge()
    outcome2, store2 = rehearse(load_settings(judge="local"), io, judge=judge, resume=True)
    assert outcome2.finished
    assert outcome2.session_id == outcome.session_id
    # it picked up at the third mirror, showing the partner's last line again
    assert "savings" in " ".join(io.texts("partner")[:2])
    assert judge.calls[0].stage == Stage.MIRROR
    assert "savings" in judge.calls[0].sender
    assert outcome2.session_id is not None
    mirrors = [
        u
        for u in store2.utterances(outcome2.session_id)
        if u.stage == "mirror" and u.speaker == "you"
    ]
    assert len(mirrors) == 3
    store2.close()


def test_resume_rejudges_an_utterance_saved_before_its_verdict() -> None:
    store = open_store(load_settings())
    outcome, _, _, s = run(RECEIVER_LINES[:2])
    s.close()
    sid = outcome.session_id
    assert sid is not None
    # simulate a kill right after the utterance was written: the verdict never came
    state = store.state(sid)
    from imago_coach.dialogue.session_store import Line

    state.phase = "judge"
    store.record(
        sid,
        state,
        [
            Line(
                role="receiver",
                speaker="you",
                stage="mirror",
                text="So if I got it, you felt left out.",
            )
        ],
        pending_yours=True,
    )
    store.close()
    io = ListIO([])
    judge = TriggerJudge()
    rehearse(load_settings(), io, judge=judge, resume=True)[1].close()
    assert [c.response for c in judge.calls] == ["So if I got it, you felt left out."]


def test_input_errors() -> None:
    with pytest.raises(InputError, match="Known scenarios: chores"):
        run([], scenario="nope")
    with pytest.raises(InputError, match="Choose one"):
        run([], scenario=None)
    with pytest.raises(InputError, match="Unknown role"):
        run([], role="observer")
    with pytest.raises(InputError, match="no unfinished session"):
        run([], scenario=None, resume=True)


def test_topic_session_starts_with_you_as_sender() -> None:
    lines = [
        "Is now a good time?",
        "I feel left out of decisions about money.",
        "no",
        "Would you show me the bank statement this Sunday?",
        "So if I got it...",
        "/quit",
    ]
    _outcome, io, judge, _ = run(lines, scenario=None, topic="I feel left out of money decisions")
    assert judge.calls[0].stage == Stage.SEND
    assert io.texts("header")[0] == "The appointment"
    assert any("you feel left out of decisions about money" in s for s in io.texts("partner"))
