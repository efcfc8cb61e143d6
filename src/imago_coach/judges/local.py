"""The local judge: an offline, deterministic rubric.

How it decides, per clause of the response:
1. What is quoted or reported is the sender's, not the receiver's: a clause that opens with a
   reporting frame ("you said...", "what I heard is...") or that repeats three or more of the
   sender's words in a row (in the receiver's voice) is masked, so "you said I should have
   called" is not advice and "you feel I never listen" is not blame.
2. Cues (``lexicon``) for advice, judgement, defensiveness and topic change, with negation
   ("I'm not going to tell you what to do", "I don't think you're overreacting") and hedging
   ("maybe you could just...", still advice) handled.
3. At the mirror stage, the content words of the response (stemmed, with synonyms) are compared
   with the sender's: the share that came back, the points missed, and what was added.
4. The learned second reader (``learned``) then decides each core flag from the whole response,
   the rules' cues included: it keeps or drops what the rules found and raises what they missed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from imago_coach.flags import FLAG_INFO
from imago_coach.judges import feedback as fb
from imago_coach.judges.learned import (
    UNREADABLE_NOTE,
    LearnedModel,
    feature_names,
    hashed,
    load_model,
    rule_cues,
    said_stems,
    senders_words,
)
from imago_coach.judges.lexicon import (
    AGREEMENT,
    COMPLAINT,
    DEFENSIVE,
    EVALUATIVE,
    FEEL_THOUGHT,
    GOOD_NEWS,
    I_STATEMENT,
    INSULTS,
    INTERPRETATION,
    JUDGEMENT,
    LEARNED_KIND,
    NEGATED_INSULT,
    NON_APOLOGY,
    REASON,
    SARCASTIC_PRAISE,
    SCORNFUL,
    SELF_TALK,
    SOLUTION,
    TENTATIVE,
    TOPIC,
    Cue,
    CueKind,
    judgement_kind,
)
from imago_coach.language.feelings import FEELINGS, HINTS
from imago_coach.language.heart import names_feeling_word
from imago_coach.language.patterns import rx
from imago_coach.language.stems import DID_I_GET_IT, IS_THERE_MORE, REPORT_FRAME, VALIDATION_STEM
from imago_coach.language.text import (
    Clause,
    clauses,
    content_stems,
    fold_phrases,
    receiver_voice,
    sentences,
    stem,
    swap_perspective,
    words,
)
from imago_coach.models import (
    CORE_FLAGS,
    CheckRequest,
    Checks,
    Finding,
    Flag,
    RubricOutput,
    Stage,
    Verdict,
)

_NEGATED_ADVICE = rx(
    r"\b(?:not|n't|never|won't|no|without)\b[^.!?]{0,40}\b(?:tell|telling|suggest|suggesting|"
    r"advise|advising|fix|fixing|solve|solving|lecture|lecturing|offer|offering|say what)\b"
    r"|\bnot (?:that|saying)\b[^.!?]{0,12}$|\bshould I\b|\bwhat (?:can|could|should) I\b"
    r"|\b(?:know|knew|sure|believe|proud|glad|feel like|felt like) (?:that )?$"
)
_NEGATED_JUDGEMENT = rx(
    r"\b(?:don't|do not|didn't|never|wouldn't|won't|can't|nobody|no one)\b[^.!?]{0,25}\b(?:think|"
    r"believe|feel|mean|say|said|saying|call|calling|thinks|is saying)\b(?: that)?\s*$|"
    r"\b(?:not|isn't|aren't|wasn't|weren't|never)\s+$"
)
_CONTRAST = rx(
    r"^(?:but|though|although|even though|except|however|still|yet)\b|,?\s+though[.!?]*$"
)
_GENTLE_CONTRAST = rx(
    r"\b(?:I (?:get|hear|understand|see|can see|imagine|wonder|guess|can follow|follow|"
    r"appreciate|respect)|makes? sense|also|"
    r"maybe|perhaps|might|underneath|too)\b"
)
# The receiver speaking about themselves rather than reflecting the sender.
_FIRST_PERSON = rx(
    r"^(?:(?:and|but|though|honestly|to be honest|for me|personally|well|so|plus|also|"
    r"actually|because|when|since|as for me)\W+)*(?:I(?:['’](?:m|ve|d|ll))?(?![\w'’])|my\b|"
    r"me\b)"
    r"(?!\s+(?:imagine|can imagine|hear|heard|get|got|understand|can see|see|wonder|guess|"
    r"guessing|hearing|want to understand|really hear|think I|would imagine|can understand|"
    r"can hear|appreciate|hope|can tell|glad|sorry|so sorry|really sorry|grateful|thank|"
    r"not going to|won't|just want to hear|want to hear|listening|am listening|would guess|"
    r"might be wrong|could be wrong|may be wrong|said|did|didn't|forgot|turned|went|left|"
    r"follow|can follow|sure (?:that )?you|bet you|know (?:that )?you|believe (?:that )?you|"
    r"trust (?:that )?you)\b)"
)
_ALSO_ME = rx(
    r"^(?:(?:and|but|honestly|well|so)\W+)*(?:I(?!['’])|I'm|I've|I'd|me|my)\b(?!\s+(?:imagine|can "
    r"imagine|wonder|guess|hear|see|get|can see|understand|sure (?:that )?you|bet you|hope "
    r"(?:that )?you|know (?:that )?you)\b)(?:\W+\w+){0,8}\W+"
    r"(?:too|as well|either)\b[\W]*(?:(?:honestly|to be honest|sometimes)\W*)?$|\bI (?:also|too)"
    r"\b(?! (?:hear|see|get|imagine|want to understand))|\bme too\b"
)
_SEND_TOPIC = [cue for cue in TOPIC if cue.kind == CueKind.NEW_SUBJECT] + [
    Cue(
        CueKind.COUNTER, rx(r"^well,? I (?:feel|felt|get)\b.*\byou (?:never|always|don't|didn't)\b")
    )
]
# In validation and empathy the receiver may speak of their own part; only their own
# experience (feelings, history) turns the talk to them.
_OWN_EXPERIENCE = rx(
    r"\b(?:I|me)(?:'ve| have)? (?:feel|felt|get|got|was|been|had|used to|grew up|remember|also|"
    r"too)\b|\b(?:my|our) (?:mum|mom|mother|dad|father|parents|family|sister|brother|nan|gran|"
    r"childhood|ex|boss|job|day|week)\b|\b(?:for me|to me|me too)\b|"
    r"\bI(?:'m| am)\b[^.!?]{0,40}\b(?:too|as well|either|myself)\b|"
    r"\bI (?:miss|hate|love|need|want|wish)\b[^.!?]*\b(?:too|as well)\b|"
    r"\bI(?:'m| am) (?:so |really |pretty |just |also |absolutely |completely )?(?:"
    + "|".join(sorted(FEELINGS, key=lambda w: (-len(w), w)))  # longest first; fixed order
    + r")\b"
)
_LISTENING = rx(
    r"\b(?:not going to (?:try to )?(?:fix|solve|argue|defend|advise)|just want to (?:hear|"
    r"listen|understand)|I'm listening|I am listening|take my time|want to get this right)\b"
)
_ANSWERS = rx(
    r"\b(?:you said|what you said|hearing (?:you|that)|I hear|when you|that's hard|I get that|"
    r"answering|responding|I know|would you be willing|what would help me|I'd like to ask)\b"
)
# The complaint turned back on the sender ("...but you're on your phone a lot too").
_TU_QUOQUE = rx(
    r"\b(?:you|you're|you've|your)\b(?:(?!\b(?:I|I'm|I've|me|my)\b)[^.!?]){0,50}\b(?:too|"
    r"as well|just as (?:much|bad|often|guilty)|yourself|either)"
    r"(?:\W+(?:to be fair|honestly|though|mind|anyway|so|you know|(?:like )?(?:all the time|"
    r"constantly|every day|every night|always)))*\W*$"
    r"|\byou (?:also|do it too|do that too|are no better)\b"
    r"|\b(?:so do you|so are you|look who's talking|you're one to talk|pot,? kettle)\b"
)
# A mirror that explains the sender by a belief or motive of theirs they never voiced.
_READING = rx(
    r"\b(?:because|since|'cause|cause)\s+(?:deep down\s+|underneath\s+)?you\s+(?:really\s+|"
    r"secretly\s+|probably\s+|just\s+|actually\s+)?(?:think|believe|feel like|reckon|assume|"
    r"figure|suspect|don't trust|never trust|want|expect)\b"
)
# "...you want me to call her": the partner's wish reported, not a promise of one's own.
# "anything you can count on", "a role you never asked for": a "you" in a relative clause
# describes the partner's life; it neither directs nor blames them.
_RELATIVE_HEAD = rx(
    r"(?:\b(?:something|anything|nothing|everything|someone|anyone|what|before|until|till)"
    r"|\b(?:a|an) [a-z]+)\s+$"
)
_IS_NEXT = rx(r"^\s*(?:is|'s|would be|was)\b")  # "what you can do is..." still advises
# "you wonder if you're oversensitive": a mirror reporting the partner's own worry
_THEIR_WORRY = rx(
    r"\byou(?:'re| are)? (?:wonder|wondering|worry|worried|worrying|fear|afraid|ask yourself|"
    r"asking yourself)(?: if| whether| that)?\s+$"
)
_PRAISE = frozenset(SARCASTIC_PRAISE)
_NON_APOLOGY = frozenset(NON_APOLOGY)
# The partner's words are addressed to the receiver ("you never call"): a complaint about them.
_TO_THEM = rx(r"\b(?:you|your|you're|you've|u)\b")
# Other people in the partner's life: "your boss sounds so inconsiderate" is about the boss.
_THEIR_PEOPLE = (
    r"(?:boss|manager|mum|mom|mother|dad|father|sister|brother|friends?|colleagues?|coworkers?|"
    r"co-workers?|neighbou?rs?|teacher|family|parents|ex|landlord|landlady|in-laws|"
    r"mother-in-law|father-in-law|sister-in-law|brother-in-law|son|daughter|kids|team|doctor)"
)
_YOU_OR_YOURS = rx(rf"\b(?:you|you're|you've|you'd|u|ur)\b|\byour\b(?! {_THEIR_PEOPLE}\b)")
_THIRD = rx(rf"\b(?:he|she|they|them|him|her|his|their|he's|she's|they're|{_THEIR_PEOPLE})\b")
_EXCLAIMED = rx(r"^\W*(?:(?:ugh|god|wow|oh|honestly|seriously)\W+)?what an? \w+")
# The partner was wronged by someone ("my boss yelled at me", "a party until 3am again").
_WRONGED = rx(
    r"\b(?:yelled|shouted|screamed|snapped|swore|criticis\w*|criticiz\w*|insulted|ignored|"
    r"ignores|lied|cheated|stole|blamed|mocked|laughed at|rude|mean to|humiliat\w*|"
    r"kept (?:me|us) (?:up|awake)|until \d+ ?(?:am|a\.m\.)|all night|again)\b"
)
_HARSH = [c for c in JUDGEMENT if c.kind in (CueKind.INSULT, CueKind.LABEL)]


def _sides_with_them(analysis: _Analysis, clause: Clause) -> bool:
    """A harsh word about someone else, when the partner's own words are about someone else
    ("My boss yelled at me" / "Ugh, what a jerk.", "that's so rude of them"): taking their
    side, not judging them. Never when the partner's words are about the receiver."""
    sender = analysis.request.sender
    if _TO_THEM.search(sender) or not _THIRD.search(sender):
        return False
    if not (COMPLAINT.search(sender) or _WRONGED.search(sender)):
        return False  # "your friends are boring" of friends they spoke of fondly: an attack
    text = clause.text
    if not any(c.pattern.search(text) for c in _HARSH):
        return False  # "but he had a long life": no harsh word here to take their side with
    return not _YOU_OR_YOURS.search(text) and bool(_THIRD.search(text) or _EXCLAIMED.search(text))


