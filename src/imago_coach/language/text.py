"""Text handling for the local judge: clauses, content words, stems, synonyms, perspective.

Everything here is deterministic and dependency-free: a light suffix stemmer (enough to match
"talked" with "talking" and "friends" with "friend"), a small synonym table for the words couples
use, and a pronoun swap that turns the sender's "I felt ... when you ..." into the receiver's
"you felt ... when I ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from imago_coach.language.patterns import rx

WORD = rx(r"[a-z0-9]+(?:['’][a-z]+)?")
_SENTENCE = rx(r"(?<=[.!?])[\"”’)]*\s+|\n+", 0)
_CLAUSE = rx(
    r"(?:;|:|\s[-–—]\s|,?\s+(?=(?:but|and then|although|though|even though|whereas|however|"
    r"except|plus)\b(?![\s,]*(?:[.!?]|$)))|,\s+(?=and\b))\s*"
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't
    do does doesn't doing don't down during each even ever every few for from further get
    gets getting got had hadn't has hasn't have haven't having he he'd he'll he's her here
    hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its
    itself just let's like me more most much mustn't my myself no nor not now of off on once
    only or other ought our ours ourselves out over own really same shan't she she'd she'll
    she's should shouldn't so some such than that that's the their theirs them themselves
    then there there's these they they'd they'll they're they've this those through to too
    under until up upon us very was wasn't we we'd we'll we're we've were weren't what
    what's when when's where where's which while who who's whom why why's will with won't
    would wouldn't yeah yes you you'd you'll you're you've your yours yourself yourselves
    okay ok oh well um uh kind sort thing things stuff lot lots maybe actually basically
    literally pretty quite bit little one still already always never said say saying says
    tell told telling hear heard hearing get got sounds sound mean means honest honestly let
    fair true right sure guess feel feels feeling felt think thought know knew want
    wanted""".split()
)

# Words a mirror may add without adding content: the Imago stems and check-ins.
FRAME_WORDS = frozenset(
    """so if got it right hear heard hearing understand understood sounds sound saying said say
    tell telling told mirror check correct let make sure did there more anything else is am
    getting that's this what you're i'm sum summary summarise summarize recap together everything
    all whole""".split()
)

# Groups of words couples use for the same thing; each maps to its group's first word.
_SYNONYM_GROUPS = [
    "home house flat apartment place",
    "kid kids child children son daughter baby toddler",
    "mom mum mother mom's mum's",
    "dad father",
    "parent parents in-laws inlaws",
    "partner husband wife spouse boyfriend girlfriend",
    "money cash finances finance budget spending spend spent",
    "phone mobile cell screen scrolling scroll instagram tiktok",
    "job work office boss career shift overtime",
    "dish dishes washing-up plates",
    "clean cleaning tidy tidying mess messy chores chore housework",
    "dinner meal food cooking cook supper",
    "sad upset unhappy down low",
    "angry mad furious annoyed irritated frustrated cross",
    "hurt hurting wounded pained",
    "alone lonely isolated invisible unseen ignored overlooked excluded",
    "unimportant unvalued undervalued unappreciated",
    "dismissed belittled judged criticised criticized",
    "rejected unwanted",
    "humiliated embarrassed ashamed",
    "scared afraid frightened fearful anxious worried nervous",
    "tired exhausted drained worn",
    "weekend saturday sunday",
    "night evening evenings nights",
    "talk talked talking chat chatting speak spoke conversation",
    "friend friends mates buddies pals",
    "love loved loving care cared caring",
    "sex intimacy intimate bed close closeness affection touch",
    "help helping helped support supporting",
    "decide decided decision decisions choose choice",
    "late lateness",
    "ignore ignored ignoring dismiss dismissed",
    "yell yelled shout shouted scream screamed raised",
    "holiday holidays vacation trip",
    "christmas thanksgiving",
    "important matter matters priority",
]
_SYNONYMS: dict[str, str] = {}
for _group in _SYNONYM_GROUPS:
    _words = _group.split()
    for _w in _words:
        _SYNONYMS.setdefault(_w, _words[0])

