"""``--min-f1``: thresholds for every flag ("0.8") or one flag ("solution=0.85")."""

from __future__ import annotations

from imago_coach.errors import InputError
from imago_coach.evaluation.report import EvalReport
from imago_coach.models import Flag

_FLAGS = ", ".join(f.value for f in Flag)


def _value(raw: str, text: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise InputError(f"--min-f1 {text!r}: {raw!r} is not a number between 0 and 1.") from None
    if not 0.0 <= value <= 1.0:
        raise InputError(f"--min-f1 {text!r}: the threshold must be between 0 and 1.")
    return value


def parse_thresholds(values: list[str]) -> dict[Flag | None, float]:
    """``None`` keys the threshold for every flag; a flag key overrides it for that flag."""
    out: dict[Flag | None, float] = {}
    for text in values:
        name, sep, raw = text.partition("=")
        if not sep:
            out[None] = _value(text, text)
            continue
        try:
            flag = Flag(name.strip().lower())
        except ValueError:
            raise InputError(
                f"--min-f1 {text!r}: unknown flag {name!r} (use one of {_FLAGS})."
            ) from None
        out[flag] = _value(raw, text)
    return out


def check_gate(report: EvalReport, thresholds: dict[Flag | None, float]) -> list[str]:
    """The missed thresholds, one line each; empty when the gate passes."""
    labelled = [f for f in Flag if any(f in r.expected for r in report.results)]
    wanted: dict[Flag, float] = {}
    if None in thresholds:
        wanted = {f: thresholds[None] for f in labelled}
    wanted.update({f: v for f, v in thresholds.items() if f is not None})
    failures = []
    for flag, minimum in wanted.items():
        got = report.metrics.get(flag)
        if got is None:
            failures.append(f"{flag.value}: no scored case labels it (needs F1 >= {minimum})")
        elif got.f1 < minimum:
            failures.append(f"{flag.value}: F1 {got.f1:.3f} < {minimum}")
    return failures
