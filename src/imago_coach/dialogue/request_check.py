"""The behaviour-change request checker: specific, positive, doable and time-limited.

In Imago Dialogue the sender closes with a small request the receiver can say yes to. A good one
asks for something concrete to do (not to stop doing), that is realistic, for a bounded time:
"Would you sit with me for twenty minutes every Sunday for the next month?".
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_NEGATIVE = re.compile(
    r"\b(stop|quit|don'?t|do not|never|no more|not to|would(?:n'?t| not) you|cease|refrain|"
    r"give up|no longer|avoid)\b",
    re.IGNORECASE,
)
_VAGUE = re.compile(
    r"\b(more (?:often|supportive|attentive|present|caring|loving|considerate|respectful|"
    r"involved|thoughtful|understanding|patient)|be (?:nicer|better|kinder)|"
    r"be (?:more|less) (?!than)\w+|"
    r"respect me|care (?:more|about me)|understand me|appreciate me|try harder|make an effort|"
    r"pay (?:more )?attention|change|be there for me|show (?:me )?(?:more )?(?:love|that you care)|"
    r"help (?:out )?more|listen (?:to me )?more|in general|somehow|whatever)\b",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"\b(always|every time|whenever|all the time|forever|for good|from now on|for the rest|"
    r"completely|everything|anymore|any more|entirely|totally|never again)\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_TIME = re.compile(
    r"\b(for the next|for (?:a|one|two|three|four|five|six|\d+) (?:day|week|month|evening|night)s?|"
    r"this (?:week|weekend|month|evening|saturday|sunday|friday|time)|next (?:week|weekend|month|"
    + _WEEKDAY + r")|tonight|tomorrow|today|until|by (?:the end|" + _WEEKDAY + r")|"
    r"(?:every|each|on|this|next) " + _WEEKDAY + r"|" + _WEEKDAY + r"|"
    r"(?:once|twice|three times) (?:a|per|this) (?:day|week|month)|"
    r"(?:every|each) (?:day|evening|morning|night|weekday|weekend|week)|"
    r"(?:at|before|after) \d{1,2}(?::\d\d)?|\d+ (?:minutes?|hours?|days?|weeks?|months?)|"
    r"(?:one|two|three|four|five|ten|fifteen|twenty|thirty) (?:minutes?|hours?|days?|weeks?|"
    r"months?|evenings?|nights?|times)|during (?:the|her|his|their|our)|"
    r"christmas|the next (?:three|two|few|\d+))",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"[a-z]{4,}", re.IGNORECASE)
_FILLER = frozenset(
    ["would", "could", "please", "with", "your", "that", "this", "about", "really", "just",
     "want", "need", "like"]
)


class RequestCheck(BaseModel):
    """The verdict on a behaviour-change request (stored beside the utterance)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = "request"
    specific: bool
    positive: bool
    doable: bool
    time_limited: bool
    problems: list[str]
    feedback: str

    @property
    def ok(self) -> bool:
        return self.specific and self.positive and self.doable and self.time_limited


def check_request(text: str) -> RequestCheck:
    """Judge a request on the four qualities, each with a gentle fix when it is missing."""
    content = [w for w in _CONTENT.findall(text) if w.lower() not in _FILLER]
    vague = _VAGUE.search(text)
    negative = _NEGATIVE.search(text)
    absolute = _ABSOLUTE.search(text)
    timed = _TIME.search(text)
    specific = vague is None and len(content) >= 3
    positive = negative is None
    doable = absolute is None and len(text.split()) <= 60
    time_limited = timed is not None
    problems: list[str] = []
    if not specific:
        what = f'"{vague.group(0)}" is hard to act on' if vague else "it is hard to picture"
        problems.append(
            f"Make it specific: {what}. Name one action your partner could see themselves do."
        )
    if negative is not None:
        problems.append(
            f'Make it positive: "{negative.group(0)}" asks for less of something. Ask for what '
            "you want instead: \"Would you ...\"."
        )
    if not doable:
        if absolute:
            problems.append(
                f'Make it doable: "{absolute.group(0)}" asks for a lot. Small and sure beats '
                "big and shaky."
            )
        else:
            problems.append("Make it doable: keep it to one small thing, in one sentence.")
    if not time_limited:
        problems.append(
            'Make it time-limited: say when and for how long, e.g. "every Sunday for the next '
            'month".'
        )
    if problems:
        feedback = "A good start: you are asking for something. " + problems[0]
    else:
        feedback = (
            "A clear request: specific, positive, doable and time-limited. "
            "That's easy to say yes to."
        )
    return RequestCheck(
        specific=specific,
        positive=positive,
        doable=doable,
        time_limited=time_limited,
        problems=problems,
        feedback=feedback,
    )
