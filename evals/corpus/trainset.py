"""The corpus's training set in a non-text form: hashed feature indices and labels, no words.

The source texts stay outside the repository (several licences forbid redistributing them);
this file is what the learned reader is re-derived from, in CI as on a laptop. Layout: a JSON
header line, then zlib-compressed little-endian uint32 arrays (row starts, per-row deltas of
the sorted feature indices) and uint8 arrays (source, labels, the rules' flags).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt

FLAGS = ("judgement", "solution", "topic_change")
FORMAT = 1
# Per flag, two bits of a label byte: 0 unlabelled, 1 false, 2 true; and one bit of a rules byte.
UNLABELLED, FALSE, TRUE = 0, 1, 2


@dataclass
class TrainSet:
    """Rows of hashed features with their labels, the rules' flags, source and group."""

    sources: dict[str, dict[str, object]] = field(default_factory=dict)
    rows: list[list[int]] = field(default_factory=list)
    labels: list[dict[str, bool | None]] = field(default_factory=list)
    rules: list[set[str]] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    group: list[int] = field(default_factory=list)

    def add(
        self,
        ids: list[int],
        labels: dict[str, bool | None],
        rules: set[str],
        source: str,
        group: int,
    ) -> None:
        self.rows.append(ids)
        self.labels.append(labels)
        self.rules.append(rules)
        self.source.append(source)
        self.group.append(group)


def _label_byte(labels: dict[str, bool | None]) -> int:
    out = 0
    for i, flag in enumerate(FLAGS):
        value = labels.get(flag)
        code = UNLABELLED if value is None else TRUE if value else FALSE
        out |= code << (2 * i)
    return out


def _rules_byte(rules: set[str]) -> int:
    return sum(1 << i for i, flag in enumerate(FLAGS) if flag in rules)


def _planes(values: npt.NDArray[np.uint32]) -> bytes:
    """The low three bytes of each value, byte plane by byte plane (zlib packs them far better)."""
    if values.size and int(values.max()) >= 1 << 24:
        raise ValueError("feature index beyond 24 bits")
    return values.astype("<u4").view("u1").reshape(-1, 4)[:, :3].T.copy().tobytes()


def _unplanes(raw: bytes) -> npt.NDArray[np.int64]:
    planes = np.frombuffer(raw, dtype="u1").reshape(3, -1).astype(np.int64)
    return planes[0] | (planes[1] << 8) | (planes[2] << 16)


def write(path: Path, data: TrainSet, dim: int) -> None:
    names = sorted(data.sources)
    starts = np.zeros(len(data.rows) + 1, dtype="<u4")
    deltas: list[int] = []
    for i, ids in enumerate(data.rows):
        previous = 0
        for index in ids:
            deltas.append(index - previous)
            previous = index
        starts[i + 1] = len(deltas)
    arrays = [
        starts.tobytes(),
        _planes(np.asarray(deltas, dtype="<u4")),
        np.asarray([names.index(s) for s in data.source], dtype="u1").tobytes(),
        np.asarray([_label_byte(y) for y in data.labels], dtype="u1").tobytes(),
        np.asarray([_rules_byte(r) for r in data.rules], dtype="u1").tobytes(),
        np.asarray(data.group, dtype="<u4").tobytes(),
    ]
    header = {
        "format": FORMAT,
        "dim": dim,
        "rows": len(data.rows),
        "flags": list(FLAGS),
        "sources": {n: data.sources[n] for n in names},
        "sizes": [len(a) for a in arrays],
    }
    body = zlib.compress(b"".join(arrays), 9)
    path.write_bytes(json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + body)


@dataclass(frozen=True)
class Loaded:
    """The training set as arrays, ready for a sparse matrix."""

    dim: int
    sources: dict[str, dict[str, object]]
    source_names: list[str]
    indptr: npt.NDArray[np.int64]
    indices: npt.NDArray[np.int64]
    source: npt.NDArray[np.int64]
    labels: npt.NDArray[np.int8]  # rows x flags: -1 unlabelled, 0, 1
    rules: npt.NDArray[np.bool_]  # rows x flags
    group: npt.NDArray[np.int64]


def read(path: Path) -> Loaded:
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\n")
    header = json.loads(head)
    if header["format"] != FORMAT:
        raise SystemExit(f"{path}: unknown training-set format {header['format']}")
    blob = zlib.decompress(body)
    parts = []
    offset = 0
    for size in header["sizes"]:
        parts.append(blob[offset : offset + size])
        offset += size
    starts = np.frombuffer(parts[0], dtype="<u4").astype(np.int64)
    deltas = _unplanes(parts[1])
    total = np.cumsum(deltas)
    base = np.concatenate([[0], total])[starts[:-1]]
    counts = np.diff(starts)
    indices = total - np.repeat(base, counts)
    label_bytes = np.frombuffer(parts[3], dtype="u1")
    rule_bytes = np.frombuffer(parts[4], dtype="u1")
    labels = np.full((len(label_bytes), len(FLAGS)), -1, dtype=np.int8)
    rules = np.zeros((len(rule_bytes), len(FLAGS)), dtype=np.bool_)
    for i in range(len(FLAGS)):
        code = (label_bytes >> (2 * i)) & 3
        labels[code == FALSE, i] = 0
        labels[code == TRUE, i] = 1
        rules[:, i] = (rule_bytes >> i) & 1 == 1
    return Loaded(
        dim=int(header["dim"]),
        sources=header["sources"],
        source_names=sorted(header["sources"]),
        indptr=starts,
        indices=indices,
        source=np.frombuffer(parts[2], dtype="u1").astype(np.int64),
        labels=labels,
        rules=rules,
        group=np.frombuffer(parts[5], dtype="<u4").astype(np.int64),
    )
