"""The imago exception tree.

Every error a user can cause or meet carries the fix in its message and the exit code the CLI
returns for it. The CLI catches ``ImagoError`` in one place and prints one line; nothing else
should reach the user as a traceback.

    ImagoError (1)
    ├── InputError (2)          bad input: empty text, unknown stage, unreadable JSON or file
    │   └── TokenBudgetError    the text is longer than the configured budget
    ├── ConfigError (2)         the configuration cannot work (no key for --judge openai, ...)
    ├── StoreError (1)          the local SQLite store cannot be read or written
    ├── ErrorBudgetError (3)    an eval's errors exceed --max-error-rate, or it stopped sending
                                after too many model failures in a row (answers are kept)
    └── ProviderError (1)       the model failed after bounded retries; callers fall back to
                                the local judge, so this rarely reaches the user
"""

from __future__ import annotations


class ImagoError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code: int = 1


class InputError(ImagoError):
    """The user's input cannot be used as given."""

    exit_code = 2


class TokenBudgetError(InputError):
    """The text would exceed the token budget; it was not sent anywhere."""

    def __init__(self, count: int, limit: int, *, estimated: bool = False, what: str = "input"):
        approx = "about " if estimated else ""
        super().__init__(
            f"The {what} is {approx}{count} tokens, over the limit of {limit}: shorten it, "
            f"or raise the limit with --max-input-tokens / IMAGO_MAX_INPUT_TOKENS."
        )
        self.count = count
        self.limit = limit


class ConfigError(ImagoError):
    """The configuration cannot work as asked."""

    exit_code = 2


class StoreError(ImagoError):
    """The local store could not be opened, read or written."""


class ErrorBudgetError(ImagoError):
    """An eval run failed too often to be trusted; its report was still written."""

    exit_code = 3


class ProviderError(ImagoError):
    """The model endpoint failed; carries what is needed for a one-line note."""

    def __init__(
        self,
        reason: str,
        *,
        attempts: int = 1,
        status: int | None = None,
        raw: str | None = None,
    ):
        super().__init__(reason)
        self.reason = reason
        self.attempts = attempts
        self.status = status
        self.raw = raw

    def describe(self) -> str:
        """A short phrase such as 'HTTP 429 after 3 tries'."""
        what = f"HTTP {self.status}" if self.status else self.reason
        tries = "try" if self.attempts == 1 else "tries"
        return f"{what} after {self.attempts} {tries}"


def one_line(error: Exception) -> str:
    """An error in one short line, for a note saying why the model did not answer."""
    if isinstance(error, ProviderError):
        return error.describe()
    return str(error).splitlines()[0][:160] if str(error) else type(error).__name__
