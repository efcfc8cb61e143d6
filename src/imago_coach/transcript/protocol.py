"""Checks of the Imago protocol itself, as gentle notes on the turns where something was skipped.

- ``validated_early``: validating (or empathizing) before the sender said there is no more;
- ``no_summary``: a round whose sender said more than one thing reaches validation without a
  summary mirror (noted on the first such validation, and again on the first one after the
  sender said there is no more, where the summary belongs);
- ``no_check``: a mirror without "Did I get that?";
- ``thought_not_feeling``: empathy that names a thought ("I imagine you feel that I don't care");
- ``switched_early``: roles switched before the sender of the last round was validated and
  empathized with;
- ``new_topic``: the new sender opens a new subject instead of answering what was said.
"""

from __future__ import annotations

from imago_coach.language.text import content_stems
from imago_coach.transcript.cues import names_thought
from imago_coach.transcript.segment import Segmented, SegTurn

# Words about the dialogue itself ("can I share my side?"), not about its topic.
_META = frozenset(
    {
        "share",
        "side",
        "respond",
        "someth",
        "bring",
        "talk",
        "dialogue",
        "turn",
        "now",
        "want",
        "like",
        "switch",
    }
)


def check_protocol(seg: Segmented) -> None:
    """Attach ``(code, message)`` notes to the turns of ``seg`` (in place)."""
    rounds = seg.rounds()
    previous: list[SegTurn] | None = None
    for number in sorted(rounds):
        turns = rounds[number]
        if previous is not None:
            _check_switch(previous, turns)
        _check_round(turns)
        previous = turns


def _names(turns: list[SegTurn]) -> tuple[str, str]:
    sender = next((t.speaker for t in turns if t.role == "sender"), "the sender")
    receiver = next((t.speaker for t in turns if t.role == "receiver"), "the receiver")
    return sender, receiver


def _check_round(turns: list[SegTurn]) -> None:
    sender, _receiver = _names(turns)
    content = 0
    done = False
    summary = False
    noted: set[str] = set()
    for turn in turns:
        if turn.role == "sender":
            if turn.is_content:
                content += 1
            elif turn.step == "done":
                done = True  # the loop is closed for the round, corrections may follow
            continue
        if turn.step in ("mirror", "summary"):
            summary = summary or turn.step == "summary"
            if not turn.cues.has("got"):
                turn.notes.append(
                    (
                        "no_check",
                        f'Ask "Did I get that?" after the mirror, so {sender} can correct it.',
                    )
                )
        if turn.step in ("validate", "empathize"):
            if not done and "validated_early" not in noted:
                noted.add("validated_early")
                turn.notes.append(
                    (
                        "validated_early",
                        f'This came before {sender} said there was no more: keep asking "Is there '
                        'more?" until you hear "No, that\'s it".',
                    )
                )
            key = f"no_summary:{done}"  # an early validation does not excuse the later one
            if content >= 2 and not summary and key not in noted:
                noted.add(key)
                turn.notes.append(
                    (
                        "no_summary",
                        f'Before validating, a summary mirror ("Let me see if I got it all...") '
                        f"gathers everything {sender} shared.",
                    )
                )
        if turn.cues.has("empathize"):
            thought = names_thought(turn.text, turn.cues.at["empathize"])
            if thought:
                turn.notes.append(
                    (
                        "thought_not_feeling",
                        f"\u201c{thought}\u201d names a thought rather than a feeling: "
                        "try a feeling word (hurt, lonely, scared, sad).",
                    )
                )


def _topic(text: str) -> set[str]:
    return set(content_stems(text, drop_frame=True)) - _META


def _check_switch(previous: list[SegTurn], turns: list[SegTurn]) -> None:
    old_sender, _ = _names(previous)
    first = next((t for t in turns if t.role == "sender"), None)
    if first is None:
        return
    steps = {t.step for t in previous if t.role == "receiver"}
    if any(t.step == "validate" and t.cues.has("empathize") for t in previous):
        steps.add("empathize")  # "You make sense. I imagine you feel..." does both
    missing = [s for s in ("validate", "empathize") if s not in steps]
    if missing:
        what = " and ".join({"validate": "validation", "empathize": "empathy"}[m] for m in missing)
        first.notes.append(
            (
                "switched_early",
                f"The roles switched before {old_sender} felt fully received (no {what} yet): "
                "finish the round before the switch.",
            )
        )
    said = set()
    for turn in previous:
        if turn.role == "sender":
            said.update(_topic(turn.text))
    opening = _topic(first.text)
    if len(opening) >= 5 and said and not (opening & said):
        first.notes.append(
            (
                "new_topic",
                f"After the switch the new sender answers what {old_sender} said; this opens "
                "a new topic, which can wait for its own dialogue.",
            )
        )
