"""Train the local judge's learned second reader and write its weights into the package.

    python evals/train_local_model.py           # corpus + dev, holdout, holdout2 -> the package
    python evals/train_local_model.py --loso    # each source held out in turn: the transfer table
    python evals/train_local_model.py --loso-quick J  # the same, estimated in minutes

Inputs: ``evals/corpus/trainset.bin`` (thousands of human-labelled utterances from public data,
hashed, no text; built by ``evals/corpus/build.py``) and the labelled sets written here, which
are featurised afresh. Never ``golden.jsonl`` (the test suite's yardstick) or ``holdout3.jsonl``
(the blind set). Per flag: logistic regression (scikit-learn, liblinear, a fixed order: fully
deterministic), each source weighted by the square root of its size (the sets written here count
as much as the largest source), and two thresholds (raise a flag the rules missed; keep one they
raised) chosen by cross-validation with each source (and each file written here) as a fold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from imago_coach.coach import make_request
from imago_coach.drill.bank import DRILL_STAGES, load_bank
from imago_coach.errors import InputError
from imago_coach.judges.learned import (
    DIM,
    WEIGHTS,
    LearnedModel,
    decode,
    encode,
    hashed,
    rule_cues,
)
from imago_coach.judges.lexicon import CueKind
from imago_coach.judges.local import learned_input
from imago_coach.language.address import EVALUATIVE, FORMULAS, ORDERS
from imago_coach.models import CheckRequest, Flag, Stage, Turn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "corpus"))
import trainset  # noqa: E402

TRAIN_SETS = ("dev", "holdout", "holdout2")
NEVER = {"golden", "holdout3"}
HOME = "imago"  # the sets written here, as one source
FLAGS = trainset.FLAGS
NO_SENDER = "(this source keeps no sender turn)"  # as evals/corpus/build.py writes it
C = 0.5
HOME_WEIGHT = 3.0  # the sets written here, against the largest corpus source
HOME_SLACK = 0.0
GRID = tuple(round(0.05 * i, 2) for i in range(1, 20))
# The rules are the precise reader: the model overrules one of their flags only when it is
# confident they are wrong (its probability under at most 0.2).
KEEP_GRID = (0.0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2)
# A false alarm on a clean, by-the-book answer is the costliest mistake a coach can make: the
# model may raise a flag on at most this share of the drill bank's model answers.
CLEAN_ALARMS = 0.005
Array = npt.NDArray[np.float64]
# Topic change is learned from the response's shape, overlap with what was said and the rules'
# cues alone, never from its words: its positives are mostly constructed (a real reply set
# against another conversation), so words would teach the model which corpus a reply came from.
DENSE_ONLY = {"topic_change"}


def dense_columns() -> npt.NDArray[np.int64]:
    """The hashed columns of every feature that is not a word, pair or character n-gram."""
    stages = [s.value for s in Stage]
    buckets = range(6)
    names = {
        "qm",
        "a=eval:1",
        "a=eval:2",
        "a=eval:3",
        "a=you+eval",
        "a=you+down",
        "a=order",
        "a=formula",
        *(f"a=you:{i}" for i in range(1, 4)),
        *(f"a=you+eval:{w}" for w in EVALUATIVE),
        *(f"a=order:{w}" for w in ORDERS),
        *("a=formula:" + "_".join(g) for g in FORMULAS),
        *(f"l={i}" for i in range(9)),
        *(f"tnamed={i}" for i in (1, 2)),
    }
    for i in buckets:
        names |= {f"n={i}", f"ov={i}", f"te={i}", f"tn={i}", f"th={i}"}
    kinds = [*CueKind, "negated"]
    cues = rule_cues([f.value for f in Flag], [f"{f.value}:{k}" for f in Flag for k in kinds])
    for stage in stages:
        names |= {f"s={stage}", f"ov={stage}:none"}
        names |= {f"{p}={stage}:{i}" for p in ("n", "ov", "ts", "tn", "tr") for i in buckets}
        names |= {f"r={stage}:{c}" for c in cues}
    names |= {f"r={c}" for c in cues}
    return np.asarray(hashed(names), dtype=np.int64)


@dataclass
class Data:
    """All training rows: a binary sparse matrix, labels (-1 unlabelled), rules' flags, origin."""

    x: csr_matrix
    labels: npt.NDArray[np.int8]
    rules: npt.NDArray[np.bool_]
    source: npt.NDArray[np.int64]
    fold: npt.NDArray[np.int64]  # a corpus source, or one of the files written here
    names: list[str]
    trained_on: list[str]
    clean: csr_matrix  # the drill bank's model answers: never trained on, only guarded against
    clean_rules: npt.NDArray[np.bool_]

    def take(self, mask: npt.NDArray[np.bool_]) -> Data:
        return Data(
            self.x[mask],
            self.labels[mask],
            self.rules[mask],
            self.source[mask],
            self.fold[mask],
            self.names,
            self.trained_on,
            self.clean,
            self.clean_rules,
        )


