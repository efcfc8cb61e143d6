"""The statement bank: partner statements, the mistakes each one tempts, and model answers.

The bank is data shipped in the package (``bank/*.toml``, one file per topic), written by hand.
Each statement carries a model mirror, validation and empathy, and the tags of the mistakes it
tempts; ``TAG_FLAGS`` says which rubric flag each tag invites, so a drill on a flag can pick the
statements that tempt it.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imago_coach.errors import ImagoError
from imago_coach.models import Flag, Stage

DrillStage = Literal["mirror", "validate", "empathize"]
DRILL_STAGES: tuple[Stage, ...] = (Stage.MIRROR, Stage.VALIDATE, Stage.EMPATHIZE)
Tag = Literal["advice", "defensiveness", "accusation", "judgement", "own_story"]
Tone = Literal["calm", "angry", "tentative", "sad", "anxious", "rambling", "hurt"]

# Which flag a tempting statement invites: advice invites a fix; an accusation invites a
# defence and a judgement back; a story close to your own invites a change of topic.
TAG_FLAGS: dict[str, tuple[Flag, ...]] = {
    "advice": (Flag.SOLUTION,),
    "defensiveness": (Flag.DEFENSIVENESS,),
    "accusation": (Flag.DEFENSIVENESS, Flag.JUDGEMENT),
    "judgement": (Flag.JUDGEMENT,),
    "own_story": (Flag.TOPIC_CHANGE,),
}
TAG_WORDS: dict[str, str] = {
    "advice": "invites advice",
    "defensiveness": "invites defensiveness",
    "accusation": "contains an accusation",
    "judgement": "tempts a judgement",
    "own_story": "tempts you to tell your own side",
}


class BankError(ImagoError):
    """The packaged bank is broken (a packaging fault, not the user's)."""


class Statement(BaseModel):
    """One partner statement with its hand-written model answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z-]+-\d{2,3}$")
    topic: str
    tone: Tone
    tags: tuple[Tag, ...] = Field(min_length=1)
    text: str = Field(min_length=10)
    mirror: str = Field(min_length=10)
    validate_: str = Field(alias="validate", min_length=10)
    empathize: str = Field(min_length=10)

    def model_answer(self, stage: Stage) -> str:
        return {
            Stage.MIRROR: self.mirror,
            Stage.VALIDATE: self.validate_,
            Stage.EMPATHIZE: self.empathize,
        }[stage]

    def tempts(self) -> set[Flag]:
        return {flag for tag in self.tags for flag in TAG_FLAGS[tag]}


class _TopicFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    topic: str
    statement: list[dict[str, object]]


def _read(name: str, raw: str) -> list[Statement]:
    try:
        data = _TopicFile.model_validate(tomllib.loads(raw))
        return [Statement.model_validate({**s, "topic": data.topic}) for s in data.statement]
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise BankError(
            f"The statement bank file {name} is broken: {exc}. Reinstall imago."
        ) from None


@cache
def load_bank() -> tuple[Statement, ...]:
    """Every statement in the packaged bank, by topic file name then by order in the file."""
    folder = resources.files("imago_coach.drill") / "bank"
    statements: list[Statement] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            statements.extend(_read(entry.name, entry.read_text(encoding="utf-8")))
    ids = [s.id for s in statements]
    if len(set(ids)) != len(ids):
        raise BankError("The statement bank has duplicate ids. Reinstall imago.")
    return tuple(statements)


def by_id() -> dict[str, Statement]:
    return {s.id: s for s in load_bank()}
