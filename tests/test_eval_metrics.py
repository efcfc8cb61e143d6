"""Metrics against hand-computed values, and the --min-f1 gate."""

from __future__ import annotations

import pytest

from imago_coach.errors import InputError
from imago_coach.evaluation import metrics
from imago_coach.evaluation.gate import check_gate, parse_thresholds
from imago_coach.evaluation.report import CaseResult, EvalReport, Latency, Tokens
from imago_coach.models import Flag, Stage

J, S, T = Flag.JUDGEMENT, Flag.SOLUTION, Flag.TOPIC_CHANGE


def test_flag_metrics_hand_computed() -> None:
    # tp=3 fp=1 fn=2 tn=4: p=3/4, r=3/5, f1=2*.75*.6/1.35=.6667
    # po=.7, pe=(4*5 + 6*5)/100=.5, kappa=(.7-.5)/.5=.4
    pairs = [(True, True)] * 3 + [(False, True)] + [(True, False)] * 2 + [(False, False)] * 4
    m = metrics.flag_metrics(pairs)
    assert (m.tp, m.fp, m.fn, m.tn) == (3, 1, 2, 4)
    assert m.precision == 0.75
    assert m.recall == 0.6
    assert m.f1 == 0.6667
    assert m.kappa == 0.4
    assert m.support == 5
    assert m.labelled == 10


def test_flag_metrics_degenerate_cases() -> None:
    none_at_all = metrics.flag_metrics([(False, False)] * 3)
    assert (none_at_all.precision, none_at_all.recall, none_at_all.f1) == (1.0, 1.0, 1.0)
    assert none_at_all.kappa == 1.0
    all_missed = metrics.flag_metrics([(True, False), (False, False)])
    assert (all_missed.precision, all_missed.recall, all_missed.f1) == (0.0, 0.0, 0.0)
    assert all_missed.kappa == 0.0


def _result(
    cid: str, expected: dict[Flag, bool], predicted: list[Flag] | None, stage: Stage = Stage.MIRROR
) -> CaseResult:
    return CaseResult(
        id=cid,
        stage=stage,
        expected=expected,
        predicted=predicted,
        error=None if predicted is not None else "boom",
    )


def test_errors_are_not_negatives_and_missing_labels_are_not_scored() -> None:
    results = [
        _result("a", {J: True, S: False}, [J]),
        _result("b", {J: False}, [S]),  # solution not labelled here: not scored for it
        _result("c", {J: True, S: True}, None),  # errored: counted nowhere
    ]
    per = metrics.per_flag(results)
    assert (per[J].tp, per[J].fp, per[J].fn, per[J].tn) == (1, 0, 0, 1)
    assert (per[S].tp, per[S].fp, per[S].fn, per[S].tn) == (0, 0, 0, 1)
    assert T not in per
    assert metrics.macro_f1(per) == 1.0


def test_by_stage_and_mirror_agreement() -> None:
    results = [
        CaseResult(
            id="a",
            stage=Stage.MIRROR,
            expected={J: True},
            predicted=[J],
            mirror_accuracy=0.5,
            gold_mirror_accuracy=0.8,
        ),
        CaseResult(
            id="b",
            stage=Stage.MIRROR,
            expected={J: False},
            predicted=[],
            mirror_accuracy=0.9,
            gold_mirror_accuracy=1.0,
        ),
        CaseResult(id="c", stage=Stage.VALIDATE, expected={J: True}, predicted=[]),
    ]
    stages = metrics.by_stage(results)
    assert stages[Stage.MIRROR].flags[J].f1 == 1.0
    assert stages[Stage.VALIDATE].flags[J].f1 == 0.0
    agree = metrics.mirror_agreement(results)
    assert agree is not None
    assert agree.n == 2
    assert agree.mae == 0.2  # (0.3 + 0.1) / 2
    assert agree.within_0_2 == 0.5


def test_percentile_majority_and_consistency() -> None:
    assert metrics.percentile([10, 20, 30, 40], 50) == 25.0
    assert metrics.percentile([10, 20, 30, 40], 95) == 38.5
    assert metrics.percentile([], 50) == 0.0
    assert metrics.majority([[J], [J, S], []]) == [J]
    assert metrics.majority([[J], []]) == [J]  # a tie counts as raised
    results = [
        CaseResult(
            id="a", stage=Stage.MIRROR, expected={J: True}, predicted=[J], runs=[[J], [J], [J]]
        ),
        CaseResult(
            id="b", stage=Stage.MIRROR, expected={J: True}, predicted=[J], runs=[[J], [J, S], [J]]
        ),
    ]
    c = metrics.consistency(results, 3)
    assert c.agreement == 0.5
    assert c.per_flag[J] == 1.0
    assert c.per_flag[S] == 0.5


def _report(f1: dict[Flag, float]) -> EvalReport:
    results = [_result("a", {J: True, S: True, T: False}, [J])]
    per = {
        flag: metrics.flag_metrics([(True, True)]).model_copy(update={"f1": v})
        for flag, v in f1.items()
    }
    return EvalReport(
        dataset="d",
        dataset_sha256="0" * 64,
        judge="local",
        model=None,
        prompt=None,
        cases=1,
        scored=1,
        errors=0,
        metrics=per,
        macro_f1=0.0,
        latency_ms=Latency(p50=0, p95=0),
        tokens=Tokens(),
        cost_usd=0.0,
        wall_s=0.0,
        results=results,
    )


def test_gate_thresholds() -> None:
    assert parse_thresholds(["0.8", "solution=0.85"]) == {None: 0.8, S: 0.85}
    report = _report({J: 0.9, S: 0.82})
    failures = check_gate(report, parse_thresholds(["0.8", "solution=0.85"]))
    assert failures == [
        "solution: F1 0.820 < 0.85",
        "topic_change: no scored case labels it (needs F1 >= 0.8)",
    ]
    assert check_gate(report, parse_thresholds(["judgement=0.9"])) == []


@pytest.mark.parametrize("bad", ["x", "1.5", "empathy=0.8", "solution=abc"])
def test_gate_rejects_bad_thresholds(bad: str) -> None:
    with pytest.raises(InputError):
        parse_thresholds([bad])
