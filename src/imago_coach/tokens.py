"""Token counting with tiktoken, imported lazily, with an offline estimate as fallback.

tiktoken downloads its encoding files on first use. Where that fails (offline, no cache) we
estimate from the text's length instead, say so once per process, and never crash.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

ESTIMATE_NOTE = (
    "tiktoken could not load its encoding (offline, no cache?); token counts are estimates. "
    "Set TIKTOKEN_CACHE_DIR to a folder holding the encoding files to count exactly."
)

_FRAMING = 4  # tokens the chat format adds around each message
_O200K_PREFIXES = ("gpt-4o", "gpt-4.1", "gpt-4.5", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")


def encoding_name(model: str) -> str:
    """The tiktoken encoding for ``model``: o200k_base for current OpenAI models, else cl100k."""
    name = model.lower().rsplit("/", 1)[-1]
    return "o200k_base" if name.startswith(_O200K_PREFIXES) else "cl100k_base"


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
                import tiktoken

                self._encoding = tiktoken.get_encoding(encoding_name(self.model))
            except Exception:  # tiktoken raises network, IO and value errors alike
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
    """For ``imago doctor``: whether the tokenizer loads, and a short description."""
    name = encoding_name(model)
    try:
        import tiktoken

        tiktoken.get_encoding(name)
    except Exception as exc:
        return False, f"{name} did not load ({type(exc).__name__}); counts would be estimates"
    return True, f"{name} loads"
