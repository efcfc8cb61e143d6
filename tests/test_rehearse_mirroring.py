"""The partner mirrors the sender: your words from its side, without discourse markers or
confirmations."""

from __future__ import annotations

import pytest

from imago_coach.dialogue.voice import mirror_of
from rehearse_helpers import play


@pytest.mark.parametrize(
    ("said", "mirror"),
    [
        (
            "Yes, and there's more. I grew up with a dad who decided.",
            "you grew up with a dad who decided",
        ),
        ("Another thing, my mother is always here.", "your mother is always here"),
        ("And another thing: your mother calls daily.", "my mother calls daily"),
        ("Well, I always pay.", "you always pay"),
        ("Um, okay, so I feel sad.", "you feel sad"),
        ("No, I also feel proud.", "you also feel proud"),
        ("No one listens to me.", "no one listens to you"),
        ("There's more money going out than in.", "there's more money going out than in"),
    ],
)
def test_mirror_drops_leading_discourse_markers(said: str, mirror: str) -> None:
    assert mirror_of(said) == mirror


def test_partner_mirror_of_your_message_has_no_markers() -> None:
    lines = [
        "Is now a good time?",
        "I feel left out when money is decided without me.",
        "Yes, and there's more. I grew up watching my dad decide everything.",
        "/quit",
    ]
    _, io = play(lines, role="sender")
    said = io.texts("partner")
    assert any(s.startswith("So if I got it, you grew up watching your dad") for s in said)
    assert not any("So if I got it, yes" in s for s in said)


def test_confirmations_are_stripped_before_mirroring() -> None:
    text = (
        "Yes, that's it. And I think I shut down because my dad used to lecture me about "
        "chores and I never felt good enough."
    )
    assert mirror_of(text).startswith("you think you shut down")
    lines = ["yes", "When I come home I feel criticised.", text, "No, that's all."]
    _, io = play(lines, scenario="chores", role="sender")
    said = " ".join(io.texts("partner"))
    assert "that's it" not in said.lower()