_IRREGULAR = {
    "felt": "feel",
    "spoke": "speak",
    "went": "go",
    "gone": "go",
    "came": "come",
    "said": "say",
    "told": "tell",
    "made": "make",
    "left": "leave",
    "took": "take",
    "gave": "give",
    "forgot": "forget",
    "forgotten": "forget",
    "thought": "think",
    "bought": "buy",
    "brought": "bring",
    "kept": "keep",
    "slept": "sleep",
    "sat": "sit",
    "ran": "run",
    "spent": "spend",
    "sent": "send",
    "lost": "lose",
    "paid": "pay",
    "met": "meet",
    "children": "child",
    "women": "woman",
    "men": "man",
    "wives": "wife",
    "knew": "know",
    "saw": "see",
    "seen": "see",
    "ate": "eat",
    "did": "do",
    "done": "do",
    "was": "be",
    "were": "be",
    "been": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "had": "have",
    "has": "have",
    "won't": "will",
    "can't": "can",
    "hid": "hide",
    "hidden": "hide",
}


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A light, deterministic suffix stemmer; good enough to match word forms in one text."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = _SYNONYMS.get(w, w)
    if w in _IRREGULAR:
        return _SYNONYMS.get(_IRREGULAR[w], _IRREGULAR[w])
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ness", ""),
        ("ful", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: len(w) - len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # "stopped" -> "stop"
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                base = w[:-1]  # "hates" -> "hate"
            if suffix == "s" and w.endswith("ss"):
                break
            w = base
            break
    return _SYNONYMS.get(w, w)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """The lower-cased words of ``text`` (cached: the judge asks for the same texts often)."""
    return tuple(m.group(0).lower().replace("’", "'") for m in WORD.finditer(text))


# Multi-word feelings, folded into one word before stemming ("left out" and "shut out" match).
_PHRASES = [
    (rx(r"\b(?:left|shut|frozen|cut)[- ]out\b"), "excluded"),
    (rx(r"\bfed up\b"), "frustrated"),
    (rx(r"\bworn (?:out|down)\b"), "exhausted"),
    (rx(r"\btaken for granted\b"), "unappreciated"),
    (rx(r"\blet[- ]downs?\b"), "disappointed"),
    (rx(r"\bbrushed off\b"), "dismissed"),
    (rx(r"\bput down\b"), "belittled"),
]


def fold_phrases(text: str) -> str:
    for pattern, word in _PHRASES:
        text = pattern.sub(word, text)
    return text


def content_stems(text: str, *, drop_frame: bool = False) -> list[str]:
    """Stems of the words that carry content (no stopwords; optionally no mirror frame words)."""
    out = []
    for w in words(fold_phrases(text)):
        if w in STOPWORDS or len(w) < 3 or (drop_frame and w in FRAME_WORDS):
            continue
        out.append(stem(w))
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


@dataclass(frozen=True)
class Clause:
    text: str
    start: int
    end: int


def clauses(text: str) -> list[Clause]:
    """Split into clauses at sentence ends and at joins like ", but" or ";", with offsets."""
    out: list[Clause] = []
    for sentence in re.finditer(r"[^.!?\n]+[.!?]*", text):
        base = sentence.start()
        pos = 0
        chunk = sentence.group(0)
        for m in _CLAUSE.finditer(chunk):
            piece = chunk[pos : m.start()]
            if piece.strip():
                out.append(_clause(text, base + pos, base + m.start()))
            pos = m.end()
        if chunk[pos:].strip():
            out.append(_clause(text, base + pos, base + len(chunk)))
    return out


def _clause(text: str, start: int, end: int) -> Clause:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Clause(text=text[start:end], start=start, end=end)


_SWAP = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "myself": "yourself",
    "i'm": "you're",
    "i've": "you've",
    "i'd": "you'd",
    "i'll": "you'll",
    "your": "my",
    "yours": "mine",
    "yourself": "myself",
    "you're": "I'm",
    "you've": "I've",
    "you'd": "I'd",
    "you'll": "I'll",
}
# After these words "you" is a subject ("when you left" -> "when I left", "would you" -> "would I").
_SUBJECT_BEFORE = frozenset(
    """when if because that and but so since while until before after as how why what where
    though although cause cos unless whenever once then or would could can will do did does
    should shall are were have has had won't wouldn't can't couldn't didn't don't doesn't
    isn't aren't weren't wasn't""".split()
)
_BE_AFTER = {("i", "am"): "are", ("i", "was"): "were", ("you", "are"): "am", ("you", "were"): "was"}
# More of the same, in what people read (the judge's swap keeps to the table above).
_BE_AFTER_READ = {
    **_BE_AFTER,
    ("i", "wasn't"): "weren't",
    ("you", "weren't"): "wasn't",
    ("you", "aren't"): "am not",
}
_VERBISH = rx(
    r"^\s+(?:\w+ly\s+)?(?:are|were|was|do|did|don't|didn't|dont|didnt|have|had|never|always|"
    r"just|can|can't|could|couldn't|would|wouldn't|will|won't|should|shouldn't|seem|seemed|keep|"
    r"kept|make|made|go|went|get|got|say|said|know|knew|think|thought|want|wanted|feel|felt|"
    r"need|care|spend|spent|take|took|leave|left|come|came|\w+ed|\w+s)\b"
)
# After these "you" is an object ("to you", "I told you"), unless the verb is really a noun: a
# word in _NOUNISH after a determiner or preposition ("when I ask for help you sigh").
_PREPOSITIONS = frozenset(
    """of for with about at from by without to on into onto over under against toward towards
    beside between among through upon around behind near""".split()
)
_OBJECT_BEFORE = frozenset(
    """to with for at about from of without like than around behind near by on into onto over
    under against toward towards beside between among past through upon
    tell told telling tells ask asked asking asks need needed needing needs want wanted wanting
    love loved loving loves miss missed missing misses see saw seeing sees hear heard hearing
    call called calling calls help helped helping helps thank thanked let lets letting make made
    making makes give gave giving gives show showed showing shows remind reminded reminding
    trust trusted blame blamed blaming hug hugged kiss kissed text texted texting bother
    bothered bothering hurt hurting hurts leave leaving leaves left watch watched watching
    follow followed wake woke waking get got getting gets pay paid paying find found finding
    keep kept keeping meet met meeting know knew knowing understand understood believe believed
    forgive forgave expect expected expecting hate hated hating like liked choose chose
    interrupt interrupted interrupting ignore ignored ignoring""".split()
)
_NOUNISH = frozenset("help love call text hug kiss need want watch like".split())
_DETERMINER = frozenset("for the a an some any my your our no of with more that this".split())
# Words after "you" that leave it an object when nothing else decides ("I love you so much").
_NOT_VERB_AFTER = frozenset(
    """so too very much more of to for with and or but at in on the a an again back up down out
    off now then here there all both first twice anymore enough tonight today though anyway well
    right later soon either as like that this about when if because since before after while
    until than from into over by just really i me my you your""".split()
)


