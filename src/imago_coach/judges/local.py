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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from imago_coach.judges import feedback as fb
from imago_coach.judges.lexicon import (
    AGREEMENT,
    DEFENSIVE,
    DID_I_GET_IT,
    FEEL_THOUGHT,
    FEELINGS,
    I_STATEMENT,
    INTERPRETATION,
    IS_THERE_MORE,
    JUDGEMENT,
    REASON,
    REPORT_FRAME,
    SOLUTION,
    TENTATIVE,
    TOPIC,
    VALIDATION_STEM,
    Cue,
)
from imago_coach.judges.text import (
    Clause,
    clauses,
    content_stems,
    stem,
    swap_perspective,
    words,
)
from imago_coach.models import (
    Checks,
    CheckRequest,
    Finding,
    Flag,
    RubricOutput,
    Stage,
    Verdict,
)

_NEGATED_ADVICE = re.compile(
    r"\b(?:not|n't|never|won't|no|without)\b[^.!?]{0,40}\b(?:tell|telling|suggest|suggesting|"
    r"advise|advising|fix|fixing|solve|solving|lecture|lecturing|offer|offering|say what)\b"
    r"|\bnot (?:that|saying)\b[^.!?]{0,12}$|\bshould I\b|\bwhat (?:can|could|should) I\b",
    re.IGNORECASE,
)
_NEGATED_JUDGEMENT = re.compile(
    r"\b(?:don't|do not|didn't|never|wouldn't|won't|can't|nobody|no one)\b[^.!?]{0,25}\b(?:think|"
    r"believe|feel|mean|say|said|saying|call|calling|thinks|is saying)\b(?: that)?\s*$|"
    r"\b(?:not|isn't|aren't|wasn't|weren't|never)\s+$",
    re.IGNORECASE,
)
_CONTRAST = re.compile(
    r"^(?:but|though|although|even though|except|however|still|yet)\b", re.IGNORECASE
)
_GENTLE_CONTRAST = re.compile(
    r"\b(?:I (?:get|hear|understand|see|can see|imagine|wonder|guess)|makes? sense|also|"
    r"maybe|perhaps|might|underneath|too)\b", re.IGNORECASE
)
# The receiver speaking about themselves rather than reflecting the sender.
_FIRST_PERSON = re.compile(
    r"^(?:(?:and|but|though|honestly|to be honest|for me|personally|well|so|plus|also|"
    r"actually|because|when|since|as for me)\W+)*(?:I|I'm|I've|I'd|I was|my|me|for me|we)\b"
    r"(?!\s+(?:imagine|can imagine|hear|heard|get|got|understand|can see|see|wonder|guess|"
    r"'m hearing|am hearing|want to understand|'m sorry|am sorry|'m glad|am glad|really "
    r"hear|think I|would imagine|'d imagine|can understand|can hear|appreciate|hope|can tell)\b)",
    re.IGNORECASE,
)
_ALSO_ME = re.compile(
    r"\b(?:I|I'm|I've|me)\b.*\b(?:too|as well|also|either)\b[.!,]*\s*(?:honestly|to be honest"
    r")?[.!]*$|\bI (?:also|too)\b|\bme too\b", re.IGNORECASE
)
_HOPE = re.compile(r"\b(?:I hope|I wish|I want|I'd like|I would like|I need)\b", re.IGNORECASE)
_WORDS3 = 3


@dataclass
class _Hit:
    flag: Flag
    kind: str
    clause: Clause


@dataclass
class _Analysis:
    request: CheckRequest
    sender_stems: set[str] = field(default_factory=set)
    masked: set[int] = field(default_factory=set)  # clause indexes
    clauses: list[Clause] = field(default_factory=list)
    hits: list[_Hit] = field(default_factory=list)
    added: list[str] = field(default_factory=list)


def _ngrams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
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
    """The matched words themselves are the sender's (e.g. mirrored "you always end up...")."""
    tokens = words(clause.text[max(0, match.start() - 30) : match.end() + 30])
    hit = words(match.group(0))
    if not hit:
        return False
    for gram in _ngrams(tokens, _WORDS3):
        if gram in grams and set(gram) & set(hit):
            return True
    return False


def _scan(
    analysis: _Analysis, cues: list[Cue], flag: Flag, *, respect_mask: bool = True
) -> None:
    grams = _sender_grams(analysis.request)
    for index, clause in enumerate(analysis.clauses):
        if respect_mask and index in analysis.masked:
            continue
        for cue in cues:
            match = cue.pattern.search(clause.text)
            if match is None:
                continue
            before = clause.text[: match.start()]
            if flag == Flag.SOLUTION and (_NEGATED_ADVICE.search(before) or _HOPE.search(before)):
                continue
            if flag == Flag.JUDGEMENT and _NEGATED_JUDGEMENT.search(before):
                continue
            if _span_quotes_sender(clause, match, grams):
                continue
            analysis.hits.append(_Hit(flag, cue.kind, clause))
            break


