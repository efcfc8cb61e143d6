"""Start-up benchmark: `imago --help` and `imago check --judge local` against a minimal Typer app.

Targets (issue 2): `imago --help` within 1.3x, and `imago check --judge local` within 1.5x, of a
minimal two-command Typer app's `--help` on the same Python. Run: `python evals/bench_startup.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = '''
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
@app.command()
def bye() -> None:
    print("bye")
app()
'''
IMAGO = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]
CHECK = ["check", "--judge", "local", "--stage", "mirror",
         "--sender", "I felt invisible at the party when you talked to your friends all night.",
         "--response", "You're too sensitive. Next time just come and talk to us."]


def best_of(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(sorted(times)[: max(1, runs // 2)])


def main(runs: int = 11) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "IMAGO_"))}
    with tempfile.TemporaryDirectory() as tmp:
        env["IMAGO_HOME"] = tmp
        script = Path(tmp) / "minimal.py"
        script.write_text(MINIMAL_APP)
        baseline = best_of([sys.executable, str(script), "--help"], runs, env)
        help_s = best_of([*IMAGO, "--help"], runs, env)
        check_s = best_of([*IMAGO, *CHECK], runs, env)
    rows = [("minimal typer --help", baseline, None), ("imago --help", help_s, 1.3),
            ("imago check --judge local", check_s, 1.5)]
    failed = False
    for name, seconds, target in rows:
        ratio = seconds / baseline
        verdict = "" if target is None else ("ok" if ratio <= target else "OVER")
        failed |= verdict == "OVER"
        limit = f"(target <= {target}x)" if target else ""
        print(f"{name:28} {seconds * 1000:7.1f} ms  {ratio:5.2f}x {limit} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
