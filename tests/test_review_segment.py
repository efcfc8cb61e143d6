"""The segmenter and the protocol checks, on the long session and on small cases."""

from __future__ import annotations

from collections import Counter

import pytest

from doubles import ScriptedJudge
from imago_coach.errors import InputError
from imago_coach.transcript.protocol import check_protocol
from imago_coach.transcript.readers import Utterance
from imago_coach.transcript.review import read_transcript, review_file
from imago_coach.transcript.segment import Segmented, segment
from review_helpers import DATA, LONG, expected_long


def _segment_long() -> Segmented:
    seg = segment(read_transcript(LONG).utterances)
    check_protocol(seg)
    return seg


def test_long_session_roles_and_steps_match_the_annotations() -> None:
    seg = _segment_long()
    expected = expected_long()
    assert len(seg.turns) == len(expected) == 103
    got = [(t.speaker, t.role, t.step) for t in seg.turns]
    want = [(e["speaker"], e["role"], e["step"]) for e in expected]
    assert got == want


def test_long_session_rounds_and_stage_counts() -> None:
    seg = _segment_long()
    assert seg.speakers == ("Maya", "Sam")
    senders = {
        n: next(t.speaker for t in ts if t.role == "sender") for n, ts in seg.rounds().items()
    }
    assert senders == {1: "Maya", 2: "Sam", 3: "Maya", 4: "Sam", 5: "Maya", 6: "Sam", 7: "Maya"}
    stages = Counter((t.role, t.stage) for t in seg.turns)
    assert stages == {
        ("sender", "other"): 52,
        ("sender", "request"): 3,
        ("receiver", "mirror"): 26,
        ("receiver", "validate"): 7,
        ("receiver", "empathize"): 7,
        ("receiver", "other"): 6,
        ("receiver", "request"): 2,
    }
    steps = Counter(t.step for t in seg.turns if t.role == "receiver")
    assert steps["summary"] == 5
    assert steps["check"] == 2


def test_long_session_protocol_notes_land_on_the_right_turns() -> None:
    seg = _segment_long()
    notes = {t.index: [code for code, _ in t.notes] for t in seg.turns if t.notes}
    assert notes == {
        3: ["no_check"],
        11: ["thought_not_feeling"],
        25: ["validated_early", "no_summary"],
        29: ["switched_early", "new_topic"],
        71: ["new_topic"],
        78: ["no_summary"],
        80: ["thought_not_feeling"],
        91: ["no_check"],
    }
    message = dict(seg.turns[11].notes)["thought_not_feeling"]
    assert "feel that I don't care" in message
    assert "Sam" in dict(seg.turns[29].notes)["switched_early"]


def _utt(*pairs: tuple[str, str]) -> list[Utterance]:
    return [Utterance(s, t) for s, t in pairs]


def test_first_speaker_who_mirrors_is_the_receiver() -> None:
    seg = segment(
        _utt(
            ("Bo", "So if I got it, you felt alone at the party. Did I get that?"),
            ("Al", "Yes."),
        )
    )
    assert [t.role for t in seg.turns] == ["receiver", "sender"]
    assert seg.speakers == ("Al", "Bo")


def test_sender_who_starts_mirroring_switches_roles_retroactively() -> None:
    seg = segment(
        _utt(
            ("Al", "I felt alone at the party when you talked to your friends all night."),
            ("Bo", "And I felt you were glued to your phone the whole evening, honestly."),
            ("Al", "So if I got it, you felt I was glued to my phone the whole evening."),
        )
    )
    check_protocol(seg)
    assert [(t.role, t.round) for t in seg.turns] == [("sender", 1), ("sender", 2), ("receiver", 2)]
    assert [c for c, _ in seg.turns[1].notes] == ["switched_early"]


def test_more_than_two_speakers_marks_the_rest_other() -> None:
    seg = segment(read_transcript(DATA / "three_speakers.txt").utterances)
    assert seg.speakers == ("Ana", "Ben")
    assert [t.role for t in seg.turns if t.speaker == "Therapist"] == ["other", "other"]
    assert [t.stage for t in seg.turns if t.speaker == "Therapist"] == ["other", "other"]
    assert "Therapist (2 turns) marked other" in seg.notes[0]


def test_one_speaker_is_a_clear_error() -> None:
    with pytest.raises(InputError, match=r"Only one speaker \(Al\)"):
        segment(_utt(("Al", "hello"), ("Al", "anyone?")))


def test_validation_before_no_more_and_missing_summary() -> None:
    seg = segment(
        _utt(
            ("Al", "I felt alone at the party when you talked to your friends all night."),
            ("Bo", "So if I got it, you felt alone at the party. Did I get that? Is there more?"),
            ("Al", "Yes, there's more. Nobody introduced me to anyone and I left early."),
            ("Bo", "You make sense, because you didn't know anyone there."),
        )
    )
    check_protocol(seg)
    assert [c for c, _ in seg.turns[3].notes] == ["validated_early", "no_summary"]


def test_the_partners_are_who_say_most_not_who_has_most_turns() -> None:
    report = review_file(DATA / "child_interjects.txt", ScriptedJudge())
    assert report.speakers == ["Mia", "Tom"]
    assert {t.role for t in report.turns if t.speaker == "Zoe"} == {"other"}
    assert [t.role for t in report.turns if t.speaker == "Tom"] == ["receiver", "receiver"]
    assert any("Zoe (5 turns) marked other and set aside" in n for n in report.notes)