def _novel(clause_text: str, sender_stems: set[str]) -> tuple[list[str], int]:
    stems = [s for s in content_stems(clause_text, drop_frame=True)]
    return [s for s in stems if s not in sender_stems], len(stems)


def _mirror_diff(analysis: _Analysis) -> tuple[float, list[str]]:
    """Share of the sender's content that came back, and the sender's points that were missed."""
    request = analysis.request
    response_stems = set(content_stems(request.response))
    points = [c.text for c in clauses(request.sender)]
    total = covered = 0.0
    missed: list[str] = []
    for point in points:
        stems = set(content_stems(point))
        if not stems:
            continue
        got = len(stems & response_stems)
        total += len(stems)
        covered += got
        if got / len(stems) < 0.34:
            missed.append(fb.quote(swap_perspective(point).rstrip(".!? "), 70))
    accuracy = covered / total if total else 1.0
    return accuracy, missed


def _flagged(analysis: _Analysis, clause: Clause, *flags: Flag) -> bool:
    return any(h.clause.start == clause.start and (not flags or h.flag in flags)
               for h in analysis.hits)


def _yes_but(analysis: _Analysis) -> None:
    """ "You make sense, but..." takes the validation back: the but-clause argues or judges."""
    for index, clause in enumerate(analysis.clauses):
        if index == 0 or index in analysis.masked or not _CONTRAST.match(clause.text):
            continue
        if _flagged(analysis, clause) or _GENTLE_CONTRAST.search(clause.text):
            continue
        novel, total = _novel(clause.text, analysis.sender_stems)
        if total and [s for s in novel if s not in FEELINGS]:
            analysis.hits.append(_Hit(Flag.JUDGEMENT, "yes_but", clause))


def _own_content(analysis: _Analysis) -> None:
    """The receiver's own story, feelings or grievance, in a receiver stage."""
    for index, clause in enumerate(analysis.clauses):
        if index in analysis.masked or _flagged(analysis, clause, Flag.TOPIC_CHANGE):
            continue
        text = clause.text
        if not (_FIRST_PERSON.match(text) or _ALSO_ME.search(text)):
            continue
        if VALIDATION_STEM.search(text) or DID_I_GET_IT.search(text) or IS_THERE_MORE.search(text):
            continue
        novel, total = _novel(text, analysis.sender_stems)
        if _ALSO_ME.search(text) or (len(novel) >= 2 and len(novel) / max(total, 1) >= 0.5):
            if not _flagged(analysis, clause, Flag.SOLUTION):
                analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, "own_story", clause))


def _mirror_additions(analysis: _Analysis) -> None:
    sender_words = {w for t in [analysis.request.sender] for w in content_stems(t)}
    for index, clause in enumerate(analysis.clauses):
        if DID_I_GET_IT.search(clause.text) or IS_THERE_MORE.search(clause.text):
            continue
        if _flagged(analysis, clause, Flag.SOLUTION, Flag.JUDGEMENT):
            continue
        new_feelings = [w for w in words(clause.text)
                        if w in FEELINGS and stem(w) not in sender_words]
        if new_feelings:
            analysis.added.append(fb.quote(clause.text, 80))
            analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, "added_feeling", clause))
            continue
        novel, total = _novel(clause.text, analysis.sender_stems)
        interpretive = INTERPRETATION.search(clause.text)
        if interpretive and novel and (len(novel) >= 1 and len(novel) / max(total, 1) >= 0.3):
            analysis.added.append(fb.quote(clause.text, 80))
            if index not in analysis.masked or len(novel) >= 2:
                analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, "interpretation", clause))
            continue
        if index in analysis.masked and len(novel) < 3:
            continue
        if len(novel) >= 3 and len(novel) / max(total, 1) >= 0.6:
            analysis.added.append(fb.quote(clause.text, 80))
    novel_total = sum(len(_novel(c.text, analysis.sender_stems)[0]) for c in analysis.clauses)
    if (
        analysis.added
        and not any(h.flag == Flag.TOPIC_CHANGE for h in analysis.hits)
        and novel_total >= 5
    ):
        clause = next(c for c in analysis.clauses if fb.quote(c.text, 80) in analysis.added)
        analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, "added", clause))


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
    if overlap < (0.08 if stage == Stage.SEND else 0.05):
        clause = max(analysis.clauses, key=lambda c: len(c.text))
        kind = "new_subject" if stage == Stage.SEND else "off_topic"
        analysis.hits.append(_Hit(Flag.TOPIC_CHANGE, kind, clause))


def _findings(analysis: _Analysis, stage: Stage) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[Flag, int]] = set()
    for hit in analysis.hits:
        key = (hit.flag, hit.clause.start)
        if key in seen:
            continue
        seen.add(key)
        explanation, suggestion = fb.explain(hit.kind, hit.flag, stage)
        findings.append(
            Finding(
                flag=hit.flag,
                evidence=hit.clause.text.rstrip(" ,;"),
                explanation=explanation,
                suggestion=suggestion,
            )
        )
    return findings


