"""Turn a transcript file's bytes into text: UTF-8 (with or without BOM) only, never binary.

Every problem becomes an ``InputError`` whose one line says what to do, so a user who points the
command at a PDF, a UTF-16 export or a 50 MB log gets a clear message instead of a traceback.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from imago_coach.errors import InputError

MAX_BYTES = 2_000_000
"""Larger files are refused: far beyond one dialogue session (about 20,000 lines)."""

_SNIFF = 8192


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read ``path`` as UTF-8 text (BOM stripped), with a one-line error for anything else."""
    name = path.name
    try:
        if path.is_dir():
            raise InputError(
                f"{path} is a folder, and a review needs one transcript file: pass "
                "the file itself (.txt, .vtt, .srt, .json or .jsonl)."
            )
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name} is {size / 1_000_000:.1f} MB, over the {max_bytes / 1_000_000:.0f} MB "
                "limit for one review: split it into sessions and review each one."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None
    return decode(data, name=name)


def unreadable(path: Path, exc: OSError) -> InputError:
    """The one line for a file that cannot be opened or read."""
    if isinstance(exc, FileNotFoundError):
        return InputError(f"No such file: {path}. Check the path and try again.")
    if isinstance(exc, PermissionError):
        return InputError(f"{path.name} cannot be read (permission denied).")
    return InputError(f"{path.name} cannot be read ({exc.strerror or exc}).")


def decode(data: bytes, *, name: str = "the transcript") -> str:
    """Decode transcript bytes; see the module docstring."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data.startswith(
        (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    ):
        raise InputError(
            f"{name} is UTF-16/UTF-32 text: save it as UTF-8 (most editors offer "
            '"Save with encoding") and try again.'
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    head = data[:_SNIFF]
    if b"\x00" in head or _looks_binary(head):
        raise InputError(
            f"{name} looks like a binary file, not a transcript: export the conversation as "
            "text, WebVTT, SRT or JSON."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            f"{name} is not UTF-8 (byte 0x{bad:02x} at offset {exc.start}): save it as UTF-8 "
            "and try again."
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{name} is empty: there is no conversation to review.")
    return text


def _looks_binary(head: bytes) -> bool:
    """Many control bytes (other than tab, newline, carriage return, form feed) mean binary."""
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control / len(head) > 0.05
