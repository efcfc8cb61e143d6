"""Issue 10, from the user's side: rewrites in correct English from the sender's content, the
right words for each finding, and a rehearsal partner who speaks for themselves."""

from __future__ import annotations

import json
from typing import Any

import pytest
import respx
from typer.testing import CliRunner

from doubles import OPENAI_CHAT_URL, ListIO, model_router, ok
from imago_coach.cli.main import app
from imago_coach.dialogue.rehearse import ASK_PARTNER, rehearse
from imago_coach.dialogue.scenarios import get_scenario
from imago_coach.settings import load_settings
from rehearse_helpers import REPLY_LINES, receiver_lines

runner = CliRunner()

EXHAUSTED = (
    "I'm exhausted. I do the school run, the shopping and the dinners, and when I ask "
    "for help you sigh like I'm a burden."
)
CAR = (
    "When you booked the new car without talking to me first, I felt left out, like my "
    "opinion about our money doesn't count."
)


def check(stage: str, sender: str, response: str) -> str:
    result = runner.invoke(
        app,
        ["check", "--judge", "local", "--stage", stage, "--sender", sender, "--response", response],
    )
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split())


def check_json(stage: str, sender: str, response: str) -> dict[str, Any]:
    result = runner.invoke(
        app,
        [
            "check",
            "--judge",
            "local",
            "--stage",
            stage,
            "--json",
            "--sender",
            sender,
            "--response",
            response,
        ],
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def rehearse_cli(lines: list[str], *args: str) -> tuple[str, str]:
    result = runner.invoke(
        app, ["rehearse", "--judge", "local", *args], input="\n".join(lines) + "\n"
    )
    assert result.exit_code == 0, result.stderr
    return " ".join(result.stdout.split()), result.stderr


def history_utterances(session: int = 1) -> list[dict[str, Any]]:
    shown = runner.invoke(app, ["history", "show", str(session), "--json"]).stdout
    utterances: list[dict[str, Any]] = json.loads(shown)["utterances"]
    return utterances


# Suggested rewrites ---------------------------------------------------------------------------


def test_rewrite_keeps_you_a_subject_after_a_clause() -> None:
    out = check("validate", EXHAUSTED, "I hear you, you're just tired and overreacting.")
    assert "when you ask for help I sigh like you're a burden" in out
    assert "me sigh" not in out


def test_rewrite_keeps_you_a_subject_after_a_noun() -> None:
    data = check_json("mirror", "The nights you work late I eat alone.", "Work is busy, love.")
    assert data["rewrite"] == (
        "So if I got it, the nights I work late you eat alone. Did I get that? Is there more?"
    )


@pytest.mark.parametrize(
    "sender",
    [
        "No, I'm not.",
        "You know.",
        "Yes.",
        "Yes, hurt most of all.",
        "Now I want to share something.",
    ],
)
def test_no_fragment_rewrite_from_a_sender_who_said_almost_nothing(sender: str) -> None:
    data = check_json("mirror", sender, "Whatever, you always say that.")
    assert data["findings"]  # the answer is flagged, but there is nothing to build a rewrite on
    assert data["rewrite"] is None
    assert "You could say" not in check("mirror", sender, "Whatever, you always say that.")


def test_no_placeholder_rewrite_for_a_senders_own_message() -> None:
    sender = "You never listen to me."
    response = "You always ignore me and you're so selfish."
    assert check_json("send", sender, response)["rewrite"] is None
    assert "\u2026, because \u2026" not in check("send", sender, response)


def test_validation_rewrite_gives_the_senders_own_because() -> None:
    data = check_json(
        "validate",
        "I get angry because you never ask how my day was.",
        "Well, you never ask about mine either.",
    )
    assert data["rewrite"] == (
        "You make sense to me. Of course you get angry, because I never ask how your day was."
    )


def test_validation_rewrite_gives_a_reason_from_what_happened() -> None:
    rewrite = check_json("validate", CAR, "I get it, but it was a good deal.")["rewrite"]
    assert rewrite.startswith(
        "You make sense to me, because I booked the new car without talking to you first"
    )
    assert "of course you felt left out" in rewrite


@pytest.mark.parametrize(
    ("sender", "fits"),
    [
        ("You forgot my birthday again.", "forgotten"),
        ("You yelled at me in front of the kids.", "scared"),
        ("You laughed at me in front of your friends.", "embarrassed"),
        (EXHAUSTED, "exhausted"),
    ],
)
def test_empathy_rewrite_names_feelings_that_fit_what_was_said(sender: str, fits: str) -> None:
    rewrite = check_json("empathize", sender, "That's just how it is.")["rewrite"]
    assert fits in rewrite
    assert "alone with this" not in rewrite


# The right words for each finding -------------------------------------------------------------


def test_overreacting_is_explained_as_a_label() -> None:
    out = check("validate", EXHAUSTED, "I hear you, you're just tired and overreacting.")
    assert "A label tells your partner" in out
    assert "Guessing at hidden motives" not in out


def test_needy_is_explained_as_a_label() -> None:
    out = check(
        "mirror", "I miss you when you go out every weekend.", "You always get needy when I go out."
    )
    assert "A label tells your partner" in out
    assert "Blame (" not in out


def test_a_mirror_in_their_words_is_not_called_a_generous_promise() -> None:
    sender = (
        "The time difference is killing me. By the time you're free to call I'm half "
        "asleep, and then I feel guilty for yawning at you."
    )
    out = check(
        "mirror",
        sender,
        "So the time difference is really hard, and by the time I "
        "can call you're half asleep. Did I get it?",
    )
    assert "Promising a fix is generous" not in out


def test_praise_is_said_once_in_a_clean_verdict() -> None:
    out = check(
        "validate",
        "I'm exhausted. I do the school run.",
        "You make sense, because you do the school run and you're tired.",
    )
    assert out.count("make sense, which is the heart of validation") == 1
    assert "Well done: you told them" not in out


def test_words_raising_two_flags_get_one_explanation() -> None:
    data = check_json(
        "mirror", "You forgot to pick up the kids again.", "That's not fair, I always pick them up."
    )
    quoted = [f["evidence"] for f in data["findings"]]
    assert len(quoted) >= 2 and len(set(quoted)) == 1  # several flags on the same words
    out = check(
        "mirror", "You forgot to pick up the kids again.", "That's not fair, I always pick them up."
    )
    assert out.count("\u201cThat's not fair, I always pick them up.\u201d") == 1
    assert out.count("Try:") == 1
    assert "1 thing to work on" in out


@pytest.mark.parametrize(("sender", "mirror"), [("No.", "I like turtles."), (CAR, "Okay.")])
def test_no_praise_for_an_empty_mirror(sender: str, mirror: str) -> None:
    data = check_json("mirror", sender, mirror)
    assert data["strengths"] == []
    out = check("mirror", sender, mirror)
    assert "You gave back most of what they said" not in out
    assert "you stayed in the conversation" not in out.lower()
    assert "Well done" not in out


def test_missed_is_named_when_accuracy_says_content_was_missed() -> None:
    data = check_json(
        "mirror",
        CAR,
        "So if I got it, when I booked the car without you, you felt left out. Is there more?",
    )
    assert data["mirror_accuracy"] == pytest.approx(0.4)
    assert data["missed"] == ["like your opinion about our money doesn't count"]
    assert "missed: like your opinion about our money doesn't count" in check(
        "mirror",
        CAR,
        "So if I got it, when I booked the car without you, you felt left out. Is there more?",
    )


def test_missed_lines_are_not_cut() -> None:
    sender = (
        "I felt invisible at the party on Saturday night when you talked to your old "
        "university friends for the whole evening."
    )
    data = check_json("mirror", sender, "You're too sensitive.")
    assert data["missed"] and len(data["missed"][0]) > 70
    assert not data["missed"][0].endswith("\u2026")
    assert "for the whole evening" in check("mirror", sender, "You're too sensitive.")


def test_the_heart_of_the_step_is_said_once_in_a_rehearsal() -> None:
    out, _ = rehearse_cli(
        [
            "yes",
            "So you felt left out about the car. Is there more?",
            "So you felt left out about the car, like it doesn't count.",
            "So your dad decided alone. Is there more?",
            "/quit",
        ],
        "--scenario",
        "money",
        "--role",
        "receiver",
    )
    assert out.count("Remember, a mirror gives back their words") == 1


# Rehearsal ------------------------------------------------------------------------------------

PARTNER_SAYS = (
    "I feel judged every time I buy something for myself. You check the bank app "
    "like you're auditing me. Then I stop telling you things."
)


def test_topic_partner_speaks_from_what_you_expect_them_to_say() -> None:
    topic = "I feel left out of money decisions"
    out, err = rehearse_cli(
        [
            "yes",
            "So you feel judged when you buy something for yourself, "
            "and I check the bank app like I'm auditing you. Is there more?",
            "/quit",
        ],
        "--topic",
        topic,
        "--role",
        "receiver",
        "--partner-says",
        PARTNER_SAYS,
    )
    assert "I feel judged every time I buy something for myself." in out
    assert "Then I stop telling you things." in out  # the rest answers "Is there more?"
    assert "I feel tense" not in out and f"About \u201c{topic}\u201d" not in out
    assert "scripted offline, from what you expect them to say" in " ".join(err.split())


def test_one_sentence_partner_says_gives_follow_ups_from_its_feelings() -> None:
    out, _ = rehearse_cli(
        ["yes", "So you feel lonely when I work late. Is there more?", "/quit"],
        "--topic",
        "work hours",
        "--role",
        "receiver",
        "--partner-says",
        "I feel lonely when you work late every night.",
    )
    assert "Underneath it, I think I feel lonely" in out


class Interactive(ListIO):
    """A person at a terminal: imago may ask them a question."""

    interactive = True


def test_offline_interactive_asks_once_what_the_partner_would_say() -> None:
    io = Interactive(
        ["I worry we'll never have a holiday again. We only ever pay bills.", "yes", "/quit"]
    )
    _, store = rehearse(load_settings(judge="local"), io, topic="money", role="receiver")
    store.close()
    assert io.texts("say").count(ASK_PARTNER) == 1
    assert io.texts("partner")[-1] == (
        "I worry we'll never have a holiday again. We only ever pay bills."
    )


def test_quitting_at_the_question_starts_nothing() -> None:
    outcome, store = rehearse(
        load_settings(judge="local"), Interactive(["/quit"]), topic="money", role="receiver"
    )
    with store:
        assert outcome.session_id is None and not outcome.finished
        assert store.last_unfinished() is None


def test_with_a_model_the_model_plays_the_partner_from_the_topic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    calls: list[dict[str, Any]] = []
    with respx.mock() as mock:
        mock.post(OPENAI_CHAT_URL).mock(side_effect=model_router(calls))
        result = runner.invoke(
            app,
            ["rehearse", "--judge", "openai", "--topic", "money", "--role", "receiver"],
            input="yes\n/quit\n",
        )
    assert result.exit_code == 0, result.stderr
    assert "played by the model, from your topic" in " ".join(result.stderr.split())
    sheet = calls[0]["messages"][1]["content"]
    assert "topic_they_raised" in sheet and "your_opening" not in sheet


def test_more_on_your_own_topic_in_your_own_loop_is_no_topic_change() -> None:
    out, _ = rehearse_cli(
        [
            "Is now a good time to talk about money?",
            "I feel left out when you decide about money without me.",
            "And I worry about the holiday you booked, it cost so much and we "
            "never planned it together.",
            "no, that's all",
            *REPLY_LINES,
            "Would you plan the holiday budget with me this Sunday?",
        ],
        "--topic",
        "money decisions",
        "--role",
        "sender",
    )
    assert "Topic change" not in out
    assert "keep to one topic" not in out.lower()


def test_a_loose_faithful_mirror_is_incomplete_not_your_own_story() -> None:
    out, _ = rehearse_cli(
        [
            "yes",
            "So when your mother said my cooking was too spicy and I "
            "laughed along, you felt alone and embarrassed. Is there more?",
            "So when my mother criticises you during visits you feel unsupported. Did I get that?",
            "/quit",
        ],
        "--scenario",
        "in-laws",
        "--role",
        "receiver",
    )
    assert "Topic change" not in out and "That's about you" not in out
    assert "Not quite. I also said" in out


def test_resume_says_where_you_are_and_what_the_partner_said_last() -> None:
    rehearse_cli(
        ["yes", "So you feel alone with the money.", "/quit"],
        "--scenario",
        "money",
        "--role",
        "receiver",
    )
    out, _ = rehearse_cli(["/quit"], "--resume")
    assert "Resuming session 1 at Mirror." in out
    assert "Not quite. I also said" in out.split("Resuming session 1")[1]


@pytest.mark.parametrize(
    ("request_line", "said"),
    [
        ("Ok.", "This isn't a request yet"),
        ("Thank you.", "This isn't a request yet"),
        ("Would you stop complaining so much?", "names a fault of theirs"),
    ],
)
def test_the_request_check_rejects_non_requests_and_criticism(request_line: str, said: str) -> None:
    out, _ = rehearse_cli(
        [
            "Is now a good time to talk about money?",
            "I feel tired handling the bills alone.",
            "no, that's all",
            *REPLY_LINES,
            request_line,
            "/quit",
        ],
        "--topic",
        "money",
        "--role",
        "sender",
    )
    assert said in out
    verdicts = [
        u["verdict"] for u in history_utterances() if u["stage"] == "request" and u["verdict"]
    ]
    assert verdicts and not verdicts[0]["positive"] and not verdicts[0]["specific"]


def test_piped_sender_is_told_the_first_line_is_the_appointment_request() -> None:
    out, _ = rehearse_cli(
        ["I feel left out when you decide about money without me.", "/quit"],
        "--topic",
        "money",
        "--role",
        "sender",
    )
    assert "taken as your appointment request" in out and "--no-appointment" in out
    help_text = " ".join(runner.invoke(app, ["rehearse", "--help"]).stdout.split())
    assert "the first line is your appointment request" in help_text


def test_resume_keeps_the_partner_you_described() -> None:
    rehearse_cli(
        ["yes", "/quit"], "--topic", "money", "--role", "receiver", "--partner-says", PARTNER_SAYS
    )
    out, _ = rehearse_cli(["/quit"], "--resume")
    assert "Resuming session 1 at Mirror." in out
    assert "I feel judged every time I buy something for myself." in out


def test_the_validation_hint_gives_a_reason_from_the_partners_words() -> None:
    out, _ = rehearse_cli(
        [
            "yes",
            "So if I got it, when I booked the new car without talking to "
            "you first, you felt left out, like your opinion about our money "
            "doesn't count. Did I get that? Is there more?",
            "/skip",
            "/skip",
            "/hint",
            "/quit",
        ],
        "--scenario",
        "money",
        "--role",
        "receiver",
    )
    assert (
        "For example: You make sense to me. When I booked the new car without talking to you "
        "first, of course you'd feel left out."
    ) in out


def test_a_model_rewrite_with_blanks_to_fill_in_is_not_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    blanks = "When you said that, I felt \u2026, because \u2026 What I'd love is \u2026"
    with respx.mock() as mock:
        mock.post(OPENAI_CHAT_URL).mock(return_value=ok(rewrite=blanks))
        result = runner.invoke(
            app,
            [
                "check",
                "--judge",
                "openai",
                "--stage",
                "mirror",
                "--sender",
                CAR,
                "--response",
                "Next time just ask me.",
            ],
        )
    assert result.exit_code == 0, result.stderr
    assert "You could say" not in result.stdout and "\u2026, because" not in result.stdout


def test_the_partner_adds_no_synonym_of_a_feeling_you_named() -> None:
    lines = receiver_lines(get_scenario("chores"))
    lines[-2] = "I imagine you might feel tired. Is that right?"
    out, _ = rehearse_cli([*lines, "/quit"], "--scenario", "chores", "--role", "receiver")
    answer = out.split("I imagine you might feel tired. Is that right?")[-1]
    assert "Yes, tired" in answer and "exhausted too" not in answer


def test_asking_to_start_after_the_switch_gets_a_yes_not_a_mirror() -> None:
    lines = [
        *receiver_lines(get_scenario("chores")),
        "Can I tell you my side now?",
        "I feel hurt when you say I'm on the sofa, because I'm exhausted too.",
        "/quit",
    ]
    out, _ = rehearse_cli(lines, "--scenario", "chores")
    after = out.split("Can I tell you my side now?")[1]
    assert after.lstrip().startswith("Alex \u203a Sure, now works.")
    assert "can you tell me your side" not in out.lower()


def test_an_over_long_partner_says_is_one_clear_line() -> None:
    result = runner.invoke(
        app,
        [
            "rehearse",
            "--judge",
            "local",
            "--topic",
            "money",
            "--partner-says",
            "I feel judged. " * 300,
        ],
        input="/quit\n",
    )
    assert result.exit_code == 2
    assert "over the limit of 2000" in result.stderr and "Traceback" not in result.stderr
