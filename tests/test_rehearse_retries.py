"""One more try: a flagged or incomplete answer gets exactly one retry, with a reaction that fits
what went wrong."""

from __future__ import annotations

from typing import Any

import pytest

from doubles import ScriptedJudge, in_turn, verdict
from imago_coach.dialogue import guide
from imago_coach.dialogue.reactions import CLOSER
from imago_coach.dialogue.scenarios import get_scenario
from imago_coach.judges.feedback import EXPLAIN
from imago_coach.judges.lexicon import CueKind
from imago_coach.models import Flag, Stage, Verdict
from rehearse_helpers import RECEIVER_LINES, play

MONEY = get_scenario("money")


def missing(point: str) -> ScriptedJudge:
    """A judge that rates every mirror low, with the given point missed."""
    return ScriptedJudge(lambda r: verdict(r.stage, accuracy=0.4, missed=(point,)))


def test_no_not_quite_when_the_mirror_has_the_point() -> None:
    judge = missing("I grew up with a dad who made every money decision alone")
    lines = [
        "yes",
        "So if I got it, you grew up with a dad who decided about money alone. Did I get that?",
        "/quit",
    ]
    _, io = play(lines, judge=judge, role="receiver")
    assert not any(s.startswith("Not quite") for s in io.texts("partner"))
    assert guide.MIRROR_AGAIN not in io.texts("say")


def test_not_quite_lets_you_mirror_again_once() -> None:
    judge = missing("I lie awake doing the sums")
    lines = [
        "yes",
        "So if I got it, you felt left out. Did I get that?",
        "So if I got it, you lie awake doing the sums. Did I get that?",
        "So you felt small. Is there more?",
        "So you felt small again. Is there more?",
        "/quit",
    ]
    _, io = play(lines, judge=judge, role="receiver")
    said = io.texts("partner")
    assert said[2].startswith("Not quite. I also said that ")
    assert "lie awake doing the sums" in said[2]
    assert io.texts("say").count(guide.MIRROR_AGAIN) == 2
    # the retry was judged against the same message; with the point in it, the flow moved on
    assert judge.calls[0].sender == judge.calls[1].sender == MONEY.send.opening
    assert said[3:5] == [MONEY.reactions.good[0], MONEY.send.more[0]]
    assert judge.calls[2].sender == judge.calls[3].sender == MONEY.send.more[0]
    # a second try that still leaves the point out gets no second "Not quite", and no loop
    assert said[5].startswith("Not quite")
    assert said[6:8] == [CLOSER, MONEY.send.more[1]]


def flagged(flag: Flag, kind: str = "own_story", **kwargs: Any) -> Verdict:
    """A mirror flagged with ``flag``, explained as the judge explains that kind of finding."""
    return verdict(
        Stage.MIRROR, flags=(flag,), accuracy=0.9, explanation=EXPLAIN[CueKind(kind)][0], **kwargs
    )


def test_a_flagged_mirror_gets_one_retry_then_moves_on() -> None:
    judge = in_turn([flagged(Flag.JUDGEMENT), flagged(Flag.SOLUTION, "advice")])
    lines = ["yes", "You're JUDGING", "FIX it", "So you felt small. Is there more?", "/quit"]
    _, io = play(lines, judge=judge, role="receiver")
    said = io.texts("partner")
    assert said[2] == MONEY.reactions.judged
    assert guide.try_again(["judgement"]) in io.texts("say")
    assert judge.calls[0].sender == judge.calls[1].sender == MONEY.send.opening  # the retry
    assert said[3] == MONEY.reactions.fixed
    assert said[4] == MONEY.send.more[0]  # after one retry: on to the next message
    assert judge.calls[2].sender == MONEY.send.more[0]


@pytest.mark.parametrize(
    ("step_lines", "stage"),
    [
        (RECEIVER_LINES[:5], Stage.VALIDATE),
        (RECEIVER_LINES[:6], Stage.EMPATHIZE),
    ],
)
def test_flagged_validation_and_empathy_get_a_retry(step_lines: list[str], stage: Stage) -> None:
    judge = in_turn(
        [verdict(Stage.MIRROR, accuracy=0.9)] * 4
        + ([verdict(Stage.VALIDATE)] if stage == Stage.EMPATHIZE else [])
        + [verdict(stage, flags=(Flag.SOLUTION,))]
    )
    play([*step_lines, "FIX it", "again", "/quit"], judge=judge, role="receiver")
    assert [c.stage for c in judge.calls][-2:] == [stage, stage]
    assert judge.calls[-1].response == "again"


def test_an_unflagged_low_accuracy_mirror_still_gets_not_quite_once() -> None:
    judge = in_turn([verdict(Stage.MIRROR, accuracy=0.2, missed=(MONEY.send.opening,))])
    _, io = play(["yes", "So you're sad.", "/quit"], judge=judge, role="receiver")
    assert io.texts("partner")[-1].startswith("Not quite")
    assert guide.MIRROR_AGAIN in io.texts("say")


def test_an_interpretation_is_answered_with_i_didnt_say() -> None:
    added = "it reminds you of your mom doing everything"
    judge = in_turn([flagged(Flag.TOPIC_CHANGE, "interpretation", evidence=added, added=(added,))])
    _, io = play(["yes", f"So {added}. Did I get that?", "/quit"], judge=judge, role="receiver")
    reaction = io.texts("partner")[-1]
    assert reaction == (
        "That's not quite what I said; I didn't say that it reminds me of my mom doing everything."
    )


def test_an_added_feeling_is_named() -> None:
    judge = in_turn(
        [
            flagged(
                Flag.TOPIC_CHANGE,
                "added_feeling",
                evidence="So you feel betrayed.",
                added=("So you feel betrayed.",),
            )
        ]
    )
    _, io = play(["yes", "So you feel betrayed.", "/quit"], judge=judge, role="receiver")
    assert io.texts("partner")[-1] == "That's not quite what I said; I didn't say I felt betrayed."


def test_own_story_keeps_its_reaction_and_no_line_repeats() -> None:
    own = flagged(Flag.TOPIC_CHANGE, "own_story", evidence="I had a hard week too")
    judge = in_turn([own, own, own, own])
    lines = [
        "yes",
        "I had a hard week too.",
        "I had a hard week too.",
        "I had a hard week too.",
        "I had a hard week too.",
        "/quit",
    ]
    _, io = play(lines, judge=judge, role="receiver")
    reactions = [
        t
        for t in io.texts("partner")
        if t not in (MONEY.send.opening, *MONEY.send.more, MONEY.send.appointment)
    ]
    assert reactions[0] == MONEY.reactions.topic
    assert len(reactions) == 4 and len(set(reactions[:3])) == 3
