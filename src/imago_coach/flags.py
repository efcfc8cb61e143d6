"""Every word imago shows about a rubric flag, in one table: ``FLAG_INFO[flag]``.

The terminal label, the eval tables' short header, the judge's "next time" phrase and its
explanation for a sender, and the practise-next tips of the rehearsal and transcript summaries.
It imports only ``models``, so the judges, the dialogue, the transcript reader and the renderers
can all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from imago_coach.models import Finding, Flag


@dataclass(frozen=True)
class FlagInfo:
    """The wording of one flag, wherever it is shown."""

    label: str  # the verdict's finding line: "Judgement: ..."
    abbreviation: str  # a column header in the eval history table
    phrase: str  # the judge's closing advice: "next time, leave out the judgement"
    receiver_tip: str  # rehearse summary, practise next, when receiving
    sender_tip: str  # rehearse summary, practise next, when sending
    review_tip: str  # review summary, for the receiver; {name} {partner} {n} {s} filled in
    # (explanation, suggestion) when a sender's own message raises it; None: the cue's own words
    sending: tuple[str, str] | None = None


FLAG_INFO: dict[Flag, FlagInfo] = {
    Flag.JUDGEMENT: FlagInfo(
        label="Judgement",
        abbreviation="judg",
        phrase="leave out the judgement",
        receiver_tip="Leave judgement out: give back their words, not your opinion of them.",
        sender_tip="Speak from your side, \u201cI feel \u2026 when \u2026\u201d, and leave blame, "
        "labels and always/never out.",
        review_tip="{name}: receive without judging — {n} answer{s} carried a judgement or "
        "label; mirror the words and keep your view for your own turn.",
        sending=(
            "Blame, labels and \u201calways/never\u201d make your partner defend rather than "
            "hear you.",
            "Use an I-statement: \u201cI feel \u2026 when \u2026\u201d",
        ),
    ),
    Flag.SOLUTION: FlagInfo(
        label="Solution",
        abbreviation="sol",
        phrase="hold back the advice",
        receiver_tip="Hold the advice: being heard comes before any fixing.",
        sender_tip="Say what you feel and need before any fix: \u201cI feel \u2026 when "
        "\u2026\u201d.",
        review_tip="{name}: hold back advice — {n} answer{s} offered a fix; mirroring and "
        "validating first lets {partner} feel heard.",
        sending=(
            "Telling your partner what to do lands as an order; a small, specific request "
            "lands better, at the end.",
            "Share how it is for you first; save the request for the behaviour-change step.",
        ),
    ),
    Flag.TOPIC_CHANGE: FlagInfo(
        label="Topic change",
        abbreviation="topic",
        phrase="stay on their topic",
        receiver_tip="Stay on their topic; your side gets its turn after the switch.",
        sender_tip="Keep to one topic: save the others for another dialogue.",
        review_tip="{name}: stay with {partner}'s topic — {n} answer{s} moved to your own "
        "story or added what {partner} did not say.",
        sending=(
            "After the switch, the new sender answers what was said before bringing something new.",
            "Respond to what your partner said: \u201cWhen you said \u2026, I felt \u2026\u201d",
        ),
    ),
    Flag.DEFENSIVENESS: FlagInfo(
        label="Defensiveness",
        abbreviation="def",
        phrase="park your own explanation",
        receiver_tip="Let it land before you explain; explanations can wait for your turn.",
        sender_tip="Speak about your own feelings rather than answering back: "
        "\u201cI feel \u2026 when \u2026\u201d.",
        review_tip="{name}: let explaining yourself wait while receiving — {n} defensive "
        "answer{s}; your side gets its own turn.",
    ),
}


def flag_info(value: str) -> FlagInfo | None:
    """The wording of the flag named ``value`` (as stored), or None for an unknown name."""
    try:
        return FLAG_INFO[Flag(value)]
    except ValueError:
        return None


def same_words(findings: list[Finding]) -> list[list[Finding]]:
    """The findings grouped by the words they quote, in order: one explanation for words that
    raise two flags."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.evidence.strip(), []).append(finding)
    return list(groups.values())


def flag_names(group: list[Finding]) -> str:
    """The flags of one group in words: "topic change and defensiveness"."""
    names = [f.flag.value.replace("_", " ") for f in group]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
