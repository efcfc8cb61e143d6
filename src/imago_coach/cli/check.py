"""``imago check``: judge one answer at one stage and print gentle feedback."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from imago_coach.cli.common import (
    JsonOpt,
    JudgeOpt,
    MaxTokensOpt,
    ModelOpt,
    PromptOpt,
    note,
    settings_from,
)
from imago_coach.coach import Coach, make_request, parse_stage
from imago_coach.errors import InputError
from imago_coach.jsoninput import loads
from imago_coach.models import CheckRequest, Turn


def _from_stdin(stage: str | None) -> CheckRequest:
    try:
        raw = sys.stdin.buffer.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"stdin is not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}):"
            " send the JSON as UTF-8."
        ) from None
    try:
        data: Any = loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"stdin is not valid JSON ({exc.msg}, line {exc.lineno}): send "
            '{"stage": ..., "sender": ..., "response": ...}.'
        ) from None
    if not isinstance(data, dict):
        raise InputError('stdin must hold one JSON object: {"stage", "sender", "response"}.')
    optional = {"sender"} if data.get("stage") == "send" else set()
    missing = [
        k
        for k in ("stage", "sender", "response")
        if not isinstance(data.get(k), str) and not (k in optional and data.get(k) is None)
    ]
    if missing:
        raise InputError(f"stdin JSON lacks string field(s) {', '.join(missing)}.")
    if stage is not None and parse_stage(stage) != parse_stage(data["stage"]):
        raise InputError(
            f"stdin JSON says stage {data['stage']!r} but --stage says {stage!r}: drop --stage, "
            "or make the two agree."
        )
    context_raw = data.get("context") or []
    try:
        context = [Turn.model_validate(t) for t in context_raw]
    except Exception:
        raise InputError('"context" must be a list of {"speaker", "text"} objects.') from None
    return make_request(data["stage"], data.get("sender"), data["response"], context)


def check(
    source: Annotated[
        str | None,
        typer.Argument(
            help='"-" to read {"stage", "sender", "response"} as JSON from stdin.',
            show_default=False,
        ),
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option("--stage", help="mirror | validate | empathize | send", show_default=False),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option(
            "--sender",
            help="What the sender said (at the send stage: your partner's "
            "previous words, what you are answering; leave it out for a message that opens "
            "the talk).",
            show_default=False,
        ),
    ] = None,
    response: Annotated[
        str | None,
        typer.Option(
            "--response",
            help="The receiver's answer to judge (at the send stage: your own message).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOpt = False,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_input_tokens: MaxTokensOpt = None,
) -> None:
    """Judge one answer (mirror, validate, empathize or send) with gentle, specific feedback."""
    if source is not None and source != "-":
        raise InputError(f'Unexpected argument {source!r}: use "-" to read JSON from stdin.')
    if source == "-":
        request = _from_stdin(stage)
    else:
        if stage is None:
            raise InputError("Which stage? Pass --stage mirror, validate, empathize or send.")
        request = make_request(stage, sender, response)
    settings = settings_from(judge, model, prompt, max_input_tokens)
    coach = Coach(settings, notify=note)
    verdict = coach.judge(request)
    for line in verdict.notes:
        note(line)
    if as_json:
        typer.echo(json.dumps(verdict.contract(), ensure_ascii=False))
        return
    from imago_coach.render.verdict import render_verdict

    render_verdict(verdict, show_notes=False)
