"""Turning the other person's words into the partner's voice: mirrors and named feelings.

``mirror_of`` gives words back from the other side ("I feel" -> "you feel"), without the
discourse markers and confirmations that open a line ("Yes, that's it. And ..."), which are not
part of what was said. ``feeling_words`` finds the feelings a line names, in its own words.
"""

from __future__ import annotations

import re

from imago_coach.language.feelings import FEELINGS, feelings_for
from imago_coach.language.text import fold_phrases, receiver_voice, sentences, words

_PUNCT = r"[\s,.;:!?\u2014\u2013-]"
_MARK = r"[,.;:!?\u2014\u2013-]"
# Discourse markers that open a line ("Yes, and there's more. ...", "Well, ...") but are not
# part of what is said; a mirror leaves them out. "No" and "there's more" count only with a
# mark after them ("No one listens" and "There's more money ..." are what is said).
LEAD = re.compile(
    r"^(?:(?:(?:and )?another thing(?=" + _PUNCT + r"|$)|"
    r"(?:there(?:'s| is) more|no|nope|that'?s (?:it|all|right|everything)|you got it|"
    r"exactly|right|correct)(?=" + _MARK + r"|$)|"
    r"(?:yes|yeah|yep|okay|ok|well|so|and|but|also|plus|anyway|oh|um+|uh+|er+|hmm+)"
    r"(?=" + _PUNCT + r"|$))" + _PUNCT + r"*)+",
    re.IGNORECASE,
)
# A sentence that only confirms, closes or thanks ("Yes, that's it.", "No, that's all."):
# not content.
CONFIRMATION = re.compile(
    r"^\W*(?:(?:thank you|thanks)(?: so much| very much)?\W*(?:(?:that|it) means a lot"
    r"(?: to me)?|I appreciate (?:it|that))?\W*$|"
    r"(?:(?:yes|yeah|yep|no|nope|right|exactly|correct|mostly|pretty much|ok(?:ay)?|sure)\W*)*"
    r"(?:(?:that'?s|that is) (?:it|all|right|everything|correct|how I feel|what I said)|"
    r"you got (?:it|that|it all)(?: all)?|(?:nothing|no) (?:more|else))?\W*"
    r"(?:(?:really|thanks|thank you)\W*)*$)",
    re.IGNORECASE,
)
_ME_SUBJECT = re.compile(r"\b(and|if|when|that|because|but|while|until|since) me\b(?! and\b)")
# "I feel lonely and a bit forgotten." -> "lonely and a bit forgotten"
_FEEL = re.compile(
    r"\bI (?:feel|felt|get|got|am|'m|was|'ve been|have been)\s+(?:so |really |very |just )?"
    r"(?!like\b|that\b|as if\b)([a-z][a-z ,'-]*?)(?=\s*(?:[.;:!?]|,? like\b|,? when\b|,? because\b|"
    r",? as if\b|,? and I\b|$))",
    re.IGNORECASE,
)
# Feeling words people use that the judge's lexicon does not list.
_MORE_FEELINGS = frozenset("forgotten overlooked unimportant criticised criticized unheard".split())


def content(text: str) -> str:
    """The line without its confirmations: "Yes, that's it. And I shut down." -> "And I shut
    down."; "" when the line only confirms."""
    kept = [s for s in sentences(" ".join(text.split())) if not CONFIRMATION.match(s)]
    return " ".join(kept)


def confirms_only(text: str) -> bool:
    """Whether the line only confirms ("Yes, you got it.", "That's how I feel.")."""
    return not content(text).strip(" .!?,")


_CHECK_IN = re.compile(
    r"^\W*(?:did I get (?:that|it(?: all)?)|is there more|is that right|"
    r"did I get it right)\W*$",
    re.IGNORECASE,
)


def mirror_of(text: str) -> str:
    """Your words from the partner's side, for a mirror: "I feel" -> "you feel" (without any
    "Did I get that?" of your own: the partner adds its own check-in)."""
    kept = [s for s in sentences(" ".join(text.split())) if not _CHECK_IN.match(s)]
    text = " ".join(kept) or text
    plain = content(text) or " ".join(text.split())
    body = receiver_voice(LEAD.sub("", plain) or plain).rstrip(" .!?")
    body = _ME_SUBJECT.sub(r"\1 I", body)  # "if you still want" was "if me still want"
    if not body.startswith(("I ", "I'")):
        body = body[:1].lower() + body[1:]
    return body


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def feeling_phrase(text: str) -> str | None:
    """The feelings as the person put them ("lonely and a bit forgotten"), if they said
    "I feel ..."."""
    for m in _FEEL.finditer(text):
        phrase = m.group(1).strip(" ,")
        if any(w in FEELINGS or w in _MORE_FEELINGS for w in words(fold_phrases(phrase))):
            return phrase  # "left out" counts, as "excluded"
    return None


def feeling_words(text: str) -> list[str]:
    """The feeling words a line names, in order ("left out", "lonely", "forgotten")."""
    own = [w for w in feelings_for(text) if w in text.lower()]
    for word in words(text):
        if (word in FEELINGS or word in _MORE_FEELINGS) and word not in own:
            own.append(word)
    return own


def listing(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