def _reminders(request: CheckRequest, checks: Checks, accuracy: float | None) -> list[str]:
    text = request.response
    out: list[str] = []
    if request.stage == Stage.MIRROR:
        if not checks.did_i_get_it:
            out.append("Close with \u201cDid I get that?\u201d so your partner can correct you.")
        if not checks.is_there_more:
            out.append("Ask \u201cIs there more?\u201d: the first thing said is rarely all of it.")
        if accuracy is not None and accuracy < 0.5:
            out.append("Bring back more of their own words; see what was missed below.")
    elif request.stage == Stage.VALIDATE:
        if not VALIDATION_STEM.search(text):
            out.append("Try the stem \u201cYou make sense, because\u2026\u201d")
        elif not REASON.search(text):
            out.append("Add the reason, from their logic: \u201c\u2026because \u2026\u201d")
        if AGREEMENT.search(text):
            out.append("Validation isn't agreement: you can see their logic without agreeing.")
    elif request.stage == Stage.EMPATHIZE:
        named = [w for w in words(text) if w in FEELINGS]
        if not named:
            out.append("Name a feeling or two (lonely, hurt, scared, frustrated\u2026).")
        elif not TENTATIVE.search(text):
            out.append("Offer feelings tentatively: \u201cI imagine you might feel\u2026\u201d")
        if FEEL_THOUGHT.search(text):
            out.append(
                "\u201cFeel that/like \u2026\u201d names a thought; name the feeling underneath."
            )
    elif not I_STATEMENT.search(text):
        out.append("Speak from your side: \u201cI feel \u2026 when \u2026\u201d")
    return out


def _strengths(
    request: CheckRequest, checks: Checks, accuracy: float | None, findings: list[Finding]
) -> list[str]:
    text = request.response
    flags = {f.flag for f in findings}
    out: list[str] = []
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
        if TENTATIVE.search(text):
            out.append("You offered it tentatively, leaving them room to correct you.")
    elif request.stage == Stage.SEND and I_STATEMENT.search(text):
        out.append("You spoke from your own experience with an I-statement.")
    if not out and Flag.TOPIC_CHANGE not in flags:
        out.append("You stayed with what they brought rather than changing the subject.")
    if not out:
        out.append("You stayed in the conversation, which is where the work happens.")
    return out


def _feedback(stage: Stage, findings: list[Finding], strengths: list[str]) -> str:
    heart = fb.STAGE_HEART[stage]
    if not findings:
        return f"Well done: {strengths[0][0].lower()}{strengths[0][1:]} Remember, {heart}."
    flags = list(dict.fromkeys(f.flag for f in findings))
    todo = " and ".join(fb.FLAG_PHRASES[f] for f in flags[:2])
    return (
        f"You're on your way. Remember, {heart}; next time, {todo}, and your partner will "
        "feel more heard."
    )


def analyse(request: CheckRequest) -> RubricOutput:
    """The rubric output of the local judge for one request."""
    analysis = _Analysis(request=request, clauses=clauses(request.response))
    sender_texts = [request.sender] + [t.text for t in request.context]
    analysis.sender_stems = {s for t in sender_texts for s in content_stems(t)}
    grams = _sender_grams(request)
    analysis.masked = {i for i, c in enumerate(analysis.clauses) if _quoted(c, grams)}
    stage = request.stage
    _scan(analysis, SOLUTION if stage != Stage.SEND else SOLUTION[:2], Flag.SOLUTION)
    _scan(analysis, JUDGEMENT, Flag.JUDGEMENT)
    _scan(analysis, DEFENSIVE, Flag.DEFENSIVENESS)
    _scan(analysis, TOPIC, Flag.TOPIC_CHANGE)
    if stage in (Stage.VALIDATE, Stage.EMPATHIZE):
        _yes_but(analysis)
    if stage != Stage.SEND:
        _own_content(analysis)
    accuracy: float | None = None
    missed: list[str] = []
    if stage == Stage.MIRROR:
        accuracy, missed = _mirror_diff(analysis)
        _mirror_additions(analysis)
    _off_topic(analysis, stage)
    findings = _findings(analysis, stage)
    checks = Checks(
        did_i_get_it=bool(DID_I_GET_IT.search(request.response)),
        is_there_more=bool(IS_THERE_MORE.search(request.response)),
    )
    strengths = _strengths(request, checks, accuracy, findings)
    return RubricOutput(
        findings=findings,
        mirror_accuracy=accuracy,
        missed=missed,
        added=analysis.added,
        checks=checks,
        strengths=strengths,
        reminders=_reminders(request, checks, accuracy),
        rewrite=fb.rewrite(stage, request.sender),
        feedback=_feedback(stage, findings, strengths),
    )


class LocalJudge:
    """The offline judge; deterministic, no network, no model download."""

    name: Literal["local"] = "local"

    def judge(self, request: CheckRequest) -> Verdict:
        return Verdict.from_output(analyse(request), stage=request.stage, judge="local")

    async def ajudge(self, request: CheckRequest) -> Verdict:
        return self.judge(request)
