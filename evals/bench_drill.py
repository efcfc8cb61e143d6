"""Drill benchmark: how long a 10-item drill takes to start, and to judge each answer.

Start: from launching ``imago drill -n 10`` to the first partner statement on screen (the
process is started fresh each run, so this includes Python, the CLI, the store, the bank and
the choice of items; the focus reads a store holding a few earlier drills). Judging: the time
from one answer line to its feedback, measured inside the process over every bank statement
with a clean and a flagged answer, through the same ``Coach`` the command uses (local judge).
Run: ``python evals/bench_drill.py``. Targets: start under 1 s, an answer judged under 50 ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

IMAGO = [sys.executable, "-c", "from imago_coach.cli.main import main; main()"]
DRILL = [*IMAGO, "drill", "-n", "10"]
ANSWERS = ("You make sense to me, because that would hurt.", "You should just relax about it.")
START_TARGET = 1.0
JUDGE_TARGET = 0.05


def time_to_first_item(env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(
        DRILL,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stdout is not None and proc.stdin is not None
    for line in proc.stdout:
        if line.startswith("partner ›"):
            elapsed = time.perf_counter() - start
            break
    else:  # pragma: no cover - a broken drill
        raise SystemExit("the drill never showed a statement")
    proc.stdin.write("/quit\n")
    proc.stdin.close()
    proc.wait()
    return elapsed


def judge_times() -> list[float]:
    from imago_coach.coach import Coach
    from imago_coach.drill.bank import DRILL_STAGES, load_bank
    from imago_coach.models import CheckRequest
    from imago_coach.settings import load_settings

    coach = Coach(load_settings(judge="local"))
    times = []
    for i, statement in enumerate(load_bank()):
        stage = DRILL_STAGES[i % len(DRILL_STAGES)]
        for answer in ANSWERS:
            start = time.perf_counter()
            coach.judge(CheckRequest(stage=stage, sender=statement.text, response=answer))
            times.append(time.perf_counter() - start)
    return times


def main(runs: int = 11) -> int:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "IMAGO_")) and k != "PYTHONDONTWRITEBYTECODE"
    }
    with tempfile.TemporaryDirectory() as tmp:
        env["IMAGO_HOME"] = tmp
        for _ in range(3):  # a little history, so the automatic focus has something to read
            subprocess.run(
                DRILL,
                input="\n".join(ANSWERS * 5) + "\n",
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
        starts = [time_to_first_item(env) for _ in range(runs)]
    os.environ["IMAGO_HOME"] = env["IMAGO_HOME"] = tempfile.mkdtemp()
    judged = judge_times()
    p95 = sorted(judged)[int(0.95 * len(judged))]
    start_ok = min(starts) <= START_TARGET
    judge_ok = p95 <= JUDGE_TARGET
    print(
        f"start to first item   best {min(starts) * 1000:6.1f} ms  median "
        f"{statistics.median(starts) * 1000:6.1f} ms  (target <= {START_TARGET * 1000:.0f} ms)"
        f" {'ok' if start_ok else 'OVER'}"
    )
    print(
        f"judge one answer      median {statistics.median(judged) * 1000:6.1f} ms  p95 "
        f"{p95 * 1000:6.1f} ms  max {max(judged) * 1000:6.1f} ms over {len(judged)} answers"
        f"  (target p95 <= {JUDGE_TARGET * 1000:.0f} ms) {'ok' if judge_ok else 'OVER'}"
    )
    return 0 if start_ok and judge_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
