"""The local judge's learned second reader: per-flag logistic regression over hashed n-grams.

The hand-written rules are a precise first reader; this model reads what they cannot: word and
character n-grams of the response (its words marked when the sender or an earlier turn said them)
and the rules' own cues. It is trained offline by ``evals/train_local_model.py`` on thousands of
human-labelled utterances from public research data (``evals/corpus/``) plus the labelled sets
written here (never ``golden.jsonl`` or ``holdout3.jsonl``). Per flag it has two thresholds
chosen by cross-validation: one to raise a flag the rules missed, one to keep a flag the rules
raised, so it can both add and drop a flag.

Features are hashed (crc32) into a fixed space, and the weights ship in the wheel as one small
binary file (int16, scaled): deterministic, no network, no download, pure-Python inference.
"""

from __future__ import annotations

import json
import math
import struct
import zlib
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from imago_coach.language.address import address_cues
from imago_coach.language.patterns import rx
from imago_coach.language.text import content_stems, sentences, swap_perspective, words

WEIGHTS = Path(__file__).with_name("learned_weights.bin")
MAGIC = b"IMAGOLR2"
DIM = 1 << 18
_CHAR_N = 4
UNREADABLE_NOTE = (
    "Part of the offline check could not be loaded, so this feedback comes from its basic rules "
    "alone and may miss something. Reinstalling imago fixes this."
)


def senders_words(sender: str, context: Iterable[str] = ()) -> frozenset[str]:
    """The words already said (by the sender, in earlier turns), in their voice and the other's."""
    out: set[str] = set()
    for text in (sender, *context):
        out.update(words(text))
        out.update(words(swap_perspective(text)))
    return frozenset(out)


def _char_grams(token: str) -> Iterable[str]:
    """Character 4-grams of a longer word, with its edges marked (short words are n-grams)."""
    if len(token) < _CHAR_N:
        return
    padded = f" {token} "
    for i in range(len(padded) - _CHAR_N + 1):
        yield padded[i : i + _CHAR_N]


def said_stems(sender: str, context: Iterable[str] = ()) -> frozenset[str]:
    """The content stems already said, to measure how much of a response is new."""
    return frozenset(s for text in (sender, *context) for s in content_stems(text))


def feature_names(
    stage: str,
    response: str,
    said: frozenset[str],
    cues: Iterable[str],
    stems: frozenset[str] = frozenset(),
    sender: frozenset[str] = frozenset(),
) -> set[str]:
    """The binary features of one response: n-grams, marked words, the rules' cues, shape, how
    it addresses the listener, and (per stage) how much of its content was already said, by the
    sender (``sender``: their content stems) or in earlier turns (``stems``: all said)."""
    tokens = words(response)
    out = {f"s={stage}", f"l={min(len(tokens) // 5, 8)}"}
    novel = 0
    for i, token in enumerate(tokens):
        if token in said:
            out.add("q=" + token)
        else:
            novel += 1
            out.add("w=" + token)
            # a word they said themselves ("I felt stupid") carries none of its spelling's weight
            out.update("c=" + g for g in _char_grams(token))
        if i + 1 < len(tokens):
            out.add(f"b={token}_{tokens[i + 1]}")
    if tokens:
        out.add("o=" + tokens[0])
        share = f"{min(4, 5 * novel // len(tokens))}"
        out.update((f"n={share}", f"n={stage}:{share}"))
    content = content_stems(response, drop_frame=True)
    if content and stems:
        back = f"{min(4, 5 * sum(s in stems for s in content) // len(content))}"
        out.update((f"ov={back}", f"ov={stage}:{back}"))
    elif stems:
        out.add(f"ov={stage}:none")
    out |= address_cues(tokens, [w[0] for w in map(words, sentences(response)) if w])
    out |= _topic_cues(stage, response, content, stems, sender)
    if response.rstrip().endswith("?"):
        out.add("qm")
    for cue in cues:
        out.add("r=" + cue)
        out.add(f"r={stage}:{cue}")
    return out


def _bucket(share: float) -> int:
    return min(4, int(5 * share))


def _topic_cues(
    stage: str, response: str, content: list[str], stems: frozenset[str], sender: frozenset[str]
) -> set[str]:
    """Topic cues: how much of the reply comes from the sender's turn, how much only from
    earlier turns (a reflection drawing on them), and how many new content and named words."""
    if not sender or not content:
        return set()
    from_sender = sum(s in sender for s in content) / len(content)
    earlier = sum(s in stems and s not in sender for s in content) / len(content)
    new = sum(s not in stems for s in content)
    heard = set(content_stems(response)) & sender
    named = {
        w
        for part in sentences(response)
        for w in _NAMED.findall(part)[1:]
        if not set(content_stems(w)) <= stems
    }
    out = {
        f"ts={stage}:{_bucket(from_sender)}",
        f"te={_bucket(earlier)}",
        f"tn={min(new, 5)}",
        f"tn={stage}:{min(new, 5)}",
        f"th={min(len(heard), 4)}",
        f"tr={stage}:{_bucket(len(heard) / len(sender))}",
    }
    if named:
        out.add(f"tnamed={min(len(named), 2)}")
    return out


