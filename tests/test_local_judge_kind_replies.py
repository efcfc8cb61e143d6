"""Kind replies, real advice, condescension and a sender's wish, read from the user's side.

Real people comfort each other in words that look like the judge's cues: "I'm sorry you have to
deal with that" holds "you have to deal with", "hopefully you never lose it" holds "you never",
"I'm sure you're a great dad too" ends in "too". Each group pairs what must stay clean with a
close answer that must still be flagged, so a rule cannot pass by going quiet.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from check_helpers import check_report, listed

runner = CliRunner()
HARD_DAY = "I've been on a final warning at work all month and it's wearing me down."


def check(stage: str, response: str, sender: str = HARD_DAY) -> dict[str, object]:
    return check_report(stage, response, sender)


def flags(stage: str, response: str, sender: str = HARD_DAY) -> list[str]:
    return listed(check(stage, response, sender), "flags")


@pytest.mark.parametrize(
    ("stage", "sender", "response"),
    [
        ("empathize", HARD_DAY, "I am sorry you have to deal with that stress."),
        ("validate", "My mum gave me her wedding photo.", "Aw, hopefully you never lose it!"),
        ("validate", "My neighbours play music at 2am.", "I'm sorry they are so inconsiderate."),
        (
            "empathize",
            "Our cat died on Sunday.",
            "Oh no, I'm so sorry. It's so difficult to lose a pet.",
        ),
        ("empathize", "My daughter graduated today.", "Congrats to her! They grow up so fast."),
        ("validate", HARD_DAY, "I'm hoping something good comes your way soon."),
        ("validate", HARD_DAY, "Hopefully you end up somewhere with a manager who cares."),
        ("validate", "My wife has been amazing this year.", "I'm sure you're a great husband too."),
        (
            "empathize",
            "I heard gunshots outside last night, I was so scared.",
            "Oh wow, I hope you are okay!",
        ),
        ("empathize", "My coworker got the promotion I wanted.", "Yikes. I'm sorry, that's rough."),
        ("validate", "The bins went everywhere in the storm.", "Oh no, how awful for you!"),
        ("empathize", "I failed my exam, I think.", "Well I hope not, I'm sure you passed!"),
    ],
)
def test_sympathy_and_well_wishes_are_not_judgement(stage: str, sender: str, response: str) -> None:
    assert "judgement" not in flags(stage, response, sender)


@pytest.mark.parametrize(
    ("stage", "response"),
    [
        ("validate", "You should have asked for help sooner."),
        ("validate", "You never listen to anyone at work, that's why."),
        ("validate", "You're so inconsiderate."),
        ("validate", "How awful for you."),
    ],
)
def test_the_same_cues_said_to_the_partner_are_still_judgement(stage: str, response: str) -> None:
    sender = "I feel like you never help with the kids and I'm exhausted."
    assert "judgement" in flags(stage, response, sender)


@pytest.mark.parametrize(
    "response",
    [
        "It's important to take care of yourself right now.",
        "Sometimes it helps to break the problem into smaller steps.",
        "Reaching out to a doctor would be a smart move.",
        "What do you think about talking to your manager directly?",
        "I'd just tell her straight up that you need a break.",
        "If they keep at it, don't feel obligated to stay.",
    ],
)
def test_advice_as_people_give_it_is_a_solution(response: str) -> None:
    assert "solution" in flags("validate", response)


@pytest.mark.parametrize(
    "response",
    [
        "You make sense, because it's important to you to be heard.",
        "It helps me understand why you were so upset.",
        "I'm sorry you have to deal with that.",
    ],
)
def test_words_near_advice_that_give_none_stay_clean(response: str) -> None:
    assert "solution" not in flags("validate", response)


@pytest.mark.parametrize(
    "response",
    [
        "Perhaps you're too young to get the point.",
        "Obviously you've never done a night shift.",
        "Do some basic research before you complain.",
        "Are you lazy, ignorant, or both?",
        "Duh.",
    ],
)
def test_condescension_is_contempt(response: str) -> None:
    report = check("validate", response)
    assert "judgement" in flags("validate", response), report
    assert report["strengths"] == []


def test_not_this_again_is_explained_as_dismissing_the_topic() -> None:
    sender = "You forgot to call me again when you were running late."
    report = check("validate", "Not this again.", sender)
    findings = json.dumps(report["findings"])
    assert "judgement" in flags("validate", "Not this again.", sender)
    assert "nuisance" in findings and "Blame" not in findings, findings
    assert report["strengths"] == []  # no "you stayed in the conversation" after an eye-roll


def test_a_kind_wish_at_the_send_stage_is_not_called_an_order() -> None:
    sender = "I feel lonely when you work late every night."
    wish = check("send", "I'd love it if we could have dinner together on Fridays.", sender)
    text = json.dumps(wish["findings"])
    assert "wish" in text and "order" not in text.replace("not an order", ""), text
    assert "keep the wish for the end" in str(wish["feedback"])
    order = check("send", "You should come home by six.", sender)
    assert "lands as an order" in json.dumps(order["findings"])


def test_an_i_statement_that_ends_in_a_wish_is_the_dialogue_done_right() -> None:
    sender = "I feel lonely when you work late every night."
    message = (
        "I feel sad when we don't eat together. It would mean a lot to me if we could eat "
        "together on Fridays."
    )
    report = check("send", message, sender)
    assert report["flags"] == [], report
    pushy = "I feel sad when we don't eat together. You should come home by six."
    assert "solution" in flags("send", pushy, sender)


BOSS = "My boss yelled at me in front of everyone today."


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        (BOSS, "Ugh, what a jerk. You didn't deserve that."),
        (BOSS, "Your boss sounds so inconsiderate."),
        ("The neighbours had a party until 3am again.", "honestly that's so rude of them."),
    ],
)
def test_a_harsh_word_about_whoever_hurt_them_is_taking_their_side(
    sender: str, response: str
) -> None:
    assert "judgement" not in flags("validate", response, sender)


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        ("I feel like you never help with the kids.", "What a jerk."),
        ("I want us to see my friends more.", "Your friends are boring, that's why."),
    ],
)
def test_the_same_words_about_the_partner_or_their_people_are_judgement(
    sender: str, response: str
) -> None:
    assert "judgement" in flags("validate", response, sender)


@pytest.mark.parametrize(
    ("sender", "response", "explained"),
    [
        ("I didn't finish the tax forms today.", "Are you lazy or just stupid?", "put-down"),
        (
            "I feel hurt you forgot our anniversary.",
            "Right, because you never forget anything. 🙄",
            "Sarcasm",
        ),
        (
            "I feel you don't appreciate what I do.",
            "Whatever you say. You're always right.",
            "Sarcasm",
        ),
        (
            "I'm upset you were late again.",
            "*eye roll* ok so you're upset I was late. happy now?",
            "Sarcasm",
        ),
    ],
)
def test_contempt_in_questions_and_eye_rolls_is_explained_as_such(
    sender: str, response: str, explained: str
) -> None:
    report = check("validate", response, sender)
    findings = json.dumps(report["findings"], ensure_ascii=False)
    assert explained in findings and "Blame" not in findings, findings
    assert report["strengths"] == []


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        (
            "It hurts when you're on your phone while I'm talking.",
            "But you're on your phone too, like all the time.",
        ),
        (
            "I feel ignored when you go straight to the TV.",
            "Well I feel ignored when you go to the pub every Friday.",
        ),
    ],
)
def test_a_counter_complaint_is_a_topic_change(sender: str, response: str) -> None:
    assert "topic_change" in flags("validate", response, sender)


def test_sympathy_to_bad_luck_is_not_a_non_apology() -> None:
    assert "judgement" not in flags(
        "empathize", "I'm sorry you feel that way.", "I got rejected from another job."
    )
    assert "judgement" in flags(
        "validate", "I'm sorry you feel that way.", "I feel hurt when you don't listen."
    )
    assert "solution" not in flags(
        "empathize",
        "Hopefully you get some sleep tonight, love.",
        "I've been up since 4 with the baby.",
    )


def test_a_polite_request_after_an_i_statement_is_not_an_order() -> None:
    sender = "What's up? You seem quiet."
    message = (
        "When the bins get left for me, I feel taken for granted. Could you take them out on "
        "Thursdays?"
    )
    assert check("send", message, sender)["flags"] == []
    assert "solution" in flags("send", "Take the bins out on Thursdays.", sender)


def test_always_inside_an_i_statement_keeps_the_i_statement() -> None:
    report = check("send", "I feel like you are always criticising me.", "Tell me.")
    text = json.dumps(report["findings"], ensure_ascii=False)
    assert "judgement" in flags("send", "I feel like you are always criticising me.", "Tell me.")
    assert "Keep the I-statement" in text and "Use an I-statement" not in text, text


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        (
            "I'm exhausted.",
            "Of course you're exhausted, you're doing two jobs at once and nobody helps you.",
        ),
        (
            "I miss my friends since the move.",
            "That's completely understandable, you left all your friends behind.",
        ),
    ],
)
def test_a_validation_with_its_reason_after_a_comma_is_credited(sender: str, response: str) -> None:
    report = check("validate", response, sender)
    assert report["flags"] == []
    strengths = listed(report, "strengths")
    assert "You told them they make sense, which is the heart of validation." in strengths
    assert not any("Add the reason" in r for r in listed(report, "reminders")), report["reminders"]


def test_no_praise_for_staying_in_the_conversation_when_the_subject_changed() -> None:
    report = check(
        "validate", "Speaking of work, my project got cancelled today.", "I had to stay late again."
    )
    assert "topic_change" in listed(report, "flags")
    stayed = "You stayed in the conversation, which is where the work happens."
    assert stayed not in listed(report, "strengths")


def test_how_often_inside_an_i_statement_is_not_blame() -> None:
    sender = "What's on your mind?"
    assert flags("send", "I feel lonely when you work late every night.", sender) == []
    assert "judgement" in flags("send", "You work late every single night.", sender)
    assert "judgement" in flags("send", "I feel hurt when you always work late.", sender)


def test_something_else_is_a_new_subject_only_when_it_opens_one() -> None:
    sender = "My job is killing me and my manager never says thank you."
    job = flags("validate", "Have you thought about looking for something else?", sender)
    assert job == ["solution"], job
    switch = "I hear that. And I want to say something else that's been bugging me."
    assert "topic_change" in flags("validate", switch, sender)
    check_in = check("empathize", "I wonder if you felt scared. Is there something else?", sender)
    assert check_in["flags"] == [] and check_in["checks"] == {
        "did_i_get_it": False,
        "is_there_more": True,
    }


def test_a_list_of_guessed_feelings_is_not_advice() -> None:
    sender = "When you went quiet after I asked who the texts were from, I felt crazy."
    guess = "I wonder if you felt scared, and confused, maybe doubting yourself."
    assert "solution" not in flags("empathize", guess, sender)
    assert "solution" in flags("empathize", "Maybe you should stop checking my phone.", sender)


@pytest.mark.parametrize(
    ("sender", "response"),
    [
        ("My mum criticised my cooking in front of everyone.", "oh babe that sucks"),
        ("The dog chewed my new shoes.", "aw, that's rubbish."),
    ],
)
def test_plain_words_of_sympathy_are_not_a_verdict(sender: str, response: str) -> None:
    assert "judgement" not in flags("empathize", response, sender)


def test_the_same_words_said_flat_to_a_complaint_about_the_receiver_are() -> None:
    assert "judgement" in flags("validate", "That's rubbish.", "I feel like you never help.")


def test_reassurance_is_explained_with_words_like_it() -> None:
    report = check("validate", "You've worked so hard, you'll be fine, I know it.")
    assert "judgement" in listed(report, "flags")
    assert "you'll be fine" in json.dumps(report["findings"], ensure_ascii=False)


@pytest.mark.parametrize(
    ("stage", "sender", "response"),
    [
        (
            "send",
            "What's on your mind?",
            "When you went out with the lads Saturday without telling me, I felt invisible and a "
            "bit scared.",
        ),
        (
            "validate",
            "The neighbour's been parking across our drive again.",
            "Of course you're fuming, you can't even get the car out.",
        ),
        (
            "empathize",
            "My dad forgot my birthday again.",
            "I imagine you feel hurt and forgotten, and that's not fair on you.",
        ),
        (
            "empathize",
            "My gran died last week.",
            "so I was thinking about it on the way home and like I imagine you're probably "
            "feeling really sad",
        ),
    ],
)
def test_second_new_user_pass_kind_answers_stay_clean(
    stage: str, sender: str, response: str
) -> None:
    assert flags(stage, response, sender) == []


@pytest.mark.parametrize(
    ("stage", "sender", "response", "flag"),
    [
        (
            "empathize",
            "I feel lonely since we moved.",
            "u should totally join that running club",
            "solution",
        ),
        (
            "validate",
            "I'm knackered.",
            "That makes sense. Anyway what do you want for dinner?",
            "topic_change",
        ),
        (
            "validate",
            "I hate wasting money.",
            "it makes sense if you're the kind of person who counts every penny.",
            "judgement",
        ),
        (
            "send",
            "Why are you so quiet tonight?",
            "I feel like you're only asking because you want something.",
            "judgement",
        ),
        (
            "empathize",
            "You were rude to my sister.",
            "I'm sorry you took it that way.",
            "judgement",
        ),
        (
            "validate",
            "You never listen to me.",
            "Okay, if that's how you want to see it.",
            "judgement",
        ),
        (
            "send",
            "I still feel hurt about the affair.",
            "It's been two years. At some point you've got to move on.",
            "judgement",
        ),
    ],
)
def test_second_new_user_pass_misses_are_found(
    stage: str, sender: str, response: str, flag: str
) -> None:
    assert flag in flags(stage, response, sender)


def test_a_literal_let_it_go_is_advice_not_minimising() -> None:
    found = flags(
        "validate", "Why don't you just let it go to voicemail?", "My mum calls at dinner."
    )
    assert found == ["solution"], found
    assert "judgement" in flags(
        "validate", "You just need to let it go.", "My mum calls at dinner."
    )


@pytest.mark.parametrize(
    "response",
    ["makes sense ur angry, they never even tried", "Makes sense that it's driving you mad"],
)
def test_makes_sense_without_a_subject_is_a_validation(response: str) -> None:
    report = check("validate", response, "They never called me back and it's driving me mad.")
    assert "You told them they make sense, which is the heart of validation." in listed(
        report, "strengths"
    )


def test_a_reason_after_a_dash_is_a_reason() -> None:
    sender = "I don't want to go to your work party, I never know anyone there."
    dashed = (
        "Yeah, that makes sense to me — standing around with a drink while I talk shop with "
        "people you've never met sounds pretty miserable."
    )
    assert not any(
        "Add the reason" in r for r in listed(check("validate", dashed, sender), "reminders")
    )
    bare = listed(check("validate", "That makes sense.", sender), "reminders")
    assert any("Add the reason" in r for r in bare), bare
