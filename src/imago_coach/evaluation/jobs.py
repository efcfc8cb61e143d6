"""The small types the eval runner and the batch path share: a job and a progress callback."""

from __future__ import annotations

from collections.abc import Callable

from imago_coach.evaluation.dataset import EvalCase

Job = tuple[EvalCase, int]  # a case and its repeat number
Progress = Callable[[int, int], None]  # (done, total)