_NAMED = rx(r"\b[A-Z][a-z]{2,}\b", 0)  # a capitalised word; a sentence's first is not counted


def hashed(names: Iterable[str]) -> list[int]:
    """Feature names to sorted, unique indices in the hashed space."""
    return sorted({zlib.crc32(name.encode("utf-8")) & (DIM - 1) for name in names})


def rule_cues(flags: Iterable[str], kinds: Iterable[str]) -> list[str]:
    """The rules' findings as cue names: each flag raised, and each kind of cue behind it."""
    return sorted({f"flag:{f}" for f in flags} | {f"kind:{k}" for k in kinds})


@dataclass(frozen=True)
class LearnedModel:
    """Per flag: a bias, hashed int16 weights with their scale, and two decision thresholds."""

    flags: tuple[str, ...]
    bias: dict[str, float]
    scale: dict[str, float]
    weights: dict[str, array[int]]
    raise_at: dict[str, float]
    keep_at: dict[str, float]
    trained_on: tuple[str, ...]

    def score(self, flag: str, ids: Iterable[int]) -> float:
        weights = self.weights[flag]
        return self.bias[flag] + self.scale[flag] * sum(weights[i] for i in ids)

    def probability(self, flag: str, ids: Iterable[int]) -> float:
        z = max(-30.0, min(30.0, self.score(flag, ids)))
        return 1.0 / (1.0 + math.exp(-z))

    def decides(self, flag: str, ids: Iterable[int], *, rules_raised: bool) -> bool:
        """Whether the flag stands: rules' flags need ``keep_at``, new ones ``raise_at``."""
        threshold = self.keep_at[flag] if rules_raised else self.raise_at[flag]
        return self.probability(flag, ids) >= threshold


def encode(model: LearnedModel) -> bytes:
    """The weights file: magic, a JSON header, then one little-endian int16 array per flag."""
    header = {
        "dim": DIM,
        "flags": list(model.flags),
        "bias": model.bias,
        "scale": model.scale,
        "raise_at": model.raise_at,
        "keep_at": model.keep_at,
        "trained_on": list(model.trained_on),
    }
    head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    body = b"".join(_little_endian(model.weights[f]) for f in model.flags)
    return MAGIC + struct.pack("<I", len(head)) + head + body


def _little_endian(values: array[int]) -> bytes:
    copy = array("h", values)
    if struct.pack("=h", 1) != struct.pack("<h", 1):
        copy.byteswap()
    return copy.tobytes()


def decode(raw: bytes) -> LearnedModel:
    if raw[: len(MAGIC)] != MAGIC:
        raise ValueError("not a learned-reader weights file")
    (size,) = struct.unpack_from("<I", raw, len(MAGIC))
    start = len(MAGIC) + 4
    header = json.loads(raw[start : start + size])
    if header["dim"] != DIM:
        raise ValueError("weights were hashed into another feature space")
    flags = tuple(header["flags"])
    offset = start + size
    weights: dict[str, array[int]] = {}
    for flag in flags:
        values = array("h")
        values.frombytes(raw[offset : offset + 2 * DIM])
        if struct.pack("=h", 1) != struct.pack("<h", 1):
            values.byteswap()
        if len(values) != DIM:
            raise ValueError("weights file is truncated")
        weights[flag] = values
        offset += 2 * DIM
    return LearnedModel(
        flags=flags,
        bias={f: float(header["bias"][f]) for f in flags},
        scale={f: float(header["scale"][f]) for f in flags},
        weights=weights,
        raise_at={f: float(header["raise_at"][f]) for f in flags},
        keep_at={f: float(header["keep_at"][f]) for f in flags},
        trained_on=tuple(header["trained_on"]),
    )


@cache
def load_model(path: Path = WEIGHTS) -> LearnedModel | None:
    """The shipped model, or None if its file is missing or unreadable (the rules still work;
    the local judge then adds ``UNREADABLE_NOTE`` to the verdict's notes)."""
    try:
        return decode(path.read_bytes())
    except (OSError, ValueError, KeyError, TypeError, struct.error):
        return None
