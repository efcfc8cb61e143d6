"""The learned second reader of the local judge: what it was trained on, and how it behaves."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.coach import make_request
from imago_coach.judges import learned
from imago_coach.judges.learned import UNREADABLE_NOTE, features, load_model
from imago_coach.judges.local import LocalJudge

EVALS = Path(__file__).resolve().parents[1] / "evals"


def test_shipped_model_never_saw_the_yardstick_or_the_blind_set() -> None:
    model = load_model()
    assert model is not None
    names = {entry.split("@")[0] for entry in model.trained_on}
    assert names == {"dev", "holdout", "holdout2"}
    assert not names & {"golden", "holdout3"}
    assert set(model.weights) == {"judgement", "solution", "topic_change"}


def test_features_mark_the_senders_own_words() -> None:
    feats = features("mirror", "I feel lonely", "you feel lonely, drama queen", {"judgement"})
    assert feats["q=lonely"] == 1.0
    assert feats["w=drama"] == 1.0
    assert "b=drama_queen" in feats
    assert feats["rule=judgement"] == 1.0


def test_missing_weights_leave_the_rules_working(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert load_model(tmp_path / "missing.json") is None
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: None)
    verdict = LocalJudge().judge(make_request(
        "mirror", "I felt alone at the party.", "You're too sensitive. Just come and talk to us."
    ))
    assert {f.value for f in verdict.flags} == {"judgement", "solution"}
    assert verdict.notes == [UNREADABLE_NOTE]  # said, not silently dropped


def test_unreadable_weights_are_said_in_check_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    damaged = tmp_path / "w.json"
    damaged.write_text("{not json", encoding="utf-8")
    assert load_model(damaged) is None
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: load_model(damaged))
    args = ["check", "--judge", "local", "--stage", "mirror", "--sender",
            "I felt alone at the party.", "--response", "So you felt alone at the party."]
    shown = CliRunner().invoke(app, args)
    assert shown.exit_code == 0, shown.output
    assert "could not be loaded" in " ".join(shown.output.split())
    as_json = CliRunner().invoke(app, [*args, "--json"])
    assert json.loads(as_json.stdout)["notes"] == [UNREADABLE_NOTE]


def test_second_reader_adds_a_flag_the_rules_missed_with_evidence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    weights = tmp_path / "w.json"
    weights.write_text(json.dumps({
        "trained_on": ["toy@0"], "bias": {"judgement": -4.0, "solution": -9, "topic_change": -9},
        "weights": {"judgement": {"w=wombat": 10.0}, "solution": {}, "topic_change": {}},
    }))
    model = load_model(weights)
    monkeypatch.setattr("imago_coach.judges.local.load_model", lambda: model)
    verdict = LocalJudge().judge(make_request(
        "empathize", "I hate the new sofa.", "I imagine you might feel sad. Wombat territory."
    ))
    finding = next(f for f in verdict.findings if f.flag.value == "judgement")
    assert finding.evidence == "Wombat territory."
    assert "judgement" in finding.explanation


def test_training_is_deterministic() -> None:
    sys.path.insert(0, str(EVALS))
    import train_local_model as training

    rows = [({"w=a": 1.0, "stage=mirror": 1.0}, {"judgement": True}),
            ({"w=b": 1.0, "stage=mirror": 1.0}, {"judgement": False})] * 5
    first = training.train(rows, "judgement", epochs=5)
    second = training.train(rows, "judgement", epochs=5)
    assert first == second
    assert first[1]["w=a"] > 0 > first[1]["w=b"]
    with pytest.raises(SystemExit, match="never trained on"):
        training.rows_of(("golden",))
    assert learned.THRESHOLD == 0.5


def test_shipped_weights_match_a_fresh_training_run(tmp_path: Path) -> None:
    """The reader's inputs include the rules' flags: change the rules, retrain (deterministic)."""
    import subprocess

    out = tmp_path / "weights.json"
    subprocess.run([sys.executable, str(EVALS / "train_local_model.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == learned.WEIGHTS.read_bytes(), (
        "learned_weights.json is stale: run python evals/train_local_model.py"
    )
