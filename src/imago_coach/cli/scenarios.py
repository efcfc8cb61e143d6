"""``imago scenarios``: the built-in practice scenarios."""

from __future__ import annotations

import json

import typer

from imago_coach.cli.common import JsonOpt
from imago_coach.dialogue.scenarios import all_scenarios


def scenarios(as_json: JsonOpt = False) -> None:
    """List the built-in scenarios for imago rehearse --scenario NAME."""
    items = list(all_scenarios().values())
    if as_json:
        typer.echo(json.dumps([s.listing() for s in items], ensure_ascii=False))
        return
    from imago_coach.render.rehearse import render_scenarios

    render_scenarios(items)
