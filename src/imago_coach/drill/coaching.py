"""The drill's words: stems as hints, the two feedback lines per item, what to practise next."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from imago_coach.drill.result import DrillItem
from imago_coach.models import Flag, Stage, Verdict

STEMS: dict[Stage, str] = {
    Stage.MIRROR: "Try: \u201cSo if I got it, you \u2026 Did I get that?\u201d",
    Stage.VALIDATE: "Try: \u201cYou make sense to me, because \u2026\u201d (no need to agree).",
    Stage.EMPATHIZE: "Try: \u201cI imagine you might feel \u2026 Is that how it feels?\u201d",
}
STAGE_WORDS = {"mirror": "mirroring", "validate": "validating", "empathize": "empathizing"}
_NEXT: dict[Flag, str] = {
    Flag.SOLUTION: "Next, practise mirroring without adding a fix: "
                   "imago drill --focus solution.",
    Flag.DEFENSIVENESS: "Next, practise letting an accusation land without explaining "
                        "yourself: imago drill --focus defensiveness.",
    Flag.JUDGEMENT: "Next, practise giving their feeling back without a label or a verdict: "
                    "imago drill --focus judgement.",
    Flag.TOPIC_CHANGE: "Next, practise staying on their topic when it stirs up your own: "
                       "imago drill --focus topic_change.",
}


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


def practise_next(answered: Sequence[DrillItem], focus: str) -> str:
    """One sentence: the flag raised most in this drill, else the weakest stage, else onwards."""
    if not answered:
        return "Answer a few items next time: even three short ones build the habit."
    flags = Counter(f for i in answered for f in i.flags)
    if flags:
        top = max(Flag, key=lambda f: (flags.get(f.value, 0), -list(Flag).index(f)))
        return _NEXT[top]
    stages = Counter(i.stage for i in answered)
    if len(stages) == 1:
        only = next(iter(stages))
        others = [s for s in STAGE_WORDS if s != only]
        return (f"All clean: keep it up, and try {STAGE_WORDS[others[0]]} next: "
                f"imago drill --stage {others[0]}.")
    if focus != "mixed":
        return ("All clean: the habit is holding. Try a balanced mix next: "
                "imago drill --focus mixed.")
    return "All clean: take the same care into your next real talk, and review it with --save."
