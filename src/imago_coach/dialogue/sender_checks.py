"""Checks on the sender's own message, added to the judge's verdict at the ``send`` stage.

A sender speaks for themself ("I feel ... when ..."), without blame, criticism or contempt,
without "always" and "never", and about one topic at a time. The judge's findings come first; a
finding here is added only for a flag the judge did not already raise.
"""

from __future__ import annotations

import re

from imago_coach.models import Finding, Flag, Verdict

_I_STATEMENT = re.compile(r"\b(I|I'm|I've|I'd|me|my)\b", re.IGNORECASE)
_ABSOLUTE = re.compile(
    r"\byou(?:'re| are)? (?:always|never)\b[^.!?,;]*|\b(?:always|never) (?:do|does|did|listen|"
    r"help|care|ask|think)\b[^.!?,;]*",
    re.IGNORECASE,
)
_BLAME = re.compile(
    r"\b(?:you(?:'re| are) (?:so |such an? |just |being |really )?(?:selfish|lazy|useless|"
    r"ridiculous|impossible|pathetic|childish|immature|crazy|cold|careless|inconsiderate|"
    r"rude|a (?:child|baby|jerk|slob|mess))|it'?s (?:all )?your fault|you make me|"
    r"what(?:'s| is) wrong with you|you don'?t (?:even )?care|you only care|"
    r"you(?:'re| are) only|typical of you|as usual|grow up|get over it)\b[^.!?,;]*",
    re.IGNORECASE,
)
_NEW_TOPIC = re.compile(
    r"\b(?:and another thing|while we'?re at it|on top of that|speaking of which|"
    r"that reminds me|and don'?t get me started)\b[^.!?]*",
    re.IGNORECASE,
)

I_STATEMENT_REMINDER = "Speak from your side: \u201cI feel \u2026 when \u2026\u201d"
_SAME_ADVICE = re.compile(
    r"\bI feel\b|\bI[- ]statement|speak (?:from your side|for yourself)", re.IGNORECASE
)
# Strengths a judge gives a receiver ("You stayed with what they brought ..."): not a sender's.
_RECEIVER_STRENGTH = re.compile(
    r"\bwhat they (?:brought|said)\b|\bchecked in with them\b|"
    r"\btheir (?:words|topic)\b",
    re.IGNORECASE,
)
_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2026": "..."}
)


def _finding(flag: Flag, match: re.Match[str], explanation: str, suggestion: str) -> Finding:
    return Finding(
        flag=flag, evidence=match.group(0).strip(), explanation=explanation, suggestion=suggestion
    )


def sender_findings(text: str) -> list[Finding]:
    """Blame, always/never and new-topic findings in a sender's message."""
    found: list[Finding] = []
    if m := _BLAME.search(text):
        found.append(
            _finding(
                Flag.JUDGEMENT,
                m,
                "Blame or a label makes your partner defend instead of listen.",
                'Say what you feel and need: "I feel ... when ...".',
            )
        )
    if m := _ABSOLUTE.search(text):
        found.append(
            _finding(
                Flag.JUDGEMENT,
                m,
                '"Always" and "never" turn one moment into a verdict on your partner.',
                'Name one specific time: "Last Tuesday, when ...".',
            )
        )
    if m := _NEW_TOPIC.search(text):
        found.append(
            _finding(
                Flag.TOPIC_CHANGE,
                m,
                "One topic at a time keeps the dialogue safe and finishable.",
                "Keep this one for another dialogue.",
            )
        )
    return found


def _unique(reminders: list[str]) -> list[str]:
    """The reminders without repeats (the same words in other quote marks count as a repeat)."""
    seen: set[str] = set()
    out: list[str] = []
    for reminder in reminders:
        key = " ".join(reminder.translate(_QUOTES).lower().rstrip(" .").split())
        if key not in seen:
            seen.add(key)
            out.append(reminder)
    return out


def augment_send_verdict(verdict: Verdict, text: str, *, first_message: bool) -> Verdict:
    """The judge's verdict on a sender's message, with the sender checks added.

    ``first_message``: the sender opens the dialogue (this message or the more they add in
    their own "Is there more?" loop), so there is no partner message to change the topic from;
    a ``topic_change`` the judge raised against the topic description is dropped.
    """
    findings = [f for f in verdict.findings if not (first_message and f.flag == Flag.TOPIC_CHANGE)]
    raised = {f.flag for f in findings}
    added = False
    for finding in sender_findings(text):
        if finding.flag not in raised:
            raised.add(finding.flag)
            findings.append(finding)
            added = True
    reminders = _unique(verdict.reminders)
    if not _I_STATEMENT.search(text) and not any(_SAME_ADVICE.search(r) for r in reminders):
        reminders.append(I_STATEMENT_REMINDER)
    flags = [flag for flag in Flag if any(f.flag == flag for f in findings)]
    feedback = verdict.feedback
    if not findings and verdict.findings:  # the judge's only finding was dropped: its advice too
        feedback = (
            "Well done: you spoke from your own side. Remember, a sender speaks for "
            "themselves, one topic at a time, without blame."
        )
    if added and not verdict.findings:
        feedback = "You are telling your partner what matters to you. " + findings[0].explanation
    strengths = [s for s in verdict.strengths if not _RECEIVER_STRENGTH.search(s)]
    if not strengths and _I_STATEMENT.search(text) and not findings:
        strengths = ["You spoke from your own side."]
    return verdict.model_copy(
        update={
            "findings": findings,
            "flags": flags,
            "reminders": reminders,
            "feedback": feedback,
            "strengths": strengths,
        }
    )
