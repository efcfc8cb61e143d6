"""``imago eval compare``: two eval reports on one dataset, side by side, with flipped cases.

The two sides differ by prompt, model or judge: an option given twice splits, one given once is
shared. The local judge reads no prompt and uses no model, so two local sides would score the
same: that comparison is refused, and a prompt or model given to a local side is noted as unused.
A flip is a case whose predicted flags differ; it carries its texts and which side matched the
labels, so a person sees what changed and why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from imago_coach.errors import InputError
from imago_coach.evaluation.dataset import EvalCase, read_dataset
from imago_coach.evaluation.report import EvalReport
from imago_coach.models import Flag, Stage
from imago_coach.settings import Settings

if TYPE_CHECKING:
    from imago_coach.evaluation.jobs import Progress
    from imago_coach.evaluation.runner import EvalOptions

T = TypeVar("T")
Winner = Literal["a", "b", "mixed", "neither"]


class SideSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    judge: str | None = None
    model: str | None = None
    prompt: Path | None = None

    def label(self, resolved: str | None = None) -> str:
        """``judge / model / prompt``; a side resolved to the local judge is just ``local``."""
        if resolved == "local":
            return "local"
        parts = [resolved or self.judge or "auto"]
        if self.model:
            parts.append(self.model)
        if self.prompt:
            parts.append(self.prompt.name)
        return " / ".join(parts)


def sides(judges: list[str], models: list[str], prompts: list[Path]) -> tuple[SideSpec, SideSpec]:
    """Split the repeated options into the two sides to compare."""
    given = (judges, models, prompts)
    if any(len(v) > 2 for v in given):
        raise InputError("Compare takes two sides: give each option twice at most.")
    if not any(len(v) == 2 for v in given):
        raise InputError(
            "What should be compared? Give --prompt A.md --prompt B.md, --model M1 --model M2, "
            "or --judge local --judge openai; or pass two report files (A.json B.json)."
        )

    specs = [
        SideSpec(judge=_pick(judges, i), model=_pick(models, i), prompt=_pick(prompts, i))
        for i in (0, 1)
    ]
    if specs[0] == specs[1]:
        raise InputError("Both sides of the comparison are the same: give two different values.")
    return specs[0], specs[1]


def _pick(values: list[T], side: int) -> T | None:
    """The side's own value when given twice, the shared one when given once."""
    return values[side] if len(values) == 2 else (values[0] if values else None)


class FlagDelta(BaseModel):
    a: float
    b: float
    delta: float


class Flip(BaseModel):
    id: str
    stage: Stage
    speaker: str | None
    response: str | None
    expected: dict[Flag, bool]
    a: list[Flag] | None
    b: list[Flag] | None
    changed: list[Flag]
    better: Winner


