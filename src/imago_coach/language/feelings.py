"""The feelings lexicon: feeling words, what a sender's words suggest they feel, and the feelings
to name back to them (used by the judge's rewrites and by the simulated partner).
"""

from __future__ import annotations

from imago_coach.language.patterns import rx
from imago_coach.language.text import fold_phrases, stem, words

FEELINGS = frozenset(
    """abandoned afraid alone angry annoyed anxious ashamed belittled betrayed bitter confused
    controlled crushed defeated dejected desperate devastated disappointed disconnected
    discouraged disrespected dismissed distant drained embarrassed empty excluded exhausted
    exposed frightened frustrated furious guilty heartbroken helpless hopeless humiliated hurt
    ignored inadequate insecure invisible irritated isolated jealous judged lonely lost mad
    miserable neglected nervous overwhelmed panicked powerless pressured punished rejected
    resentful sad scared shaken small stressed stuck tense terrified tired trapped uncared
    undervalued unappreciated unheard unimportant unloved unseen unsafe unsupported unwanted
    upset vulnerable weary worried worthless happy relieved grateful loved close safe seen heard
    valued appreciated cared respected calm hopeful torn gutted sick knackered shattered
    wrecked""".split()
)

# What the sender's words suggest to name back in empathy: a pattern over their words, and the
# feelings it suggests (in the order they fit best). A feeling they named comes first anyway.
_HINTS: list[tuple[str, tuple[str, ...]]] = [
    (r"\binvisible|\bnotice[sd]?\b|\bunseen\b", ("lonely", "unimportant")),
    (
        r"\b(?:until|till) \d+ ?(?:am|a\.m\.)|\bkept (?:me|us) (?:up|awake)\b|\bno sleep\b|"
        r"\bcan't sleep\b|\bup since \d",
        ("exhausted", "fed up"),
    ),
    (r"\bignor", ("hurt", "unimportant")),
    (r"\balone\b|\bon my own\b|\bby myself\b", ("lonely", "unsupported")),
    (r"\blate\b|\bwait(?:ed|ing)?\b", ("anxious", "like you're not a priority")),
    (r"\byell|\bshout|\bscream|\braised? your voice|\bslamm", ("scared", "small")),
    (r"\bjoke|\blaugh(?:ed|s)? at\b|\bmock|\bin front of\b", ("embarrassed", "hurt")),
    (
        r"\bmeet(?:ing)? (?:your|my|his|her|the) (?:parents|family|mum|mom|dad|folks)\b",
        ("nervous", "unsure"),
    ),
    (r"\bmoney\b|\bspen[dt]|\bbudget|\bdebt|\bsavings?\b|\bbills?\b", ("anxious", "stressed")),
    (
        r"\bwithout (?:asking|talking to|telling|checking with) me\b|\bdecid|\bdecisions?\b|"
        r"\bopinion\b|\bdoesn't count\b|\bdon't count\b",
        ("shut out", "unimportant"),
    ),
    (r"\bphones?\b|\bscreens?\b|\bscroll|\bgam(?:e|es|ing)\b", ("lonely", "like you come second")),
    (
        r"\bchores?\b|\bdishes\b|\blaundry\b|\bcleaning\b|\bschool run\b|\bshopping\b|"
        r"\bdinners?\b|\bdo (?:it )?all\b|\bdo everything\b|\bburden\b|\bsigh",
        ("overwhelmed", "taken for granted"),
    ),
    (r"\bcriticis|\bcriticiz|\bnag|\bput(?:s)? me down\b|\bcomments?\b", ("hurt", "small")),
    (
        r"\b(?:your|my|his|her) (?:mother|mum|mom|dad|father|parents|family|sister|brother)\b|"
        r"\bin-?laws\b",
        ("caught in the middle", "unprotected"),
    ),
    (r"\bsex\b|\btouch|\bintima|\baffection|\bcuddl|\bkiss", ("rejected", "lonely")),
    (r"\bkids?\b|\bchildren\b|\bbaby\b|\bbedtime\b", ("overwhelmed", "alone with it")),
    (
        r"\bnew job\b|\bfirst day\b|\bstart(?:ing|s)? (?:the |a |my )?(?:new )?(?:job|work|school|"
        r"uni|course)\b|\binterviews?\b",
        ("nervous", "unsure"),
    ),
    (
        r"\brejected\b|\bturned (?:me )?down\b|\bdidn't get (?:the|it)\b|\bfailed\b|"
        r"\blost my job\b",
        ("discouraged", "disappointed"),
    ),
    (  # the partner's work keeping them away: "you work late every night"
        r"\byou(?:'re)? (?:always )?(?:work|working|at work)\b|\byour (?:work|job|office|shifts?|"
        r"overtime|boss)\b",
        ("lonely", "like you come second"),
    ),
    (  # their own work: "work is non-stop", "I start the new job on Monday"
        r"\bwork(?:s|ing|ed)?\b|\bjob\b|\boffice\b|\bshifts?\b|\bovertime\b",
        ("stressed", "worn out"),
    ),
    (r"\bforg[eo]t|\bbirthday|\banniversary", ("forgotten", "unimportant")),
    (
        r"\blie[sd]?\b|\blying\b|\bcheat|\bbehind my back\b|\bsecrets?\b|\bhid",
        ("betrayed", "unsure you can trust me"),
    ),
    (r"\blisten|\binterrupt|\btalk over\b|\bcut me off\b", ("unheard", "dismissed")),
    (r"\bcancel|\bplans?\b|\bpromis|\blet me down\b", ("disappointed", "let down")),
    (r"\bfriends?\b|\bparty\b|\bout with\b|\bpub\b", ("left out", "lonely")),
    (r"\bmov(?:e|ing)\b|\bfuture\b|\bwedding\b|\bmarr", ("unsure", "scared")),
    (
        r"\bhelp\b|\bsupport|\bstand (?:beside|by|up for|with) me\b|\bback me up\b|"
        r"\bon my side\b|\bdefend me\b|\bstay silent\b",
        ("unsupported", "alone with it"),
    ),
    (r"\bdrink|\bdrunk\b", ("worried", "scared")),
    (r"\bnever\b.*\banymore\b|\bused to\b|\bdistant\b|\bdrift", ("lonely", "sad")),
    (r"\bthank|\bappreciat|\bgrateful", ("unappreciated", "taken for granted")),
    (r"\brespect|\bdismiss|\beye[- ]?roll", ("disrespected", "dismissed")),
]
HINTS = [(rx(pattern), feelings) for pattern, feelings in _HINTS]


_PHRASE_FEELINGS = rx(
    r"\b(?:left out|shut out|fed up|worn out|taken for granted|let down|brushed off|put down|"
    r"second best|second place|on my own)\b"
)


def feelings_for(sender: str) -> list[str]:
    """Feelings to name back: the sender's own feeling words first, then likely ones from what
    they talked about; empty when nothing in their words suggests one."""
    found: list[str] = [m.group(0).lower() for m in _PHRASE_FEELINGS.finditer(sender)]
    for word in words(_PHRASE_FEELINGS.sub(" ", sender)):
        if word in FEELINGS and word not in found:
            found.append(word)
    for pattern, hints in HINTS:
        if len(found) >= 2:  # their own words say it best
            break
        if pattern.search(sender):
            for hint in hints:  # "shut out" adds nothing to "left out"
                if _same(hint) not in {_same(f) for f in found}:
                    found.append(hint)
    return found[:3]


def _same(feeling: str) -> str:
    return " ".join(stem(w) for w in words(fold_phrases(feeling)))