def _you_is_subject(prev: str, prev2: str, before: str, after: str, *, grammar: bool) -> bool:
    """Whether "you" (between ``before`` and ``after``) is a subject: it starts a sentence or a
    clause, or follows a conjunction or (``grammar``) a noun with a word after it ("the nights
    you work")."""
    starts = '.!?;:,"“' if grammar else '.!?;:"“'
    if grammar and prev in _PREPOSITIONS:
        return False  # "sick of you never putting the bins out": "of me", whatever follows
    if not before or before[-1] in starts or _VERBISH.match(after):
        return True
    if not grammar:
        return prev in _SUBJECT_BEFORE
    nounish = prev in _NOUNISH and prev2 in _DETERMINER
    if prev in _OBJECT_BEFORE and not nounish:
        return False
    if prev in _SUBJECT_BEFORE:
        return True
    nxt = WORD.match(after.lstrip().lower())
    return bool(after[:1].isspace() and nxt and nxt.group(0) not in _NOT_VERB_AFTER)


def swap_perspective(text: str) -> str:
    """The judge's word-level swap, "I felt ... you" -> "you felt ... me", for matching words.

    Kept as it was trained on: the learned reader's features are built from it, so its output
    must not change. What people read goes through ``receiver_voice``.
    """
    return _swap(text, grammar=False)


def receiver_voice(text: str) -> str:
    """The sender's words in the receiver's voice, as correct English: "when I ask for help you
    sigh" -> "when you ask for help I sigh", "the nights you work late" -> "the nights I work
    late", "I asked you twice" -> "you asked me twice"."""
    return _I_AND_MY.sub(lambda m: f"{m.group(1)}my {m.group(2)} and I", _swap(text, grammar=True))


# "you and your friends" given back is "my friends and I", not "I and my friends"
_I_AND_MY = re.compile(r"(^|[^\w'])I and my (\w+)")


@lru_cache(maxsize=4096)
def _swap(text: str, *, grammar: bool) -> str:
    """ "you" becomes "I" where it is a subject (``_you_is_subject``) and "me" where it is an
    object; "I was" becomes "you were" and "you were" becomes "I was"."""
    parts = re.split(r"([A-Za-z][A-Za-z’']*)", text)
    out: list[str] = []
    prev = prev2 = ""
    for i, tok in enumerate(parts):
        if i % 2 == 0:  # the text between words
            out.append(tok)
            continue
        low = tok.lower().replace("’", "'")
        if low == "you":
            rest = "".join(parts[i + 1 : i + 5])
            before = "".join(out).rstrip()
            subject = _you_is_subject(prev, prev2, before, rest, grammar=grammar)
            rep = "I" if subject else "me"
            if prev == "thank":
                rep = tok  # "thank you" stays as it is
        elif (prev, low) in (be := _BE_AFTER_READ if grammar else _BE_AFTER):
            rep = be[(prev, low)]
        else:
            rep = _SWAP.get(low, tok)
        if rep != tok and tok[0].isupper() and not rep.startswith("I"):
            at_start = not "".join(out).strip() or "".join(out).rstrip()[-1] in ".!?"
            rep = rep[0].upper() + rep[1:] if at_start else rep
        out.append(rep)
        prev2, prev = prev, low
    return "".join(out)
