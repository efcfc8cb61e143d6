"""The behaviour-change request in a transcript, and the receiver's agreement: a request, never a
solution."""

from __future__ import annotations

from typer.testing import CliRunner

from doubles import ScriptedJudge
from imago_coach.coach import Coach
from imago_coach.settings import load_settings
from imago_coach.transcript.readers import Utterance
from imago_coach.transcript.review import review_file
from imago_coach.transcript.segment import segment
from review_helpers import DATA, LONG

runner = CliRunner()
REQUEST = DATA / "request.txt"
ASK = "Would you text me when you'll be more than fifteen minutes late, for the next month?"


def test_a_request_after_empathy_is_a_request_and_no_solution() -> None:
    judge = ScriptedJudge({ASK: ["solution"], "Yes, I can do that.": ["solution"]})
    report = review_file(REQUEST, judge)
    ask, agree = report.turns[10], report.turns[11]
    assert (ask.speaker, ask.role, ask.stage, ask.step) == ("Mia", "sender", "request", "request")
    assert ask.judged and ask.flags == [] and ask.findings == []
    assert (agree.speaker, agree.role, agree.stage, agree.step) == (
        "Tom",
        "receiver",
        "request",
        "agree",
    )
    assert agree.flags == [] and agree.findings == [] and not agree.judged
    assert "Yes, I can do that." not in {r.response for r in judge.calls}
    assert report.summary.stage_counts["request"] == 2
    assert "request" not in report.summary.per_speaker["Tom"].receiver_stages  # not "0/1 clean"


def test_the_agreements_in_the_long_session_are_requests_without_findings() -> None:
    judge = ScriptedJudge({"I can do Sundays.": ["solution"]})
    report = review_file(LONG, judge)
    for index in (16, 87):
        turn = report.turns[index]
        assert (turn.role, turn.stage, turn.step) == ("receiver", "request", "agree"), index
        assert turn.findings == [] and turn.flags == []


def test_would_you_before_empathy_is_not_a_request() -> None:
    seg = segment(
        [
            Utterance("Al", "Would you stop leaving your shoes in the hall every single evening?"),
            Utterance(
                "Bo",
                "So if I got it, you'd like me to stop leaving shoes in the hall. Did I get that?",
            ),
            Utterance("Al", "Yes."),
            Utterance("Bo", "Sure, I can do that."),
        ]
    )
    assert [t.step for t in seg.turns] == ["send", "mirror", "confirm", "other"]


def test_the_local_judge_does_not_flag_the_request_or_the_agreement() -> None:
    report = review_file(REQUEST, Coach(load_settings(judge="local")))
    assert report.turns[10].stage == "request" and not report.turns[10].flags
    assert report.turns[11].stage == "request" and not report.turns[11].findings
