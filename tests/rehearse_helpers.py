"""Scripted lines for the rehearsal tests (whole sessions a person might type), and ``play``."""

from __future__ import annotations

import json
from typing import Any

from typer.testing import CliRunner

from doubles import ListIO, TriggerJudge
from imago_coach.cli.main import app
from imago_coach.dialogue.engine import SessionOutcome
from imago_coach.dialogue.rehearse import rehearse
from imago_coach.dialogue.scenarios import Scenario
from imago_coach.dialogue.session_store import StoredUtterance, open_store
from imago_coach.dialogue.voice import mirror_of
from imago_coach.judges.base import Judge
from imago_coach.settings import load_settings

# A whole scripted session of the "money" scenario, role both, with the appointment. The mirrors
# give back what Sam said closely, so a real judge finds nothing missed (no "Not quite" retry).
RECEIVER_LINES = [
    "Yes, now is a good time.",
    "So if I got it, when I booked the new car without talking to you first, you felt left out, "
    "like your opinion about our money doesn't count. Did I get that? Is there more?",
    "So you grew up with a dad who made every money decision alone, and your mom found out "
    "afterwards, and when it happens to us you feel small, like her. Is there more?",
    "So you worry about the savings, you lie awake doing the sums, and you feel scared we won't "
    "have enough if something goes wrong. Is there more?",
    "Let me see if I got it all: when I booked the new car without talking to you first you felt "
    "left out, like your opinion about our money doesn't count. Your dad made every money "
    "decision alone and your mom found out afterwards, so you feel small like her. And you "
    "worry about the savings, lie awake doing the sums and feel scared we won't have enough. "
    "Did I get it all?",
    "You make sense to me, because of your dad, of course that hurts.",
    "I imagine you might feel small and scared. Is that right?",
    "2",
]
# Your answers to the partner's summary, validation and empathy, in that order.
REPLY_LINES = ["Yes, you got it.", "Thank you.", "Yes, that's how I feel."]
SENDER_LINES = [
    "I feel tired handling the bills alone.",
    "no, that's all",
    *REPLY_LINES,
    "Would you pay the bills with me every Saturday for the next month?",
]
SENDER_ONLY_LINES = [
    "Is now a good time to talk about money?",
    "I feel tired handling the bills alone, and scared of letting us down.",
    "I also feel proud that we bought the car.",
    "that's all",
    *REPLY_LINES,
    "Would you pay the bills with me every Saturday for the next month?",
]


def receiver_lines(scenario: Scenario) -> list[str]:
    """A clean receiving half for any scenario: close mirrors of what its partner says."""
    said = [scenario.send.opening, *scenario.send.more]
    mirrors = [f"So if I got it, {mirror_of(m)}. Did I get that? Is there more?" for m in said]
    summary = (
        "Let me see if I got all of that. "
        + " ".join(f"{mirror_of(m)}." for m in said)
        + " Did I get it all?"
    )
    return ["Yes, now is a good time.", *mirrors, summary, *RECEIVER_LINES[-3:]]


def play(
    lines: list[str], judge: Judge | None = None, **options: Any
) -> tuple[SessionOutcome, ListIO]:
    """Rehearse the "money" scenario (unless told otherwise) on these lines; the store is closed.

    The judge is a ``TriggerJudge`` unless one is given.
    """
    io = ListIO(lines)
    options.setdefault("scenario", "money")
    outcome, store = rehearse(
        load_settings(judge="local"), io, judge=judge or TriggerJudge(), **options
    )
    store.close()
    return outcome, io


def saved_utterances(session_id: int | None) -> list[StoredUtterance]:
    """What the store holds for a session, read back after the rehearsal closed it."""
    assert session_id is not None
    with open_store(load_settings()) as store:
        return store.utterances(session_id)


def history_json() -> list[dict[str, Any]]:
    """``imago history --json``, parsed."""
    return json.loads(CliRunner().invoke(app, ["history", "--json"]).stdout)  # type: ignore[no-any-return]
