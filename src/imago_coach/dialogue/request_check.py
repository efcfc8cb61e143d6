"""The behaviour-change request checker: specific, positive, doable and time-limited.

In Imago Dialogue the sender closes with a small request the receiver can say yes to. A good one
asks for something concrete to do (not to stop doing), that is realistic, for a bounded time:
"Would you sit with me for twenty minutes every Sunday for the next month?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
# Asks with no end: never doable, whatever the time frame.
_UNBOUNDED = re.compile(
    r"\b(forever|for good|from now on|for the rest|for ever|completely|everything|entirely|"
    r"totally|never again|anymore|any more)\b",
    re.IGNORECASE,
)
# How often: doable when the request also says for how long ("every time ... for two weeks").
_OPEN_FREQUENCY = re.compile(
    r"\b(always|every (?:single )?time|whenever|all the time)\b", re.IGNORECASE
)
# Verbs of something your partner could be seen doing. A request with one of these (outside a
# vague phrase) is concrete, even if it also says "change" ("ten minutes to change and breathe").
_ACTION = re.compile(
    r"\b(text|call|phone|ring|message|tell|ask|check|sit|walk|wash|clean|tidy|cook|make|take|"
    r"give|plan|book|keep|invite|hug|hold|kiss|put|leave|come|meet|join|spend|turn|switch|"
    r"practi[sc]e|write|send|say|read|drive|pick|pay|go|set|share|split|empty|load|cancel|"
    r"bring|let|wait|sleep|eat|stay|talk|decide|agree|sort|fold|feed|bath|bathe|help me|"
    r"look at|show me (?:the|your|how)|listen (?:to me )?for)\b",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_TIME = re.compile(
    r"\b(for the next|for (?:a|one|two|three|four|five|six|\d+) (?:day|week|month|evening|night)s?|"
    r"this (?:year|week|weekend|month|evening|saturday|sunday|friday|time)|"
    r"next (?:week|weekend|month|"
    + _WEEKDAY
    + r")|tonight|tomorrow|today|until|by (?:the end|"
    + _WEEKDAY
    + r")|"
    r"(?:every|each|on|this|next) " + _WEEKDAY + r"|" + _WEEKDAY + r"|"
    r"(?:once|twice|three times) (?:a|per|this) (?:day|week|month)|"
    r"(?:every|each) (?:day|evening|morning|night|weekday|weekend|week)|"
    r"(?:at|before|after) \d{1,2}(?::\d\d)?|\d+ (?:minutes?|hours?|days?|weeks?|months?)|"
    r"(?:one|two|three|four|five|ten|fifteen|twenty|thirty) (?:minutes?|hours?|days?|weeks?|"
    r"months?|evenings?|nights?|times)|during (?:the|her|his|their|our)|"
    r"christmas|the next (?:three|two|few|\d+))",
    re.IGNORECASE,
)
# The form of an ask: without one, and without an action, a line is not a request ("Ok.").
_ASK_FORM = re.compile(
    r"\b(would|could|can|will|please|I'?d (?:like|love)|I would (?:like|love)|I need you|"
    r"I'?m asking|what would help|it would help|would it be|how about|my request)\b",
    re.IGNORECASE,
)
# A fault named in the ask: a criticism in the form of a request ("stop complaining so much").
_FAULT = re.compile(
    r"\b(?:complain\w*|nag\w*|whin\w*|moan\w*|sulk\w*|overreact\w*|criticis\w*|"
    r"criticiz\w*|being (?:so |such )?(?:\w+ )?(?:selfish|lazy|rude|difficult|dramatic|"
    r"negative|cold|mean|a \w+)|(?:so|that) (?:selfish|lazy|rude|difficult|dramatic|negative|"
    r"needy|sensitive|moody))\b(?:\s+(?:so much|all the time|constantly))?",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"[a-z]{4,}", re.IGNORECASE)
_FILLER = frozenset(
    [
        "would",
        "could",
        "please",
        "with",
        "your",
        "that",
        "this",
        "about",
        "really",
        "just",
        "want",
        "need",
        "like",
    ]
)


class RequestCheck(BaseModel):
    """The verdict on a behaviour-change request (stored beside the utterance)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["request"] = "request"
    specific: bool
    positive: bool
    doable: bool
    time_limited: bool
    problems: list[str]
    feedback: str
    stage: Literal["request"] = "request"  # where it is stored, beside the rubric verdicts

    @property
    def ok(self) -> bool:
        return self.specific and self.positive and self.doable and self.time_limited

    @property
    def lacking(self) -> list[str]:
        """The qualities it lacks, by field name, in the order above."""
        return [
            name
            for name, ok in (
                ("specific", self.specific),
                ("positive", self.positive),
                ("doable", self.doable),
                ("time_limited", self.time_limited),
            )
            if not ok
        ]


