"""The review report: the contract of ``imago review --format json`` and the renderers' input.

``ReviewReport.contract()`` gives the JSON: ``speakers``, ``turns`` (every input turn in order,
``index`` from 0) and ``summary`` (``per_speaker`` and ``practice_next``), plus extra fields that
the contract allows (round, step, protocol notes, mirror accuracy, the judge's notes). People read
turn numbers from 1: every report shows ``number`` (``index + 1``), which the JSON carries too.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from imago_coach.models import Finding, JudgeName

Role = Literal["sender", "receiver", "other"]
ContractStage = Literal["mirror", "validate", "empathize", "request", "other"]
STAGES: tuple[ContractStage, ...] = ("mirror", "validate", "empathize", "request", "other")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProtocolNote(_Model):
    """A gentle note on a skipped or out-of-order step of the protocol."""

    code: str
    message: str


class ReviewTurn(_Model):
    """One turn of the transcript, placed and judged."""

    index: int
    number: int = Field(
        default=0,
        description="The turn's number as reports show it, from 1 "
        "(``index + 1``, filled in when not given).",
    )
    speaker: str
    role: Role
    stage: ContractStage
    text: str
    flags: list[str] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    round: int | None = None
    step: str = "other"
    start: str | None = None
    judged: bool = False
    rubric: str | None = Field(default=None, description="The rubric stage the judge used.")
    mirror_accuracy: float | None = None
    missed: list[str] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)
    rewrite: str | None = None
    feedback: str | None = None
    protocol_notes: list[ProtocolNote] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    error: str | None = Field(default=None, description="Why the turn could not be judged.")
    fallback: bool = Field(
        default=False, description="The local judge answered because the model failed."
    )

    @model_validator(mode="after")
    def _number_from_index(self) -> ReviewTurn:
        if self.number == 0:
            self.number = self.index + 1
        return self

    @property
    def is_mirror(self) -> bool:
        """A receiver's mirror or summary: the turns mirror accuracy is about (not a check-in)."""
        return self.role == "receiver" and self.step in ("mirror", "summary")

    @property
    def status(self) -> Literal["flagged", "noted", "clean", "unjudged"]:
        """For colouring: rubric flags, only protocol notes, clean, or not judged."""
        if self.flags:
            return "flagged"
        if self.protocol_notes:
            return "noted"
        if self.judged and self.error is None:
            return "clean"
        return "unjudged"


class StageStats(_Model):
    turns: int
    clean: int
    clean_share: float | None


class SpeakerSummary(_Model):
    """How one partner did."""

    turns: int
    as_sender: int
    as_receiver: int
    receiver_stages: dict[str, StageStats]
    clean_share: float | None = Field(description="Share of clean judged receiver turns.")
    mirror_accuracy: float | None = Field(description="Mean accuracy over mirror turns.")
    flags: dict[str, int] = Field(description="Count of each rubric flag over all turns.")
    protocol_notes: dict[str, int]


class Summary(_Model):
    per_speaker: dict[str, SpeakerSummary]
    practice_next: list[str]
    rounds: int
    stage_counts: dict[str, int]
    flag_counts: dict[str, int]
    failed_turns: int = 0
    fallback_turns: int = Field(
        default=0, description="Turns the local judge answered because the model failed."
    )


class ReviewReport(_Model):
    """The whole review."""

    speakers: list[str]
    turns: list[ReviewTurn]
    summary: Summary
    source: str | None = None
    format: str | None = None
    judge: JudgeName = "local"
    model: str | None = None
    notes: list[str] = Field(default_factory=list)

    def contract(self) -> dict[str, object]:
        """The JSON shape of ``imago review --format json``."""
        return self.model_dump(mode="json")
