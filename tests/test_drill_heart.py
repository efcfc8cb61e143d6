"""A drill answer counts as clean only when it does its step: "ok" raises no flag, but it is not
a validation (issue 12: the clean share per stage must not overstate progress)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.drill import store as drill_store
from imago_coach.language.heart import has_heart
from imago_coach.models import Stage

runner = CliRunner()


@pytest.fixture(autouse=True)
def fresh_drills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(drill_store, "saved_runs", set())


def drill_json(stage: str, answer: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["drill", "-n", "1", "--stage", stage, "--seed", "2", "--json"], input=answer + "\n"
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("stage", "answer"),
    [("validate", "ok"), ("validate", "Right."), ("empathize", "I get it, I do that too.")],
)
def test_an_answer_without_the_step_is_not_clean(stage: str, answer: str) -> None:
    data = drill_json(stage, answer)
    items = data["items"]
    assert isinstance(items, list)
    assert items[0]["answer"] == answer
    assert items[0]["clean"] is False
    assert data["clean_share"] == 0.0


def test_a_real_validation_and_a_real_empathy_are_clean() -> None:
    validation = drill_json(
        "validate", "You make sense, because it was a lot to carry on your own."
    )
    empathy = drill_json("empathize", "I imagine you might feel hurt and lonely. Is that right?")
    for data in (validation, empathy):
        items = data["items"]
        assert isinstance(items, list)
        assert items[0]["flags"] == []
        assert items[0]["clean"] is True


def test_the_heart_of_each_step() -> None:
    assert has_heart(Stage.VALIDATE, "That makes sense to me, given what happened.")
    assert not has_heart(Stage.VALIDATE, "ok")
    assert has_heart(Stage.EMPATHIZE, "I imagine you feel left out.")
    assert not has_heart(Stage.EMPATHIZE, "I imagine that was a lot.")
    assert has_heart(Stage.MIRROR, "ok")  # a mirror's heart is its accuracy, measured elsewhere


def test_every_model_answer_in_the_bank_does_its_step() -> None:
    from imago_coach.drill.bank import load_bank

    missing = [
        (s.id, stage.value)
        for s in load_bank()
        for stage in (Stage.VALIDATE, Stage.EMPATHIZE)
        if not has_heart(stage, s.model_answer(stage))
    ]
    assert missing == []


def test_a_feeling_outside_the_lexicon_still_counts() -> None:
    assert has_heart(Stage.EMPATHIZE, "I imagine you feel a longing for more time with me.")
    assert not has_heart(Stage.EMPATHIZE, "I imagine you feel like I don't care.")
