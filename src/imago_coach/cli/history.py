"""``imago history``: list, replay and delete past rehearsal sessions."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from imago_coach.cli.common import JsonOpt, settings_from
from imago_coach.cli.history_kinds import (
    count_all,
    delete_all_of,
    delete_one,
    list_kind,
    list_others,
    show_kind,
    what_words,
    with_store,
)
from imago_coach.dialogue.history import history, session_detail
from imago_coach.dialogue.session_store import open_store
from imago_coach.errors import InputError
from imago_coach.practice.records import KINDS, parse_kind

history_app = typer.Typer(
    help="Past rehearsals, drills and saved reviews: list, show, delete.", no_args_is_help=False
)
KindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="rehearsal | drill | review (default: rehearsal for show and "
        "delete; all kinds in the list, rehearsals only with --json).",
        show_default=False,
    ),
]


@history_app.callback(invoke_without_command=True)
def list_sessions(ctx: typer.Context, as_json: JsonOpt = False, kind: KindOpt = None) -> None:
    """List past sessions, newest first: date, scenario, role, steps done, flags per stage."""
    if ctx.invoked_subcommand is not None:
        return
    chosen = parse_kind(kind)
    if chosen in ("drill", "review"):
        list_kind(settings_from(), chosen, as_json)
        return
    with open_store(settings_from()) as store:
        items = history(store)
    if as_json:
        keys = (
            "id",
            "started_at",
            "scenario",
            "role",
            "finished",
            "utterances",
            "topic",
            "judge",
            "steps",
            "flags",
            "request",
        )
        dumped = [i.model_dump(mode="json") for i in items]
        typer.echo(json.dumps([{k: d[k] for k in keys} for d in dumped], ensure_ascii=False))
        return
    from imago_coach.render.rehearse import render_history

    render_history(items)
    if chosen is None:
        list_others(settings_from())


@history_app.command("show")
def show(
    ctx: typer.Context,
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session's id.")],
    as_json: JsonOpt = False,
    kind: KindOpt = None,
) -> None:
    """Replay one session (or, with --kind, a drill or a saved review) with its feedback."""
    as_json = as_json or bool(ctx.parent and ctx.parent.params.get("as_json"))  # history --json
    chosen = parse_kind(kind) or parse_kind(ctx.parent.params.get("kind") if ctx.parent else None)
    if chosen in ("drill", "review"):
        show_kind(settings_from(), chosen, session_id, as_json)
        return
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
        int | None,
        typer.Argument(metavar="[ID]", help="The session to delete.", show_default=False),
    ] = None,
    all_sessions: Annotated[bool, typer.Option("--all", help="Delete every session.")] = False,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask for confirmation (with --all).")
    ] = False,
    kind: KindOpt = None,
) -> None:
    """Delete a session, or all of them, for good: the rows are removed, not marked.

    With --kind drill or review, a drill or a saved review. --all without --kind deletes every
    rehearsal, drill and saved review. --all asks first in a terminal; piped, it needs --yes.
    """
    if (session_id is None) == (not all_sessions):
        raise InputError("Say what to delete: imago history delete ID, or --all.")
    chosen = parse_kind(kind) or "rehearsal"
    settings = settings_from()
    if session_id is not None:
        if chosen == "rehearsal":
            with_store(settings, lambda store: store.delete(session_id))
            typer.echo(f"Deleted session {session_id}.")
        else:
            delete_one(settings, chosen, session_id)
            typer.echo(f"Deleted {'drill' if chosen == 'drill' else 'saved review'} {session_id}.")
        return
    kinds = KINDS if kind is None else (chosen,)
    counts = count_all(settings, kinds)
    what = what_words(counts)
    if not what:
        typer.echo("There is nothing to delete.")
        return
    if not yes:
        if not stdin_is_tty():
            raise InputError(
                "history delete --all removes every session for good: "
                "pass --yes to confirm when not in a terminal."
            )
        if not typer.confirm(f"Delete all {what} for good?", default=False):
            typer.echo("Nothing was deleted.")
            raise typer.Exit(code=1)
    typer.echo(f"Deleted {what_words(delete_all_of(settings, kinds))}.")


def stdin_is_tty() -> bool:
    """Whether a person can answer a question on stdin (tests replace this)."""
    return sys.stdin.isatty()
