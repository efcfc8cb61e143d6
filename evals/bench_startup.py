"""Start-up benchmark: `imago --help` and `imago check --judge local` against a minimal Typer app.

Targets (issue 2): `imago --help` within 1.3x, and `imago check --judge local` within 1.5x, of a
minimal two-command Typer app's `--help` on the same Python. Run: `python evals/bench_startup.py`;
add `--pattern-cache` to also time the check with the compiled-pattern cache off
(`IMAGO_PATTERN_CACHE=off`), the measurement behind keeping that cache (issue 8).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MINIMAL_APP = """
import typer
app = typer.Typer()
@app.command()
def hello(name: str = "x") -> None:
    print(name)
@app.command()
def bye() -> None:
    print("bye")
app()
"""
IMAGO = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]
CHECK = [
    "check",
    "--judge",
    "local",
    "--stage",
    "mirror",
    "--sender",
    "I felt invisible at the party when you talked to your friends all night.",
    "--response",
    "You're too sensitive. Next time just come and talk to us.",
]


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, capture_output=True, check=True, env=env)
    return time.perf_counter() - start


def main(runs: int = 21, *, pattern_cache: bool = False) -> int:
    # As installed for a user: bytecode caches on (this sandbox sets PYTHONDONTWRITEBYTECODE).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "IMAGO_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    with tempfile.TemporaryDirectory() as tmp:
        env["IMAGO_HOME"] = tmp
        script = Path(tmp) / "minimal.py"
        script.write_text(MINIMAL_APP)
        commands = {
            "minimal typer --help": ([sys.executable, str(script), "--help"], env),
            "imago --help": ([*IMAGO, "--help"], env),
            "imago check --judge local": ([*IMAGO, *CHECK], env),
        }
        if pattern_cache:
            off = {**env, "IMAGO_PATTERN_CACHE": "off"}
            commands["  ...pattern cache off"] = ([*IMAGO, *CHECK], off)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for cmd, cmd_env in commands.values():  # warm-up: writes the bytecode caches
            timed(cmd, cmd_env)
        for _ in range(runs):  # interleaved, so drift in machine load hits all alike
            for name, (cmd, cmd_env) in commands.items():
                samples[name].append(timed(cmd, cmd_env))
    best = {name: min(times) for name, times in samples.items()}
    median = {name: statistics.median(times) for name, times in samples.items()}
    baseline = best["minimal typer --help"]
    targets = {"imago --help": 1.3, "imago check --judge local": 1.5}
    failed = False
    for name in commands:
        ratio = best[name] / baseline
        target = targets.get(name)
        verdict = "" if target is None else ("ok" if ratio <= target else "OVER")
        failed |= verdict == "OVER"
        limit = f"(target <= {target}x)" if target else ""
        print(
            f"{name:28} best {best[name] * 1000:6.1f} ms  median {median[name] * 1000:6.1f} ms"
            f"  {ratio:4.2f}x {limit} {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(pattern_cache="--pattern-cache" in sys.argv[1:]))
