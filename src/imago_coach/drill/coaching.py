"""The drill's words: stems as hints, the two feedback lines per item, what to practise next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from imago_coach.drill.result import DrillItem
from imago_coach.flags import FLAG_INFO
from imago_coach.models import Flag, Stage, Verdict

STEMS: dict[Stage, str] = {
    Stage.MIRROR: "Try: \u201cSo if I got it, you \u2026 Did I get that?\u201d",
    Stage.VALIDATE: "Try: \u201cYou make sense to me, because \u2026\u201d (no need to agree).",
    Stage.EMPATHIZE: "Try: \u201cI imagine you might feel \u2026 Is that how it feels?\u201d",
}
STAGE_WORDS = {"mirror": "mirroring", "validate": "validating", "empathize": "empathizing"}
MISSED_NEXT = (
    "Mirror everything they said, in their words, before anything else; drill it "
    "with imago drill --stage mirror."
)
# an answer with no flag that was still not clean: what its stage was missing
HEARTLESS_NEXT = {
    "mirror": MISSED_NEXT,
    "validate": "Say the heart of a validation, \u201cYou make sense to me, because \u2026\u201d; "
    "drill it with imago drill --stage validate.",
    "empathize": "Name a feeling, \u201cI imagine you might feel \u2026\u201d; drill it with "
    "imago drill --stage empathize.",
}
UNJUDGED_NEXT = (
    "Your answers are saved but could not be judged this time (see the note above); "
    "drill again to get feedback on new ones."
)


def item_lines(verdict: Verdict) -> tuple[str | None, str | None]:
    """What worked, and the one thing to change (None when there is nothing to change)."""
    worked = verdict.strengths[0] if verdict.strengths else None
    if verdict.findings:
        finding = verdict.findings[0]
        change = f"\u201c{finding.evidence}\u201d: {finding.suggestion}"
    elif verdict.missed:
        change = f"Give back this part too: {verdict.missed[0]}"
    elif verdict.reminders:
        change = verdict.reminders[0]
    else:
        change = None
    return worked, change


def practise_next(answered: Sequence[DrillItem], focus: str, typed: int = 0) -> str:
    """One sentence: the flag raised most in this drill, else the step that most answers
    missed (a mirror's words, a validation's "you make sense", an empathy's feeling), else
    the next step up. ``typed``: answers entered, judged or not."""
    if not answered:
        if typed:
            return UNJUDGED_NEXT
        return "Answer a few items next time: even three short ones build the habit."
    flags = Counter(f for i in answered for f in i.flags)
    if flags:
        top = max(Flag, key=lambda f: (flags.get(f.value, 0), -list(Flag).index(f)))
        return f"{FLAG_INFO[top].receiver_tip} Drill it with imago drill --focus {top.value}."
    missing = Counter(i.stage for i in answered if not i.clean)
    if missing:
        stage = max(STAGE_WORDS, key=lambda s: (missing.get(s, 0), s == "mirror"))
        return HEARTLESS_NEXT[stage]
    stages = Counter(i.stage for i in answered)
    if len(stages) == 1:
        other = next(s for s in STAGE_WORDS if s not in stages)
        return f"All clean: move on to {STAGE_WORDS[other]} with imago drill --stage {other}."
    if focus != "mixed":
        return "All clean: the habit is holding, so try a balanced mix with --focus mixed."
    return (
        "All clean: take the same care into your next real talk, and keep it with "
        "imago review FILE --save."
    )
