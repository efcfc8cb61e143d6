"""Real ``imago`` processes for the hardening tests: bounded in time, in a given home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]


def imago(
    *args: str,
    home: Path,
    stdin: bytes | str = b"",
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> subprocess.CompletedProcess[str]:
    """Run ``imago ARGS`` in a subprocess; text output (undecodable bytes kept as escapes)."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    proc = subprocess.run(
        [*CLI, *args],
        input=data,
        capture_output=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "IMAGO_HOME": str(home), **(env or {})},
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "backslashreplace"),
        proc.stderr.decode("utf-8", "backslashreplace"),
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single ``imago: ...`` line of a failed run (asserting there is no traceback)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("imago: ")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def invoke(*args: str, stdin: bytes | str | None = None) -> tuple[int, str, str]:
    """Run ``imago ARGS`` in-process (``CliRunner``): exit code, stdout, stderr."""
    from typer.testing import CliRunner

    from imago_coach.cli.main import app

    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def one_error(code: int, stderr: str) -> str:
    """The single ``imago:`` line of an in-process run that failed."""
    assert code != 0
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.startswith("imago: ")]
    assert len(lines) == 1, stderr
    return lines[0]
