"""``imago history``: list, replay and delete past rehearsal sessions."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from imago_coach.cli.common import JsonOpt, settings_from
from imago_coach.dialogue.history import history, session_detail
from imago_coach.dialogue.session_store import open_store
from imago_coach.errors import InputError

history_app = typer.Typer(help="Past rehearsal sessions: list, show, delete.",
                          no_args_is_help=False)


@history_app.callback(invoke_without_command=True)
def list_sessions(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List past sessions, newest first: date, scenario, role, steps done, flags per stage."""
    if ctx.invoked_subcommand is not None:
        return
    with open_store(settings_from()) as store:
        items = history(store)
    if as_json:
        keys = ("id", "started_at", "scenario", "role", "finished", "utterances", "topic",
                "judge", "steps", "flags", "request")
        dumped = [i.model_dump(mode="json") for i in items]
        typer.echo(json.dumps([{k: d[k] for k in keys} for d in dumped], ensure_ascii=False))
        return
    from imago_coach.render.rehearse import render_history

    render_history(items)


@history_app.command("show")
def show(
    ctx: typer.Context,
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session's id.")],
    as_json: JsonOpt = False,
) -> None:
    """Replay one session with its feedback."""
    as_json = as_json or bool(ctx.parent and ctx.parent.params.get("as_json"))  # history --json
    with open_store(settings_from()) as store:
        detail = session_detail(store, session_id)
    if as_json:
        typer.echo(json.dumps(detail.contract(), ensure_ascii=False))
        return
    from imago_coach.render.rehearse import render_session

    render_session(detail)


@history_app.command("delete")
def delete(
    session_id: Annotated[
        int | None, typer.Argument(metavar="[ID]", help="The session to delete.",
                                   show_default=False)
    ] = None,
    all_sessions: Annotated[
        bool, typer.Option("--all", help="Delete every session.")
    ] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (with --all).")
    ] = False,
) -> None:
    """Delete a session, or all of them, for good: the rows are removed, not marked.

    --all asks first in a terminal; piped or scripted, it needs --yes.
    """
    if (session_id is None) == (not all_sessions):
        raise InputError("Say what to delete: imago history delete ID, or --all.")
    with open_store(settings_from()) as store:
        if all_sessions:
            count = len(store.sessions())
            if count == 0:
                typer.echo("There are no sessions to delete.")
                return
            plural = "s" if count != 1 else ""
            if not yes:
                if not stdin_is_tty():
                    raise InputError("history delete --all removes every session for good: "
                                     "pass --yes to confirm when not in a terminal.")
                if not typer.confirm(f"Delete all {count} session{plural} for good?",
                                     default=False):
                    typer.echo("Nothing was deleted.")
                    raise typer.Exit(code=1)
            count = store.delete_all()
            typer.echo(f"Deleted {count} session{'s' if count != 1 else ''}.")
        else:
            assert session_id is not None
            store.delete(session_id)
            typer.echo(f"Deleted session {session_id}.")


def stdin_is_tty() -> bool:
    """Whether a person can answer a question on stdin (tests replace this)."""
    return sys.stdin.isatty()
