"""A rehearsal on your own --topic: the topic is quoted as written, never re-voiced."""

from __future__ import annotations

from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.dialogue.scenarios import custom_scenario
from rehearse_helpers import play

runner = CliRunner()


def test_topic_is_quoted_not_revoiced() -> None:
    scenario = custom_scenario("my wife Anna secretly moved our savings")
    assert "\u201cmy wife Anna secretly moved our savings\u201d" in scenario.send.appointment
    assert "your wife" not in scenario.model_dump_json()
    result = runner.invoke(
        app,
        [
            "rehearse",
            "--topic",
            "my wife Anna secretly moved our savings",
            "--role",
            "receiver",
            "--judge",
            "local",
        ],
        input="/quit\n",
    )
    out = " ".join(result.stdout.split())
    quoted = "\u201cmy wife Anna secretly moved our savings\u201d"
    assert f"You wanted to talk about this: {quoted}" in out


def test_topic_receiver_message_is_what_you_expect_the_partner_to_say() -> None:
    topic = "my wife Anna secretly moved our savings"
    says = "I moved it because I was scared we'd lose it. I didn't know how to tell you."
    _, io = play(["yes", "/quit"], scenario=None, topic=topic, role="receiver", partner_says=says)
    assert io.texts("partner")[-1] == says
    assert topic not in io.texts("partner")[-1]
