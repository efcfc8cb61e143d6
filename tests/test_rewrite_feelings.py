"""The feelings an empathy rewrite guesses fit what the partner talked about."""

from __future__ import annotations

import pytest

from imago_coach.language.feelings import feelings_for
from imago_coach.language.text import receiver_voice


@pytest.mark.parametrize(
    ("sender", "fits", "never"),
    [
        ("You're at work every weekend and I barely see you.", "like you come second", "worn out"),
        ("Work is non-stop at the moment and I'm drowning.", "worn out", "like you come second"),
        ("I start the new job on Monday.", "nervous", "like you come second"),
        ("I got rejected from another job.", "discouraged", "like you come second"),
        ("The neighbours had a party until 3am again.", "exhausted", "left out"),
        ("You went to the party with your friends and didn't ask me.", "left out", "exhausted"),
        ("The wedding budget is stressing me out.", "stressed", "shut out"),
        ("I'm nervous about meeting your parents.", "nervous", "caught in the middle"),
    ],
)
def test_guessed_feelings_fit_whose_work_or_whose_party_it_is(
    sender: str, fits: str, never: str
) -> None:
    found = feelings_for(sender)
    assert fits in found and never not in found, found


def test_you_and_your_friends_comes_back_as_my_friends_and_i() -> None:
    given = receiver_voice("when you and your friends made plans without me")
    assert given == "when my friends and I made plans without you"
