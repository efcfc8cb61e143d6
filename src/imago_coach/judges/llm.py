"""The model rubric: structured output validated by pydantic, with a bounded re-ask.

The rubric prompt is the system message; the user's words travel only as delimited data in the
user message. The verdict's JSON schema (from ``RubricOutput``) is sent as a strict
``json_schema`` response format; servers that reject it get ``json_object`` mode with the schema
in the instructions. Output that is not JSON, fails the schema, is refused or truncated is
re-asked (with the error sent back) a bounded number of times, then ``ProviderError``.
"""

from __future__ import annotations

import json
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from imago_coach.errors import ProviderError, TokenBudgetError
from imago_coach.models import CheckRequest, RubricOutput, TokenUsage, Verdict
from imago_coach.prompts import Prompt, load_prompt, neutralise
from imago_coach.providers.schema import strict_schema
from imago_coach.settings import Settings
from imago_coach.tokens import TokenCounter

if TYPE_CHECKING:
    from imago_coach.providers.openai_chat import ChatResult, OpenAIChat

SCHEMA_NAME = "imago_verdict"
TAGS = ("sender", "response", "context", "turn")
Step = tuple[list[dict[str, str]], dict[str, Any], int]


# In place of the partner's words when the message opens the talk (the send stage only).
OPENS_THE_TALK = "(nothing yet: this message opens the talk)"


def _neutralise(text: str) -> str:
    """Keep user text from closing or opening our delimiting tags."""
    return neutralise(text, TAGS)


def user_message(request: CheckRequest) -> str:
    """The data for the model: stage, context, sender and response, delimited."""
    parts = [f"Stage: {request.stage.value}"]
    if request.context:
        turns = "\n".join(
            f"<turn speaker={json.dumps(_neutralise(t.speaker), ensure_ascii=False)}>"
            f"{_neutralise(t.text)}</turn>"
            for t in request.context
        )
        parts.append(f"<context>\n{turns}\n</context>")
    said = _neutralise(request.sender) if request.sender else OPENS_THE_TALK
    parts.append(f"<sender>\n{said}\n</sender>")
    parts.append(f"<response>\n{_neutralise(request.response)}\n</response>")
    parts.append("Judge the response above at its stage, following your instructions.")
    return "\n\n".join(parts)


class OpenAIJudge:
    """Judges with a model through ``OpenAIChat``; see the module docstring."""

    name: Literal["openai"] = "openai"

    def __init__(
        self,
        settings: Settings,
        chat: OpenAIChat | None = None,
        prompt: Prompt | None = None,
        max_reasks: int = 2,
    ) -> None:
        if chat is None:
            from imago_coach.providers.openai_chat import OpenAIChat

            chat = OpenAIChat(settings)
        self.settings = settings
        self.chat = chat
        self.prompt = prompt or load_prompt("rubric", settings.prompt_path)
        self.max_reasks = max_reasks
        self.counter = TokenCounter(settings.model)

    def messages(self, request: CheckRequest) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.prompt.text},
            {"role": "user", "content": user_message(request)},
        ]

    def _conversation(self, request: CheckRequest) -> Generator[Step, ChatResult, Verdict]:
        from imago_coach.providers.openai_chat import is_response_format_unsupported

        messages = self.messages(request)
        counted = self.counter.over_budget(messages, self.settings.max_input_tokens)
        if counted is not None:
            raise TokenBudgetError(
                counted,
                self.settings.max_input_tokens,
                estimated=not self.counter.exact,
                what="request",
            )
        schema = strict_schema()
        fmt: dict[str, Any] = {
            "type": "json_schema",
            "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": schema},
        }
        max_tokens = 1200
        usage = TokenUsage(prompt=0, completion=0)
        problem = ""
        attempts = self.max_reasks + 1
        for _ in range(attempts):
            try:
                result = yield messages, fmt, max_tokens
            except ProviderError as err:
                if fmt["type"] != "json_schema" or not is_response_format_unsupported(err):
                    raise
                fmt = {"type": "json_object"}
                messages = _with_schema_instructions(messages, schema)
                result = yield messages, fmt, max_tokens
            usage = _add(usage, result.usage, self.counter, messages, result.content)
            output, problem = parse_output(result)
            if output is not None:
                return Verdict.from_output(
                    output,
                    stage=request.stage,
                    judge="openai",
                    model=self.settings.model,
                    prompt=self.prompt.id,
                    notes=list(self.counter.notes),
                    tokens=usage,
                )
            if result.finish_reason == "length":
                max_tokens *= 2
            elif result.content:
                messages = [
                    *messages,
                    {"role": "assistant", "content": result.content},
                    {
                        "role": "user",
                        "content": f"That answer could not be used: {problem}. Answer again "
                        "with one JSON object that matches the schema exactly.",
                    },
                ]
        raise ProviderError(problem, attempts=attempts)

    def judge(self, request: CheckRequest) -> Verdict:
        conversation = self._conversation(request)
        step: Step | None = next(conversation)
        while True:
            assert step is not None
            try:
                result = self.chat.complete(*step)
            except ProviderError as err:
                step, verdict = _advance(conversation, error=err)
            else:
                step, verdict = _advance(conversation, result=result)
            if verdict is not None:
                return verdict

    async def ajudge(self, request: CheckRequest) -> Verdict:
        conversation = self._conversation(request)
        step: Step | None = next(conversation)
        while True:
            assert step is not None
            try:
                result = await self.chat.acomplete(*step)
            except ProviderError as err:
                step, verdict = _advance(conversation, error=err)
            else:
                step, verdict = _advance(conversation, result=result)
            if verdict is not None:
                return verdict


def _advance(
    conversation: Generator[Step, ChatResult, Verdict],
    *,
    result: ChatResult | None = None,
    error: ProviderError | None = None,
) -> tuple[Step | None, Verdict | None]:
    """Feed the conversation a result (or the provider's error); return its next step or verdict.

    An error the conversation cannot handle is re-raised from here.
    """
    try:
        step = conversation.throw(error) if error else conversation.send(result)  # type: ignore[arg-type]
    except StopIteration as stop:
        return None, stop.value
    return step, None


def _with_schema_instructions(
    messages: list[dict[str, str]], schema: dict[str, Any]
) -> list[dict[str, str]]:
    system = messages[0]["content"] + (
        "\n\nAnswer with one JSON object that matches this JSON schema exactly:\n"
        + json.dumps(schema)
    )
    return [{"role": "system", "content": system}, *messages[1:]]


def parse_output(result: ChatResult) -> tuple[RubricOutput | None, str]:
    if result.refusal:
        return None, f"the model refused ({result.refusal[:80]})"
    if result.finish_reason == "length":
        return None, "the answer was cut off (finish_reason length)"
    if result.finish_reason == "content_filter":
        return None, "the answer was withheld by a content filter"
    if not result.content:
        return None, "the answer was empty"
    try:
        data = json.loads(result.content)
    except json.JSONDecodeError as exc:
        return None, f"the answer was not valid JSON ({exc.msg} at char {exc.pos})"
    try:
        return RubricOutput.model_validate(data), ""
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        return None, f"the JSON failed the schema ({where}: {first['msg']})"


def _add(
    usage: TokenUsage,
    got: TokenUsage | None,
    counter: TokenCounter,
    messages: list[dict[str, str]],
    content: str | None,
) -> TokenUsage:
    if got is None:
        got = TokenUsage(
            prompt=counter.count_messages(messages), completion=counter.count(content or "")
        )
    return TokenUsage(
        prompt=usage.prompt + got.prompt, completion=usage.completion + got.completion
    )
