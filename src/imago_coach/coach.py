"""The core every command uses: validate a request, pick a judge, judge, fall back visibly.

``Coach.judge`` never lets a model fault escape: after the provider's bounded retries the local
judge answers and the verdict carries a note saying why. This is the one fallback policy, with
the one circuit breaker (``judges.base.Breaker``): with it on, after the first failure the model
is not called again and the local judge answers the rest. Bad input and an impossible
configuration raise ``InputError`` / ``ConfigError`` before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from imago_coach.errors import InputError, ProviderError, TokenBudgetError, one_line
from imago_coach.judges.base import AsyncJudge, Breaker
from imago_coach.judges.local import LocalJudge
from imago_coach.models import CheckRequest, JudgeName, Stage, Turn, Verdict
from imago_coach.settings import Settings
from imago_coach.tokens import estimate_tokens

if TYPE_CHECKING:
    from imago_coach.providers.openai_chat import OpenAIChat

STAGE_NAMES = ", ".join(s.value for s in Stage)


def parse_stage(value: str) -> Stage:
    try:
        return Stage(value.strip().lower())
    except ValueError:
        raise InputError(f"Unknown stage {value!r}: use one of {STAGE_NAMES}.") from None


def make_request(
    stage: str | Stage,
    sender: str | None,
    response: str | None,
    context: Sequence[Turn] = (),
) -> CheckRequest:
    """Build a request from user input, with a one-line error for anything unusable."""
    stage_value = stage if isinstance(stage, Stage) else parse_stage(stage)
    if stage_value == Stage.SEND:
        if not (response and _has_words(response)):
            raise InputError(
                "At the send stage, --response holds your own message and --sender your "
                "partner's previous words (what you are answering; leave it out for a message "
                "that opens the talk): pass your message with --response."
            )
        opened = sender.strip() if sender and _has_words(sender) else ""
        return CheckRequest(
            stage=stage_value, sender=opened, response=response.strip(), context=list(context)
        )
    if sender is None or not _has_words(sender):
        raise InputError(
            "The sender's words are empty (no letters or digits): pass what the sender said "
            "with --sender."
        )
    if response is None or not _has_words(response):
        raise InputError(
            "The response is empty (no letters or digits): pass the answer to judge with "
            "--response."
        )
    return CheckRequest(
        stage=stage_value, sender=sender.strip(), response=response.strip(), context=list(context)
    )


_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")


def _has_words(text: str) -> bool:
    """Something a person could have said: at least one letter or digit, not just spaces."""
    return any(ch.isalnum() for ch in _INVISIBLE.sub("", text))


MODEL_FAILED = "the model failed"  # how a fallback verdict's first note starts
NOT_SENT = "not sent to the model, which had failed on an earlier turn; the local judge answered"


def fallback_note(reason: str) -> str:
    return f"{MODEL_FAILED} ({reason}); the local judge answered"


class Coach:
    """Judges requests with the configured judge; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        *,
        notify: Callable[[str], None] | None = None,
        chat: OpenAIChat | None = None,
        breaker: Breaker = "note",
    ) -> None:
        self.settings = settings
        self.breaker = breaker
        self.failed: str | None = None  # why the model failed, once the breaker is open
        self.notify = notify or (lambda _message: None)
        if settings.prompt_path is not None and not settings.prompt_path.is_file():
            raise InputError(
                f"Prompt file not found: {settings.prompt_path}. Check the --prompt path."
            )
        self.local = LocalJudge()
        self.judge_name = settings.resolved_judge
        self._remote: AsyncJudge | None = None
        self._told = False
        if self.judge_name == "openai":
            settings.require_key()
            from imago_coach.judges.llm import OpenAIJudge

            self._remote = OpenAIJudge(settings, chat=chat)

    @property
    def remote(self) -> bool:
        return self._remote is not None

    @property
    def name(self) -> JudgeName:
        return "openai" if self.remote else "local"

    @property
    def model(self) -> str | None:
        return self.settings.model if self.remote else None

    def go_local(self, reason: str) -> None:
        if self.failed is None:
            self.failed = reason

    def _announce(self) -> None:
        if not self._told:
            self._told = True
            self.notify(
                f"Your words are sent to {self.settings.endpoint_host} "
                f"(model {self.settings.model}) to be judged."
            )

    def _check_budget(self, request: CheckRequest) -> None:
        """The local judge needs no tokens, but over-long input is refused the same way."""
        text = " ".join([request.sender, request.response, *(t.text for t in request.context)])
        count = estimate_tokens(text)
        if count > self.settings.max_input_tokens:
            raise TokenBudgetError(count, self.settings.max_input_tokens, estimated=True)

    def judge(self, request: CheckRequest) -> Verdict:
        if self._remote is None:
            self._check_budget(request)
            return self.local.judge(request)
        if self.failed is not None:
            return self._not_sent(request)
        self._announce()
        try:
            return self._remote.judge(request)
        except ProviderError as err:
            return self.fallback(request, err)

    async def ajudge(self, request: CheckRequest) -> Verdict:
        if self._remote is None:
            self._check_budget(request)
            return self.local.judge(request)
        if self.failed is not None:
            return self._not_sent(request)
        self._announce()
        try:
            return await self._remote.ajudge(request)
        except ProviderError as err:
            return self.fallback(request, err)

    def fallback(self, request: CheckRequest, error: Exception) -> Verdict:
        """The local judge's verdict on a call that failed, noted; it opens the breaker."""
        reason = one_line(error)
        verdict = self.local.judge(request)
        verdict.notes.insert(0, fallback_note(reason))
        verdict.fallback_reason = reason
        if self.remote and self.breaker != "off":
            self.go_local(reason)
        return verdict

    def _not_sent(self, request: CheckRequest) -> Verdict:
        """The breaker is open: the local judge answers without asking the model."""
        verdict = self.local.judge(request)
        if self.breaker == "note":  # each verdict says so, and carries why for the report
            verdict.notes.insert(0, NOT_SENT)
            verdict.fallback_reason = self.failed
        return verdict
