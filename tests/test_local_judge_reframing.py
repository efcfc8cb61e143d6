"""What a new user sees from the local judge on counter-complaints and interpretations."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
SENDER = (
    "When you work late every night and then you're on your phone at dinner, I feel like I "
    "come last."
)


def flags_of(stage: str, sender: str, response: str) -> set[str]:
    result = runner.invoke(
        app,
        [
            "check",
            "--judge",
            "local",
            "--stage",
            stage,
            "--sender",
            sender,
            "--response",
            response,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    return set(json.loads(result.stdout)["flags"])


@pytest.mark.parametrize(
    "check_in", ["Did I get that?", "Is there more?", "Is that right?", "Did I get it?", ""]
)
def test_a_counter_complaint_is_flagged_whatever_check_in_follows(check_in: str) -> None:
    response = (
        "So when I work late and I'm on my phone at dinner you feel like you come last. "
        f"But you are on your phone a lot too. {check_in}"
    )
    assert "topic_change" in flags_of("mirror", SENDER, response.strip())


def test_feelings_given_back_with_too_are_not_a_counter_complaint() -> None:
    sender = SENDER + " I'm hurt and I'm lonely."
    response = (
        "So when I work late and I'm on my phone at dinner, you feel like you come last, "
        "and you're hurt and lonely too. Did I get that?"
    )
    assert flags_of("mirror", sender, response) == set()


@pytest.mark.parametrize(
    "reading",
    [
        "because you think my job is more important than you",
        "because you believe I care more about my phone than about you",
    ],
)
def test_a_motive_added_to_a_mirror_is_a_topic_change(reading: str) -> None:
    response = (
        "So when I work late every night and I'm on my phone at dinner, you feel like you "
        f"come last, {reading}. Did I get that?"
    )
    assert flags_of("mirror", SENDER, response) == {"topic_change"}


def test_what_you_are_really_saying_is_an_interpretation_not_advice() -> None:
    response = "So what you're really saying is you want me to quit my job."
    flags = flags_of("mirror", SENDER, response)
    assert "topic_change" in flags
    assert "solution" not in flags


def test_a_belief_read_into_the_sender_is_an_interpretation() -> None:
    sender = "My sister hasn't called me back in two weeks and I'm worried she's angry with me."
    response = (
        "So your sister hasn't called you in two weeks and you're worried she's angry, "
        "because you think she blames you for the wedding. Did I get that?"
    )
    assert flags_of("mirror", sender, response) == {"topic_change"}


def test_a_wish_read_into_the_sender_is_not_a_promise_to_fix() -> None:
    sender = "My sister hasn't called me back in two weeks and I'm worried she's angry with me."
    reframed = flags_of(
        "mirror", sender, "So what you're really saying is you want me to call her for you."
    )
    assert "topic_change" in reframed and "solution" not in reframed
    assert "solution" in flags_of("mirror", sender, "I'll call her for you tonight.")
