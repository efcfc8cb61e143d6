"""Role switches (offers, claims, a sender who mirrors), the summary note, clean caption text."""

from __future__ import annotations

import pytest

from doubles import ScriptedJudge
from imago_coach.transcript.protocol import check_protocol
from imago_coach.transcript.readers import Utterance, parse
from imago_coach.transcript.review import read_transcript, review_file
from imago_coach.transcript.segment import Segmented, segment
from review_helpers import DATA

HOLIDAYS = DATA / "holidays_switch.txt"  # Maya sends, "Your turn, if you want." at turn 20
PHONES = DATA / "phones_dinner.vtt"


def _seg(*pairs: tuple[str, str]) -> Segmented:
    seg = segment([Utterance(s, t) for s, t in pairs])
    check_protocol(seg)
    return seg


def _roles(seg: Segmented) -> list[tuple[str, str, int | None]]:
    return [(t.speaker, t.role, t.round) for t in seg.turns]


# 1. The switch lands where the offer is made


def test_holidays_roles_switch_right_after_the_offer() -> None:
    seg = segment(read_transcript(HOLIDAYS).utterances)
    assert len(seg.turns) == 32
    maya = [("Maya", "sender", 1), ("Tom", "receiver", 1)] * 10 + [("Maya", "sender", 1)]
    tom = [("Tom", "sender", 2), ("Maya", "receiver", 2)] * 3 + [
        ("Tom", "sender", 2),
        ("Maya", "receiver", 2),  # "No, that's it." / validation
        ("Tom", "sender", 2),
        ("Tom", "sender", 2),
        ("Maya", "receiver", 2),
    ]
    assert _roles(seg) == maya + tom
    steps = {t.index: t.step for t in seg.turns}
    assert steps[20] == "confirm"  # "Thank you. Your turn, if you want."
    assert (steps[21], steps[23]) == ("send", "send")
    assert (steps[22], steps[26]) == ("mirror", "mirror")
    assert steps[24] == "other"  # "maybe you should just tell her no": a solution to judge
    assert (steps[28], steps[30], steps[31]) == ("validate", "request", "agree")


def test_holidays_sender_turns_are_judged_as_sends_and_the_solution_is_judged() -> None:
    judge = ScriptedJudge({"Well, maybe you should just tell her no for once.": ["solution"]})
    report = review_file(HOLIDAYS, judge)
    turns = report.turns
    assert [turns[i].rubric for i in (21, 23)] == ["send", "send"]
    assert [turns[i].rubric for i in (22, 26)] == ["mirror", "mirror"]
    assert turns[24].judged and turns[24].flags == ["solution"]
    assert turns[30].stage == "request" and turns[31].stage == "request"
    # The new sender's opening is judged against what Maya said in round 1.
    opening = next(r for r in judge.calls if r.response == turns[21].text)
    assert "Christmas" in opening.sender
    # Maya's mirror after her off-step advice covers all Tom said since her last mirror.
    mirror = next(r for r in judge.calls if r.response == turns[26].text)
    assert "guilt-trips me" in mirror.sender and "it's hard" in mirror.sender


@pytest.mark.parametrize(
    "offer",
    [
        "Thank you. Your turn, if you want.",
        "Thanks. Do you want to go?",
        "Thank you. Would you like to send now?",
        "Thanks, over to you.",
        "Thank you. Do you want to switch?",
    ],
)
def test_an_offer_from_the_sender_opens_the_next_round(offer: str) -> None:
    seg = _seg(
        ("Al", "When you were late for dinner, I felt unimportant and alone."),
        ("Bo", "So if I got it, when I was late for dinner you felt unimportant and alone."),
        ("Al", offer),
        ("Bo", "Yes. When you say I'm late, I feel like nothing I do is enough."),
        ("Al", "So if I got it, you feel like nothing you do is enough. Did I get that?"),
    )
    assert _roles(seg) == [
        ("Al", "sender", 1),
        ("Bo", "receiver", 1),
        ("Al", "sender", 1),
        ("Bo", "sender", 2),
        ("Al", "receiver", 2),
    ]


def test_an_offer_before_anything_was_sent_hands_the_first_round_over() -> None:
    seg = _seg(
        ("Al", "Would you like to go first?"),
        ("Bo", "Sure. When you checked your phone at dinner, I felt lonely."),
        ("Al", "So if I got it, when I checked my phone at dinner you felt lonely."),
    )
    assert _roles(seg) == [("Al", "receiver", 1), ("Bo", "sender", 1), ("Al", "receiver", 1)]
    assert seg.speakers == ("Bo", "Al")
    assert [c for t in seg.turns for c, _ in t.notes] == ["no_check"]


@pytest.mark.parametrize(
    "claim",
    [
        "Thanks. I'd like to respond now.",
        "Can I share my side?",
        "OK, my turn.",
    ],
)
def test_a_claim_from_the_receiver_switches_at_once(claim: str) -> None:
    seg = _seg(
        ("Al", "When you were late for dinner, I felt unimportant and alone."),
        ("Bo", "So if I got it, when I was late for dinner you felt unimportant and alone."),
        ("Al", "Yes."),
        ("Bo", claim),
    )
    assert _roles(seg)[-1] == ("Bo", "sender", 2)


