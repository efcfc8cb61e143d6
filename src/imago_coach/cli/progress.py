"""``imago progress``: how your practice is going, per stage, as a chart."""

from __future__ import annotations

import json

import typer

from imago_coach.cli.common import JsonOpt, settings_from
from imago_coach.dialogue.progress import progress as compute_progress
from imago_coach.dialogue.session_store import open_store


def progress(as_json: JsonOpt = False) -> None:
    """Per stage: share of clean answers, mirror accuracy and the most frequent flag."""
    with open_store(settings_from()) as store:
        report = compute_progress(store)
    if as_json:
        typer.echo(json.dumps(report.model_dump(mode="json")))
        return
    from imago_coach.render.progress import render_progress

    render_progress(report)
