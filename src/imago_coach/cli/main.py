"""The root ``imago`` app: registers the commands and maps ``ImagoError`` to one line.

``ImagoGroup.invoke`` is the one place errors are turned into a message on stderr and an exit
code (2 for bad input and configuration), for the real command and for ``CliRunner`` alike.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from imago_coach import __version__
from imago_coach.errors import ImagoError


class ImagoGroup(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ImagoError as err:
            print(f"imago: {err}", file=sys.stderr)
            raise typer.Exit(code=err.exit_code) from None
        except KeyboardInterrupt:
            print("imago: interrupted; nothing was lost that had been entered.", file=sys.stderr)
            raise typer.Exit(code=130) from None


app = typer.Typer(
    name="imago",
    cls=ImagoGroup,
    help="A coach for Imago Dialogue: mirror, validate, empathize, with gentle feedback.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
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


def _register() -> None:
    from imago_coach.cli import check, doctor

    app.command("check")(check.check)
    app.command("doctor")(doctor.doctor)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
