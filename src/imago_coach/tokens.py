"""Token counting with tiktoken, imported lazily, with an offline estimate as fallback.

tiktoken would download its encoding file on first use; imago never lets it. The encoding is
loaded only when its file is already in tiktoken's cache (``TIKTOKEN_CACHE_DIR``, else
``DATA_GYM_CACHE_DIR``, else ``<tmp>/data-gym-cache``) and intact; otherwise counts are
estimated from the text's length, which is said once per process. Nothing is ever fetched.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from imago_coach.settings import tiktoken_cache_dir

ESTIMATE_NOTE = (
    "tiktoken's encoding is not in its cache (imago never downloads it); token counts are "
    "estimates. Set TIKTOKEN_CACHE_DIR to a folder holding the encoding files to count exactly."
)
_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{}.tiktoken"
_SHA256 = {  # what tiktoken itself checks the files against
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}

_FRAMING = 4  # tokens the chat format adds around each message
_O200K_PREFIXES = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")


def encoding_name(model: str) -> str:
    """The tiktoken encoding for ``model``: o200k_base for current OpenAI models, else cl100k."""
    name = model.lower().rsplit("/", 1)[-1]
    return "o200k_base" if name.startswith(_O200K_PREFIXES) else "cl100k_base"


def cached_file(encoding: str) -> Path | None:
    """tiktoken's cache file for ``encoding`` when present and intact, else None.

    An absent or damaged file is exactly when tiktoken would go to the network, so then the
    encoding is not loaded at all.
    """
    folder = tiktoken_cache_dir()
    if folder is None or encoding not in _SHA256:
        return None
    path = folder / hashlib.sha1(_BLOB.format(encoding).encode()).hexdigest()
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return path if hashlib.sha256(data).hexdigest() == _SHA256[encoding] else None


def load_encoding(encoding: str) -> Any:
    """The tiktoken encoding, from its cache only; ``LookupError`` when it is not cached."""
    if cached_file(encoding) is None:
        raise LookupError(f"{encoding} is not in tiktoken's cache")
    import tiktoken

    return tiktoken.get_encoding(encoding)


def estimate_tokens(text: str) -> int:
    """A conservative estimate: the larger of chars/4 and 1.35 tokens per word."""
    words = len(re.findall(r"\S+", text))
    return max(math.ceil(len(text) / 4), math.ceil(words * 1.35))


@dataclass
class TokenCounter:
    """Counts tokens for one model; falls back to an estimate and records a note once."""

    model: str
    exact: bool = True
    notes: list[str] = field(default_factory=list)
    _encoding: Any = None
    _failed: bool = False

    def _load(self) -> Any:
        if self._encoding is None and not self._failed:
            try:
                self._encoding = load_encoding(encoding_name(self.model))
            except Exception:  # not cached, or tiktoken failed reading it
                self._failed = True
                self.exact = False
                _note_once(self.notes)
        return self._encoding

    def count(self, text: str) -> int:
        encoding = self._load()
        if encoding is None:
            return estimate_tokens(text)
        return len(encoding.encode(text, disallowed_special=()))

    def count_messages(self, messages: list[dict[str, str]]) -> int:
        """Tokens of a chat request: content plus the per-message framing of the chat format."""
        return sum(self.count(m["content"]) + _FRAMING for m in messages) + 3

    def over_budget(self, messages: list[dict[str, str]], limit: int) -> int | None:
        """The request's token count if it exceeds ``limit``, else None.

        Every byte-level BPE token covers at least one byte, so a request whose UTF-8 size fits
        the limit cannot exceed it: the encoding is then not even loaded.
        """
        bound = sum(len(m["content"].encode("utf-8")) + _FRAMING for m in messages) + 3
        if bound <= limit:
            return None
        count = self.count_messages(messages)
        return count if count > limit else None


_NOTED: list[bool] = []


def _note_once(notes: list[str]) -> None:
    if not _NOTED:
        _NOTED.append(True)
        notes.append(ESTIMATE_NOTE)


def tokenizer_status(model: str) -> tuple[bool, str]:
    """For ``imago doctor``: whether counts are exact (from the cache) or estimates, and why."""
    name = encoding_name(model)
    folder = tiktoken_cache_dir()
    path = cached_file(name)
    if path is None:
        where = f"not in tiktoken's cache ({folder})" if folder else "tiktoken's cache is off"
        return False, f"{name} {where}: counts are estimates; nothing is downloaded"
    try:
        load_encoding(name)
    except Exception as exc:
        return False, f"{name} did not load ({type(exc).__name__}): counts are estimates"
    return True, f"{name} loads from the cache ({path.parent}): counts are exact"
