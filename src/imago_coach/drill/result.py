"""The contracts of a drill: one item as presented and judged, and the whole drill's result."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DrillItem(_Model):
    """One presented item (``items[]`` in ``imago drill --json``)."""

    statement_id: str
    stage: str
    statement: str
    answer: str | None
    flags: list[str]
    clean: bool = Field(
        description="Judged with no flag and, for a mirror, giving back at "
        "least half of what was said."
    )
    model_answer: str
    topic: str
    tags: list[str]
    judged: bool = Field(description="False when skipped, or when the judge could not answer.")
    repeat: bool = Field(description="A return of an item answered with a flag earlier on.")
    worked: str | None = None
    change: str | None = None
    mirror_accuracy: float | None = None
    again: bool = Field(
        default=False, description="Shown once more in this drill after a flag (not one of -n)."
    )


class StageShare(_Model):
    stage: str
    answered: int
    clean_share: float
    previous_clean_share: float | None


class DrillResult(_Model):
    """``imago drill --json``: the documented keys first, then extensions."""

    id: int = Field(description="The drill's number in imago history; 0 when nothing was saved.")
    stage: str
    focus: str
    items: list[DrillItem]
    clean_share: float
    previous_clean_share: float | None
    stages: list[StageShare]
    practise_next: str
    focus_reason: str
    saved: bool
    quit: bool = Field(description="Stopped before the end: /quit, Ctrl-D, or no more input.")
    notes: list[str] = Field(default_factory=list)
    planned: int = Field(default=0, description="How many items the drill set out to present.")
    presented: int = Field(
        default=0, description="Of those, how many were answered or skipped (repeats aside)."
    )
    input_ended: bool = Field(default=False, description="The piped input ran out before the end.")

    def contract(self) -> dict[str, object]:
        return self.model_dump(mode="json")
