"""The compiled-pattern cache: rebuilt patterns judge exactly as freshly compiled ones, and the
cache can be switched off (``IMAGO_PATTERN_CACHE=off``).

Each run is its own process, because the judge compiles its patterns when it is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "golden.jsonl"

# Counts what the cache does, then judges every golden case with the local judge.
RUN = """
import json, sys
from pathlib import Path
from imago_coach.language import patterns

calls = {"rx": 0, "generated": 0, "rebuilt": 0}
rx, generate, build = patterns.rx, patterns._generate, patterns._build

def counted(name, fn):
    def wrapper(*args):
        calls[name] += 1
        return fn(*args)
    return wrapper

patterns.rx = counted("rx", rx)
patterns._generate = counted("generated", generate)
patterns._build = counted("rebuilt", build)

from imago_coach.evaluation.dataset import load_dataset
from imago_coach.judges.local import LocalJudge

judge = LocalJudge()
verdicts = [judge.judge(case.request()).model_dump(mode="json")
            for case in load_dataset(Path(sys.argv[1])).cases]
patterns._save()
print(json.dumps({"calls": calls, "verdicts": verdicts}))
"""


def _judge_golden(home: Path, cache: str | None = None) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMAGO_")}
    env["IMAGO_HOME"] = str(home)
    if cache is not None:
        env["IMAGO_PATTERN_CACHE"] = cache
    done = subprocess.run(
        [sys.executable, "-c", RUN, str(GOLDEN)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.skipif(sys.implementation.name != "cpython", reason="the cache is CPython's only")
def test_every_pattern_rebuilt_from_a_warm_cache_judges_the_golden_set_identically(
    tmp_path: Path,
) -> None:
    compiled = _judge_golden(tmp_path / "off", cache="off")
    cold = _judge_golden(tmp_path / "on")
    warm = _judge_golden(tmp_path / "on")

    patterns_used = compiled["calls"]["rx"]
    assert patterns_used > 150  # the whole lexicon, not a handful
    assert compiled["calls"]["generated"] == compiled["calls"]["rebuilt"] == 0
    assert not (tmp_path / "off" / "cache").exists()  # off means nothing is written
    assert cold["calls"]["generated"] == patterns_used  # first run: generated and stored
    assert warm["calls"] == {"rx": patterns_used, "generated": 0, "rebuilt": patterns_used}
    assert len(compiled["verdicts"]) > 300
    assert warm["verdicts"] == compiled["verdicts"]
    assert cold["verdicts"] == compiled["verdicts"]