def _mocks(analysis: _Analysis, cue: Cue) -> bool:
    """Whether praise, surprise or laughter answers a complaint or a hurt (and so mocks it):
    never after good news; a bare "Wow." only when it is the whole answer."""
    request = analysis.request
    said = [request.sender, *(t.text for t in request.context)]
    if any(GOOD_NEWS.search(text) for text in said) or not COMPLAINT.search(request.sender):
        return False
    if cue is not SARCASTIC_PRAISE[0]:
        return True
    return len(words(request.response)) <= 8 and not _WELL_WISH.search(request.response)


# Wishing them well, reassuring or praising them: "I hope you're okay", "you're a great dad
# too", "enjoy yourself". What follows is kindness, not a counter-complaint or a sneer.
_WELL_WISH = rx(
    r"\b(?:I hope|I'm hoping|hopefully|I wish you|wishing you|fingers crossed|I'm sure you|I bet "
    r"you|glad|enjoy|congrat\w*|good luck|take care|feel better|proud of|you deserve|"
    r"(?:great|good|wonderful|amazing|lovely|brilliant|fantastic) (?:\w+ )?(?:husband|wife|"
    r"partner|dad|mum|mom|father|mother|parent|friend|person|job))\b"
)
_ASKS = rx(
    r"^\W*(?:and |so )?(?:what|where|when|which|who|how (?:long|many|much|did|was|is))\b"
    r"[^.!]*\?\W*$"
)
# "I'm sorry you have to deal with that", "hopefully you never lose it": sympathy or a wish
# for them frames what follows, which is no reproach.
_SYMPATHY = rx(
    r"\b(?:sorry|so sad|awful|terrible|hate) (?:that |to hear (?:that )?)?$|"
    r"\b(?:I hope|I'm hoping|hopefully|I wish|may)\W+(?:that\W+)?$"
)
# Sympathy in plain words ("oh babe that sucks", "aw, that's rubbish", "that's so rough"):
# the learned reader knows "sucks" and "rubbish" from insults, never from comfort.
_SYMPATHISES = rx(
    r"^\W*(?P<opener>(?:(?:oh|aw+|ah|ugh|god|honestly|man|mate|babe|love|hun|no|bless you)\W+)*)"
    r"(?:that|it|this)(?:'s| is| was| must be)? (?:really |so |totally |just |such )?(?:sucks|"
    r"rubbish|rough|awful|terrible|horrible|shit|crap|the worst|unfair|hard|tough|a lot)\b"
)


def _sympathises(analysis: _Analysis, clause: Clause) -> bool:
    """ "Oh babe, that sucks": sympathy when it opens with a wince or answers bad luck; "That's
    rubbish." said flat to a complaint about the receiver is a dismissal."""
    found = _SYMPATHISES.search(clause.text)
    if found is None:
        return False
    return bool(found.group("opener").strip()) or not _TO_THEM.search(analysis.request.sender)


