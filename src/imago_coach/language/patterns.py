"""Regular expressions for the local judge, compiled once and remembered across runs.

Compiling the judge's ~180 patterns costs about 80 ms, most of a local ``imago check``'s own
start-up. CPython compiles a pattern in two steps: parsing and code generation in Python (the
slow part), then a C constructor. ``rx`` keeps the generated code in one small JSON file in the
cache directory (``$IMAGO_HOME/cache`` or ``~/.cache/imago``), keyed by the Python version, and
rebuilds patterns from it with the C constructor. Anything unexpected (another Python, a
damaged file, changed internals) falls back to ``re.compile``: the cache can make start-up
faster, never the judge different. The file holds only our own patterns, never user text.

Measured (``evals/bench_startup.py --pattern-cache``): it saves about 34 ms of a 240 ms
``imago check --judge local``; a lazy lexicon would not, as one check uses 192 of the 208
patterns. ``IMAGO_PATTERN_CACHE=off`` compiles every pattern with ``re.compile`` instead.
"""

from __future__ import annotations

import atexit
import base64
import hashlib
import json
import os
import re
import sys
from array import array
from pathlib import Path
from typing import Any

from imago_coach.settings import cache_dir, pattern_cache_enabled

try:  # CPython internals; where they are absent or differ, we simply compile
    import _sre  # type: ignore[import-not-found]
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons
    _sre = None

_VERSION = hashlib.sha256(
    f"{sys.implementation.name} {sys.version} {array('I').itemsize}".encode()
).hexdigest()[:12]
_memo: dict[str, Any] | None = None
_used: set[str] = set()  # keys asked for in this process; only these are written back
_dirty = False
_ENABLED = pattern_cache_enabled()


def cache_file() -> Path:
    return cache_dir() / f"patterns-{_VERSION}.json"


def _load() -> dict[str, Any]:
    global _memo
    if _memo is None:
        try:
            data = json.loads(cache_file().read_text(encoding="utf-8"))
            _memo = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            _memo = {}
        atexit.register(_save)
    return _memo


def _save() -> None:
    if not _dirty or _memo is None:
        return
    path = cache_file()
    try:
        for directory in (path.parent.parent, path.parent):  # private, like the store
            directory.mkdir(mode=0o700, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({key: _memo[key] for key in _used if key in _memo}, handle)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: no cache, same patterns


def _generate(source: str, flags: int) -> dict[str, Any]:
    """What ``re._compiler.compile`` hands to the C constructor, as JSON-able data."""
    parsed = _parser.parse(source, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = array("I", _compiler._code(parsed, flags))  # stored compactly: ~10x faster to load
    return {
        "flags": flags | parsed.state.flags,
        "code": base64.b64encode(code.tobytes()).decode("ascii"),
        "groups": parsed.state.groups - 1,
        "groupindex": groupindex,
        "indexgroup": indexgroup,
    }


def _build(source: str, data: dict[str, Any]) -> re.Pattern[str]:
    code = array("I")
    code.frombytes(base64.b64decode(data["code"]))
    pattern: re.Pattern[str] = _sre.compile(
        source,
        data["flags"],
        code.tolist(),
        data["groups"],
        data["groupindex"],
        tuple(data["indexgroup"]),
    )
    return pattern


def rx(source: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """``re.compile(source, flags)``, rebuilt from the cache after the first run."""
    global _dirty
    if _sre is None or not _ENABLED:
        return re.compile(source, flags)
    memo = _load()
    key = f"{int(flags)}:{source}"
    _used.add(key)
    data = memo.get(key)
    if data is not None:
        try:
            return _build(source, data)
        except Exception:  # damaged or foreign entry: compile it again
            pass
    try:
        data = _generate(source, flags)
        pattern = _build(source, data)
    except Exception:  # pragma: no cover - internals changed
        return re.compile(source, flags)
    memo[key] = data
    _dirty = True
    return pattern
