"""The review as Markdown: summary, practice list, a text timeline, and every turn."""

from __future__ import annotations

import re

from imago_coach.flags import flag_names, same_words
from imago_coach.transcript.report import ReviewReport, ReviewTurn, SpeakerSummary

STATUS_MARK = {"flagged": "✗", "noted": "!", "clean": "✓", "unjudged": "·"}
# Colour-blind-safe (Okabe-Ito): blue for clean, vermillion for flagged, never red against green;
# every report also marks the status with a symbol or a word, so colour is never the only cue.
STATUS_COLOUR = {
    "flagged": "#D55E00",
    "noted": "#CC79A7",
    "clean": "#0072B2",
    "unjudged": "#9AA0A6",
}
STATUS_TEXT = {
    "flagged": "flagged",
    "noted": "protocol note",
    "clean": "clean",
    "unjudged": "not judged",
}
STAGE_LABEL = {
    "mirror": "Mirror",
    "validate": "Validation",
    "empathize": "Empathy",
    "request": "Request",
    "other": "Other",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


# what could turn a transcript's words into Markdown or HTML (a link or an image loaded from
# elsewhere, a tag, an entity, emphasis, a table cell's end) gets a backslash, so it reads as
# typed; an underscore inside a word ("long_session") makes no emphasis and is left alone
_MD_SPECIAL = re.compile(r"[\\`*\[\]<>|~]|&(?=#?\w+;)|(?<![^\W_])_|_(?![^\W_])")
_MD_LEADING = re.compile(r"^(\s*(?=[#+-])|\s*\d+(?=[.)]))")  # a heading or list at the start


def md_text(text: str) -> str:
    """``text`` as Markdown that reads exactly as typed, on one line."""
    one_line = text.replace("\r", " ").replace("\n", " ")
    escaped = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line)
    return _MD_LEADING.sub(lambda m: m.group(1) + "\\", escaped)


_cell = md_text


def turn_label(turn: ReviewTurn) -> str:
    """`sender`, or the receiver's stage with the finer step when it says more."""
    return stage_label(turn.role, turn.stage, turn.step)


def stage_label(role: str, stage: str, step: str) -> str:
    """A turn's role or stage as every report and the history show it (see ``turn_label``)."""
    if role != "receiver":
        return role if stage == "other" else f"{role}, {stage}"
    extra = {"summary": " (summary)", "check": " (check-in)", "agree": " (agreed)"}.get(step, "")
    return STAGE_LABEL.get(stage, stage) + extra


def judge_label(report: ReviewReport) -> str:
    """``openai (gpt-4o-mini)``, saying so when the model failed and the local judge stood in."""
    label = report.judge + (f" ({report.model})" if report.model else "")
    if report.summary.fallback_turns:
        label += ", failed: local judge used"
    return label


OTHER_MEANS = (
    "Other: a receiver's reply that is none of the steps (mirror, validation, empathy, request)."
)


def other_legend(labels: list[str]) -> str | None:
    """The line saying what "Other" means, when one of these labels is it."""
    return OTHER_MEANS if "Other" in labels else None


NOTHING = "–"  # a per-person cell with truly nothing in it: the person never received
NOTHING_LEGEND = "– nothing to measure: this person had no turns as the receiver."


def speaker_cells(name: str, s: SpeakerSummary) -> list[str]:
    """The per-person row, in the words every report uses: sent, received, clean share, by
    stage, accuracy, flags, notes (``NOTHING`` only where the person never received)."""
    stages = ", ".join(
        f"{STAGE_LABEL[k].lower()} {v.clean}/{v.turns}" for k, v in s.receiver_stages.items()
    )
    if s.as_receiver == 0:
        clean, stages, accuracy = "nothing to measure yet", NOTHING, NOTHING
    else:
        clean = "not judged" if s.clean_share is None else _pct(s.clean_share)
        stages = stages or "not judged"
        accuracy = "no mirrors yet" if s.mirror_accuracy is None else _pct(s.mirror_accuracy)
    return [
        name,
        str(s.as_sender),
        str(s.as_receiver),
        clean,
        stages,
        accuracy,
        _counts(s.flags),
        _counts(s.protocol_notes),
    ]