# The sender speaking of their own feeling, before a cue ("I felt invisible and a bit scared").
_MY_FEELING = rx(r"\bI(?:'m| am| was| feel| felt| get| got| was feeling)\b[^.!?]*$")
# The empathy stem anywhere in a clause ("so I was thinking... I imagine you're sad").
_IMAGINE_YOU = rx(r"\bI (?:can )?imagine (?:that )?you\b")
# "You can't even get the car out": blame, or the plight someone else put them in.
_CANT_EVEN = rx(r"\b(?:can't|cannot|couldn't) even\b")


# An I-statement that says how often ("I feel lonely when you work late every night") describes
# the behaviour; only "always" and "never" turn it into a verdict.
_HOW_OFTEN = rx(r"\b(?:all the time|every (?:single )?(?:day|night|time|week|weekend))\b")
_I_FEEL_WHEN = rx(r"\bI (?:feel|felt|get)\b[^.!?]*\bwhen\s+$")
# The label's subject is someone else ("they are so inconsiderate", "is he very mean?"):
# taking the partner's side about a third person, not a verdict on the partner.
_THIRD_PERSON = rx(
    r"\b(?:they|he|she)(?:'re|'s| are| is| was| were| seem| seems| seemed| sound| sounds| "
    r"can be| could be| must be)?(?: being)?\s*$|\b(?:are|is|was|were) (?:they|he|she)\s*$"
)


_SITUATION = rx(
    r"\b(?:must|sounds?|sounded|seems?|seemed|feels?|felt|feeling|looks?|looked)\b(?: \w+){0,2}? "
    r"(?:so |really |very |pretty |quite |too |incredibly |super )*(?:difficult|intense|"
    r"demanding|harsh|excessive|negative|boring|messy|hard|much|stressful|tight|dull)\b|"
    r"\b(?:it's|it is|it was|it can be|that's|that is|that was|this is)\b "
    r"(?:so |really |very |pretty |quite |incredibly |super |such an? )*(?:difficult|intense|"
    r"demanding|hard|stressful|tough|rough)\b"
)


def _hard_going(text: str, match: re.Match[str]) -> bool:
    """A label cue inside words for how hard something is ("that sounds so intense")."""
    return any(
        s.start() <= match.end() and match.start() <= s.end() for s in _SITUATION.finditer(text)
    )


_TOLD = rx(
    r"\b(?:told|tells|telling|asked|yelled at|shouted at|screamed at|snapped at|said to)\s+"
    r"(?:me|us|him|her|them|you|my \w+|your \w+)\s+(?:to\s+)?$"
)
_ABOUT_ME = rx(r"\b(?:I(?:'m|’m| am| was|'ve been| feel like| felt like)?|me|myself)\s+$")
_THEIR_THOUGHT = rx(
    r"\byou(?:'re|’re| are| were)?(?: \w+)? (?:feel|felt|feeling|think|thought|worry|worried|"
    r"fear|afraid|believe|scared|wonder|wondering|sure)\b(?: like| that| as if)?\s*$|\bmakes? "
    r"you feel(?: like)?\s*$"
)
_REPORTED = rx(
    r"\b(?:told|tell|tells|telling|said|say|says|saying|called|call|calls|calling|yelled|"
    r"shouted|screamed|asked|want|wanted|wants|wanting|wish|wished)\b"
    r"[^.!?]{0,40}$|\bto (?:just |simply )?$"
)
_THEIR_WISH = rx(r"\byou(?:'d| would| really| just| actually| probably)?\s*$")
_EMPATHY_STEM = rx(
    r"^(?:I (?:can )?imagine|I(?:'m| am) guessing|I wonder if) you(?:'re| are)? (?:might |must |"
    r"may )?(?:feel|felt|be|feeling)?\b[^.!?,]{0,60}[.!?]*$"
)
_BARE_SENSE = rx(r"^(?:(?:that|it|this) )?makes? (?:total |perfect |complete )?sense\W*$")
_TENTATIVE_FEELING = rx(
    r"^(?:(?:I (?:can )?imagine|I(?:'m| am) guessing|I wonder if) you[^.!?,]{0,60},\s*)?"
    r"(?:and |or )?(?:maybe|perhaps|possibly)(?: even| also)? (?:a (?:bit|little)|kind of|"
    r"somewhat|quite|slightly)\b[^.!?]{0,60}[.!?]*$"
)
# "and maybe lonely", "and maybe dreading the questions": a feeling guessed, not advised
_GUESSED_FEELING = rx(
    r"^(?:and |or )?(?:maybe|perhaps|possibly)(?: even| also| a bit| a little)? ([a-z]+)\b"
)
_FEELING_VERBS = frozenset(
    "dreading worrying fearing missing wishing hoping wondering doubting feeling".split()
)
# "his first day would bring back your fear": a validation tells what a thing does to the
# partner; advice addresses them ("you could...", "let's...", "maybe if you...").
_CONSEQUENCE = rx(
    r"\b(?:would|'d|will|can|could|might)(?: only| just| really)? (?:turn|bring|feel|make|leave|"
    r"wear|start|set|take|put|drag)\b|\b(?:turns?|turned) into\b"
)
_ADDRESSED = rx(
    r"\b(?:you|we)(?: just| really| maybe)? (?:could|should|might|can|need|have to|ought|must)\b|"
    r"^(?:and |so )?(?:let's|why don't|how about|what if|try)\b|\b(?:maybe|perhaps) if\b"
)
_HOPE = rx(r"\b(?:I hope|hopefully|I wish|I want|I'd like|I would like|I need)\b")
_WORDS3 = 3


@dataclass
class _Hit:
    flag: Flag
    kind: CueKind
    clause: Clause


