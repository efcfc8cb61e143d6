"""The feelings an empathy rewrite guesses fit what the partner talked about."""

from __future__ import annotations

import pytest

from imago_coach.language.feelings import feelings_for


@pytest.mark.parametrize(
    ("sender", "fits", "never"),
    [
        ("You're at work every weekend and I barely see you.", "like you come second", "worn out"),
        ("Work is non-stop at the moment and I'm drowning.", "worn out", "like you come second"),
        ("I start the new job on Monday.", "nervous", "like you come second"),
        ("I got rejected from another job.", "discouraged", "like you come second"),
        ("The neighbours had a party until 3am again.", "exhausted", "left out"),
        ("You went to the party with your friends and didn't ask me.", "left out", "exhausted"),
    ],
)
def test_guessed_feelings_fit_whose_work_or_whose_party_it_is(
    sender: str, fits: str, never: str
) -> None:
    found = feelings_for(sender)
    assert fits in found and never not in found, found
