"""Pydantic contracts between the parts of imago.

Field descriptions double as documentation for the model: ``RubricOutput``'s JSON schema is sent
to the LLM as its structured-output format. This module imports nothing of ours.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Stage(StrEnum):
    """What a turn is doing in the dialogue.

    The receiver's three steps, plus ``send`` for a sender's own message (judged for blame,
    criticism and, after the roles switch, for opening a new topic).
    """

    MIRROR = "mirror"
    VALIDATE = "validate"
    EMPATHIZE = "empathize"
    SEND = "send"


class Flag(StrEnum):
    """Rubric flags. The first three are the core rubric and always in the schema."""

    JUDGEMENT = "judgement"
    SOLUTION = "solution"
    TOPIC_CHANGE = "topic_change"
    DEFENSIVENESS = "defensiveness"


CORE_FLAGS: tuple[Flag, ...] = (Flag.JUDGEMENT, Flag.SOLUTION, Flag.TOPIC_CHANGE)

JudgeName = Literal["local", "openai"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Finding(_Strict):
    """One problem in the response, quoted."""

    flag: Flag = Field(description="Which rubric flag this finding raises.")
    evidence: str = Field(
        description="The exact span quoted from the response that shows the problem."
    )
    explanation: str = Field(
        description="One warm sentence on why this matters in Imago Dialogue terms."
    )
    suggestion: str = Field(description="What to say instead, briefly.")


class Checks(_Strict):
    """Whether the receiver used the Imago check-in questions (reminders, not faults)."""

    did_i_get_it: bool = Field(description='The response asks "Did I get that?" or similar.')
    is_there_more: bool = Field(description='The response asks "Is there more?" or similar.')


class TokenUsage(_Strict):
    prompt: int
    completion: int


class Turn(_Strict):
    """An earlier turn of the conversation, given as context."""

    speaker: str
    text: str


class CheckRequest(_Strict):
    """What a judge is asked: one response at one stage, to what the sender said. At the send
    stage ``sender`` is the partner's previous words, empty for a message that opens the talk."""

    stage: Stage
    sender: str = ""
    response: str = Field(min_length=1)
    context: list[Turn] = Field(default_factory=list)

    @model_validator(mode="after")
    def _answers_someone(self) -> CheckRequest:
        if not self.sender and self.stage != Stage.SEND:
            raise ValueError("only a message at the send stage can open the talk with no sender")
        return self


class RubricOutput(_Strict):
    """The part of a verdict a judge produces; the LLM's structured output."""

    findings: list[Finding] = Field(
        description="Every problem found, each quoted from the response. Empty for a clean answer."
    )
    mirror_accuracy: float | None = Field(
        description=(
            "Mirror stage only: share (0 to 1) of the sender's content points that came back in "
            "the response. null at other stages."
        )
    )
    missed: list[str] = Field(
        description="Mirror stage: the sender's points the response left out, briefly."
    )
    added: list[str] = Field(
        description=(
            "Mirror stage: content or interpretation in the response that the sender never said."
        )
    )
    checks: Checks
    strengths: list[str] = Field(description="What went well, one short sentence each.")
    reminders: list[str] = Field(
        description="Gentle reminders that are not faults (a missing check-in, a stem unused)."
    )
    rewrite: str | None = Field(
        description="A suggested rewrite of the whole response in the receiver's voice, or null."
    )
    feedback: str = Field(description="Two or three warm, specific sentences of coaching.")

    @field_validator("rewrite")
    @classmethod
    def _whole_rewrite(cls, value: str | None) -> str | None:
        """A rewrite with blanks to fill in ("I felt …, because …") is no rewrite: dropped."""
        if value is None or _PLACEHOLDER.search(value) or not value.strip():
            return None
        return value


# "…" or "..." standing for words not written ("I felt …, because …"), or a [slot] / <slot>.
_PLACEHOLDER = re.compile(
    r"(?:^|\s)(?:\u2026|\.\.\.)(?=[\s,.;:!?\u201d\"]|$)|\[[^\]]*\]|<[^>]*>|_{3,}"
)


class Verdict(RubricOutput):
    """The judged response: the rubric output plus where it came from (``imago check --json``)."""

    stage: Stage
    judge: JudgeName
    model: str | None = None
    prompt: str | None = Field(default=None, description="rubric@<hash> of the prompt used.")
    flags: list[Flag] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    tokens: TokenUsage | None = None
    fallback_reason: str | None = Field(
        default=None,
        description="Set when the model failed and the local judge answered: why, briefly.",
    )

    @classmethod
    def from_output(
        cls,
        output: RubricOutput,
        *,
        stage: Stage,
        judge: JudgeName,
        model: str | None = None,
        prompt: str | None = None,
        notes: list[str] | None = None,
        tokens: TokenUsage | None = None,
    ) -> Verdict:
        """Assemble a verdict; ``flags`` is derived from the findings, in rubric order."""
        raised = {f.flag for f in output.findings}
        flags = [flag for flag in Flag if flag in raised]
        mirror_accuracy = output.mirror_accuracy if stage == Stage.MIRROR else None
        if mirror_accuracy is not None:
            mirror_accuracy = round(min(1.0, max(0.0, mirror_accuracy)), 2)
        return cls(
            **output.model_dump(exclude={"mirror_accuracy"}),
            mirror_accuracy=mirror_accuracy,
            stage=stage,
            judge=judge,
            model=model,
            prompt=prompt,
            flags=flags,
            notes=list(notes or []),
            tokens=tokens,
        )

    def contract(self) -> dict[str, object]:
        """The JSON shape of ``imago check --json``."""
        return self.model_dump(mode="json")


class HeardSegment(BaseModel):
    """One stretch of speech as a transcription endpoint returned it (times in seconds)."""

    start: float | None = None
    end: float | None = None
    speaker: str | None = None  # the endpoint's label ("A", "B"); None when it gave none
    text: str


class HeardPart(BaseModel):
    """What the endpoint heard in one uploaded part of a recording."""

    segments: list[HeardSegment]
    diarized: bool  # every segment came with a speaker label
    duration: float | None = None
