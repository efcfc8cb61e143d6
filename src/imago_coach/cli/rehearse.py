"""``imago rehearse``: practise a whole Imago Dialogue with a simulated partner."""

from __future__ import annotations

from typing import Annotated

import typer

from imago_coach.cli.common import (
    JudgeOpt,
    MaxTokensOpt,
    ModelOpt,
    PromptOpt,
    note,
    settings_from,
)
from imago_coach.dialogue.rehearse import rehearse as run_rehearsal


def rehearse(
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", help="A built-in scenario (see imago scenarios).", show_default=False
        ),
    ] = None,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            help='Your own situation, e.g. "I feel left out of money decisions".',
            show_default=False,
        ),
    ] = None,
    partner_says: Annotated[
        str | None,
        typer.Option(
            "--partner-says",
            help="With --topic: what you expect your partner to say "
            "about it, in their words (offline, they speak from it; asked when "
            "interactive).",
            show_default=False,
        ),
    ] = None,
    role: Annotated[str, typer.Option("--role", help="receiver | sender | both.")] = "both",
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue the last unfinished session.")
    ] = False,
    no_save: Annotated[bool, typer.Option("--no-save", help="Keep nothing on disk.")] = False,
    appointment: Annotated[
        bool,
        typer.Option(
            "--appointment/--no-appointment",
            help='Open with the appointment ("Is now a good time?").',
        ),
    ] = True,
    judge: JudgeOpt = None,
    model: ModelOpt = None,
    prompt: PromptOpt = None,
    max_input_tokens: MaxTokensOpt = None,
) -> None:
    """Rehearse a hard talk: the partner speaks, you mirror, validate, empathize, then switch.

    With stdin piped, each line is your next utterance (lines starting with / are commands);
    as sender, the first line is your appointment request unless you pass --no-appointment.
    """
    from imago_coach.render.rehearse import TerminalIO, render_outcome

    settings = settings_from(judge, model, prompt, max_input_tokens)
    io = TerminalIO()
    outcome, store = run_rehearsal(
        settings,
        io,
        scenario=scenario,
        topic=topic,
        role=role,
        resume=resume,
        save=not no_save,
        appointment=appointment,
        notify=note,
        partner_says=partner_says,
    )
    with store:
        render_outcome(outcome, str(store.path or ""), io.console)
