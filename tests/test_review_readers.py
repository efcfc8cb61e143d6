"""Transcript readers: each format, detection, --format-in, encodings and bad files."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doubles import ScriptedJudge
from imago_coach.cli.main import app
from imago_coach.errors import InputError
from imago_coach.transcript.decode import decode, read_text
from imago_coach.transcript.readers import detect_format, parse, split_name
from imago_coach.transcript.review import read_transcript, review
from review_helpers import DATA

SHORT_TURNS = [
    ("Ana", "When you check your phone during dinner, I feel lonely."),
    (
        "Ben",
        "So if I got it, when I check my phone during dinner, you feel lonely. "
        "Did I get that? Is there more?",
    ),
    ("Ana", "No, that's it."),
]


@pytest.mark.parametrize(
    ("name", "fmt", "count"),
    [
        ("short.txt", "txt", 11),
        ("short.vtt", "vtt", 5),
        ("short.srt", "srt", 5),
        ("short.json", "json", 5),
        ("short.jsonl", "jsonl", 5),
    ],
)
def test_each_format_is_detected_and_read(name: str, fmt: str, count: int) -> None:
    read = read_transcript(DATA / name)
    assert read.format == fmt
    assert len(read.utterances) == count
    assert [u.speaker for u in read.utterances[:2]] == ["Ana", "Ben"]


@pytest.mark.parametrize("name", ["short.vtt", "short.srt", "short.json", "short.jsonl"])
def test_cue_and_json_formats_agree_on_the_opening(name: str) -> None:
    read = read_transcript(DATA / name)
    got = [(u.speaker, u.text) for u in read.utterances[:3]]
    assert got == SHORT_TURNS


def test_vtt_merges_cues_of_one_speaker_and_strips_voice_tags() -> None:
    read = read_transcript(DATA / "short.vtt")
    assert read.utterances[0].text == SHORT_TURNS[0][1]
    assert read.utterances[0].start == "00:00:01.000"
    assert read.utterances[1].text.endswith("Did I get that? Is there more?")  # one mirror
    # validation then empathy: two steps, two turns, as two lines of plain text would be
    assert read.utterances[3].text.endswith("I'd rather be elsewhere.")
    assert read.utterances[4].text == "I imagine you might feel lonely and a little hurt."
    assert "<" not in "".join(u.text for u in read.utterances)


def test_txt_timestamps_continuations_and_preamble() -> None:
    read = read_transcript(DATA / "short.txt")
    assert read.utterances[0].start == "00:00:03"
    assert read.utterances[2].text.endswith("eating in silence and wondering if I'm boring.")
    assert read.notes == ["1 line before the first 'Name:' had no speaker and was left out."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("[00:01:02] Anna: hi", ("00:01:02", "Anna", "hi")),
        ("00:01:02 Anna: hi", ("00:01:02", "Anna", "hi")),
        ("[12/03/2024, 10:02:11] Anna: hi", ("12/03/2024, 10:02:11", "Anna", "hi")),
        ("12/03/2024, 10:02 - Anna: hi", ("12/03/2024, 10:02", "Anna", "hi")),
        ("**Anna:** hi", (None, "Anna", "hi")),
        ("Partner A: hi", (None, "Partner A", "hi")),
        ("What I heard: you were hurt", (None, None, "What I heard: you were hurt")),
        ("and then we went home", (None, None, "and then we went home")),
    ],
)
def test_split_name(line: str, expected: tuple[str | None, str | None, str]) -> None:
    assert split_name(line) == expected


def test_format_in_forces_the_reader() -> None:
    text = 'Ana: {"speaker": "A", "text": "hi"}\n'
    assert detect_format(text) == "txt"
    with pytest.raises(InputError, match="JSON"):
        parse(text, "json")
    text = '{"speaker": "A", "text": "hi"}\n'
    assert parse(text, "jsonl").format == "jsonl"
    with pytest.raises(InputError, match=r"No speaker turns found \(txt\)"):
        parse(text, "txt")
    with pytest.raises(InputError, match="Unknown input format"):
        parse(text, "docx")


def test_detection() -> None:
    assert detect_format("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA: hi") == "vtt"
    assert detect_format("1\n00:00:01,000 --> 00:00:02,000\nA: hi") == "srt"
    assert detect_format('[{"speaker": "A", "text": "hi"}]') == "json"
    assert detect_format('{"speaker": "A", "text": "hi"}\n{"speaker": "B", "text": "yo"}') == (
        "jsonl"
    )
    assert detect_format("[00:00:01] A: hi\nB: yo") == "txt"


def test_bom_is_stripped_and_utf8_read() -> None:
    text = decode(codecs.BOM_UTF8 + "Zoë: héllo\nLeo: ok".encode())
    assert text.startswith("Zoë")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"  \n\n ", "is empty"),
        ("A: hi".encode("utf-16"), "UTF-16"),
        ("Zoë: hi".encode("latin-1"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ],
)
def test_bad_bytes_give_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, name="t.txt")


def test_big_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = "Ana: When you check your phone during dinner, I feel lonely and unseen.\n"
    big.write_text(line * (5_000_000 // len(line) + 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"5\.0 MB, over the 2 MB limit"):
        read_text(big)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="No such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("just some words\nwith no names", None, r"No speaker turns found \(txt\)"),
        ('[{"speaker": "A"}]', None, 'Item 1 has no "text"'),
        ('[{"text": "hi"}]', None, 'Item 1 has no "speaker"'),
        ('{"speaker": "A", "text": "x"}\nnot json', "jsonl", "Line 2 of the JSONL"),
        ('{"speakers": 3}', "json", "must be a list"),
        ("[1, 2", "json", "not valid JSON"),
    ],
)
def test_bad_content_gives_one_line_errors(text: str, fmt: str | None, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse(text, fmt)


def test_json_list_under_a_key() -> None:
    read = parse('{"turns": [{"speaker": "A", "text": "hi"}, {"name": "B", "content": "yo"}]}')
    assert [(u.speaker, u.text) for u in read.utterances] == [("A", "hi"), ("B", "yo")]


runner = CliRunner()


def test_one_line_jsonl_reads_as_jsonl() -> None:
    line = '{"speaker":"Mia","text":"I feel alone on Sundays."}\n'
    assert detect_format(line) == "jsonl"
    assert [u.speaker for u in parse(line).utterances] == ["Mia"]
    assert [u.text for u in parse(line, "json").utterances] == ["I feel alone on Sundays."]
    assert detect_format('{"turns": [{"speaker": "Mia", "text": "hi"}]}') == "json"


def test_one_line_jsonl_gives_the_one_speaker_message(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text('{"speaker":"Mia","text":"I feel alone on Sundays."}\n', encoding="utf-8")
    result = runner.invoke(app, ["review", str(path), "--judge", "local"])
    assert result.exit_code == 2
    assert "Only one speaker (Mia)" in result.stderr
    with pytest.raises(InputError, match="Only one speaker"):
        review(read_transcript(path), ScriptedJudge())
