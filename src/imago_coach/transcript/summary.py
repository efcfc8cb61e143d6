"""Per-person numbers and the three most useful things to practise next."""

from __future__ import annotations

from collections import Counter
from statistics import mean

from imago_coach.flags import FLAG_INFO, flag_info
from imago_coach.transcript.report import (
    STAGES,
    ReviewTurn,
    SpeakerSummary,
    StageStats,
    Summary,
)

# What to practise, by what went wrong; {name} is the person, {partner} the other (the
# receiver's tip for each flag is its ``FlagInfo.review_tip``).
_SENDER_TIP = (
    "{name}: send with I-statements — {n} message{s} carried blame or criticism; "
    "\u201cI felt ... when ...\u201d is easier to hear."
)
_NOTE_TIPS: dict[str, str] = {
    "validated_early": "{name}: keep asking \u201cIs there more?\u201d until {partner} says "
    "that's it, before validating ({n} time{s}).",
    "no_summary": "{name}: add a summary mirror (\u201cLet me see if I got it all...\u201d) "
    "before validating ({n} round{s} without one).",
    "no_check": "{name}: end each mirror with \u201cDid I get that?\u201d ({n} mirror{s} "
    "without it).",
    "thought_not_feeling": "{name}: in empathy, name feelings (hurt, lonely, scared), not "
    "thoughts ({n} time{s}).",
    "switched_early": "{name}: finish validation and empathy before switching roles "
    "({n} early switch{es}).",
    "new_topic": "{name}: after the switch, answer what {partner} said before opening a new "
    "topic ({n} time{s}).",
}
_ORDER = [*(flag.value for flag in FLAG_INFO), "send", *_NOTE_TIPS, "accuracy"]
LOW_ACCURACY = 0.5
RECEIVING = ("mirror", "validate", "empathize")


def _stats(turns: list[ReviewTurn]) -> StageStats:
    judged = [t for t in turns if t.judged]
    clean = sum(1 for t in judged if not t.flags)
    return StageStats(
        turns=len(turns),
        clean=clean,
        clean_share=round(clean / len(judged), 2) if judged else None,
    )


def _speaker(name: str, turns: list[ReviewTurn]) -> SpeakerSummary:
    mine = [t for t in turns if t.speaker == name]
    received = [t for t in mine if t.role == "receiver"]
    accuracy = [
        t.mirror_accuracy for t in received if t.is_mirror and t.mirror_accuracy is not None
    ]
    flags: Counter[str] = Counter(f for t in mine for f in t.flags)
    notes: Counter[str] = Counter(n.code for t in mine for n in t.protocol_notes)
    return SpeakerSummary(
        turns=len(mine),
        as_sender=sum(1 for t in mine if t.role == "sender"),
        as_receiver=len(received),
        receiver_stages={  # judged turns only: an agreement to a request has no rubric
            stage: _stats([t for t in received if t.stage == stage and t.judged])
            for stage in STAGES
            if any(t.stage == stage and t.judged for t in received)
        },
        clean_share=_stats(received).clean_share,
        mirror_accuracy=round(mean(accuracy), 2) if accuracy else None,
        flags=dict(sorted(flags.items())),
        protocol_notes=dict(sorted(notes.items())),
    )


def _plural(n: int) -> dict[str, str]:
    return {"s": "" if n == 1 else "s", "es": "" if n == 1 else "es"}


def _no_one_received(speakers: tuple[str, str], turns: list[ReviewTurn]) -> str | None:
    """The headline when nobody mirrored, validated or empathized: start there."""
    if any(t.role == "receiver" and t.stage in RECEIVING for t in turns):
        return None
    sender = next((t.speaker for t in turns if t.role == "sender"), speakers[0])
    receiver = speakers[1] if sender == speakers[0] else speakers[0]
    return (
        f"No one mirrored yet: start there. {receiver}: before you answer, give back "
        f"{sender}'s own words (\u201cSo if I got it, \u2026 Did I get that?\u201d), then "
        "ask \u201cIs there more?\u201d"
    )


