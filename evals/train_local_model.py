"""Train the local judge's learned second reader and write its weights into the package.

    python evals/train_local_model.py            # trains on dev, holdout, holdout2

It never trains on golden.jsonl (the test suite's yardstick) or holdout3.jsonl (the blind set).
Training is deterministic: the same data and rules give the same weights file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
from pathlib import Path

from imago_coach.coach import make_request
from imago_coach.judges.learned import WEIGHTS, features
from imago_coach.judges.local import analyse_rules
from imago_coach.models import CORE_FLAGS, Turn

HERE = Path(__file__).resolve().parent
TRAIN_SETS = ("dev", "holdout", "holdout2")
NEVER = {"golden", "holdout3"}
Row = tuple[dict[str, float], dict[str, bool | None]]
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
FOLDS = 3


def rows_of(names: tuple[str, ...]) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    hashes = []
    for name in names:
        if name in NEVER:
            raise SystemExit(f"{name}.jsonl is never trained on")
        path = HERE / "datasets" / f"{name}.jsonl"
        raw = path.read_bytes()
        hashes.append(f"{name}@{hashlib.sha256(raw).hexdigest()[:12]}")
        for line in raw.decode("utf-8").splitlines():
            case = json.loads(line)
            context = [Turn(**t) for t in case.get("context") or []]
            request = make_request(case["stage"], case["speaker"], case["response"], context)
            rule_flags = {f.value for f in analyse_rules(request)}
            feats = features(case["stage"], case["speaker"], case["response"], rule_flags)
            rows.append((feats, {f.value: case["expected"].get(f.value) for f in CORE_FLAGS}))
    return rows, hashes


def train(rows: list[Row], flag: str, epochs: int = 30, lr: float = 0.3, l2: float = 1e-3
          ) -> tuple[float, dict[str, float]]:
    """Logistic regression by plain SGD with L2, shuffled with fixed seeds."""
    data = [(x, bool(y[flag])) for x, y in rows if y.get(flag) is not None]
    weights: dict[str, float] = {}
    bias = 0.0
    for epoch in range(epochs):
        random.Random(epoch).shuffle(data)
        for x, label in data:
            z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            grad = p - (1.0 if label else 0.0)
            bias -= lr * grad
            for k, v in x.items():
                w = weights.get(k, 0.0)
                weights[k] = w - lr * (grad * v + l2 * w)
    return bias, weights


def _probability(bias: float, weights: dict[str, float], x: dict[str, float]) -> float:
    z = bias + sum(weights.get(k, 0.0) * v for k, v in x.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def choose_threshold(rows: list[Row], flag: str) -> float:
    """The threshold with the best cross-validated F1 of rules OR model, on the training rows."""
    counts = {t: [0, 0, 0] for t in THRESHOLDS}  # tp, fp, fn
    for fold in range(FOLDS):
        train_rows = [r for i, r in enumerate(rows) if i % FOLDS != fold]
        test_rows = [r for i, r in enumerate(rows) if i % FOLDS == fold]
        bias, weights = train(train_rows, flag)
        for x, y in test_rows:
            if y.get(flag) is None:
                continue
            p = _probability(bias, weights, x)
            for t in THRESHOLDS:
                raised = x.get(f"rule={flag}", 0.0) > 0 or p >= t
                if raised and y[flag]:
                    counts[t][0] += 1
                elif raised:
                    counts[t][1] += 1
                elif y[flag]:
                    counts[t][2] += 1
    return max(THRESHOLDS, key=lambda t: 2 * counts[t][0] / max(1, 2 * counts[t][0] +
                                                               counts[t][1] + counts[t][2]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prune", type=float, default=0.2, help="drop weights smaller than this")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args()
    rows, hashes = rows_of(TRAIN_SETS)
    model: dict[str, object] = {"trained_on": hashes, "bias": {}, "weights": {}, "threshold": {}}
    for flag in (f.value for f in CORE_FLAGS):
        model["threshold"][flag] = choose_threshold(rows, flag)  # type: ignore[index]
        bias, weights = train(rows, flag)
        model["bias"][flag] = round(bias, 4)  # type: ignore[index]
        model["weights"][flag] = {  # type: ignore[index]
            k: round(w, 4) for k, w in sorted(weights.items()) if abs(w) >= args.prune
        }
    args.out.write_text(json.dumps(model, sort_keys=True, separators=(",", ":")) + "\n")
    sizes = {f: len(w) for f, w in model["weights"].items()}  # type: ignore[attr-defined]
    print(f"trained on {len(rows)} cases ({', '.join(hashes)}); weights kept: {sizes}; "
          f"thresholds: {model['threshold']}")


if __name__ == "__main__":
    main()
