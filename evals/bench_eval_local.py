"""Benchmark: the local judge evaluates 1,000 cases, start-up included (target: under 2 s).

Builds a 1,000-case dataset from evals/datasets/dev.jsonl (cases repeated under new ids) and
times `imago eval run --judge local` as a fresh process, in a throwaway IMAGO_HOME.

    python evals/bench_eval_local.py [--cases 1000] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV = HERE / "datasets" / "dev.jsonl"
TARGET_S = 2.0


def imago_command() -> str:
    """The ``imago`` script of the running Python's environment."""
    script = Path(sys.executable).parent / "imago"
    return str(script) if script.exists() else "imago"


def make_dataset(path: Path, n: int) -> None:
    base = [json.loads(line) for line in DEV.read_text().splitlines() if line.strip()]
    with path.open("w") as fh:
        for i in range(n):
            row = dict(base[i % len(base)], id=f"bench-{i:05d}")
            fh.write(json.dumps(row) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.jsonl"
        make_dataset(data, args.cases)
        # As installed for a user: bytecode caches on (this sandbox turns them off).
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="", IMAGO_HOME=str(Path(tmp) / "home"))
        env.pop("OPENAI_API_KEY", None)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run(
                [
                    imago_command(),
                    "eval",
                    "run",
                    "--judge",
                    "local",
                    "--dataset",
                    str(data),
                    "--json",
                    str(Path(tmp) / "r.json"),
                ],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            times.append(time.perf_counter() - started)
        report = json.loads((Path(tmp) / "r.json").read_text())
    best = min(times)
    print(
        f"local judge, {args.cases} cases: best {best:.2f} s, runs "
        f"{', '.join(f'{t:.2f}' for t in times)} s (target < {TARGET_S} s); "
        f"in-process wall {report['wall_s']:.2f} s; {'OK' if best < TARGET_S else 'SLOW'}"
    )


if __name__ == "__main__":
    main()
