"""The eval's failure budget: when to stop sending to a model that keeps failing.

A run stops (and stays resumable: what was answered is kept) when ``max_failures`` model calls
in a row have failed, or when its errors (at least ``MIN_ERRORS_TO_STOP``) already exceed
``max_error_rate`` of all its answers, so that it can no longer pass whatever the rest brings.
``imago eval run`` exits 3 (``ErrorBudgetError``) whenever a run's errors exceed the rate,
stopped early or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from imago_coach.errors import ErrorBudgetError

if TYPE_CHECKING:
    from imago_coach.evaluation.report import EvalReport

DEFAULT_MAX_FAILURES = 10
DEFAULT_MAX_ERROR_RATE = 0.1
MIN_ERRORS_TO_STOP = 10  # a small run is let finish, so that its report shows every error


@dataclass
class FailureBudget:
    total: int
    max_failures: int = DEFAULT_MAX_FAILURES
    max_error_rate: float = DEFAULT_MAX_ERROR_RATE
    in_a_row: int = 0
    errors: int = 0
    reason: str | None = None

    def call(self, ok: bool, what: str = "") -> None:
        """One model call that answered (``ok``) or failed; failures in a row stop the run."""
        if ok:
            self.in_a_row = 0
            return
        self.in_a_row += 1
        if self.reason is None and self.max_failures and self.in_a_row >= self.max_failures:
            self.reason = f"the model failed {self.in_a_row} times in a row" + (
                f" (last: {what})" if what else ""
            )

    def answer(self, ok: bool) -> None:
        """One final answer of the run; once the errors exceed the rate, the run stops."""
        if ok:
            return
        self.errors += 1
        if (
            self.reason is None
            and self.errors >= MIN_ERRORS_TO_STOP
            and self.errors > self.max_error_rate * self.total
        ):
            self.reason = (
                f"{self.errors} errors already exceed --max-error-rate "
                f"{self.max_error_rate:g} of {self.total} answers"
            )

    @property
    def stopped(self) -> bool:
        return self.reason is not None


def check_errors(report: EvalReport, max_error_rate: float) -> None:
    """Raise ``ErrorBudgetError`` (exit 3) for a run that stopped early or failed too often."""
    if report.stopped is not None:
        kept = (
            f"The {report.scored} answers so far are kept"
            if report.scored
            else "No case was answered yet"
        )
        raise ErrorBudgetError(
            f"stopped sending: {report.stopped}. {kept}; run the same command again to resume "
            "once the endpoint works."
        )
    if report.cases and report.errors > max_error_rate * report.cases:
        raise ErrorBudgetError(
            f"{report.errors} of {report.cases} cases failed "
            f"({report.errors / report.cases:.0%}), over --max-error-rate {max_error_rate:g}: "
            "the scores are not to be trusted; see the errors above."
        )