class Comparison(BaseModel):
    a_label: str
    b_label: str
    a: EvalReport
    b: EvalReport
    f1: dict[Flag, FlagDelta]
    macro_f1: FlagDelta
    flips: list[Flip]
    notes: list[str] = Field(default_factory=list)

    def contract(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        for side in ("a", "b"):
            data[side].pop("results", None)
        return data


def _right(expected: dict[Flag, bool], predicted: list[Flag] | None) -> int:
    """Labels the prediction matched; an error (None) matched none."""
    if predicted is None:
        return 0
    return sum((f in predicted) == want for f, want in expected.items())


def _winner(expected: dict[Flag, bool], a: list[Flag] | None, b: list[Flag] | None) -> Winner:
    a_ok, b_ok = _right(expected, a), _right(expected, b)
    if a_ok == b_ok:
        return "neither" if a_ok < len(expected) else "mixed"
    return "a" if a_ok > b_ok else "b"


def _delta(a: float, b: float) -> FlagDelta:
    return FlagDelta(a=a, b=b, delta=round(b - a, 4))


def compare(
    a: EvalReport,
    b: EvalReport,
    *,
    a_label: str = "A",
    b_label: str = "B",
    cases: dict[str, EvalCase] | None = None,
) -> Comparison:
    """Deltas (b - a) per flag and the cases whose verdict flipped."""
    if a.dataset_sha256 != b.dataset_sha256:
        raise InputError("The two reports were run on different datasets (their sha256 differ).")
    if cases is None:
        cases = _cases_of(a)
    flags = [f for f in Flag if f in a.metrics or f in b.metrics]
    f1 = {
        f: _delta(
            a.metrics[f].f1 if f in a.metrics else 0.0, b.metrics[f].f1 if f in b.metrics else 0.0
        )
        for f in flags
    }
    theirs = {r.id: r for r in b.results}
    flips = []
    for mine in a.results:
        other = theirs.get(mine.id)
        if other is None or mine.predicted == other.predicted:
            continue
        pa, pb = mine.predicted or [], other.predicted or []
        changed = [f for f in Flag if (f in pa) != (f in pb)]
        case = cases.get(mine.id)
        flips.append(
            Flip(
                id=mine.id,
                stage=mine.stage,
                speaker=case.speaker if case else None,
                response=case.response if case else None,
                expected=mine.expected,
                a=mine.predicted,
                b=other.predicted,
                changed=changed,
                better=_winner(mine.expected, mine.predicted, other.predicted),
            )
        )
    return Comparison(
        a_label=a_label,
        b_label=b_label,
        a=a,
        b=b,
        f1=f1,
        macro_f1=_delta(a.macro_f1, b.macro_f1),
        flips=flips,
    )


def _cases_of(report: EvalReport) -> dict[str, EvalCase]:
    """The dataset's cases for the flips' texts, when the file is still there and unchanged."""
    path = Path(report.dataset)
    if not path.is_file():
        return {}
    digest, cases, _problems = read_dataset(path)
    return {c.id: c for c in cases} if digest == report.dataset_sha256 else {}


def load_report(path: Path) -> EvalReport:
    try:
        return EvalReport.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"Report not found: {path}.") from None
    except ValueError as exc:
        raise InputError(
            f"{path} is not an imago eval report (written by imago eval run --json): "
            f"{str(exc).splitlines()[0]}"
        ) from None


def run_comparison(
    dataset: Path,
    a: SideSpec,
    b: SideSpec,
    options: EvalOptions,
    *,
    settings: Settings,
    progress: Callable[[str], Progress | None] | None = None,
    notify: Callable[[str], None] | None = None,
) -> Comparison:
    """Run both sides on ``dataset`` (cached and resumable like any run) and compare them.

    ``settings``: the command's own, which each side's options override. ``notify`` hears,
    before any case is judged, where the words go and what a side ignores.
    """
    from imago_coach.evaluation.runner import run_eval

    specs = (a, b)
    resolved = [
        settings.override(judge=spec.judge, model=spec.model, prompt_path=spec.prompt)
        for spec in specs
    ]
    notes = _local_notes(specs, resolved)
    for s in resolved:
        if s.resolved_judge == "openai":
            s.require_key()
    hosts = {s.endpoint_host for s in resolved if s.resolved_judge == "openai"}
    for line in [*(f"The cases are sent to {h}." for h in sorted(hosts)), *notes]:
        if notify:
            notify(line)
    labels = [spec.label(s.resolved_judge) for spec, s in zip(specs, resolved, strict=True)]
    reports = [
        run_eval(dataset, s, options, progress=progress(label) if progress else None)
        for s, label in zip(resolved, labels, strict=True)
    ]
    result = compare(reports[0], reports[1], a_label=labels[0], b_label=labels[1])
    result.notes.extend(notes)
    return result


def _local_notes(specs: tuple[SideSpec, SideSpec], settings: list[Settings]) -> list[str]:
    """Refuse two local sides; note a prompt or model given to a local side."""
    local = [s.resolved_judge == "local" for s in settings]
    if all(local):
        raise InputError(
            "Both sides would use the local judge, which reads no prompt and uses no model, so "
            "they would score the same: add --judge openai (with OPENAI_API_KEY set) to compare "
            "prompts or models, or --judge local --judge openai to compare the judges."
        )
    notes = []
    for name, spec, is_local in zip("AB", specs, local, strict=True):
        unused = [
            opt
            for opt, value in (("--prompt", spec.prompt), ("--model", spec.model))
            if value is not None
        ]
        if is_local and unused:
            notes.append(f"Side {name} uses the local judge, which ignores {' and '.join(unused)}.")
    return notes