@dataclass
class _Analysis:
    request: CheckRequest
    sender_stems: set[str] = field(default_factory=set)
    sender_grams: set[tuple[str, ...]] = field(default_factory=set)
    masked: set[int] = field(default_factory=set)  # clause indexes
    clauses: list[Clause] = field(default_factory=list)
    hits: list[_Hit] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    negated: set[str] = field(default_factory=set)  # flags whose cue a negation cancelled


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def _quoted(clause: Clause, sender_grams: set[tuple[str, ...]]) -> bool:
    """True if the clause reports the sender's words rather than adding the receiver's own."""
    if REPORT_FRAME.match(clause.text):
        return True
    tokens = words(clause.text)
    if len(tokens) < _WORDS3:
        return False
    grams = _ngrams(tokens, _WORDS3)
    shared = len(grams & sender_grams)
    return shared >= max(1, len(grams) // 2)


def _sender_grams(request: CheckRequest) -> set[tuple[str, ...]]:
    texts = [request.sender] + [t.text for t in request.context]
    grams: set[tuple[str, ...]] = set()
    for text in texts:
        grams |= _ngrams(words(text), _WORDS3)
        grams |= _ngrams(words(swap_perspective(text)), _WORDS3)
    return grams


def _span_quotes_sender(clause: Clause, match: re.Match[str], grams: set[tuple[str, ...]]) -> bool:
    """Most of the matched words are the sender's own (e.g. mirrored "you always end up...")."""
    hit = words(match.group(0))
    if not hit:
        return False
    left = words(clause.text[: match.start()])[-2:]
    right = words(clause.text[match.end() :])[:2]
    tokens = left + hit + right
    covered: set[int] = set()
    for i in range(len(tokens) - _WORDS3 + 1):
        if tuple(tokens[i : i + _WORDS3]) in grams:
            covered.update(range(i, i + _WORDS3))
    in_hit = {i for i in covered if len(left) <= i < len(left) + len(hit)}
    return len(in_hit) >= max(1, round(0.6 * len(hit)))


def _scan(analysis: _Analysis, cues: list[Cue], flag: Flag, *, respect_mask: bool = True) -> None:
    grams = analysis.sender_grams
    sending = analysis.request.stage == Stage.SEND
    for index, clause in enumerate(analysis.clauses):
        if respect_mask and index in analysis.masked:
            continue
        for cue in cues:
            match = cue.pattern.search(clause.text)
            if match is None:
                continue
            before = clause.text[: match.start()]
            if (
                flag == Flag.SOLUTION
                and cue.kind == CueKind.COMMITMENT
                and _THEIR_WISH.search(before)
            ):
                continue
            if flag == Flag.SOLUTION and any(c.pattern.search(clause.text) for c in INSULTS):
                continue  # "Get a life.", "Go away.": a put-down, not a suggestion
            if flag == Flag.SOLUTION and cue.kind == CueKind.ADVICE and _SYMPATHY.search(before):
                continue  # "I'm sorry you have to deal with that": sympathy, not advice
            if flag == Flag.SOLUTION and (_NEGATED_ADVICE.search(before) or _HOPE.search(before)):
                analysis.negated.add(flag.value)
                continue
            if flag == Flag.JUDGEMENT and _NEGATED_JUDGEMENT.search(before):
                analysis.negated.add(flag.value)
                continue
            if (
                cue.kind in (CueKind.ADVICE, CueKind.BLAME)
                and match.group(0).lower().startswith("you")
                and _RELATIVE_HEAD.search(before)
                and not _IS_NEXT.search(clause.text[match.end() :])
            ):
                continue
            if flag == Flag.JUDGEMENT and _THEIR_WORRY.search(before):
                continue
            if flag == Flag.JUDGEMENT and _TOLD.search(before):
                continue  # "my mum told me to stop whining": what someone else said, reported
            if cue in _NON_APOLOGY and not _TO_THEM.search(analysis.request.sender):
                continue  # "I'm sorry you feel that way" to bad luck: clumsy, not a non-apology
            if cue.kind in (CueKind.INSULT, CueKind.LABEL) and _sides_with_them(analysis, clause):
                continue  # "Ugh, what a jerk." of the boss who yelled at them: on their side
            if cue in _PRAISE and not _mocks(analysis, cue):
                continue  # "Congratulations!" to good news, "Oh wow." before a real reply
            if cue.kind == CueKind.LABEL and _hard_going(clause.text, match):
                continue  # "That must be so difficult": how hard it is for them, not a label
            if cue.kind == CueKind.INSULT and _ABOUT_ME.search(before):
                continue  # "I'm such an idiot": the receiver's own story, not contempt
            if cue.kind == CueKind.INSULT and _THEIR_THOUGHT.search(before):
                continue  # "you feel like you're a failure": their fear, not a verdict
            if cue.kind == CueKind.INSULT and _REPORTED.search(before):
                continue  # "your boss told you to shut up": someone else's words, reported
            if (
                cue.kind == CueKind.BLAME
                and _HOW_OFTEN.search(match.group(0))
                and _I_FEEL_WHEN.search(before)
            ):
                continue  # "I feel lonely when you work late every night": what, and how often
            if sending and cue.kind == CueKind.DOWNGRADE and _MY_FEELING.search(before):
                continue  # "I felt a bit scared": the sender's own words about their own feeling
            if (
                cue.kind == CueKind.BLAME
                and _CANT_EVEN.search(match.group(0))
                and not _TO_THEM.search(analysis.request.sender)
            ):
                continue  # "you can't even get the car out": the neighbour's doing, their plight
            if cue.kind == CueKind.BLAME and _SYMPATHY.search(before):
                continue  # "I'm sorry you have to deal with that": sympathy, not a reproach
            if cue.kind == CueKind.LABEL and _sympathises(analysis, clause):
                continue  # "aw bless you, that's rubbish": sympathy, not a dismissal
            if cue.kind == CueKind.LABEL and _THIRD_PERSON.search(before):
                continue  # "I'm sorry they are so inconsiderate": on their side, about another
            if cue.kind == CueKind.DOWNGRADE and TENTATIVE.search(clause.text):
                continue  # "maybe a little sad" is tentative empathy, not a downgrade
            if cue.kind == CueKind.BLAME and index in analysis.masked:
                continue  # "you said I should have called" reports the sender's complaint
            if _span_quotes_sender(clause, match, grams):
                continue
            analysis.hits.append(_Hit(flag, cue.kind, clause))
            break


def _novel(clause_text: str, sender_stems: set[str]) -> tuple[list[str], int]:
    stems = [s for s in content_stems(clause_text, drop_frame=True)]
    return [s for s in stems if s not in sender_stems], len(stems)


_PART = rx(r"\s*(?:,|;|\band\b)\s*|\s+(?=(?:like|because|so|which)\b)")
MISSED_SHARE = 0.34  # a point with less than this share of its content back was missed
MISSED_SHOWN_BELOW = 0.8  # below this accuracy, at least one missed point is named


def _coverage(text: str, response_stems: set[str]) -> tuple[float, int]:
    stems = set(content_stems(text))
    return (len(stems & response_stems) / len(stems) if stems else 1.0), len(stems)


def _mirror_diff(analysis: _Analysis) -> tuple[float, list[str]]:
    """Share of the sender's content that came back, and the sender's points that were missed:
    a whole clause, or the part of a clause (between commas, "and", "like"...) left out."""
    request = analysis.request
    response_stems = set(content_stems(request.response))
    total = covered = 0.0
    missed: list[str] = []
    parts: list[tuple[float, str]] = []
    for point in (c.text for c in clauses(request.sender)):
        share, size = _coverage(point, response_stems)
        if not size:
            continue
        total += size
        covered += share * size
        pieces = [p for p in _PART.split(point) if p and len(content_stems(p)) >= 2] or [point]
        scored = [(_coverage(p, response_stems)[0], p) for p in pieces]
        parts.extend(scored)
        if share < MISSED_SHARE:
            missed.append(point)
        else:
            missed.extend(p for got, p in scored if got < MISSED_SHARE and len(pieces) > 1)
    if not total:  # nothing but "No." or "Okay.": their words themselves should come back
        said = set(words(request.sender))
        accuracy = len(said & set(words(request.response))) / len(said) if said else 1.0
        return accuracy, []
    accuracy = covered / total
    if not missed and accuracy < MISSED_SHOWN_BELOW and parts:
        missed.append(min(parts, key=lambda sp: sp[0])[1])
    return accuracy, [_voiced(p) for p in missed]


_JOIN = rx(r"^(?:and|but|so|plus|then|and then|or)\s+")


def _voiced(point: str) -> str:
    """A missed point in the receiver's voice, without the join that tied it to the last."""
    return _JOIN.sub("", receiver_voice(" ".join(point.split())).strip(" ,;.!?"))


def _flagged(analysis: _Analysis, clause: Clause, *flags: Flag) -> bool:
    return any(
        h.clause.start == clause.start and (not flags or h.flag in flags) for h in analysis.hits
    )


def _yes_but(analysis: _Analysis) -> None:
    """ "You make sense, but..." takes the validation back: the but-clause argues or judges."""
    for index, clause in enumerate(analysis.clauses):
        text = clause.text
        if index == 0 or index in analysis.masked or not _CONTRAST.search(text):
            continue
        if _flagged(analysis, clause, Flag.TOPIC_CHANGE, Flag.SOLUTION):
            continue
        if _GENTLE_CONTRAST.search(text):
            continue
        judged = _flagged(analysis, clause, Flag.JUDGEMENT)
        novel, total = _novel(text, analysis.sender_stems)
        if not (total and [s for s in novel if s not in FEELINGS]):
            continue
        rest = re.sub(
            r"^\W*(?:but|though|although|even though|except|however|still|yet)\W*",
            "",
            text,
            flags=re.I,
        )
        if re.match(
            r"(?:you(?:'re| are|'ve got| have got| shouldn't| should)|it's|it is|"
            r"that's|that is)\b",
            rest,
            re.I,
        ):
            if not judged:
                analysis.hits.append(_Hit(Flag.JUDGEMENT, CueKind.YES_BUT, clause))
            continue
        kinds = {
            h.kind
            for h in analysis.hits
            if h.clause.start == clause.start and h.flag == Flag.JUDGEMENT
        }
        if kinds and not kinds & {CueKind.BLAME, CueKind.YES_BUT}:
            continue  # a label or a diagnosed motive, not a counter-complaint
        if not kinds and _HEARTENING.match(rest):
            continue  # "but you are not alone": encouragement, not a counter-argument
        analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, CueKind.COUNTER, clause))
        if re.match(r"(?:you|your)\b", rest, re.I) and not judged:
            analysis.hits.append(_Hit(Flag.JUDGEMENT, CueKind.YES_BUT, clause))


