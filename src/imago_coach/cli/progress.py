"""``imago progress``: how your practice is going, per stage, as a chart."""

from __future__ import annotations

import json

import typer

from imago_coach.cli.common import JsonOpt, settings_from
from imago_coach.dialogue.progress import progress as compute_progress
from imago_coach.dialogue.session_store import open_store
from imago_coach.practice.answers import collect
from imago_coach.practice.progress import source_progress
from imago_coach.store import db_path


def progress(as_json: JsonOpt = False) -> None:
    """Per stage: clean share, mirror accuracy, top flag; rehearsal vs drill vs real talk."""
    settings = settings_from()
    with open_store(settings) as store:
        report = compute_progress(store)
    by_source = source_progress(collect(db_path(settings.home)))
    if as_json:
        typer.echo(
            json.dumps(
                {**report.model_dump(mode="json"), "sources": by_source.model_dump(mode="json")}
            )
        )
        return
    from imago_coach.render.progress import render_progress
    from imago_coach.render.sources import render_sources

    if report.stages or not by_source.stages:
        render_progress(report)
    if by_source.stages:
        render_sources(by_source)
