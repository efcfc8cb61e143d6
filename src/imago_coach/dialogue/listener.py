"""The partner as receiver, after the switch: what it says back to you, from your own words.

It mirrors each message, sums the whole of it up, validates and empathizes with the feelings you
named (not with guesses written into the scenario), takes a correction to its summary or its
empathy, and answers your request naming exactly what the request checker found missing. On your
last try it says yes anyway, gently saying what could be sharper: the dialogue never dead-ends.
"""

from __future__ import annotations

import re

from imago_coach.dialogue.request_check import find_gaps
from imago_coach.dialogue.voice import (
    capital,
    content,
    feeling_phrase,
    feeling_words,
    listing,
    mirror_of,
)
from imago_coach.language.feelings import feelings_for
from imago_coach.language.text import receiver_voice

ASK_REQUEST = "What would you like to ask of me?"
_WHEN = re.compile(r"^(?:when|whenever|if)\s+(.+?),\s*(?:and\s+)?I\s", re.IGNORECASE)
_NEGATIVE_REPLY = re.compile(
    r"^\W*(?:no|nope|not (?:quite|really|exactly)|almost|mostly|"
    r"kind of|sort of)\b",
    re.IGNORECASE,
)
_NO_MORE = re.compile(r"^\W*no\W+that'?s (?:all|it|everything)\b", re.IGNORECASE)
_CORRECTION_LEAD = re.compile(
    r"^\W*(?:(?:no|nope|not quite|not really|not exactly|almost|mostly|kind of|sort of|yes|"
    r"yeah|but|and|well)\W+)*(?:(?:I (?:also )?said|I also|also|you missed(?: that)?|"
    r"you forgot(?: that)?|there's also)\W+)?",
    re.IGNORECASE,
)


def said_back(msgs: list[str]) -> list[str]:
    """Your messages without their confirmations, the ones with something in them."""
    return [c for c in (content(m) for m in msgs) if c.strip(" .!?,")]


def summary(msgs: list[str]) -> str:
    said = " ".join(f"{capital(mirror_of(m))}." for m in said_back(msgs))
    return f"Let me see if I got all of it. {said} Did I get it all?"


def _feelings(msgs: list[str]) -> str:
    whole = " ".join(said_back(msgs))
    return feeling_phrase(whole) or listing(feeling_words(whole)[:3])


def validation(msgs: list[str]) -> str:
    """ "You make sense to me. When I ..., of course you'd feel <your words>."."""
    kept = said_back(msgs)
    feelings = _feelings(msgs)
    m = _WHEN.match(kept[0]) if kept else None
    if m and feelings:
        situation = receiver_voice(m.group(1)).strip(" ,")
        if not situation.startswith(("I ", "I'")):
            situation = situation[:1].lower() + situation[1:]
        return f"You make sense to me. When {situation}, of course you'd feel {feelings}."
    if feelings:
        return f"You make sense to me. Given what you told me, of course you'd feel {feelings}."
    return "You make sense to me. Given what you told me, of course this matters to you."


def empathy(msgs: list[str]) -> str:
    """The feelings you named, and one the partner imagines from them, tentatively."""
    whole = " ".join(said_back(msgs))
    named = feeling_words(whole)[:3]
    guess = next((f for f in feelings_for(whole) if f not in named), None)
    if not named:
        return f"I imagine you might feel {guess or 'hurt'}. Is that right?"
    line = f"I imagine you might feel {listing(named)}"
    if guess:
        line += f", and maybe a bit {guess} too"
    return line + ". Is that right?"


def correction(text: str) -> str:
    """What a reply adds or corrects, without "No, I also said" and the confirmations."""
    return _CORRECTION_LEAD.sub("", content(text)).strip()


def reply_to_summary(text: str, *, last: bool = False) -> tuple[str | None, bool]:
    """The partner's answer to your reply to its summary, and whether it asks again (it does
    not on ``last``, the one correction already taken)."""
    extra = correction(text)
    if extra.strip(" .!?,"):
        if last:
            return f"Thank you. And {mirror_of(extra)}. I've got that now.", False
        return f"Thank you. And {mirror_of(extra)}. Did I get it all now?", True
    if _NEGATIVE_REPLY.match(text) and not _NO_MORE.match(text):
        if last:
            return "OK. I'll keep listening for it.", False
        return "What did I miss?", True
    return None, False


def reply_to_empathy(text: str, said: str) -> str | None:
    """A feeling you add or correct is taken in; a plain "yes" needs no answer."""
    new = [f for f in feeling_words(text) if f not in said.lower()]
    if new:
        return f"{capital(listing(new))}, too. Thank you for telling me."
    if _NEGATIVE_REPLY.match(text):
        return "Thank you for telling me. I want to get it right."
    return None


def answer_request(text: str, problems: bool, *, final: bool, agree: str) -> str:
    """Yes to a clear request; otherwise ask for exactly what is missing, or, on the last try,
    say yes and name what could be sharper."""
    if not problems:
        return agree
    gaps = find_gaps(text)
    if gaps.not_request:
        return (
            "I'm listening, but I'm not sure what you'd like me to do. What could I do for you?"
            if not final
            else "I'd like to do something for you. When you know what, tell me one thing."
        )
    asks: list[str] = []
    sharper: list[str] = []
    if gaps.fault:
        asks.append(
            "That sounds more like what I do wrong than what you'd like. What would you "
            "like me to do instead?"
        )
        sharper.append("what you'd like instead")
    elif not gaps.specific:
        asks.append(
            f"I'm not sure what \u201c{gaps.vague}\u201d would look like: what would I actually do?"
            if gaps.vague
            else "I'm not sure what I'd actually be doing: what would you like me to do?"
        )
        sharper.append("what exactly I'd do")
    if gaps.negative and not gaps.fault:
        asks.append("I hear what you'd like me to stop. What would you like me to do instead?")
        sharper.append("what you'd like instead")
    if not gaps.doable:
        asks.append(
            f"\u201c{gaps.too_big}\u201d feels like a lot to promise. Could we make it "
            "smaller, for a set time?"
            if gaps.too_big
            else "That's a lot at once. Could we make it one small thing?"
        )
        sharper.append("a smaller step")
    if gaps.untimed:
        asks.append(
            "And when, and for how long?" if asks else "When, and for how long would you like that?"
        )
        sharper.append("for how long")
    if final or not asks:
        if not sharper:
            return agree
        return (
            f"OK, I'll say yes to that, and I'll do my best. Next time, it would help me to "
            f"hear {listing(sharper)}."
        )
    return "I'd like to give you that. " + " ".join(asks)