def home_rows(
    names: tuple[str, ...],
) -> tuple[list[list[int]], list[list[int]], list[list[bool]], list[int], list[str]]:
    """Featurise the labelled sets written here, exactly as the judge reads a request; each
    row with the index of its file (each file was written by a different person)."""
    rows: list[list[int]] = []
    files: list[int] = []
    labels: list[list[int]] = []
    rules: list[list[bool]] = []
    hashes = []
    for number, name in enumerate(names):
        if name in NEVER:
            raise SystemExit(f"{name}.jsonl is never trained on")
        raw = (HERE / "datasets" / f"{name}.jsonl").read_bytes()
        hashes.append(f"{name}@{hashlib.sha256(raw).hexdigest()[:12]}")
        for line in raw.decode("utf-8").splitlines():
            case = json.loads(line)
            context = [Turn(**t) for t in case.get("context") or []]
            ids, raised = learned_input(
                make_request(case["stage"], case["speaker"], case["response"], context)
            )
            rows.append(ids)
            files.append(number)
            labels.append(
                [-1 if case["expected"].get(f) is None else int(case["expected"][f]) for f in FLAGS]
            )
            rules.append([f in raised for f in FLAGS])
    return rows, labels, rules, files, hashes


def clean_rows() -> tuple[csr_matrix, npt.NDArray[np.bool_], str]:
    """The drill bank's model answers (clean by construction: each is the by-the-book answer
    a drill shows), featurised as the judge reads them, with the flags the rules raise on them
    and a digest of the bank."""
    rows: list[list[int]] = []
    rules: list[list[bool]] = []
    digest = hashlib.sha256()
    for statement in load_bank():
        for stage in DRILL_STAGES:
            answer = statement.model_answer(stage)
            digest.update(f"{statement.id}\0{stage.value}\0{statement.text}\0{answer}\n".encode())
            request = CheckRequest(stage=stage, sender=statement.text, response=answer)
            ids, raised = learned_input(request)
            rows.append(ids)
            rules.append([f in raised for f in FLAGS])
    indptr = np.concatenate([[0], np.cumsum([len(r) for r in rows])])
    indices = np.asarray([i for r in rows for i in r], np.int64)
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), DIM))
    return x, np.asarray(rules, np.bool_), f"drill-bank@{digest.hexdigest()[:12]}"


def load(corpus: Path, home: tuple[str, ...] = TRAIN_SETS) -> Data:
    loaded = trainset.read(corpus)
    if loaded.dim != DIM:
        raise SystemExit(f"{corpus} was hashed into {loaded.dim} features, the judge uses {DIM}")
    rows, labels, rules, files, hashes = home_rows(home)
    names = [*loaded.source_names, HOME]
    indptr = np.concatenate([loaded.indptr, loaded.indptr[-1] + np.cumsum([len(r) for r in rows])])
    indices = np.concatenate([loaded.indices, np.asarray([i for r in rows for i in r], np.int64)])
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(indptr) - 1, DIM))
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()[:12]
    clean, clean_rules, bank = clean_rows()
    return Data(
        x=x,
        labels=np.concatenate([loaded.labels, np.asarray(labels, np.int8).reshape(-1, 3)]),
        rules=np.concatenate([loaded.rules, np.asarray(rules, np.bool_).reshape(-1, 3)]),
        source=np.concatenate([loaded.source, np.full(len(rows), len(names) - 1)]),
        fold=np.concatenate([loaded.source, len(names) + np.asarray(files, np.int64)]),
        names=names,
        trained_on=[f"corpus@{digest}", *hashes, bank],
        clean=clean,
        clean_rules=clean_rules,
    )


def weights(data: Data, k: int) -> Array:
    """Each source's rows weighted by sqrt(its size) in all; the home sets as the largest."""
    labelled = data.labels[:, k] >= 0
    counts = np.bincount(data.source[labelled], minlength=len(data.names)).astype(np.float64)
    total = np.sqrt(counts)
    home = data.names.index(HOME)
    total[home] = HOME_WEIGHT * total.max()
    per_row = np.divide(total, counts, out=np.zeros_like(total), where=counts > 0)
    return per_row[data.source]