# What follows a "but" that heartens rather than argues ("but you are not alone", "but I
# promise it gets easier", "but you're stronger than you think").
_HEARTENING = rx(
    r"(?:(?:I (?:promise|know|believe|really believe|think|swear)|please know|just know|"
    r"remember)\W+(?:that\W+)?)?(?:you(?:'re| are) (?:not alone|stronger|strong|brave|doing|"
    r"worth|enough|loved|so much more)|you can (?:do|get through|make it)|you(?:'ve| have) got "
    r"this|you (?:matter|deserve|will get through|survived|made it)|there(?:'s| is) (?:hope|"
    r"help|always)|it (?:does |will )?gets? (?:better|easier)|what you(?:'re| are) feeling is "
    r"(?:valid|real|normal))"
)
_REFLECTS = rx(r"\byou(?:'re| are)? (?:feel|felt|feeling|were|get|got|seem)\b")


def _their_side(text: str, sender_texts: list[str]) -> bool:
    """A mirror clause in the receiver's voice about the sender's experience: "when my mother
    criticises you, you feel unsupported" where they said "your mother" (a loose paraphrase of
    their side, not the receiver's own story)."""
    if not _REFLECTS.search(text):
        return False
    theirs = {stem(w) for t in sender_texts for w in re.findall(r"\byour (\w+)", t, re.I)}
    mine = [stem(w) for w in re.findall(r"\bmy (\w+)", text, re.I)]
    return bool(mine) and all(w in theirs for w in mine)


def _tu_quoque(analysis: _Analysis) -> None:
    """A counter-complaint in a receiver stage: their complaint, turned back on them."""
    for index, clause in enumerate(analysis.clauses):
        if index in analysis.masked or _flagged(analysis, clause, Flag.TOPIC_CHANGE):
            continue
        text = clause.text
        if DID_I_GET_IT.search(text) or IS_THERE_MORE.search(text) or TENTATIVE.search(text):
            continue
        if any(w in FEELINGS for w in words(text)):
            continue  # "you're hurt and angry too" gives feelings back, not a grievance
        if _WELL_WISH.search(text):
            continue  # "I'm sure you're a great dad too", "enjoy yourself": kindness
        if _ASKS.match(text):
            continue  # "what were you promoted to?": a question about them, not a grievance
        match = _TU_QUOQUE.search(text)
        if match is None or _span_quotes_sender(clause, match, analysis.sender_grams):
            continue
        analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, CueKind.COUNTER, clause))
        if not _flagged(analysis, clause, Flag.JUDGEMENT):
            analysis.hits.append(_Hit(Flag.JUDGEMENT, CueKind.BLAME, clause))


def _own_content(analysis: _Analysis) -> None:
    """The receiver's own story, feelings or grievance, in a receiver stage."""
    previous: Clause | None = None
    for index, clause in enumerate(analysis.clauses):
        after_advice = previous is not None and _flagged(analysis, previous, Flag.SOLUTION)
        previous = clause
        flagged = _flagged(analysis, clause, Flag.TOPIC_CHANGE, Flag.SOLUTION)
        if index in analysis.masked or flagged or after_advice:
            continue
        text = clause.text
        first_person = _FIRST_PERSON.match(text)
        also_me = _ALSO_ME.search(text)
        if not (first_person or also_me):
            continue
        if VALIDATION_STEM.search(text) or DID_I_GET_IT.search(text) or IS_THERE_MORE.search(text):
            continue
        if _LISTENING.search(text) or _IMAGINE_YOU.search(text):
            continue  # "so I was thinking... I imagine you're feeling sad": empathy, not a story
        if analysis.request.stage != Stage.MIRROR and not (also_me or _OWN_EXPERIENCE.search(text)):
            continue
        senders = [analysis.request.sender] + [t.text for t in analysis.request.context]
        if analysis.request.stage == Stage.MIRROR and _their_side(text, senders):
            continue
        novel, total = _novel(text, analysis.sender_stems)
        if also_me or (len(novel) >= 2 and len(novel) / max(total, 1) >= 0.5):
            analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, CueKind.OWN_STORY, clause))


# Broad words for distress: naming one back is no new feeling when the sender voiced any.
_UMBRELLA_FEELINGS = frozenset("upset upsets upsetting bothered bothers hurt hurts hurting".split())
_FEELING_STEMS = frozenset(stem(w) for w in FEELINGS | _UMBRELLA_FEELINGS)

_SUBCLAUSE = rx(r"\s*(?:,|\band\b|\bbecause\b|\bso\b|\bsince\b|\bwhich\b)\s*")


def _implied_feelings(said: str) -> list[str]:
    return [f for pattern, hints in HINTS if pattern.search(said) for f in hints]


def _mirror_additions(analysis: _Analysis) -> None:
    """What a mirror adds: feelings or judgements the sender never voiced, or new content."""
    sender_stems = analysis.sender_stems
    sender_words = set(words(analysis.request.sender))
    # a feeling their words plainly imply ("stand beside me" -> unsupported) is a fair reading
    said = " ".join([analysis.request.sender] + [t.text for t in analysis.request.context])
    sender_words |= {f for f in _implied_feelings(said) if " " not in f}
    sender_feels = any(stem(w) in _FEELING_STEMS for w in sender_words)
    for clause in analysis.clauses:
        text = clause.text
        if DID_I_GET_IT.search(text) or IS_THERE_MORE.search(text):
            continue
        if _flagged(analysis, clause, Flag.SOLUTION, Flag.JUDGEMENT, Flag.TOPIC_CHANGE):
            continue
        if _LISTENING.search(text):
            continue
        kind: CueKind | None = None
        if INTERPRETATION.search(text) and _novel(text, sender_stems)[0]:
            kind = CueKind.INTERPRETATION
        reading = _READING.search(text)
        if kind is None and reading and _novel(text[reading.start() :], sender_stems)[0]:
            kind = CueKind.INTERPRETATION
        for part in _SUBCLAUSE.split(text):
            if kind is not None:
                break
            novel, total = _novel(part, sender_stems)
            loaded = [
                w
                for w in words(part)
                if (w in FEELINGS or w in EVALUATIVE)
                and stem(w) not in sender_stems
                and w not in sender_words
                and not (sender_feels and w in _UMBRELLA_FEELINGS)
            ]
            if loaded and novel:
                feeling = any(w in FEELINGS for w in loaded)
                kind = CueKind.ADDED_FEELING if feeling else CueKind.INTERPRETATION
            elif len(novel) >= 3 and len(novel) / max(total, 1) >= 0.6:
                kind = CueKind.ADDED
        if kind is not None:
            analysis.added.append(fb.quote(text, 80))
            analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, kind, clause))