@dataclass(frozen=True)
class Gaps:
    """What a request lacks, with the words that show it (for the partner to name)."""

    vague: str | None  # the vague phrase, when there is no concrete action at all
    negative: str | None  # "stop", "don't", ...
    too_big: str | None  # "forever", or "every time" with no time frame
    long: bool  # over 60 words
    untimed: bool  # no when / for how long
    unclear: bool  # no vague phrase, but too little to picture
    fault: str | None = None  # a criticism dressed as a request ("complaining so much")
    not_request: bool = False  # no ask and no action at all ("Ok.", "Thank you.")

    @property
    def specific(self) -> bool:
        return self.vague is None and not self.unclear and self.fault is None

    @property
    def doable(self) -> bool:
        return self.too_big is None and not self.long


def find_gaps(text: str) -> Gaps:
    """The gaps in a request. An action verb with an occasion or frequency and a time frame is
    specific, doable and time-limited; vague words count only when no concrete action is asked.
    """
    content = [w for w in _CONTENT.findall(text) if w.lower() not in _FILLER]
    vague = _VAGUE.search(text)
    action = _ACTION.search(_VAGUE.sub(" ", text))
    timed = _TIME.search(text) is not None
    unbounded = _UNBOUNDED.search(text)
    frequency = _OPEN_FREQUENCY.search(text)
    too_big = (
        unbounded.group(0)
        if unbounded
        else (frequency.group(0) if frequency and not timed else None)
    )
    fault = _FAULT.search(text)
    return Gaps(
        fault=fault.group(0) if fault else None,
        not_request=not action and not _ASK_FORM.search(text),
        vague=vague.group(0) if vague and not action else None,
        negative=m.group(0) if (m := _NEGATIVE.search(text)) else None,
        too_big=too_big,
        long=len(text.split()) > 60,
        untimed=not timed,
        unclear=not vague and not action and len(content) < 3,
    )


def check_request(text: str) -> RequestCheck:
    """Judge a request on the four qualities, each with a gentle fix when it is missing."""
    gaps = find_gaps(text)
    if gaps.not_request:
        problem = (
            "This isn't a request yet: ask for one thing your partner could do, e.g. "
            '"Would you ... every Sunday for the next month?".'
        )
        return RequestCheck(
            specific=False,
            positive=False,
            doable=False,
            time_limited=False,
            problems=[problem],
            feedback=problem,
        )
    problems: list[str] = []
    if gaps.fault:
        problems.append(
            f'Make it specific and positive: "{gaps.fault}" names a fault of theirs, so it lands '
            "as criticism. Ask for the one thing you'd like them to do instead."
        )
    elif not gaps.specific:
        what = f'"{gaps.vague}" is hard to act on' if gaps.vague else "it is hard to picture"
        problems.append(
            f"Make it specific: {what}. Name one action your partner could see themselves do."
        )
    if gaps.negative is not None and not gaps.fault:
        problems.append(
            f'Make it positive: "{gaps.negative}" asks for less of something. Ask for what '
            'you want instead: "Would you ...".'
        )
    if gaps.too_big:
        problems.append(
            f'Make it doable: "{gaps.too_big}" asks for a lot. Small and sure beats big and '
            "shaky: say for how long."
        )
    elif gaps.long:
        problems.append("Make it doable: keep it to one small thing, in one sentence.")
    if gaps.untimed:
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
        specific=gaps.specific,
        positive=gaps.negative is None and gaps.fault is None,
        doable=gaps.doable,
        time_limited=not gaps.untimed,
        problems=problems,
        feedback=feedback,
    )
