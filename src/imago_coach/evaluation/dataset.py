"""Labelled datasets: one JSON object per line, checked with every problem's line number.

A line holds ``id``, ``stage``, ``speaker`` (the sender's words), ``response``, ``expected``
(flag -> bool; a flag missing from it is not scored), and optionally ``context``
(``[{"speaker", "text"}]``), ``mirror_accuracy`` (gold, 0 to 1), ``tags`` and ``notes``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imago_coach.coach import make_request
from imago_coach.errors import InputError
from imago_coach.jsoninput import loads
from imago_coach.models import CheckRequest, Flag, Stage, Turn

MAX_SHOWN = 10
_STAGES = ", ".join(s.value for s in Stage)
_FLAGS = ", ".join(f.value for f in Flag)


class EvalCase(BaseModel):
    """One labelled case of a dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    stage: Stage
    speaker: str
    response: str
    expected: dict[Flag, bool]
    context: list[Turn] = Field(default_factory=list)
    mirror_accuracy: float | None = Field(default=None, ge=0.0, le=1.0)
    tags: list[str] = Field(default_factory=list)
    notes: str | None = None

    def request(self) -> CheckRequest:
        """The request the judge sees, exactly as ``imago check`` would build it."""
        return make_request(self.stage, self.speaker, self.response, self.context)

    def content_key(self) -> str:
        """The case's judged content (not its labels), for cache keys."""
        req = self.request()
        return json.dumps(req.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Problem:
    """One invalid line."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass
class Dataset:
    path: Path
    sha256: str
    cases: list[EvalCase]
    skipped: list[Problem] = field(default_factory=list)

    @property
    def labelled_flags(self) -> list[Flag]:
        """Flags labelled in at least one case, in rubric order."""
        seen = {flag for case in self.cases for flag in case.expected}
        return [flag for flag in Flag if flag in seen]


class DatasetError(InputError):
    """A dataset with invalid lines; ``problems`` holds each one with its line number."""

    def __init__(self, problems: list[Problem], *, hint: str = "") -> None:
        shown = "\n  ".join(str(p) for p in problems[:MAX_SHOWN])
        more = len(problems) - MAX_SHOWN
        tail = ""
        if more > 0:
            tail = f"\n  ... and {more} more (imago eval validate FILE lists them all)"
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(f"{count} in the dataset{hint}:\n  {shown}{tail}")
        self.problems = problems


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"])
        msg = err["msg"]
        if err["type"] == "enum" and loc == "stage":
            msg = f"unknown stage {err['input']!r} (use one of {_STAGES})"
        elif err["type"] == "enum" and loc.startswith("expected"):
            msg = f"unknown flag {err['input']!r} (use one of {_FLAGS})"
            loc = "expected"
        elif err["type"] == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _parse_line(raw: str) -> EvalCase:
    """Parse one line into a case, or raise ValueError with a readable message."""
    try:
        data = loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError("each line must be one JSON object")
    try:
        case = EvalCase.model_validate(data)
    except ValidationError as exc:
        raise ValueError(_explain(exc)) from None
    if not case.expected:
        raise ValueError('"expected" labels no flag, so nothing would be scored')
    try:
        case.request()
    except InputError as exc:
        message = str(exc).replace("--sender", '"speaker"').replace("--response", '"response"')
        raise ValueError(message) from None
    return case


def _raw_id(raw: str) -> str | None:
    """The line's ``id`` when it has one, even if the line is invalid otherwise."""
    try:
        data = loads(raw)
    except json.JSONDecodeError:
        return None
    cid = data.get("id") if isinstance(data, dict) else None
    return cid if isinstance(cid, str) and cid else None


def read_dataset(
    path: Path, *, option: str | None = "--dataset"
) -> tuple[str, list[EvalCase], list[Problem]]:
    """All valid cases and every problem, with line numbers; raises only if unreadable.

    An id is taken on its first line even when that line is invalid, so its repeat is reported
    too. ``option`` names the command-line option the path came from, for the not-found hint.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        where = f"the {option} path" if option else "the path"
        raise InputError(f"Dataset not found: {path}. Check {where}.") from None
    except OSError as exc:
        raise InputError(f"Cannot read the dataset {path}: {exc.strerror}.") from None
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}).") from None
    cases: list[EvalCase] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cid = _raw_id(line)
        duplicate = (
            f"duplicate id {cid!r} (first on line {first_line[cid]})"
            if cid is not None and cid in first_line
            else None
        )
        if cid is not None:
            first_line.setdefault(cid, number)
        try:
            case = _parse_line(line)
        except ValueError as exc:
            message = f"{exc}; {duplicate}" if duplicate else str(exc)
            problems.append(Problem(path, number, message))
            continue
        if duplicate:
            problems.append(Problem(path, number, duplicate))
            continue
        cases.append(case)
    if not cases and not problems:
        problems.append(Problem(path, 0, "the dataset is empty: add one JSON object per line"))
    return digest, cases, problems


def load_dataset(path: Path, *, skip_invalid: bool = False, limit: int | None = None) -> Dataset:
    """Load a dataset; invalid lines raise ``DatasetError`` unless ``skip_invalid``."""
    digest, cases, problems = read_dataset(path)
    if problems and (not skip_invalid or not cases):
        hint = "" if skip_invalid else " (fix them, or pass --skip-invalid)"
        raise DatasetError(problems, hint=hint)
    if limit is not None:
        if limit < 1:
            raise InputError("--limit must be at least 1.")
        cases = cases[:limit]
    return Dataset(path=path, sha256=digest, cases=cases, skipped=problems)
