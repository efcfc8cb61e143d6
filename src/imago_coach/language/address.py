"""How a reply addresses the person it answers: second-person evaluation, condescension, orders.

Dense cues for the learned reader. A judgement in a reply is mostly said *to* someone: "you"
near an evaluative word ("you clearly can't follow", "your life must be miserable"), a put-down
formula ("grow up", "nobody cares"), or an order at the listener. Each cue is a feature name; the
model learns its weight from labelled data, so these lists name kinds of words, not verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence

YOU = frozenset("you your you're yours yourself you've you'd you'll ur u".split())
# Words that evaluate a person or what they do, mostly negatively (adjectives, nouns, verbs).
EVALUATIVE = frozenset(
    """stupid dumb idiot idiotic moron moronic fool foolish pathetic miserable ridiculous
    absurd clueless ignorant lazy selfish childish immature petty spoiled spoilt useless
    worthless incompetent insane crazy nuts delusional paranoid hysterical dramatic
    overdramatic oversensitive needy clingy whiny whining whinging annoying boring weird
    creepy gross disgusting loser losers jerk jerks brat snowflake hypocrite hypocritical
    liar arrogant entitled ungrateful rude nasty toxic irrational unreasonable illogical
    dense thick naive gullible coward cowardly fake shallow lame embarrassing shameful
    disgrace joke clown trash garbage rubbish nonsense bullshit crap pointless
    irresponsible careless sloppy obsessed obsessive controlling manipulative dishonest
    sucks suck""".split()
)
# Words that talk down: certainty about the listener, or minimising what they said.
CONDESCENDING = frozenset(
    """clearly obviously apparently seriously honestly literally even simple simply just
    only basic actually""".split()
)
# Verbs that open an order at the listener ("Grow up.", "Stop whining.", "Get over it.").
ORDERS = frozenset(
    """grow get stop quit shut calm relax chill learn try deal move toughen man suck
    go read think look listen admit accept face drop cut give""".split()
)
FORMULAS = (
    ("grow", "up"),
    ("get", "over"),
    ("nobody", "cares"),
    ("no", "one", "cares"),
    ("who", "cares"),
    ("sucks", "to", "be"),
    ("get", "a", "life"),
    ("deal", "with", "it"),
    ("shut", "up"),
    ("man", "up"),
    ("calm", "down"),
    ("get", "real"),
    ("your", "problem"),
    ("what", "is", "wrong", "with", "you"),
    ("what's", "wrong", "with", "you"),
    ("must", "be", "nice"),
    ("cry", "me"),
    ("boo", "hoo"),
    ("so", "what"),
)
_WINDOW = 4


def _has(tokens: Sequence[str], gram: tuple[str, ...]) -> bool:
    n = len(gram)
    return any(tuple(tokens[i : i + n]) == gram for i in range(len(tokens) - n + 1))


def address_cues(tokens: Sequence[str], sentence_starts: Sequence[str] = ()) -> set[str]:
    """Feature names for how the reply addresses its listener (``a=...``).

    ``tokens`` are the reply's words; ``sentence_starts`` the first word of each sentence."""
    out: set[str] = set()
    you = [i for i, t in enumerate(tokens) if t in YOU]
    if you:
        out.add(f"a=you:{min(len(you), 3)}")
    evaluative = 0
    for i, token in enumerate(tokens):
        if token not in EVALUATIVE:
            continue
        evaluative += 1
        if any(abs(i - j) <= _WINDOW for j in you):
            out.add("a=you+eval")
            out.add(f"a=you+eval:{token}")
    if evaluative:
        out.add(f"a=eval:{min(evaluative, 3)}")
    for i, token in enumerate(tokens):
        if token in CONDESCENDING and any(0 < i - j <= 2 or 0 < j - i <= 2 for j in you):
            out.add("a=you+down")
    for start in sentence_starts:
        if start in ORDERS:
            out.add("a=order")
            out.add(f"a=order:{start}")
    for gram in FORMULAS:
        if _has(tokens, gram):
            out.add("a=formula")
            out.add("a=formula:" + "_".join(gram))
    return out
