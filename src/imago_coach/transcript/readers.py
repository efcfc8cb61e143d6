"""Readers for the transcript formats people have: plain text, WebVTT, SRT, JSON and JSONL.

Each reader turns text into ``Utterance``s (speaker, text). The format is detected from the
content (``detect_format``) unless the user forces it with ``--format-in``.

- txt: one turn per line, ``Name: text``, optionally after a timestamp (``[00:01:02] Name:``,
  ``00:01:02 Name:``, a chat export's ``[12/03/2024, 10:02:11] Name:``); lines without a name
  continue the previous turn; lines before the first name are skipped (and reported).
- vtt / srt: cues with ``<v Name>`` voice tags or ``Name:`` prefixes; cues from the same speaker
  in a row merge into one turn, unless a cue opens a new step (a validation after a mirror, an
  empathy after a validation, a request), which starts a turn of its own as a new line does in
  plain text; a cue without a speaker continues the previous one. Markup is
  removed (tags, inline timestamps, SRT ``{\\an8}`` codes) and entities decoded (``&amp;``).
- json: a list of ``{"speaker", "text"}`` (or such a list under "turns", "utterances",
  "messages" or "transcript"); jsonl: one such object per line. Extra keys are ignored.

In every format, non-breaking spaces become plain spaces and zero-width marks are dropped, so
the judge reads the words as typed.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from imago_coach.errors import InputError
from imago_coach.jsoninput import RefusedJSON, loads
from imago_coach.transcript.cues import opening

Format = Literal["txt", "vtt", "srt", "json", "jsonl"]
MAX_TURN_CHARS = 20_000
"""About 3,500 words, far beyond one turn of a dialogue; longer turns are cut, with a note."""
FORMATS: tuple[str, ...] = ("txt", "vtt", "srt", "json", "jsonl")


@dataclass
class Utterance:
    """One turn as read from the file."""

    speaker: str
    text: str
    start: str | None = None


@dataclass
class ReadResult:
    """What a reader found: the turns, the format, and anything it had to skip."""

    utterances: list[Utterance]
    format: Format
    notes: list[str] = field(default_factory=list)


_TS = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_PREFIX = re.compile(
    r"^\s*(?:"
    # [00:01:02] or [12/03/2024, 10:02:11]
    rf"\[(?P<bracket>[^\]\n]{{0,30}}\d[^\]\n]{{0,30}})\]\s*[-–]?\s*"
    rf"|\(?(?P<bare>{_TS})\)?\s+[-–]?\s*"  # 00:01:02
    rf"|(?P<date>\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{2,4}},?\s+{_TS}(?:\s?[AaPp][Mm])?)\s+[-–]\s+"
    r")?"
)
_NAME = re.compile(
    r"^(?:\*\*|__)?(?P<name>[^\W\d_][\w .'’&()-]{0,31}?)(?:\*\*|__)?\s*:(?:\*\*|__)?(?:\s+|$)"
    r"(?P<text>.*)$"
)
# Words that show a "name" is really the start of a sentence ("What I heard: ...").
_NOT_NAME = frozenset(
    {
        "i",
        "you",
        "we",
        "he",
        "she",
        "they",
        "it",
        "so",
        "what",
        "that",
        "this",
        "if",
        "and",
        "but",
        "my",
        "your",
        "our",
        "when",
        "then",
        "because",
        "let",
        "here",
        "there",
        "note",
    }
)
_TIMING = re.compile(rf"^\s*{_TS}\s*-->\s*{_TS}")
# Markup patterns never cross another opening bracket, so an unclosed "<v <v <v ..." or
# "{\\{\\..." costs one scan to the next bracket per attempt: linear in the line, not quadratic.
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^<>]+)>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<\d{1,2}:\d{2}[^<>]*>")
_SRT_CODE = re.compile(r"\{\\[^{}]*\}")  # {\an8}, {\i1}
# Zero-width marks are dropped, non-breaking spaces become spaces.
_INVISIBLE: dict[int, str | None] = {
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff")),
    **dict.fromkeys(map(ord, "\u00a0\u2007\u202f"), " "),
}
_SRT_BRACKET = re.compile(r"^\s*\[(?P<name>[^\]]{1,32})\]\s*(?P<text>.*)$")
_LIST_KEYS = ("turns", "utterances", "messages", "transcript")


def detect_format(text: str) -> Format:
    """Guess the format from the content."""
    stripped = text.lstrip()
    if stripped.startswith("WEBVTT"):
        return "vtt"
    if stripped[:1] in "[{":
        first = stripped.split("\n", 1)[0].strip()
        if stripped[0] == "{" and first.endswith("}") and _is_json(first):
            rest = [line for line in stripped.split("\n")[1:] if line.strip()]
            if rest or _is_turn(loads(first)):
                return "jsonl"  # one turn object per line, even when there is only one line
        if _is_json(stripped):
            return "json"
        if stripped[0] == "{":
            return "jsonl"
    lines = [line for line in stripped.split("\n")[:6] if line.strip()]
    if len(lines) >= 2 and lines[0].strip().isdigit() and _TIMING.match(lines[1]):
        return "srt"
    if any(_TIMING.match(line) for line in lines[:3]):
        return "srt"
    return "txt"


def _is_turn(obj: Any) -> bool:
    """A JSON object that is one turn (not a wrapper holding the list of turns)."""
    if not isinstance(obj, dict) or any(isinstance(obj.get(k), list) for k in _LIST_KEYS):
        return False
    return any(k in obj for k in ("speaker", "name", "text", "content"))


def _is_json(text: str) -> bool:
    """Valid JSON, or JSON refused for what it holds (too deep, ...) rather than its syntax."""
    try:
        loads(text)
    except RefusedJSON:
        return True  # JSON, refused by the reader with its own message
    except json.JSONDecodeError:
        return False
    return True


def parse(text: str, fmt: str | None = None) -> ReadResult:
    """Parse transcript text in ``fmt`` (detected when None)."""
    if fmt is not None and fmt not in FORMATS:
        raise InputError(f"Unknown input format {fmt!r}: use one of {', '.join(FORMATS)}.")
    chosen: Format = fmt or detect_format(text)  # type: ignore[assignment]
    reader = {
        "txt": _read_txt,
        "vtt": _read_vtt,
        "srt": _read_srt,
        "json": _read_json,
        "jsonl": _read_jsonl,
    }[chosen]
    result = reader(text.translate(_INVISIBLE))
    for utt in result.utterances:
        utt.text = clean_text(utt.text)
    result.utterances = [u for u in result.utterances if u.text]
    _cap_turns(result)
    if not result.utterances:
        raise InputError(_no_turns_message(chosen))
    return result


def _cap_turns(result: ReadResult) -> None:
    """Cut any turn longer than ``MAX_TURN_CHARS`` (the judges' time grows with its length)."""
    cut = [(i, u) for i, u in enumerate(result.utterances, start=1) if len(u.text) > MAX_TURN_CHARS]
    for _, utt in cut:
        utt.text = utt.text[:MAX_TURN_CHARS].rstrip() + " …"
    if cut:
        where = ", ".join(f"#{i} ({u.speaker})" for i, u in cut[:5])
        where += " …" if len(cut) > 5 else ""
        result.notes.append(
            f"{len(cut)} turn(s) longer than {MAX_TURN_CHARS:,} characters were cut to their "
            f"first {MAX_TURN_CHARS:,} before judging: {where}. Split such a turn if it is "
            "really one person speaking."
        )


def clean_text(text: str) -> str:
    """``text`` with zero-width marks dropped and each run of spaces (non-breaking too) as one."""
    return " ".join(text.translate(_INVISIBLE).split())


def _no_turns_message(fmt: Format) -> str:
    hints = {
        "txt": "write one turn per line as 'Name: text'",
        "vtt": "cues need a speaker, as '<v Name>text' or 'Name: text'",
        "srt": "subtitles need a speaker, as 'Name: text'",
        "json": 'give a list of {"speaker": ..., "text": ...}',
        "jsonl": 'give one {"speaker": ..., "text": ...} per line',
    }
    return f"No speaker turns found ({fmt}): {hints[fmt]}."


def split_name(line: str) -> tuple[str | None, str | None, str]:
    """``(timestamp, name, text)`` of a line; name is None when the line has no speaker."""
    prefix = _PREFIX.match(line)
    stamp = None
    rest = line
    if prefix and prefix.group(0):
        stamp = prefix.group("bracket") or prefix.group("bare") or prefix.group("date")
        rest = line[prefix.end() :]
    match = _NAME.match(rest.strip())
    if match:
        name = " ".join(match.group("name").split()).strip(" -")
        if name and not (set(name.lower().split()) & _NOT_NAME):
            return stamp, name, match.group("text").strip()
    return stamp, None, rest.strip()


class _Turns:
    """Turns being read, each kept as a list of pieces joined once at the end (linear time)."""

    def __init__(self) -> None:
        self.turns: list[Utterance] = []
        self._pieces: list[list[str]] = []

    def start(self, speaker: str, text: str, start: str | None) -> None:
        self.turns.append(Utterance(speaker, "", start))
        self._pieces.append([text])

    def add(self, text: str) -> None:
        self._pieces[-1].append(text)

    def done(self) -> list[Utterance]:
        for turn, pieces in zip(self.turns, self._pieces, strict=True):
            turn.text = " ".join(p for p in pieces if p).strip()
        return self.turns


def _read_txt(text: str) -> ReadResult:
    reading = _Turns()
    skipped = 0
    for line in text.split("\n"):
        if not line.strip():
            continue
        stamp, name, body = split_name(line)
        if name is not None:
            reading.start(name, body, stamp)
        elif reading.turns:
            reading.add(body)
        else:
            skipped += 1
    turns = reading.done()
    notes = []
    if skipped and turns:
        notes.append(
            f"{skipped} line{'s' if skipped > 1 else ''} before the first 'Name:' had no speaker "
            f"and {'were' if skipped > 1 else 'was'} left out."
        )
    result = ReadResult([t for t in turns if t.text], "txt", notes)
    return result


def _cues(text: str) -> list[tuple[str | None, list[str]]]:
    """(start time, payload lines) of each cue in a VTT or SRT file."""
    cues: list[tuple[str | None, list[str]]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.split("\n") if line.strip()]
        for i, line in enumerate(lines):
            if _TIMING.match(line):
                start = line.split("-->")[0].strip()
                cues.append((start, lines[i + 1 :]))
                break
    return cues


def _read_cues(text: str, fmt: Format) -> ReadResult:
    reading = _Turns()
    turns = reading.turns
    last = ""  # the current turn's last cue
    taken: set[str] = set()  # the steps the current turn's cues opened
    unnamed = 0
    for start, payload in _cues(text):
        for raw in payload:
            voice = _VOICE.search(raw)
            body = html.unescape(_SRT_CODE.sub("", _TAG.sub("", raw))).strip()
            name: str | None = html.unescape(voice.group(1)).strip() if voice else None
            if name is None:
                _stamp, name, body = split_name(body)
                if name is None and fmt == "srt" and (bracket := _SRT_BRACKET.match(body)):
                    name, body = bracket.group("name").strip(), bracket.group("text").strip()
            if not body:
                continue
            if name is None:
                if not turns:
                    unnamed += 1
                    continue
                name = turns[-1].speaker
            kind = opening(body, _KINDS)
            if turns and turns[-1].speaker == name and not opens_step(taken, last, kind):
                reading.add(body)
            else:
                reading.start(name, body, start)
                taken = set()
            last = body
            taken.add(kind or "")
    notes = []
    if unnamed and turns:
        notes.append(f"{unnamed} caption line(s) before the first speaker were left out.")
    return ReadResult(reading.done(), fmt, notes)


_STEPS = ("summary", "mirror", "validate", "empathize", "request")
_KINDS = ("got", *_STEPS)  # "Did I get it all?" closes a mirror: no step of its own
_SENTENCE_END = re.compile(r"[.?!…][\"'”’)]*\s*$")  # a new step starts a new sentence


def opens_step(taken: set[str], last: str, kind: str | None) -> bool:
    """Whether a cue that opens with ``kind`` (``opening``), after the turn's ``last`` cue,
    starts a step that the turn's cues have not ``taken`` yet, so it is a turn of its own rather
    than more of the same sentence or step. Only a cue's first words are read (linear time)."""
    if not _SENTENCE_END.search(last):
        return False  # mid-sentence: "When you check your phone," + "I feel lonely."
    return kind is not None and kind != "got" and kind not in taken


def _read_vtt(text: str) -> ReadResult:
    return _read_cues(text, "vtt")


def _read_srt(text: str) -> ReadResult:
    return _read_cues(text, "srt")


def _item(obj: Any, where: str) -> Utterance:
    if not isinstance(obj, dict):
        raise InputError(f'{where} is not an object: each turn must be {{"speaker", "text"}}.')
    speaker = obj.get("speaker", obj.get("name"))
    text = obj.get("text", obj.get("content"))
    if not isinstance(speaker, str) or not speaker.strip():
        raise InputError(f'{where} has no "speaker" string: add who said it.')
    if not isinstance(text, str):
        raise InputError(f'{where} has no "text" string: add what was said.')
    start = obj.get("start")
    return Utterance(" ".join(speaker.split()), text.strip(), str(start) if start else None)


def _read_json(text: str) -> ReadResult:
    try:
        data = loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"The JSON transcript is not valid JSON ({exc.msg}, line {exc.lineno}): fix it, or "
            "pass --format-in to read it as another format."
        ) from None
    if _is_turn(data):
        data = [data]  # a single turn, as a one-line JSONL file read as JSON
    if isinstance(data, dict):
        found = next((data[k] for k in _LIST_KEYS if isinstance(data.get(k), list)), None)
        if found is None:
            raise InputError(
                'The JSON transcript must be a list of {"speaker", "text"} objects '
                '(or hold one under "turns").'
            )
        data = found
    if not isinstance(data, list):
        raise InputError('The JSON transcript must be a list of {"speaker", "text"} objects.')
    turns = [_item(obj, f"Item {i + 1}") for i, obj in enumerate(data)]
    return ReadResult([t for t in turns if t.text], "json")


def _read_jsonl(text: str) -> ReadResult:
    turns = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"Line {number} of the JSONL transcript is not valid JSON ({exc.msg}): fix it, "
                "or pass --format-in to read it as another format."
            ) from None
        turns.append(_item(obj, f"Line {number}"))
    return ReadResult([t for t in turns if t.text], "jsonl")
