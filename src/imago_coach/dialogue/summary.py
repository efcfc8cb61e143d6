"""The end-of-session summary: what went well, and the one thing to practise next."""

from __future__ import annotations

from collections import Counter
from typing import Any

from pydantic import BaseModel

TIPS: dict[str, str] = {
    "judgement": "Leave judgement out: give back their words, not your opinion of them.",
    "solution": "Hold the advice: being heard comes before any fixing.",
    "topic_change": "Stay on their topic; your side gets its turn after the switch.",
    "defensiveness": "Let it land before you explain; explanations can wait for your turn.",
}
STAGE_NAMES = {"mirror": "mirrors", "summary": "summary mirror", "validate": "validation",
               "empathize": "empathy", "send": "messages as sender", "request": "request"}


class EndSummary(BaseModel):
    judged: int
    clean: int
    went_well: list[str]
    practise_next: str


def end_summary(utterances: list[dict[str, Any]]) -> EndSummary:
    """Summarise a session's verdicts (the ``history show`` utterances)."""
    verdicts = [(u["stage"], u["verdict"]) for u in utterances
                if u["speaker"] == "you" and u["verdict"]]
    rubric = [(stage, v) for stage, v in verdicts if v.get("kind", "rubric") == "rubric"]
    requests = [v for _, v in verdicts if v.get("kind") == "request"]
    flags: Counter[str] = Counter(f for _, v in rubric for f in v.get("flags", []))
    accuracies = [v["mirror_accuracy"] for _, v in rubric if v.get("mirror_accuracy") is not None]
    clean = sum(1 for _, v in rubric if not v.get("flags"))
    clean += sum(1 for v in requests if not v.get("problems"))

    by_stage: dict[str, list[bool]] = {}
    for stage, v in rubric:
        by_stage.setdefault(stage, []).append(not v.get("flags"))
    went_well = [f"Your {STAGE_NAMES.get(stage, stage)} stayed clean." for stage, oks in
                 by_stage.items() if all(oks)][:2]
    if accuracies and sum(accuracies) / len(accuracies) >= 0.7:
        share = round(100 * sum(accuracies) / len(accuracies))
        went_well.append(f"Your mirrors gave back {share}% of what was said.")
    if requests and not requests[-1].get("problems"):
        went_well.append("Your request was specific, positive, doable and time-limited.")
    if not went_well:
        went_well.append("You stayed with the dialogue to the end: that is the practice.")

    if flags:
        practise = TIPS.get(flags.most_common(1)[0][0], "Keep to the stems.")
    elif accuracies and min(accuracies) < 0.7:
        practise = "Mirror more of their exact words before you check: \"Did I get that?\""
    elif any(not v.get("checks", {}).get("is_there_more", True) for s, v in rubric
             if s == "mirror"):
        practise = "Close each mirror with \"Did I get that? Is there more?\""
    elif requests and requests[-1].get("problems"):
        practise = requests[-1]["problems"][0]
    else:
        practise = "Try a scenario with a harder temperament next (imago scenarios)."
    return EndSummary(judged=len(verdicts), clean=clean, went_well=went_well,
                      practise_next=practise)
