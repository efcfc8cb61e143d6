"""A small learned second reader for the local judge: per-flag logistic regression on words.

Hand-written rules are precise but miss phrasings they do not know. This model, trained offline
by ``evals/train_local_model.py`` on labelled sets the rules were not tested on (never on
``golden.jsonl`` or ``holdout3.jsonl``), reads the response's words and word pairs, with the
sender's own words marked, and raises a flag the rules missed when it is confident. Its weights
ship with the package as JSON: deterministic, no network, no download, pure-Python inference.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from imago_coach.language.text import swap_perspective, words

WEIGHTS = Path(__file__).with_name("learned_weights.json")
THRESHOLD = 0.5
UNREADABLE_NOTE = (
    "Part of the offline check could not be loaded, so this feedback comes from its basic rules "
    "alone and may miss something. Reinstalling imago fixes this."
)


def senders_words(sender: str) -> set[str]:
    """The sender's words, in their voice and in the receiver's."""
    return set(words(sender)) | set(words(swap_perspective(sender)))


def features(
    stage: str,
    sender: str,
    response: str,
    rule_flags: set[str],
    *,
    said: set[str] | None = None,
) -> dict[str, float]:
    """Words and word pairs of the response; words also in the sender's text are marked."""
    if said is None:
        said = senders_words(sender)
    tokens = words(response)
    out: dict[str, float] = {f"stage={stage}": 1.0}
    for i, token in enumerate(tokens):
        out[("q=" if token in said else "w=") + token] = 1.0
        if i + 1 < len(tokens):
            out[f"b={token}_{tokens[i + 1]}"] = 1.0
    for flag in rule_flags:
        out[f"rule={flag}"] = 1.0
    out["novel_share"] = sum(1 for t in tokens if t not in said) / max(len(tokens), 1)
    return out


@dataclass(frozen=True)
class LearnedModel:
    bias: dict[str, float]
    weights: dict[str, dict[str, float]]
    trained_on: list[str]
    thresholds: dict[str, float]

    def raises(self, flag: str, feats: dict[str, float]) -> bool:
        """Whether the model is confident enough to raise ``flag`` on its own."""
        return self.probability(flag, feats) >= self.thresholds.get(flag, THRESHOLD)

    def score(self, flag: str, feats: dict[str, float]) -> float:
        weights = self.weights.get(flag, {})
        return self.bias.get(flag, 0.0) + sum(weights.get(k, 0.0) * v for k, v in feats.items())

    def probability(self, flag: str, feats: dict[str, float]) -> float:
        z = max(-30.0, min(30.0, self.score(flag, feats)))
        return 1.0 / (1.0 + math.exp(-z))


@cache
def load_model(path: Path = WEIGHTS) -> LearnedModel | None:
    """The shipped model, or None if its file is missing or unreadable (the rules still work;
    the local judge then adds ``UNREADABLE_NOTE`` to the verdict's notes)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LearnedModel(
            bias={k: float(v) for k, v in data["bias"].items()},
            weights={f: {k: float(v) for k, v in w.items()} for f, w in data["weights"].items()},
            trained_on=list(data.get("trained_on", [])),
            thresholds={k: float(v) for k, v in data.get("threshold", {}).items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