def test_a_turn_to_do_a_chore_is_no_offer() -> None:
    seg = _seg(
        ("Al", "Last night it was your turn to cook and you ordered pizza again."),
        ("Bo", "That was because I worked late, honestly."),
        ("Al", "It was also your turn to do the dishes, and I did them."),
        ("Bo", "I was exhausted after a long shift at the hospital."),
    )
    assert [t.role for t in seg.turns] == ["sender", "receiver", "sender", "receiver"]


# 2. A sender who mirrors the other partner's turn has switched


def test_a_sender_who_mirrors_the_receivers_turn_switches() -> None:
    seg = _seg(
        ("Al", "When you came home late, I felt alone and scared."),
        ("Bo", "So you felt alone and scared when I came home late. Did I get that?"),
        ("Al", "Yes."),
        ("Bo", "I was late because my boss kept me at the office and I couldn't call."),
        ("Al", "Your boss kept you at the office and you couldn't call. Did I get that?"),
        ("Bo", "Yes, exactly."),
    )
    assert _roles(seg) == [
        ("Al", "sender", 1),
        ("Bo", "receiver", 1),
        ("Al", "sender", 1),
        ("Bo", "sender", 2),
        ("Al", "receiver", 2),
        ("Bo", "sender", 2),
    ]
    assert seg.turns[4].step == "mirror"
    assert [c for c, _ in seg.turns[3].notes] == ["switched_early"]


def test_a_check_in_on_other_words_is_no_switch() -> None:
    seg = _seg(
        ("Al", "When you came home late, I felt alone and scared."),
        ("Bo", "That's not fair, the traffic was terrible tonight."),
        ("Al", "I felt alone and scared, is that right to feel?"),
    )
    assert [t.role for t in seg.turns] == ["sender", "receiver", "sender"]


def test_validating_and_empathizing_in_one_turn_counts_as_both() -> None:
    seg = _seg(
        ("Al", "When you came home late, I felt alone and scared."),
        ("Bo", "So if I got it, you felt alone and scared. Did I get that? Is there more?"),
        ("Al", "No, that's it."),
        ("Bo", "You make sense. I imagine you feel scared and alone."),
        ("Al", "Yes."),
        ("Al", "Could you text me when you'll be late this week?"),
        ("Bo", "Yes, I'd love to."),
        ("Al", "Your turn."),
        ("Bo", "When you say I'm always late, I feel like a failure."),
    )
    assert (seg.turns[5].step, seg.turns[6].step) == ("request", "agree")
    assert seg.turns[8].role == "sender" and seg.turns[8].round == 2
    assert "switched_early" not in [c for c, _ in seg.turns[8].notes]


# 3. The summary note


def test_no_summary_is_noted_on_the_validation_after_that_is_all() -> None:
    seg = segment(read_transcript(PHONES).utterances)
    check_protocol(seg)
    assert seg.turns[10].text == "No, that's all."
    assert seg.turns[11].step == "validate"
    assert [c for c, _ in seg.turns[11].notes] == ["no_summary"]
    assert [c for c, _ in seg.turns[7].notes] == ["validated_early", "no_summary"]
    # The switch ("Do you want to switch?") lands on Riley's next turn.
    assert (seg.turns[19].speaker, seg.turns[19].role, seg.turns[19].round) == (
        "Riley",
        "sender",
        2,
    )


# 4. Caption text reaches the judge clean


def test_vtt_markup_entities_and_odd_spaces_are_cleaned() -> None:
    vtt = (
        "WEBVTT\n\nNOTE exported\n\n"
        "1\n00:00:00.000 --> 00:00:05.000 align:start\n"
        "<v.loud Maya Lee>When you scroll&nbsp;on your phone &amp; ignore me, "
        "<i>I</i>\u00a0feel\u200b lonely.</v>\n\n"
        "2\n00:00:05.000 --> 00:00:09.000\n"
        "<v Tom><00:00:05.500><c>So you feel lonely &lt;when&gt; I scroll.</c></v>\n"
    )
    read = parse(vtt)
    assert [(u.speaker, u.text) for u in read.utterances] == [
        ("Maya Lee", "When you scroll on your phone & ignore me, I feel lonely."),
        ("Tom", "So you feel lonely <when> I scroll."),
    ]


def test_srt_position_codes_are_dropped() -> None:
    srt = "1\n00:00:00,000 --> 00:00:05,000\n{\\an8}Maya: I feel\u00a0alone.\n"
    assert [(u.speaker, u.text) for u in parse(srt).utterances] == [("Maya", "I feel alone.")]


def test_the_judge_gets_plain_text_from_the_vtt() -> None:
    judge = ScriptedJudge()
    review_file(PHONES, judge)
    for request in judge.calls:
        for text in (request.sender, request.response):
            assert not any(mark in text for mark in ("<", ">", "&", "-->", "\u00a0", "\u200b"))
    assert any(
        r.response.startswith("When you scroll on your phone during dinner") for r in judge.calls
    )
