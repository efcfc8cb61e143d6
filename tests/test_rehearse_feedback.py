"""The coaching beside each verdict: reminders given once, advice that fits your role, a new topic
flagged in a later message."""

from __future__ import annotations

from doubles import ListIO, ScriptedJudge, verdict
from imago_coach.dialogue.rehearse import rehearse
from imago_coach.dialogue.scenarios import get_scenario
from imago_coach.dialogue.sender_checks import augment_send_verdict
from imago_coach.models import Flag, Stage
from imago_coach.settings import load_settings
from rehearse_helpers import RECEIVER_LINES, play

MONEY = get_scenario("money")


def reminding() -> ScriptedJudge:
    """Clean verdicts that remind to ask "Is there more?" (as judges do on summaries)."""
    return ScriptedJudge(
        lambda r: verdict(
            r.stage,
            accuracy=0.9,
            reminders=(
                "Ask \u201cIs there more?\u201d: the first thing said is rarely all of it.",
                "Close with \u201cDid I get that?\u201d",
            ),
        )
    )


def test_sender_reminder_is_not_added_when_the_judge_already_gave_it() -> None:
    judge_reminder = "Speak from your side: \u201cI feel \u2026 when \u2026\u201d"
    given = verdict(
        Stage.SEND,
        reminders=(
            judge_reminder,
            judge_reminder.replace("\u201c", '"').replace("\u201d", '"').replace("\u2026", "..."),
        ),
    )
    out = augment_send_verdict(given, "The car was a bad idea.", first_message=True)
    assert out.reminders == [judge_reminder]


def test_sender_reminder_is_added_once_when_missing() -> None:
    out = augment_send_verdict(verdict(Stage.SEND), "The car was a bad idea.", first_message=True)
    assert len([r for r in out.reminders if "I feel" in r]) == 1
    flagged = augment_send_verdict(
        verdict(Stage.SEND, flags=(Flag.JUDGEMENT,)), "You're so selfish.", first_message=True
    )
    assert flagged.flags == [Flag.JUDGEMENT]
    assert len(flagged.findings) == 1


def test_a_new_topic_in_a_later_message_is_flagged() -> None:
    lines = [
        "Is now a good time?",
        "I feel left out when money is decided without me.",
        "And another thing, your mother is always in our business.",
        "/quit",
    ]
    topic_changes = ScriptedJudge(lambda r: verdict(r.stage, [Flag.TOPIC_CHANGE]))
    _, io = play(lines, judge=topic_changes, role="sender")
    assert io.texts("verdict") == ["", "topic_change"]
    assert any(
        s.startswith("So if I got it, my mother is always in our business.")
        for s in io.texts("partner")
    )


def test_summary_step_drops_is_there_more_and_passes_the_round_as_context() -> None:
    judge = reminding()
    io = ListIO(RECEIVER_LINES[:5])
    _, store = rehearse(
        load_settings(judge="local"), io, judge=judge, scenario="money", role="receiver"
    )
    store.close()
    summary_call = judge.calls[3]
    assert [t.speaker for t in summary_call.context] == ["partner", "partner"]
    assert [t.text for t in summary_call.context] == [MONEY.send.opening, MONEY.send.more[0]]
    assert not any("Is there more" in r for r in io.verdicts[3].reminders)
    assert any("Is there more" in r for r in io.verdicts[0].reminders)  # kept for a plain mirror


def test_a_sender_gets_no_receiver_strength() -> None:
    given = verdict(Stage.SEND).model_copy(
        update={
            "strengths": ["You stayed with what they brought rather than changing the subject."]
        }
    )
    out = augment_send_verdict(given, "I feel tired handling the bills alone.", first_message=True)
    assert not any("what they brought" in s for s in out.strengths)