def fit(data: Data, k: int) -> tuple[float, Array]:
    mask = data.labels[:, k] >= 0
    x = data.x[mask]
    if FLAGS[k] in DENSE_ONLY:
        keep = np.zeros(DIM)
        keep[dense_columns()] = 1.0
        x = x.multiply(keep[None, :]).tocsr()
    model = LogisticRegression(C=C, solver="liblinear", max_iter=200, random_state=0)
    model.fit(x, data.labels[mask, k], sample_weight=weights(data, k)[mask])
    return float(model.intercept_[0]), np.asarray(model.coef_[0], dtype=np.float64)


def probabilities(bias: float, coef: Array, x: csr_matrix) -> Array:
    z = np.clip(x @ coef + bias, -30, 30)
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def weighted_f1(gold: npt.NDArray[np.bool_], raised: npt.NDArray[np.bool_], w: Array) -> float:
    tp = float(w[gold & raised].sum())
    fp = float(w[~gold & raised].sum())
    fn = float(w[gold & ~raised].sum())
    return 2 * tp / max(2 * tp + fp + fn, 1e-12)


def choose_thresholds(data: Data, k: int, full: tuple[float, Array]) -> tuple[float, float]:
    """(raise, keep) from out-of-source predictions (each corpus source, and each file written
    here, predicted by a model trained on the rest, as the judge meets new material): the best
    mean of the F1 on the sets written here and the held-out F1 of each corpus source that has
    positives for the flag (each source counts once: transfer to every kind of material matters,
    not only to the largest) and of the F1 over all corpus rows pooled (so that alarms on the
    sources with no positives, real replies that stay on topic, count too), among the pairs
    that cost the sets written here at most ``HOME_SLACK`` F1 against the rules alone, and that
    raise the flag on at most
    ``CLEAN_ALARMS`` of the drill bank's clean model answers the rules leave alone (``full``:
    the model fitted on all the data, which never saw them)."""
    mask = data.labels[:, k] >= 0
    p = np.zeros(data.x.shape[0])
    for fold in np.unique(data.fold[mask]):
        held = data.fold == fold
        bias, coef = fit(data.take(~held), k)
        p[held] = probabilities(bias, coef, data.x[held])
    home = mask & (data.source == data.names.index(HOME))
    gold = data.labels[:, k] == 1
    sources = [mask & (data.source == s) for s in np.unique(data.source[mask & ~home])]
    sources = [m for m in sources if gold[m].any()]
    pool = mask & ~home  # every corpus row at once: alarms on sources with no positives count
    w = weights(data, k)
    floor = weighted_f1(gold[home], data.rules[home, k], w[home]) - HOME_SLACK
    best = (-1.0, 0.5, 0.5)
    fallback = (-1.0, 0.5, 0.5)
    free = ~data.clean_rules[:, k]
    on_clean = probabilities(*full, data.clean[free])
    quiet = [up for up in GRID if np.mean(on_clean >= up) <= CLEAN_ALARMS] or [GRID[-1]]
    for up in quiet:
        for keep in KEEP_GRID:
            raised = np.where(data.rules[:, k], p >= keep, p >= up)
            here = weighted_f1(gold[home], raised[home], w[home])
            there = [weighted_f1(gold[m], raised[m], w[m]) for m in sources]
            there.append(weighted_f1(gold[pool], raised[pool], w[pool]))
            score = (here + float(np.mean(there))) / 2 if there else here
            if here > fallback[0] + 1e-9:
                fallback = (here, up, keep)
            if here >= floor and score > best[0] + 1e-9:
                best = (score, up, keep)
    chosen = best if best[0] >= 0 else fallback
    return chosen[1], chosen[2]


def quantise(coef: Array) -> tuple[float, array[int]]:
    peak = float(np.abs(coef).max()) or 1.0
    scale = float(f"{peak / 32767:.6e}")
    q = np.clip(np.rint(coef / scale), -32767, 32767).astype("<i2")
    return scale, array("h", q.tobytes())


def train(data: Data) -> LearnedModel:
    """Weights on all of ``data``, and per flag the thresholds chosen without each source."""
    thresholds = {flag: choose_thresholds(data, k, fit(data, k)) for k, flag in enumerate(FLAGS)}
    return fitted(
        data,
        raise_at={f: t[0] for f, t in thresholds.items()},
        keep_at={f: t[1] for f, t in thresholds.items()},
    )


def fitted(data: Data, raise_at: dict[str, float], keep_at: dict[str, float]) -> LearnedModel:
    """The model whose weights are fitted on ``data``, with the thresholds given."""
    bias: dict[str, float] = {}
    scale: dict[str, float] = {}
    packed: dict[str, array[int]] = {}
    for k, flag in enumerate(FLAGS):
        b, coef = fit(data, k)
        bias[flag] = round(b, 6)
        scale[flag], packed[flag] = quantise(coef)
    return LearnedModel(
        flags=FLAGS,
        bias=bias,
        scale=scale,
        weights=packed,
        raise_at=raise_at,
        keep_at=keep_at,
        trained_on=tuple(data.trained_on),
    )