def practice_next(speakers: tuple[str, str], turns: list[ReviewTurn]) -> list[str]:
    """The three most frequent things to work on, each addressed to one person; when no one
    received at all, that comes first, and tips about how the receiving went are left out."""
    headline = _no_one_received(speakers, turns)
    found: list[tuple[int, int, str]] = []
    for name in speakers:
        partner = speakers[1] if name == speakers[0] else speakers[0]
        mine = [t for t in turns if t.speaker == name]
        fill = {"name": name, "partner": partner}
        received = Counter(f for t in mine if t.role == "receiver" for f in t.flags)
        for flag, count in received.items():
            info = flag_info(flag)
            if info is not None and not (headline and flag == "topic_change"):
                found.append(
                    (
                        count,
                        _ORDER.index(flag),
                        info.review_tip.format(n=count, **fill, **_plural(count)),
                    )
                )
        sent = sum(
            1 for t in mine if t.role == "sender" and {"judgement", "defensiveness"} & set(t.flags)
        )
        if sent:
            found.append(
                (sent, _ORDER.index("send"), _SENDER_TIP.format(n=sent, **fill, **_plural(sent)))
            )
        noted = Counter(n.code for t in mine for n in t.protocol_notes)
        for code, count in noted.items():
            found.append(
                (
                    count,
                    _ORDER.index(code),
                    _NOTE_TIPS[code].format(n=count, **fill, **_plural(count)),
                )
            )
        low = [
            t
            for t in mine
            if t.is_mirror and t.mirror_accuracy is not None and t.mirror_accuracy < LOW_ACCURACY
        ]
        if low:
            found.append(
                (
                    len(low),
                    _ORDER.index("accuracy"),
                    (
                        f"{name}: mirror closer to {partner}'s own words — {len(low)} mirror"
                        f"{'s' if len(low) != 1 else ''} brought back less than half of "
                        "what was said."
                    ),
                )
            )
    found.sort(key=lambda item: (-item[0], item[1]))
    tips = [*([headline] if headline else []), *(text for _count, _order, text in found)][:3]
    return tips or [
        _not_finished(speakers, turns)
        or "A clean dialogue: keep the rhythm of mirror, validate, empathize, and "
        "switch roles only when the sender feels received."
    ]


_NEXT_STEP = {
    "mirror": "mirror (“So if I got it, … Did I get that?”)",
    "validate": "validate (“You make sense, because …”)",
    "empathize": "empathize (“I imagine you might feel …”)",
}


def _not_finished(speakers: tuple[str, str], turns: list[ReviewTurn]) -> str | None:
    """With nothing flagged, the tip when a receiver step never happened (not "clean")."""
    done = {t.stage for t in turns if t.role == "receiver"}
    missing = [stage for stage in RECEIVING if stage not in done]
    if not missing:
        return None
    receiver = next((t.speaker for t in turns if t.role == "receiver"), speakers[1])
    steps = " and ".join(_NEXT_STEP[stage] for stage in missing)
    return (
        f"Nothing was flagged, but the dialogue stopped early. {receiver}: "
        f"next time, go on to {steps}."
    )


def summarise(speakers: tuple[str, str], turns: list[ReviewTurn]) -> Summary:
    """The report's summary: per person, the practice list, and whole-dialogue counts."""
    stage_counts = Counter(t.stage for t in turns if t.role == "receiver")
    stage_counts.update(t.stage for t in turns if t.role == "sender" and t.stage == "request")
    return Summary(
        per_speaker={name: _speaker(name, turns) for name in speakers},
        practice_next=practice_next(speakers, turns),
        rounds=max((t.round or 0 for t in turns), default=0),
        stage_counts={s: stage_counts.get(s, 0) for s in STAGES},
        flag_counts=dict(sorted(Counter(f for t in turns for f in t.flags).items())),
        failed_turns=sum(1 for t in turns if t.error is not None),
        fallback_turns=sum(1 for t in turns if t.fallback),
    )
