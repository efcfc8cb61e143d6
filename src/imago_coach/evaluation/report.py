"""The eval report: data first (``imago eval run --json``), rendered elsewhere.

``EvalReport.contract()`` is the JSON contract of issue 5; fields beyond it are extensions.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from imago_coach.models import Flag, JudgeName, Stage


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FlagMetrics(_Model):
    """Confusion counts and scores for one flag over the scored cases that label it."""

    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    kappa: float
    support: int = Field(description="Positive labels (tp + fn), as in scikit-learn.")
    labelled: int = Field(description="Scored cases that label this flag (tp + fp + fn + tn).")


class StageMetrics(_Model):
    cases: int
    flags: dict[Flag, FlagMetrics]


class MirrorAgreement(_Model):
    """Predicted against gold ``mirror_accuracy``, over cases that carry both."""

    n: int
    mae: float | None
    within_0_2: float | None = Field(description="Share of cases within 0.2 of the gold value.")


class Latency(_Model):
    p50: float
    p95: float


class Tokens(_Model):
    prompt: int = 0
    completion: int = 0


class CaseResult(_Model):
    """One case's outcome; ``predicted`` is None when every attempt failed (an error)."""

    id: str
    stage: Stage
    expected: dict[Flag, bool]
    predicted: list[Flag] | None
    runs: list[list[Flag]] = Field(default_factory=list, description="Flags of each repeat.")
    mirror_accuracy: float | None = None
    gold_mirror_accuracy: float | None = None
    error: str | None = None

    def wrong(self) -> list[Flag]:
        """Labelled flags the prediction got wrong."""
        if self.predicted is None:
            return []
        return [f for f, want in self.expected.items() if (f in self.predicted) != want]


class Consistency(_Model):
    """With ``--repeat K``: how often the judge agrees with itself."""

    repeat: int
    cases: int = Field(description="Cases with at least two successful runs.")
    agreement: float | None = Field(description="Share of those cases whose flags never changed.")
    per_flag: dict[Flag, float]


class EvalReport(_Model):
    dataset: str
    dataset_sha256: str
    judge: JudgeName
    model: str | None
    prompt: str | None
    cases: int
    scored: int
    errors: int
    metrics: dict[Flag, FlagMetrics]
    macro_f1: float
    latency_ms: Latency
    tokens: Tokens
    cost_usd: float | None
    wall_s: float
    # Extensions beyond the contract.
    run_id: int | None = None
    run_key: str | None = None
    batch_id: str | None = None
    cached: int = 0
    resumed: int = 0
    spent_usd: float | None = Field(default=None, description="Cost of this invocation's calls.")
    by_stage: dict[Stage, StageMetrics] = Field(default_factory=dict)
    mirror_accuracy: MirrorAgreement | None = None
    consistency: Consistency | None = None
    skipped: list[str] = Field(default_factory=list)
    results: list[CaseResult] = Field(default_factory=list)
    stopped: str | None = Field(
        default=None, description="Why the run stopped sending early (failure budget), if it did."
    )

    def contract(self) -> dict[str, object]:
        return self.model_dump(mode="json")

    def misses(self, n: int = 10) -> list[CaseResult]:
        """The worst misses: most wrong flags first, then dataset order."""
        wrong = [r for r in self.results if r.wrong()]
        return sorted(wrong, key=lambda r: -len(r.wrong()))[:n]
