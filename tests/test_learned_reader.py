"""The learned second reader of the local judge: what it was trained on, and how it behaves."""

from __future__ import annotations

import json
import subprocess
import sys
from array import array
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.coach import make_request
from imago_coach.judges import learned
from imago_coach.judges.learned import (
    DIM,
    UNREADABLE_NOTE,
    LearnedModel,
    decode,
    encode,
    feature_names,
    hashed,
    load_model,
    senders_words,
)
from imago_coach.judges.local import LocalJudge

EVALS = Path(__file__).resolve().parents[1] / "evals"
FLAGS = ("judgement", "solution", "topic_change")


def toy_model(
    favour: dict[str, list[str]], *, bias: float = -4.0, keep_at: float = 0.5
) -> LearnedModel:
    """A model that knows only the named features (weight +10 each) of each flag."""
    weights = {}
    for flag in FLAGS:
        values = array("h", bytes(2 * DIM))
        for index in hashed(favour.get(flag, [])):
            values[index] = 10_000
        weights[flag] = values
    return LearnedModel(
        flags=FLAGS,
        bias=dict.fromkeys(FLAGS, bias),
        scale=dict.fromkeys(FLAGS, 0.001),
        weights=weights,
        raise_at=dict.fromkeys(FLAGS, 0.5),
        keep_at=dict.fromkeys(FLAGS, keep_at),
        trained_on=("toy@0",),
    )


def test_shipped_model_never_saw_the_yardstick_or_the_blind_set() -> None:
    model = load_model()
    assert model is not None
    names = {entry.split("@")[0] for entry in model.trained_on}
    # the drill bank's model answers only bound the thresholds (few alarms on clean answers)
    assert names == {"corpus", "dev", "holdout", "holdout2", "drill-bank"}
    assert model.flags == FLAGS
    assert learned.WEIGHTS.stat().st_size < 3_000_000


def test_features_mark_what_was_already_said_and_carry_the_rules_cues() -> None:
    said = senders_words("I feel lonely", ["We talked about the party."])
    names = feature_names(
        "mirror", "you feel lonely at the party, drama queen", said, ["flag:judgement"]
    )
    assert {
        "q=lonely",
        "q=party",
        "w=drama",
        "b=drama_queen",
        "c=dram",
        "r=flag:judgement",
        "r=mirror:flag:judgement",
        "s=mirror",
    } <= names
    assert "w=lonely" not in names


def test_weights_file_round_trips_and_rejects_anything_else(tmp_path: Path) -> None:
    model = toy_model({"judgement": ["w=wombat"]})
    raw = encode(model)
    assert encode(decode(raw)) == raw
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"not weights at all")
    assert load_model(bad) is None
    truncated = tmp_path / "short.bin"
    truncated.write_bytes(raw[:-10])
    assert load_model(truncated) is None
    assert load_model(tmp_path / "missing.bin") is None


def test_missing_weights_leave_the_rules_working(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: None)
    verdict = LocalJudge().judge(
        make_request(
            "mirror",
            "I felt alone at the party.",
            "You're too sensitive. Just come and talk to us.",
        )
    )
    assert {f.value for f in verdict.flags} == {"judgement", "solution"}
    assert verdict.notes == [UNREADABLE_NOTE]  # said, not silently dropped


def test_unreadable_weights_are_said_in_check_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    damaged = tmp_path / "w.bin"
    damaged.write_text("{not json", encoding="utf-8")
    assert load_model(damaged) is None
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: load_model(damaged))
    args = [
        "check",
        "--judge",
        "local",
        "--stage",
        "mirror",
        "--sender",
        "I felt alone at the party.",
        "--response",
        "So you felt alone at the party.",
    ]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0, shown.output
    assert "could not be loaded" in " ".join(shown.output.split())
    as_json = CliRunner().invoke(app, [*args, "--json"])
    assert json.loads(as_json.stdout)["notes"] == [UNREADABLE_NOTE]


def test_second_reader_raises_a_flag_the_rules_missed_on_the_weightiest_clause(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = toy_model({"judgement": ["w=wombat"]})
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: model)
    verdict = LocalJudge().judge(
        make_request(
            "empathize",
            "I hate the new sofa.",
            "I imagine you might feel sad. Wombat territory, honestly. Does that sound right?",
        )
    )
    finding = next(f for f in verdict.findings if f.flag.value == "judgement")
    assert finding.evidence == "Wombat territory, honestly."
    assert "judgement" in finding.explanation


def test_second_reader_drops_a_rule_flag_it_is_confident_is_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    request = make_request(
        "mirror", "I felt alone at the party.", "You're too sensitive. Just come and talk to us."
    )
    keeps = toy_model({"judgement": ["s=mirror"], "solution": ["s=mirror"]}, keep_at=0.5)
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: keeps)
    assert {f.value for f in LocalJudge().judge(request).flags} == {"judgement", "solution"}
    drops = toy_model({"judgement": ["s=mirror"]}, keep_at=0.5)
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: drops)
    verdict = LocalJudge().judge(request)
    assert {f.value for f in verdict.flags} == {"judgement"}
    assert all(f.flag.value != "solution" for f in verdict.findings)


def test_training_never_reads_the_yardstick_or_the_blind_set() -> None:
    sys.path.insert(0, str(EVALS))
    import train_local_model as training  # type: ignore[import-not-found]  # evals/, on the path

    assert set(training.TRAIN_SETS).isdisjoint(training.NEVER)
    with pytest.raises(SystemExit, match="never trained on"):
        training.home_rows(("golden",))


def test_shipped_weights_match_a_fresh_training_run(tmp_path: Path) -> None:
    """Retrained from the committed corpus (no text, no network) and the sets written here."""
    out = tmp_path / "weights.bin"
    subprocess.run(
        [sys.executable, str(EVALS / "train_local_model.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == learned.WEIGHTS.read_bytes(), (
        "learned_weights.bin is stale: run python evals/train_local_model.py"
    )