def speaker_legend(report: ReviewReport) -> str | None:
    """The line under the per-person table saying what a dash means, when one is there."""
    nobody = any(s.as_receiver == 0 for s in report.summary.per_speaker.values())
    return NOTHING_LEGEND if nobody else None


def speaker_line(name: str, s: SpeakerSummary) -> str:
    return "| " + " | ".join(_cell(c) for c in speaker_cells(name, s)) + " |"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()) or "none"


def timeline_text(report: ReviewReport) -> list[str]:
    """One line per round: the turns as marks (✓ clean, ✗ flagged, ! protocol note)."""
    lines = []
    rounds: dict[int | None, list[ReviewTurn]] = {}
    for turn in report.turns:
        rounds.setdefault(turn.round, []).append(turn)
    for number, turns in rounds.items():
        sender = md_text(next((t.speaker for t in turns if t.role == "sender"), "?"))
        marks = "".join(STATUS_MARK[t.status] for t in turns)
        label = f"Round {number} ({sender} sends)" if number is not None else "Others"
        lines.append(f"- {label}: `{marks}`")
    return lines


def _turn_flags(turn: ReviewTurn) -> str:
    """A turn's flags in words, or what having none means for it."""
    if turn.flags:
        return ", ".join(f.replace("_", " ") for f in turn.flags)
    return {"noted": "none; a note below", "unjudged": "not judged"}.get(turn.status, "none")


def render_markdown(report: ReviewReport) -> str:
    """The whole review as one Markdown document."""
    s = report.summary
    source = f": {md_text(report.source)}" if report.source else ""
    out = [f"# Imago Dialogue review{source}", ""]
    out.append(
        f"{md_text(report.speakers[0])} and {md_text(report.speakers[1])} · "
        f"{len(report.turns)} turns · {s.rounds} round{'s' if s.rounds != 1 else ''} · "
        f"judge: {md_text(judge_label(report))}"
    )
    out.append("")
    out.extend(f"> {md_text(note)}" for note in report.notes)
    if s.failed_turns:
        out.append(f"> {s.failed_turns} turn(s) could not be judged; they are marked below.")
    out += ["", "## Practise next", ""]
    out += [f"{i}. {md_text(tip)}" for i, tip in enumerate(s.practice_next, start=1)]
    out += [
        "",
        "## Per person",
        "",
        "| Person | sent | received | clean | clean by stage | mirror accuracy | flags "
        "| protocol notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    out += [speaker_line(name, summary) for name, summary in s.per_speaker.items()]
    if legend_line := speaker_legend(report):
        out += ["", legend_line]
    legend = ", ".join(
        f"{STATUS_MARK[k]} {STATUS_TEXT[k]}" for k in ("clean", "flagged", "noted", "unjudged")
    )
    out += ["", "## Timeline", "", legend, ""]
    out += timeline_text(report)
    out += [
        "",
        "## Turns",
        "",
        "| # | Speaker | Role / stage | Flags | Text |",
        "|---|---|---|---|---|",
    ]
    for t in report.turns:
        text = t.text if len(t.text) <= 90 else t.text[:87] + "..."
        out.append(
            f"| {t.number} | {_cell(t.speaker)} | {_cell(turn_label(t))} | "
            f"{_turn_flags(t)} | {_cell(text)} |"
        )
    if other := other_legend([turn_label(t) for t in report.turns]):
        out += ["", other]
    details = [t for t in report.turns if t.findings or t.protocol_notes or t.error]
    if details:
        out += ["", "## What to look at", ""]
    for t in details:
        out += [
            f"### Turn {t.number}: {md_text(t.speaker)} ({md_text(turn_label(t))})",
            "",
            f"> {md_text(t.text)}",
            "",
        ]
        for group in same_words(t.findings):  # one explanation for words raising two flags
            f = group[0]
            out.append(
                f"- **{md_text(flag_names(group))}**: “{md_text(f.evidence)}” — "
                f"{md_text(f.explanation)} *Try:* {md_text(f.suggestion)}"
            )
        out += [f"- *{md_text(n.message)}*" for n in t.protocol_notes]
        if t.error:
            out.append(f"- not judged: {md_text(t.error)}")
        if t.rewrite:
            out.append(f"- You could say: “{md_text(t.rewrite)}”")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
