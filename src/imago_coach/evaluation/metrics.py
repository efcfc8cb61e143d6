"""Metrics over case results: confusion counts, precision, recall, F1, Cohen's kappa.

Conventions where a ratio is undefined: precision is 1.0 when nothing was predicted and nothing
was missed (0.0 when positives were missed), recall likewise; F1 is 0.0 when precision and recall
are both 0. Kappa is 1.0 for perfect agreement when chance agreement is already 1, else 0.0.
Errored cases are never scored: they count in ``errors``, not as negatives.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from imago_coach.evaluation.report import (
    CaseResult,
    Consistency,
    FlagMetrics,
    MirrorAgreement,
    StageMetrics,
)
from imago_coach.models import Flag, Stage


def _r(value: float) -> float:
    return round(value, 4)


def flag_metrics(pairs: Iterable[tuple[bool, bool]]) -> FlagMetrics:
    """Metrics from (expected, predicted) pairs."""
    tp = fp = fn = tn = 0
    for want, got in pairs:
        if want and got:
            tp += 1
        elif got:
            fp += 1
        elif want:
            fn += 1
        else:
            tn += 1
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = tp + fp + fn + tn
    kappa = 0.0
    if n:
        observed = (tp + tn) / n
        chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n)
        perfect = 1.0 if observed == 1 else 0.0
        kappa = (observed - chance) / (1 - chance) if chance < 1 else perfect
    return FlagMetrics(
        tp=tp,
        fp=fp,
        fn=fn,
        tn=tn,
        precision=_r(precision),
        recall=_r(recall),
        f1=_r(f1),
        kappa=_r(kappa),
        support=tp + fn,
        labelled=n,
    )


def per_flag(results: Sequence[CaseResult]) -> dict[Flag, FlagMetrics]:
    """Metrics for every flag labelled in at least one scored case, in rubric order."""
    scored = [r for r in results if r.predicted is not None]
    metrics: dict[Flag, FlagMetrics] = {}
    for flag in Flag:
        pairs = [
            (r.expected[flag], flag in (r.predicted or [])) for r in scored if flag in r.expected
        ]
        if pairs:
            metrics[flag] = flag_metrics(pairs)
    return metrics


def macro_f1(metrics: dict[Flag, FlagMetrics]) -> float:
    if not metrics:
        return 0.0
    return _r(sum(m.f1 for m in metrics.values()) / len(metrics))


def by_stage(results: Sequence[CaseResult]) -> dict[Stage, StageMetrics]:
    out: dict[Stage, StageMetrics] = {}
    for stage in Stage:
        subset = [r for r in results if r.stage == stage]
        if subset:
            out[stage] = StageMetrics(cases=len(subset), flags=per_flag(subset))
    return out


def mirror_agreement(results: Sequence[CaseResult]) -> MirrorAgreement | None:
    pairs = [
        (r.gold_mirror_accuracy, r.mirror_accuracy)
        for r in results
        if r.gold_mirror_accuracy is not None and r.predicted is not None
    ]
    if not pairs:
        return None
    known = [(g, p) for g, p in pairs if p is not None]
    if not known:
        return MirrorAgreement(n=0, mae=None, within_0_2=None)
    errors = [abs(g - p) for g, p in known]
    return MirrorAgreement(
        n=len(known),
        mae=_r(sum(errors) / len(errors)),
        within_0_2=_r(sum(e <= 0.2 + 1e-9 for e in errors) / len(errors)),
    )


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (like numpy's default); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    value = ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
    return round(value, 1)


def majority(runs: Sequence[Sequence[Flag]]) -> list[Flag]:
    """Flags raised in at least half of the runs (a tie counts as raised)."""
    return [f for f in Flag if 2 * sum(f in run for run in runs) >= len(runs)]


def consistency(results: Sequence[CaseResult], repeat: int) -> Consistency:
    multi = [r for r in results if len(r.runs) >= 2]
    per: dict[Flag, float] = {}
    for flag in Flag:
        same = [len({flag in run for run in r.runs}) == 1 for r in multi]
        if multi:
            per[flag] = _r(sum(same) / len(same))
    agree = [len({frozenset(run) for run in r.runs}) == 1 for r in multi]
    return Consistency(
        repeat=repeat,
        cases=len(multi),
        agreement=_r(sum(agree) / len(agree)) if agree else None,
        per_flag=per,
    )
