"""Plain insults and contempt, read by the local judge from the user's side.

Real arguments are blunter than practice sessions: name-calling, "go away", mockery of the
partner's mind. Each group pairs what must be flagged with close, clean answers that must not
be (a reported insult, an empathy that names a hard feeling, sincere praise for good news).
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from check_helpers import check_report, listed
from imago_coach.cli.main import app

runner = CliRunner()
COMPLAINT = "I feel like nobody listens to me at work, and I'm tired of it."
GOOD_NEWS = "I got the job! They called this morning and I start in March."


def check(stage: str, response: str, sender: str = COMPLAINT) -> dict[str, object]:
    return check_report(stage, response, sender)


def flags(stage: str, response: str, sender: str = COMPLAINT) -> list[str]:
    return listed(check(stage, response, sender), "flags")


@pytest.mark.parametrize(
    ("stage", "response"),
    [
        ("validate", "Your life must be miserable, sucks to be you."),
        ("mirror", "You clearly can't follow a simple argument."),
        ("mirror", "lol you are such a loser"),
        ("empathize", "You sound like a spoiled child."),
        ("validate", "Are you stupid or something?"),
        ("validate", "That's the dumbest thing I've heard all week."),
        ("mirror", "You idiot, that's not what happened."),
        ("validate", "Honestly, you're a joke."),
        ("mirror", "Go away."),
        ("validate", "Do you even read what you write?"),
        ("validate", "What a pathetic thing to whine about."),
        ("validate", "You are a lying, libeling loser."),
        ("validate", "Shut the fuck up."),
        ("validate", "Honestly I think you're an idiot."),
    ],
)
def test_plain_insults_are_judgement_and_say_why(stage: str, response: str) -> None:
    report = check(stage, response)
    assert "judgement" in listed(report, "flags"), report
    assert "contempt" in json.dumps(report["findings"]), report["findings"]


@pytest.mark.parametrize(
    ("stage", "response"),
    [
        ("empathize", "I imagine that must be so difficult, and maybe lonely too."),
        ("empathize", "I imagine you feel sad and maybe a longing that doesn't go away."),
        ("validate", "You're not an idiot for wanting to be heard; that makes sense."),
        ("validate", "I don't think you're stupid at all; it makes sense you're tired."),
        ("mirror", "So your boss told you to shut up in the meeting. Is there more?"),
        ("validate", "It makes sense that you'd want them to just go away sometimes."),
        ("mirror", "So you feel like you're a failure at work. Did I get that?"),
        ("empathize", "I imagine you're scared you're a burden to everyone."),
    ],
)
def test_hard_words_that_are_not_aimed_at_the_partner_stay_clean(stage: str, response: str) -> None:
    assert "judgement" not in flags(stage, response)


def test_an_insult_that_reads_like_an_order_is_not_called_advice() -> None:
    found = flags("mirror", "Get a life.")
    assert "judgement" in found and "solution" not in found, found
    assert "solution" in flags("mirror", "Get some rest tonight.")


@pytest.mark.parametrize("response", ["Oh wow, congratulations.", "LOL good for you"])
def test_praise_and_laughter_mock_a_complaint_but_not_good_news(response: str) -> None:
    assert "judgement" in flags("validate", response, COMPLAINT)
    assert "judgement" not in flags("validate", response, GOOD_NEWS)


def test_a_real_reply_after_a_surprised_wow_is_not_sarcasm() -> None:
    response = "Oh wow. I really hope you get the help you need, that sounds so hard."
    assert "judgement" not in flags("validate", response)
    assert "judgement" in flags("validate", "Wow.")


@pytest.mark.parametrize(
    "response",
    [
        "Is it possible to ask your parents for help?",
        "A good idea would be to sell the car.",
        "Do you think she'd go if you went with her?",
    ],
)
def test_advice_dressed_as_a_question_or_an_idea_is_a_solution(response: str) -> None:
    sender = "My sister won't go to the doctor and money is really tight."
    assert "solution" in flags("validate", response, sender)
    assert "solution" not in flags("validate", "Is it possible that you felt alone?", sender)


def test_contempt_gets_no_praise_and_an_honest_closing_line() -> None:
    report = check("validate", "Your life must be miserable, sucks to be you.")
    assert report["strengths"] == []
    assert "contempt" in str(report["feedback"]) and "on your way" not in str(report["feedback"])
    clean = check("validate", "You make sense, because nobody answering you is lonely.")
    assert clean["strengths"] != []


def test_two_put_downs_are_explained_once_in_the_terminal() -> None:
    args = ["check", "--stage", "validate", "--sender", COMPLAINT]
    shown = runner.invoke(
        app, [*args, "--response", "God, you sound like a broken record. Get a life."]
    )
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.stdout.split())
    assert text.count("is contempt") == 1
    assert "Get a life." in text and "the note above applies here too" in text


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        (
            "I was upset you didn't call when you were late.",
            "Sure, because I live to report to you.",
        ),
        (
            "I feel like you don't take my career seriously.",
            "You're adorable when you get worked up.",
        ),
        ("I'm frustrated you're always on your phone.", "Yeah yeah, heard it a million times."),
        (
            "I'm frustrated you're always on your phone.",
            "Congrats on finding something to moan about.",
        ),
    ],
)
def test_sarcasm_and_condescension_after_a_complaint_are_contempt(
    sender: str, response: str
) -> None:
    report = check("validate", response, sender)
    assert "judgement" in listed(report, "flags")
    assert report["strengths"] == [] and "contempt" in str(report["feedback"])


@pytest.mark.parametrize(
    ("stage", "sender", "response"),
    [
        (
            "validate",
            "I passed my exam!!!",
            "Good for you! That makes sense, you studied every night.",
        ),
        (
            "empathize",
            "My best friend told everyone my secret.",
            "I imagine you feel stupid and betrayed, and that's a horrible mix.",
        ),
        (
            "empathize",
            "Work is brutal and my manager screams at us.",
            "I imagine that shit is exhausting and you feel scared going in every day.",
        ),
    ],
)
def test_warm_answers_with_hard_words_stay_clean(stage: str, sender: str, response: str) -> None:
    assert "judgement" not in flags(stage, response, sender)


def test_wow_on_its_own_is_not_advice_and_the_answer_reads_as_english() -> None:
    report = check(
        "validate", "Wow. Just wow. Amazing work as always.", "You forgot the kids again."
    )
    assert "solution" not in flags("validate", "Wow. Just wow.", "You forgot the kids again.")
    assert report["notes"] == []


def test_a_put_down_someone_else_said_is_reported_not_made() -> None:
    sender = "I called my mum about it and she told me to stop whining."
    mirror = "So when you called your mum, she told you to stop whining. Did I get that?"
    assert "judgement" not in flags("mirror", mirror, sender)
    assert "judgement" in flags("validate", "Stop whining.", sender)


def test_running_yourself_down_is_not_a_verdict_on_the_partner() -> None:
    sender = "I feel so stupid for crying at work today."
    response = "I'm such an idiot, I should've noticed you were struggling. You felt exposed."
    assert "judgement" not in flags("empathize", response, sender)


def test_a_reason_after_a_comma_is_a_reason() -> None:
    sender = "I passed my exam!!!"
    with_reason = check("validate", "That makes total sense, you've worked so hard for it.", sender)
    bare = check("validate", "That makes sense.", sender)
    assert not any("Add the reason" in r for r in listed(with_reason, "reminders"))
    assert any("Add the reason" in r for r in listed(bare, "reminders"))


def test_a_scornful_label_is_explained_as_a_put_down() -> None:
    sender = "I'm frustrated you're always on your phone."
    report = check("validate", "Honestly you're pathetic, you always whine about this.", sender)
    text = json.dumps(report["findings"])
    assert "is contempt" in text and "A label tells" not in text
    gentle = check("validate", "You're overreacting.", sender)
    assert "A label tells" in json.dumps(gentle["findings"])  # a label of a feeling stays one
