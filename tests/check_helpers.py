"""`imago check --json` run as a user runs it, for tests that read the judge's report."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()


def check_report(stage: str, response: str, sender: str) -> dict[str, object]:
    """What `imago check --json` reports for one answer (the default, offline judge)."""
    args = ["check", "--stage", stage, "--sender", sender, "--response", response, "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


def listed(report: dict[str, object], key: str) -> list[str]:
    """One of the report's lists (flags, strengths, reminders), as strings."""
    value = report[key]
    assert isinstance(value, list)
    return [str(v) for v in value]