def _off_topic(analysis: _Analysis, stage: Stage) -> None:
    """No content shared with the sender at all, in a long answer: about something else."""
    if stage == Stage.EMPATHIZE or any(h.flag == Flag.TOPIC_CHANGE for h in analysis.hits):
        return
    if stage == Stage.VALIDATE and VALIDATION_STEM.search(analysis.request.response):
        return
    stems = content_stems(analysis.request.response, drop_frame=True)
    stems = [s for s in stems if s not in FEELINGS]
    if len(stems) < 7:
        return
    overlap = sum(1 for s in stems if s in analysis.sender_stems) / len(stems)
    if stage == Stage.SEND and (
        overlap > 0
        or _ANSWERS.search(analysis.request.response)
        or len(set(content_stems(analysis.request.sender))) < 3
    ):
        return  # a new sender speaks from their own side; only a clean break is a new topic
    if overlap < 0.05:
        clause = max(analysis.clauses, key=lambda c: len(c.text))
        kind = CueKind.NEW_SUBJECT if stage == Stage.SEND else CueKind.OFF_TOPIC
        analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, kind, clause))


def _findings(analysis: _Analysis, stage: Stage) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[Flag, int]] = set()
    order = list(Flag)
    for hit in sorted(analysis.hits, key=lambda h: (h.clause.start, order.index(h.flag))):
        key = (hit.flag, hit.clause.start)
        if key in seen:
            continue
        seen.add(key)
        novel, total = _novel(hit.clause.text, analysis.sender_stems)
        echoed = total >= 2 and len(novel) / total <= 0.34
        # a label is explained as one whichever cue found it (the hit keeps its cue's kind,
        # which the learned reader reads)
        kind = judgement_kind(hit.kind, hit.clause.text) if hit.flag == Flag.JUDGEMENT else hit.kind
        if kind == CueKind.LABEL and _is_contempt(hit):
            kind = CueKind.INSULT  # "you're pathetic", "grow up": a put-down, not a feeling's label
        explanation, suggestion = fb.explain(
            kind, hit.flag, stage, echoed=echoed, evidence=hit.clause.text
        )
        findings.append(
            Finding(
                flag=hit.flag,
                evidence=hit.clause.text.rstrip(" ,;"),
                explanation=explanation,
                suggestion=suggestion,
            )
        )
    return findings


def _reminders(
    request: CheckRequest, checks: Checks, accuracy: float | None, missed: list[str]
) -> list[str]:
    text = request.response
    out: list[str] = []
    if request.stage == Stage.MIRROR:
        if not checks.did_i_get_it:
            out.append("Close with \u201cDid I get that?\u201d so your partner can correct you.")
        if not checks.is_there_more:
            out.append("Ask \u201cIs there more?\u201d: the first thing said is rarely all of it.")
        if accuracy is not None and accuracy < 0.5:
            out.append(
                "Bring back more of their own words; see what was missed."
                if missed
                else "Bring back their own words, as close as you can."
            )
    elif request.stage == Stage.VALIDATE:
        if not VALIDATION_STEM.search(text):
            out.append("Try the stem \u201cYou make sense, because\u2026\u201d")
        elif not REASON.search(text) and not _REASON_AFTER_COMMA.search(text):
            out.append("Add the reason, from their logic: \u201c\u2026because \u2026\u201d")
        if AGREEMENT.search(text):
            out.append("Validation isn't agreement: you can see their logic without agreeing.")
    elif request.stage == Stage.EMPATHIZE:
        named = [w for w in words(fold_phrases(text)) if w in FEELINGS]  # "let-down" counts
        if not named:
            out.append("Name a feeling or two (lonely, hurt, scared, frustrated\u2026).")
        elif not TENTATIVE.search(text):
            out.append("Offer feelings tentatively: \u201cI imagine you might feel\u2026\u201d")
        if FEEL_THOUGHT.search(text):
            out.append(
                "\u201cFeel that/like \u2026\u201d names a thought; name the feeling underneath."
            )
    else:
        if not I_STATEMENT.search(text):
            out.append("Speak from your side: \u201cI feel \u2026 when \u2026\u201d")
        if re.search(
            r"\byou(?:'re| are)? (?:always|never)\b|\bevery single time\b", text, re.IGNORECASE
        ):
            out.append(
                "\u201cAlways\u201d and \u201cnever\u201d invite a debate about the "
                "exceptions; describe this time instead."
            )
    return out


def _missing_heart(request: CheckRequest) -> bool:
    """A validation with no "you make sense", or an empathy naming no feeling."""
    text = request.response
    if request.stage == Stage.VALIDATE:
        return not VALIDATION_STEM.search(text)
    if request.stage == Stage.EMPATHIZE:
        return not names_feeling_word(text)
    return False


EMPTY_WORDS = 3  # an answer shorter than this is too little to praise


def _empty(request: CheckRequest, accuracy: float | None) -> bool:
    """Too little to praise: a word or two, or a mirror with none of their words in it."""
    return len(words(request.response)) < EMPTY_WORDS or accuracy == 0.0


def _strengths(
    request: CheckRequest, checks: Checks, accuracy: float | None, findings: list[Finding]
) -> list[str]:
    text = request.response
    flags = {f.flag for f in findings}
    out: list[str] = []
    if _empty(request, accuracy):
        return out
    if request.stage == Stage.MIRROR:
        if accuracy is not None and accuracy >= 0.6:
            out.append("You gave back most of what they said, in their own words.")
        if checks.did_i_get_it or checks.is_there_more:
            out.append("You checked in with them, which keeps the door open.")
    elif request.stage == Stage.VALIDATE and VALIDATION_STEM.search(text):
        out.append("You told them they make sense, which is the heart of validation.")
    elif request.stage == Stage.EMPATHIZE:
        named = [w for w in words(text) if w in FEELINGS]
        if named:
            out.append(f"You named a feeling (\u201c{named[0]}\u201d), which helps them feel met.")
        elif names_feeling_word(text):
            out.append("You named a feeling, which helps them feel met.")
        if TENTATIVE.search(text):
            out.append("You offered it tentatively, leaving them room to correct you.")
    elif request.stage == Stage.SEND and I_STATEMENT.search(text):
        out.append("You spoke from your own experience with an I-statement.")
    if (
        not out
        and not flags
        and not _missing_heart(request)
        and request.stage != Stage.SEND
        and (accuracy is None or accuracy >= 0.5)
    ):
        out.append("You stayed with what they brought rather than changing the subject.")
    brushed_off = any(f.explanation in _BRUSH_OFF for f in findings)
    if not out and not brushed_off and Flag.TOPIC_CHANGE not in flags:
        out.append("You stayed in the conversation, which is where the work happens.")
    return out


# A shrug or an eye-roll at the topic: "you stayed in the conversation" would ring false.
_BRUSH_OFF = frozenset(fb.EXPLAIN[k][0] for k in (CueKind.CURT, CueKind.DISMISS))


# "That makes sense, you've been working so hard": the reason, joined by a comma or a dash.
_REASON_AFTER_COMMA = rx(
    r"^\W*(?:of course|no wonder|it's no wonder|that's (?:completely |totally |so |perfectly )?"
    r"understandable)\b[^,;.!?]*[,;—–-]\s*(?:you|your|after|with|the|it's|that's|since|given)\b|"
    r"\bmakes? (?:total |complete |perfect |a lot of )?sense\s*(?:,|—|–|-|:)\s*(?:you|your|"
    r"after|with|the|it's|that's|of course|given|since)\b|"
    # a dash or a colon after "makes sense (to me)" introduces its reason, whatever follows
    r"\bmakes? (?:total |complete |perfect |a lot of )?sense(?: to me)?\s*(?:—|–| - |:)\s*\w+"
)
_CONTEMPT = frozenset({CueKind.INSULT, CueKind.SARCASM})


