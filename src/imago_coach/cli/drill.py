"""``imago drill``: short repetitions of one stage, focused on the habit you most need."""

from __future__ import annotations

import json
from typing import Annotated

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
from imago_coach.coach import Coach
from imago_coach.drill.session import DrillOptions, run_drill
from imago_coach.drill.store import DrillStore
from imago_coach.store import db_path, require_writable


def drill(
    count: Annotated[int, typer.Option("-n", "--count", help="How many items (1-50).")] = 10,
    stage: Annotated[
        str, typer.Option("--stage", help="mirror | validate | empathize | mixed.")
    ] = "mixed",
    focus: Annotated[
        str,
        typer.Option(
            "--focus",
            help="auto (your most frequent flag in 30 days) | mixed | "
            "solution | defensiveness | judgement | topic_change.",
        ),
    ] = "auto",
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help="Only statements about one topic, e.g. money, in-laws, phones, parenting.",
            show_default=False,
        ),
    ] = None,
    no_save: Annotated[bool, typer.Option("--no-save", help="Keep nothing on disk.")] = False,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="Pick the same items again (for repeat runs).", show_default=False
        ),
    ] = None,
    as_json: JsonOpt = False,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_input_tokens: MaxTokensOpt = None,
) -> None:
    """Drill one habit: a partner statement, your one-line answer, three lines of feedback.

    With stdin piped, each line is the next answer (an empty line skips; /hint, /skip, /quit).
    """
    from rich.console import Console

    from imago_coach.render.drill import DrillTerminal, render_result

    settings = settings_from(judge, model, prompt, max_input_tokens)
    options = DrillOptions(count=count, stage=stage, focus=focus, seed=seed, topic=topic)
    coach = Coach(settings, notify=note, breaker="quiet")  # after a failure: local, said once
    path = db_path(settings.home)
    if not no_save:
        require_writable(path)  # refuse before anything is typed, not after
    io = DrillTerminal(console=Console(highlight=False, stderr=as_json))
    with DrillStore.in_memory() if no_save else DrillStore.open(path) as store:
        result = run_drill(
            options,
            store=store,
            history=path,
            judge=coach,
            judge_name=coach.judge_name,
            io=io,
            notify=note,
        )
    if as_json:
        typer.echo(json.dumps(result.contract(), ensure_ascii=False))
        return
    render_result(result, "" if no_save else str(path), io.console)
