"""The root ``imago`` app: a lazy command table, and one place that maps ``ImagoError``.

Commands are imported only when they run (``imago --help`` lists them from the table below), so
start-up stays close to a bare Typer app's. ``ImagoGroup.invoke`` turns any ``ImagoError`` into
one line on stderr and its exit code (2 for bad input and configuration), for the real command
and for ``CliRunner`` alike.
"""

from __future__ import annotations

import importlib
import sys
from typing import Annotated, Any

import typer

from imago_coach import __version__
from imago_coach.cli.help_style import SuggestingGroup, plain_help
from imago_coach.errors import ImagoError
from imago_coach.visible import visible

# name -> ("module:attribute", one-line help). The attribute is a command function or a Typer.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "imago_coach.cli.check:check",
        "Judge one answer (mirror, validate, empathize, send) with gentle feedback.",
    ),
    "rehearse": (
        "imago_coach.cli.rehearse:rehearse",
        "Rehearse a whole Imago Dialogue with a simulated partner.",
    ),
    "drill": (
        "imago_coach.cli.drill:drill",
        "Short daily practice of one stage, focused on your most frequent mistake.",
    ),
    "scenarios": ("imago_coach.cli.scenarios:scenarios", "List the built-in rehearsal scenarios."),
    "history": (
        "imago_coach.cli.history:history_app",
        "List, replay or delete saved rehearsals, drills and reviews.",
    ),
    "progress": (
        "imago_coach.cli.progress:progress",
        "Show how your practice and real talks are going over time.",
    ),
    "review": (
        "imago_coach.cli.review:review",
        "Coaching feedback on the transcript of a real dialogue.",
    ),
    "transcribe": (
        "imago_coach.cli.transcribe:transcribe",
        "Transcribe a recorded talk with speakers and times (audio endpoint).",
    ),
    "eval": (
        "imago_coach.cli.eval:eval_app",
        "Measure, compare and gate rubric prompts and models on labelled data.",
    ),
    "doctor": (
        "imago_coach.cli.doctor:doctor",
        "Show the judge, model, endpoint, key status and prompt versions.",
    ),
}


def _load(name: str) -> Any:
    target, _ = COMMANDS[name]
    module_name, attribute = target.split(":")
    obj = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: Any = typer.main.get_group(obj)
    else:
        holder = typer.Typer(pretty_exceptions_show_locals=False, add_completion=False)
        holder.command(name)(obj)
        command = typer.main.get_command(holder)
    command.name = name
    plain_help(command)
    return command


class ImagoGroup(SuggestingGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        return [*super().list_commands(ctx), *COMMANDS]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in COMMANDS:
            return _load(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_, text) in COMMANDS.items()])

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        argv = [str(a) for a in (sys.argv[1:] if args is None else args)]
        for number, arg in enumerate(argv, start=1):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                typer.echo(
                    f"imago: argument {number} ({shown}) is not valid UTF-8 text: "
                    "retype it, or set your terminal to UTF-8.",
                    err=True,
                )
                sys.exit(2)
        return super().main(args, *rest, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ImagoError as err:
            typer.echo(f"imago: {visible(str(err))}", err=True)
            raise typer.Exit(code=err.exit_code) from None
        except Exception as exc:
            from imago_coach.store import store_error

            store = store_error(exc)  # sqlite3 errors from a damaged or locked store
            if store is None:
                raise
            typer.echo(f"imago: {store}", err=True)
            raise typer.Exit(code=store.exit_code) from None
        except KeyboardInterrupt:
            typer.echo(f"imago: {_interrupted(ctx.invoked_subcommand)}", err=True)
            raise typer.Exit(code=130) from None


def _interrupted(command: str | None) -> str:
    """What Ctrl-C left behind, claiming "saved" only for lines that were committed."""
    if command == "eval":
        return "interrupted; the answers so far are kept: the same command resumes the run."
    if command == "drill":
        drills = sys.modules.get("imago_coach.drill.store")
        if drills is None or not drills.saved_runs:
            return "interrupted; nothing from this drill was saved."
        run = max(drills.saved_runs)
        return (
            f"interrupted; the answers you entered are saved as drill {run}: "
            f"imago history show {run} --kind drill shows them."
        )
    sessions = sys.modules.get("imago_coach.dialogue.session_store")
    if command != "rehearse" or sessions is None:
        return "interrupted: run the same command again to finish."
    if sessions.saved_sessions:
        return (
            "interrupted; the lines you entered before this one are saved: "
            "imago rehearse --resume continues."
        )
    return "interrupted; nothing from this session was saved."


app = typer.Typer(
    name="imago",
    cls=ImagoGroup,
    help="A coach for Imago Dialogue: mirror, validate, empathize, with gentle feedback.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"imago {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """imago coaches the receiver's mirror, validation and empathy, offline by default."""


def main() -> None:
    """Console-script entry point."""
    app()