def _is_contempt(hit: _Hit) -> bool:
    """An insult or sarcasm, or a judgement the rules found in scornful words ("you're
    pathetic"); never the learned reader's guess alone."""
    return hit.kind in _CONTEMPT or (
        hit.flag == Flag.JUDGEMENT
        and hit.kind != CueKind.LEARNED_JUDGEMENT
        and bool(SCORNFUL.search(hit.clause.text))
    )


CONTEMPT_FEEDBACK = (
    "This would hurt rather than help: contempt is the hardest thing for a partner to hear, and "
    "the dialogue cannot go on from it. When you are ready, try again; remember, {heart}."
)


# What to do next when a finding is not what its flag usually means.
_OWN_PHRASE = {
    fb.ECHOED_PROMISE[0]: "give their words back as theirs",  # their words, in the wrong voice
    fb.SENT_WISH[0]: "keep the wish for the end",  # a kind request, only early
}


def _feedback(
    stage: Stage,
    findings: list[Finding],
    accuracy: float | None,
    missing_heart: bool = False,
    empty: bool = False,
) -> str:
    heart = fb.STAGE_HEART[stage]
    if not findings and accuracy == 0.0:
        return f"None of what they said came back yet. Remember, {heart}."
    if not findings and empty:
        return f"There isn't much here to work with yet. Remember, {heart}."
    if not findings and accuracy is not None and accuracy < 0.5:
        return (
            "Nothing in it works against you, but most of what they said didn't come back yet. "
            f"Remember, {heart}."
        )
    if not findings and missing_heart:
        return f"Nothing in it works against you, but the heart of this step is missing: {heart}."
    if not findings:  # the strengths above already say what went well
        return f"Well done: nothing in it gets in the way of feeling heard. Remember, {heart}."
    # what to do next, per finding: the flag's phrase, or the cue's own when the finding is
    # not what the flag usually means (their words given back as a promise)
    todo = " and ".join(
        list(
            dict.fromkeys(
                _OWN_PHRASE.get(f.explanation, FLAG_INFO[f.flag].phrase) for f in findings
            )
        )[:2]
    )
    return (
        f"You're on your way. Remember, {heart}; next time, {todo}, and your partner will "
        "feel more heard."
    )


def _rules(request: CheckRequest) -> _Analysis:
    """Everything the hand-written rules find in one response."""
    analysis = _Analysis(request=request, clauses=clauses(request.response))
    sender_texts = [request.sender] + [t.text for t in request.context]
    analysis.sender_stems = {s for t in sender_texts for s in content_stems(t)}
    analysis.sender_grams = grams = _sender_grams(request)
    analysis.masked = {i for i, c in enumerate(analysis.clauses) if _quoted(c, grams)}
    stage = request.stage
    advice = (
        SOLUTION
        if stage != Stage.SEND
        else [c for c in SOLUTION if c.kind == CueKind.ADVICE or c.kind == CueKind.QUESTION_ADVICE]
    )
    _scan(analysis, advice, Flag.SOLUTION)
    if stage == Stage.SEND:
        _wish_at_the_end(analysis)
    # A reporting frame ("I hear that...", "you said...") does not hide a judgement of one's own:
    # only words actually quoted from the sender do (checked span by span).
    _scan(analysis, JUDGEMENT, Flag.JUDGEMENT, respect_mask=False)
    if any(NEGATED_INSULT.search(c.text) for c in analysis.clauses):
        analysis.negated.add(Flag.JUDGEMENT.value)  # "you're not an idiot for wanting..."
    if stage != Stage.SEND:  # a sender giving their own side is not being defensive
        _scan(analysis, DEFENSIVE, Flag.DEFENSIVENESS)
    _scan(analysis, TOPIC if stage != Stage.SEND else _SEND_TOPIC, Flag.TOPIC_CHANGE)
    if stage != Stage.SEND:
        for hit in [h for h in analysis.hits if h.flag == Flag.DEFENSIVENESS]:
            analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, CueKind.DEFEND, hit.clause))
    if stage in (Stage.VALIDATE, Stage.EMPATHIZE):
        _yes_but(analysis)
    if stage != Stage.SEND:
        _tu_quoque(analysis)
        _own_content(analysis)
    if stage == Stage.MIRROR:
        _mirror_additions(analysis)
    _off_topic(analysis, stage)
    return analysis


# A small request asked, not told: "Could you take them out on Thursdays?"
_POLITE_ASK = rx(
    r"^\W*(?:so |and |then )?(?:could|would|can|will) (?:you|we)\b|^\W*(?:so |and )?(?:maybe|"
    r"perhaps) (?:you|we) (?:can|could)\b|\bwould you be willing\b|\bwould it be possible\b"
)


def _wish_at_the_end(analysis: _Analysis) -> None:
    """A sender who says how it is for them and ends with a kind wish ("I feel sad when we
    don't eat together. It would mean a lot if we could on Fridays.") follows the dialogue's own
    order: the request, last. That wish is not a solution pushed on the partner."""
    if len(analysis.clauses) < 2 or not I_STATEMENT.search(analysis.request.response):
        return
    last = analysis.clauses[-1]
    if (fb.wished(last.text) or _POLITE_ASK.search(last.text)) and not I_STATEMENT.search(
        last.text
    ):
        analysis.hits = [
            h for h in analysis.hits if not (h.flag == Flag.SOLUTION and h.clause is last)
        ]
        if not any(h.flag == Flag.SOLUTION for h in analysis.hits):
            analysis.negated.add(Flag.SOLUTION.value)  # nor may the learned reader call it advice


def _cues(analysis: _Analysis) -> list[str]:
    kinds = {f"{h.flag.value}:{h.kind}" for h in analysis.hits}
    return rule_cues(
        {h.flag.value for h in analysis.hits},
        kinds | {f"{flag}:negated" for flag in analysis.negated},
    )


def learned_input(
    request: CheckRequest, *, sender_known: bool = True
) -> tuple[list[int], set[str]]:
    """The learned reader's hashed features for a request, and the flags the rules raised.

    Training calls this too, so the model sees exactly what it sees here. ``sender_known`` is
    False for corpus utterances whose source kept no sender turn (nothing is marked as said).
    """
    analysis = _rules(request)
    empty: frozenset[str] = frozenset()
    said, stems, sender = _said(request) if sender_known else (empty, empty, empty)
    names = feature_names(
        request.stage.value, request.response, said, _cues(analysis), stems, sender
    )
    return hashed(names), {h.flag.value for h in analysis.hits}


def _said(request: CheckRequest) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The words and the content stems already said (by the sender or in earlier turns), and
    the sender's own content stems."""
    earlier = [t.text for t in request.context]
    return (
        senders_words(request.sender, earlier),
        said_stems(request.sender, earlier),
        said_stems(request.sender),
    )


def _score_text(
    model: LearnedModel,
    stage: str,
    said: tuple[frozenset[str], ...],
    cues: list[str],
    flag: str,
    text: str,
) -> float:
    return model.score(flag, hashed(feature_names(stage, text, said[0], cues, *said[1:])))


