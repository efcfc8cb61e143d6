"""Playing the sender: the partner waits for each of your answers, uses your words, takes a
correction, and the switch says which side you play."""

from __future__ import annotations

from imago_coach.dialogue.scenarios import get_scenario
from rehearse_helpers import RECEIVER_LINES, play

MONEY = get_scenario("money")
FRIENDS = get_scenario("friends")
S1 = [  # the sender answers each of the partner's steps in turn
    "Is now a good time to talk about the weekends?",
    "When you spend both weekend days with your friends, I feel lonely and a bit forgotten.",
    "Yes. And I think it goes back to when I was a kid and my parents were always busy with "
    "their own things. I felt like an afterthought.",
    "No, that's all.",
    "Yes, that's it.",
    "Thank you, that means a lot.",
    "Yes, that's how I feel.",
    "Would you plan one Saturday afternoon with just me this month?",
]


def test_each_partner_step_waits_for_the_senders_answer() -> None:
    outcome, io = play(S1, scenario="friends", role="sender")
    assert outcome.summary is not None
    assert outcome.finished and outcome.summary.complete
    shown = [(k, t) for k, t in io.shown if k in ("partner", "request", "header")]
    summary = next(i for i, (_, t) in enumerate(shown) if t.startswith("Let me see if I got"))
    validation = next(i for i, (_, t) in enumerate(shown) if t.startswith("You make sense"))
    empathy = next(i for i, (_, t) in enumerate(shown) if t.startswith("I imagine"))
    assert summary < validation < empathy
    assert [t for _, t in shown[summary + 1 : validation]] == ["Their validation"]
    assert io.texts("request") == ["ok"]  # only the real request was checked as one
    texts = io.texts("partner")
    assert "What would you like to ask of me?" in texts
    assert texts[-1] == FRIENDS.listen.agree


def test_validation_and_empathy_use_the_senders_words() -> None:
    _, io = play(S1, scenario="friends", role="sender")
    said = " ".join(io.texts("partner"))
    assert "of course you'd feel lonely and a bit forgotten" in said
    assert "I imagine you might feel lonely and forgotten" in said
    for guess in ("guilty", "trapped", "torn"):  # the scenario's guesses about the other side
        assert guess not in said


def test_a_correction_to_the_summary_is_taken_in_once() -> None:
    lines = [*S1[:4], "Not quite.", "I also said I felt like an afterthought.", *S1[5:]]
    outcome, io = play(lines, scenario="friends", role="sender")
    said = io.texts("partner")
    assert "What did I miss?" in said
    assert "Thank you. And you felt like an afterthought. I've got that now." in said
    assert outcome.finished


def test_the_switch_says_which_side_you_play_and_hints_fit_it() -> None:
    lines = [*RECEIVER_LINES, "/hint", "I feel tired handling the bills alone.", "/hint"]
    _, io = play(lines)
    sides = [t for t in io.texts("say") if "you are the sender" in t.lower()]
    assert sides == [
        f"Now you are the sender: say how this is for you; Sam will mirror you. "
        f"{MONEY.you.situation}"
    ]
    hints = [t for t in io.texts("say") if "For example:" in t]
    assert hints[0].endswith(MONEY.you.example)
    assert hints[1].endswith(MONEY.you.more_example)  # at "Is there more?": more of your side


def test_skipping_your_message_does_not_summarise_nothing() -> None:
    outcome, io = play(
        [
            "Is now a good time?",
            "/skip",
            "Would you pay the bills with me every Saturday this month?",
        ],
        role="sender",
    )
    said = io.texts("partner")
    assert not any("Let me see if I got" in t or "What you said" in t for t in said)
    assert said[-2] == "What would you like to ask of me?"
    assert outcome.finished


def test_sender_script_end_to_end_on_the_local_judge() -> None:
    from typer.testing import CliRunner

    from imago_coach.cli.main import app

    result = CliRunner().invoke(
        app,
        ["rehearse", "--scenario", "friends", "--role", "sender", "--judge", "local"],
        input="\n".join(S1) + "\n",
    )
    out = " ".join(result.stdout.split())
    assert result.exit_code == 0
    assert "the dialogue is complete" in out
    assert out.count("Request \u2014") == 1  # "Yes, that's it." was not taken for the request
    assert "You are the sender: say how this is for you; Kim will mirror you." in out