def scores(gold: npt.NDArray[np.bool_], raised: npt.NDArray[np.bool_]) -> dict[str, float]:
    tp = int((gold & raised).sum())
    fp = int((~gold & raised).sum())
    fn = int((gold & ~raised).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    negatives = int((~gold).sum())
    return {
        "precision": round(precision, 2),
        "recall": round(recall, 2),
        "f1": round(f1, 2),
        "false_positive_rate": round(fp / negatives, 2) if negatives else 0.0,
        "positives": int(gold.sum()),
        "cases": len(gold),
    }


def judged(
    model: LearnedModel, paths: list[Path]
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The local judge itself, with ``model`` as its second reader, over dataset files: labels,
    its flags, and the rules' flags (for the rules-alone column)."""
    from imago_coach.judges import local

    labels, flags, rules = [], [], []
    original = local.load_model
    local.load_model = lambda: model  # type: ignore[assignment]
    try:
        for path in paths:
            for line in path.read_text(encoding="utf-8").splitlines():
                case = json.loads(line)
                context = [Turn(**t) for t in case.get("context") or []]
                try:
                    request = make_request(
                        case["stage"], case["speaker"], case["response"], context
                    )
                except InputError:  # a source turn with no words: judged as having none
                    request = make_request(case["stage"], NO_SENDER, case["response"], [])
                raised = {f.value for f in local.LocalJudge().judge(request).flags}
                _, ruled = local.learned_input(request)
                labels.append(
                    [
                        -1 if case["expected"].get(f) is None else int(case["expected"][f])
                        for f in FLAGS
                    ]
                )
                flags.append([f in raised for f in FLAGS])
                rules.append([f in ruled for f in FLAGS])
    finally:
        local.load_model = original
    return (np.asarray(labels, np.int8), np.asarray(flags, np.bool_), np.asarray(rules, np.bool_))


Table = dict[str, dict[str, dict[str, dict[str, float]]]]


def loso(data: Data, cases: Path, shipped: LearnedModel | None = None) -> Table:
    """Each source held out in turn: train on the others, then run the judge on the held-out
    source's cases (its text, from ``build.py --cases``); the rules alone beside it.

    With ``shipped``, quickly: the weights are fitted on the other sources but the thresholds
    are the shipped model's, not chosen again without the source (the slow part)."""
    out: Table = {}
    for s, name in enumerate(data.names):
        paths = (
            [HERE / "datasets" / f"{n}.jsonl" for n in TRAIN_SETS]
            if name == HOME
            else [cases / f"{name}.jsonl"]
        )
        if not all(p.exists() for p in paths):
            print(f"{name}: no cases at {paths[0]}; run evals/corpus/build.py first")
            continue
        rest = data.take(data.source != s)
        model = train(rest) if shipped is None else fitted(rest, shipped.raise_at, shipped.keep_at)
        labels, flags, rules = judged(model, paths)
        out[name] = {}
        for k, flag in enumerate(FLAGS):
            mask = labels[:, k] >= 0
            if mask.any():
                gold = labels[mask, k] == 1
                out[name][flag] = {
                    "model": scores(gold, flags[mask, k]),
                    "rules": scores(gold, rules[mask, k]),
                }
        print(name, json.dumps(out[name]), flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus" / "trainset.bin")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    parser.add_argument(
        "--loso",
        type=Path,
        metavar="JSON",
        help="write the leave-one-source-out table here instead of training",
    )
    parser.add_argument(
        "--cases",
        type=Path,
        default=HERE / "corpus" / "cases",
        help="the corpus cases with their text (for --loso)",
    )
    parser.add_argument(
        "--loso-quick",
        type=Path,
        metavar="JSON",
        help="write the leave-one-source-out table with the shipped thresholds here (minutes)",
    )
    args = parser.parse_args()
    data = load(args.corpus)
    if args.loso_quick:
        shipped = decode(WEIGHTS.read_bytes())
        table = loso(data, args.cases, shipped)
        args.loso_quick.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
        return
    if args.loso:
        args.loso.write_text(json.dumps(loso(data, args.cases), indent=1, sort_keys=True) + "\n")
        return
    model = train(data)
    args.out.write_bytes(encode(model))
    print(
        f"trained on {data.x.shape[0]} rows ({', '.join(data.trained_on)}); "
        f"raise at {model.raise_at}, keep at {model.keep_at}"
    )


if __name__ == "__main__":
    main()