def _weightiest(analysis: _Analysis, whole: float, score: Callable[[str], float]) -> Clause:
    """The clause that carries the most weight for a flag: the response loses most without it."""
    # A check-in or an Imago stem ("I imagine you feel hurt", a bare "Makes sense!") is never
    # the evidence.
    plain = [
        c
        for c in analysis.clauses
        if not (
            DID_I_GET_IT.search(c.text)
            or IS_THERE_MORE.search(c.text)
            or VALIDATION_STEM.match(c.text)
            or _EMPATHY_STEM.match(c.text)
            or _BARE_SENSE.match(c.text)
        )
    ]
    candidates = plain or analysis.clauses
    if len(candidates) == 1:
        return candidates[0]
    text = analysis.request.response

    def without(clause: Clause) -> float:
        return whole - score(text[: clause.start] + " " + text[clause.end :])

    return max(candidates, key=without)


# The learned reader alone makes a verdict of a one-sentence answer that opens with an Imago stem
# ("It makes sense that...", "I imagine you feel...") only when it is sure: kind answers name
# hard feelings.
STEM_BAR = 0.6


def _opens_with_stem(response: str) -> bool:
    """Whether the answer is one sentence opening with a validation or an empathy stem (in a
    longer answer the verdict tends to hide in a later sentence)."""
    parts = sentences(response)
    return len(parts) == 1 and bool(
        VALIDATION_STEM.match(parts[0]) or _EMPATHY_OPENING.match(parts[0])
    )


_EMPATHY_OPENING = rx(r"^(?:I (?:can )?imagine|I(?:'m| am) guessing|I wonder if|I bet you)\b")


def _guessed_feeling(text: str) -> bool:
    """A tentative feeling guess ("and maybe a bit lost", "or perhaps dreading it", "and
    confused, maybe doubting yourself"): a list of feelings, the last one guessed."""
    if _TENTATIVE_FEELING.match(text):
        return True
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or any(w not in FEELINGS for p in parts[:-1] for w in words(p) if w != "and"):
        return False
    guess = _GUESSED_FEELING.match(parts[-1])
    return guess is not None and (
        guess.group(1).lower() in FEELINGS or guess.group(1).lower() in _FEELING_VERBS
    )


def _not_advice(text: str) -> bool:
    """A clause the learned reader must not call advice: a feeling guessed, or what something
    does to the partner, said to no one in particular."""
    consequence = _CONSEQUENCE.search(text) and not _ADDRESSED.search(text)
    return _guessed_feeling(text) or bool(consequence)


def _second_reader(analysis: _Analysis) -> None:
    """The learned model decides each core flag: it keeps or drops the rules' flags and raises
    flags they missed, quoting the clause that weighs most for the flag.

    A rules' flag stands if the whole response or the clause the rules quoted reads as that
    flag to the model (one clause of advice in a long, clean mirror is still advice)."""
    model = load_model()
    if model is None or not analysis.clauses:
        return
    request = analysis.request
    stage = request.stage.value
    said = _said(request)
    cues = _cues(analysis)
    ids = hashed(feature_names(stage, request.response, said[0], cues, *said[1:]))

    def clause_ids(clause: Clause, cues: list[str]) -> list[int]:
        return hashed(feature_names(stage, clause.text, said[0], cues, *said[1:]))

    for flag in CORE_FLAGS:
        if flag.value not in model.flags:
            continue
        hits = [h for h in analysis.hits if h.flag == flag]
        if not hits and flag.value in analysis.negated:
            continue  # the rules read this cue as negated ("I don't think you're overreacting")
        if not hits:
            if model.decides(flag.value, ids, rules_raised=False):
                score = partial(_score_text, model, stage, said, cues, flag.value)
                clause = _weightiest(analysis, model.score(flag.value, ids), score)
                if not content_stems(clause.text):
                    continue  # "Maybe.", "I guess so.": too little said to be advice or a verdict
                if (
                    flag == Flag.JUDGEMENT
                    and _opens_with_stem(request.response)
                    and model.probability(flag.value, ids) < STEM_BAR
                ):
                    continue  # "I imagine you feel stupid, and that must be so painful"
                if flag == Flag.JUDGEMENT and SELF_TALK.search(clause.text):
                    continue  # "I'm such an idiot, I should've noticed": about themselves
                if flag == Flag.JUDGEMENT and _sympathises(analysis, clause):
                    continue  # "oh babe that sucks": sympathy in plain words, not a verdict
                if flag == Flag.JUDGEMENT and _sides_with_them(analysis, clause):
                    continue  # "that's so rude of them" about the neighbours they complain of
                if not (flag == Flag.SOLUTION and _not_advice(clause.text)):
                    analysis.hits.append(_Hit(flag, LEARNED_KIND[flag], clause))
            continue  # a tentative feeling guess ("and maybe a bit lost") is never advice
        quoted = [
            clause_ids(h.clause, rule_cues([flag.value], [f"{flag.value}:{h.kind}"])) for h in hits
        ]
        if not any(model.decides(flag.value, x, rules_raised=True) for x in [ids, *quoted]):
            analysis.hits = [h for h in analysis.hits if h.flag != flag]
            if flag == Flag.TOPIC_CHANGE:
                analysis.added = []


def analyse(request: CheckRequest) -> RubricOutput:
    """The rubric output of the local judge for one request."""
    analysis = _rules(request)
    _second_reader(analysis)
    stage = request.stage
    accuracy: float | None = None
    missed: list[str] = []
    if stage == Stage.MIRROR:
        accuracy, missed = _mirror_diff(analysis)
    findings = _findings(analysis, stage)
    checks = Checks(
        did_i_get_it=bool(DID_I_GET_IT.search(request.response)),
        is_there_more=bool(IS_THERE_MORE.search(request.response)),
    )
    contempt = any(_is_contempt(h) for h in analysis.hits)
    strengths = [] if contempt else _strengths(request, checks, accuracy, findings)
    return RubricOutput(
        findings=findings,
        mirror_accuracy=accuracy,
        missed=missed,
        added=analysis.added,
        checks=checks,
        strengths=strengths,
        reminders=_reminders(request, checks, accuracy, missed),
        rewrite=fb.rewrite(stage, request.sender),
        feedback=(
            CONTEMPT_FEEDBACK.format(heart=fb.STAGE_HEART[stage])
            if contempt
            else _feedback(
                stage, findings, accuracy, _missing_heart(request), _empty(request, accuracy)
            )
        ),
    )


_ENGLISH = frozenset(
    """the and you i to a it that is was my me your of in so we not i'm you're it's that's
    don't can't i've i'd i'll be are have for with this what when an as at on all just but
    oh yeah yes no well like would could make makes feel out up about how do did get got
    always never really very sense because there they he she his her them our us""".split()
)
ENGLISH_NOTE = (
    "The local judge reads English only; for other languages, use a model (--judge openai)."
)


def _looks_english(text: str) -> bool:
    tokens = words(text)
    if len(tokens) < 4:
        return True
    letters = [ch for ch in text if ch.isalpha()]
    ascii_share = sum(ch.isascii() for ch in letters) / max(len(letters), 1)
    return ascii_share >= 0.6 and (len(tokens) < 6 or any(t in _ENGLISH for t in tokens))


class LocalJudge:
    """The offline judge; deterministic, no network, no model download."""

    name: Literal["local"] = "local"

    def judge(self, request: CheckRequest) -> Verdict:
        notes = []
        if not _looks_english(request.response):
            notes.append(ENGLISH_NOTE)
        if load_model() is None:
            notes.append(UNREADABLE_NOTE)
        return Verdict.from_output(
            analyse(request), stage=request.stage, judge="local", notes=notes
        )

    async def ajudge(self, request: CheckRequest) -> Verdict:
        return self.judge(request)
