"""The receiver's voice after a preposition: "sick of you never putting..." is "of me", whatever
follows (a rewrite read "you're sick of I never putting the bins out")."""

from __future__ import annotations

import pytest

from imago_coach.language.text import receiver_voice


@pytest.mark.parametrize(
    ("said", "voiced"),
    [
        ("I'm sick of you never putting the bins out.", "You're sick of me never putting"),
        ("I'm tired of you always being on your phone.", "You're tired of me always being on my"),
        ("I worry about you driving at night.", "You worry about me driving at night."),
        ("I do more than you do.", "You do more than I do."),  # "than" keeps its subject
        ("When I ask for help you sigh.", "When you ask for help I sigh."),
    ],
)
def test_you_after_a_preposition_is_me(said: str, voiced: str) -> None:
    assert receiver_voice(said).startswith(voiced)
