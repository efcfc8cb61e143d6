"""Second new-user pass: what a person sees after deleting, transcribing and reviewing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import respx
from typer.testing import CliRunner

from audio_helpers import BASE_URL, TRANSCRIBE_URL, answer, diarized, talk_wav
from doubles import FAKE_KEY
from imago_coach.cli.main import app

runner = CliRunner()
CLEAN = "You make sense to me."  # clean at the validate stage for every bank statement
FLAGGED = "You should just relax about it."  # a solution for every bank statement


def imago(*args: str, stdin: str = "", code: int = 0) -> Any:
    result = runner.invoke(app, list(args), input=stdin)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    return talk_wav(tmp_path / "talk.wav")


def drill_json(*args: str, lines: list[str]) -> dict[str, Any]:
    result = imago("drill", *args, "--json", stdin="\n".join(lines) + "\n")
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def box(home: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "imago.sqlite3") as conn:
        return conn.execute(
            "SELECT statement_id, stage, clean_count FROM drill_boxes ORDER BY statement_id"
        ).fetchall()


# 1. deleting a drill deletes what it put in the Leitner box -------------------------------


def test_deleting_the_only_drill_empties_the_box(isolated_env: Path) -> None:
    run = drill_json("-n", "2", "--stage", "validate", "--seed", "4", lines=[FLAGGED, FLAGGED, ""])
    assert box(isolated_env)  # the flagged statements wait in the box
    result = imago("history", "delete", str(run["id"]), "--kind", "drill")
    assert f"Deleted drill {run['id']}." in result.stdout
    assert box(isolated_env) == []


def test_deleting_one_drill_leaves_the_box_the_other_drills_made(isolated_env: Path) -> None:
    first = drill_json(
        "-n", "2", "--stage", "validate", "--seed", "4", lines=[FLAGGED, CLEAN, ""]
    )  # one statement flagged
    missed = first["items"][0]["statement_id"]
    after_first = box(isolated_env)
    assert after_first == [(missed, "validate", 0)]
    second = drill_json("-n", "2", "--stage", "validate", "--seed", "5", lines=[CLEAN, FLAGGED])
    assert second["items"][0]["statement_id"] == missed  # the box brought it back: clean once
    flagged_second = second["items"][1]["statement_id"]
    assert box(isolated_env) == sorted([(missed, "validate", 1), (flagged_second, "validate", 0)])
    imago("history", "delete", str(second["id"]), "--kind", "drill")
    assert box(isolated_env) == after_first  # as if the second drill had never been run
    imago("history", "delete", str(first["id"]), "--kind", "drill")
    assert box(isolated_env) == []


# 2. transcribe --json keeps the endpoint's text exact ------------------------------------

ODD = [(0.0, 1.0, "A", "Hi\x1b[2J there\x07"), (1.0, 2.0, "B", "Fine\u202e ok")]


def test_transcribe_json_keeps_control_characters_exact(
    endpoint: respx.MockRouter, talk: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(ODD)))
    data = json.loads(imago("transcribe", str(talk), "--json").stdout)
    assert [t["text"] for t in data["turns"]] == ["Hi\x1b[2J there\x07", "Fine\u202e ok"]


def test_the_json_file_is_exact_and_the_text_file_is_safe_to_read(
    endpoint: respx.MockRouter, talk: Path, tmp_path: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(ODD)))
    as_json, as_text = tmp_path / "tj.json", tmp_path / "t.txt"
    imago("transcribe", str(talk), "-o", str(as_json))
    imago("transcribe", str(talk), "-o", str(as_text))
    saved = json.loads(as_json.read_text(encoding="utf-8"))
    assert saved["turns"][0]["text"] == "Hi\x1b[2J there\x07"
    text = as_text.read_text(encoding="utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    assert text.splitlines() == [
        "[00:00:00] Speaker A: Hi\\x1b[2J there\\x07",
        "[00:00:01] Speaker B: Fine\\u202e ok",
    ]
    review = json.loads(imago("review", str(as_text), "--format", "json").stdout)
    assert review["turns"][0]["text"] == "Hi\\x1b[2J there\\x07"  # read back as written


# 3. review --speakers renames the speakers of a saved transcript ---------------------------

SAVED = {
    "turns": [
        {"speaker": "Speaker A", "text": "I felt alone at the party when you left me alone."},
        {
            "speaker": "Speaker B",
            "text": "So if I got it, you felt alone at the party. Is there more?",
        },
        {"speaker": "Speaker A", "text": "Yes, and I missed you."},
    ]
}


def test_review_names_the_voices_of_a_saved_json_transcript(tmp_path: Path) -> None:
    saved = tmp_path / "tj.json"
    saved.write_text(json.dumps(SAVED), encoding="utf-8")
    data = json.loads(
        imago("review", str(saved), "--speakers", "Maya,Dan", "--format", "json").stdout
    )
    assert [t["speaker"] for t in data["turns"]] == ["Maya", "Dan", "Maya"]
    shown = imago("review", str(saved), "--speakers", "Maya,Dan").stdout
    assert "Maya" in shown and "Speaker A" not in shown


def test_review_names_the_voices_of_a_text_transcript(tmp_path: Path) -> None:
    saved = tmp_path / "t.txt"
    saved.write_text(
        "Speaker B: I felt alone.\nSpeaker A: So you felt alone. Is there more?\n", encoding="utf-8"
    )
    data = json.loads(
        imago("review", str(saved), "--speakers", "Maya,Dan", "--format", "json").stdout
    )
    assert [t["speaker"] for t in data["turns"]] == ["Maya", "Dan"]  # first to speak: Maya


@pytest.mark.parametrize(
    ("names", "said"),
    [
        ("Maya", "tj.json has 2 speakers (Speaker A, Speaker B) and --speakers gives 1 name:"),
        ("Maya,Dan,Ben", "tj.json has 2 speakers (Speaker A, Speaker B) and --speakers gives 3"),
    ],
)
def test_a_count_that_does_not_fit_is_one_line(tmp_path: Path, names: str, said: str) -> None:
    saved = tmp_path / "tj.json"
    saved.write_text(json.dumps(SAVED), encoding="utf-8")
    result = imago("review", str(saved), "--speakers", names, code=2)
    assert said in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_unnamed_lines_are_not_renamed_by_guess(tmp_path: Path) -> None:
    saved = tmp_path / "tj.json"
    saved.write_text(
        json.dumps(
            {
                "turns": [
                    {"speaker": "?", "text": "I felt alone."},
                    {"speaker": "?", "text": "So you felt alone."},
                ]
            }
        ),
        encoding="utf-8",
    )
    result = imago("review", str(saved), "--speakers", "Maya,Dan", code=2)
    assert "put each speaker's name in place of each '?'" in result.stderr


# 4. a WAV with a broken header is refused here, before anything is sent --------------------


def _riff(body: bytes) -> bytes:
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WAVE" + body


def _fmt(channels: int = 1, rate: int = 8000) -> bytes:
    fields = (
        channels.to_bytes(2, "little")
        + rate.to_bytes(4, "little")
        + (rate * 2).to_bytes(4, "little")
        + b"\x02\x00\x10\x00"
    )
    return b"fmt \x10\x00\x00\x00\x01\x00" + fields


@pytest.mark.parametrize(
    "content",
    [
        _riff(b"\x00" * 88),  # 100 bytes with the magic and nothing after it
        _riff(_fmt()[:14]),  # the format section cut off
        _riff(_fmt() + b"data\x40\x00\x00\x00"),  # a sound section with no sound
        _riff(b"data\x04\x00\x00\x00\x01\x02\x03\x04"),  # sound, but no format section
        _riff(_fmt(channels=0) + b"data\x04\x00\x00\x00\x01\x02\x03\x04"),  # zero channels
    ],
    ids=["zeros", "cut-format", "empty-data", "no-format", "no-channels"],
)
def test_a_broken_wav_is_refused_before_it_is_sent(
    endpoint: respx.MockRouter, tmp_path: Path, content: bytes
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(ODD)))
    broken = tmp_path / "talk.wav"
    broken.write_bytes(content)
    for command in ("transcribe", "review"):
        result = imago(command, str(broken), code=2)
        assert result.stderr.startswith("imago: talk.wav has a broken or cut-off WAV header")
        assert "Export the recording again." in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not route.called


def test_a_whole_wav_with_extra_sections_is_still_sent(
    endpoint: respx.MockRouter, tmp_path: Path
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(ODD)))
    good = tmp_path / "talk.wav"
    good.write_bytes(
        _riff(b"LIST\x03\x00\x00\x00abc\x00" + _fmt() + b"data\x08\x00\x00\x00" + b"\x01\x00" * 4)
    )
    imago("transcribe", str(good))
    assert route.called


# 5. the review report says in words what it cannot measure, and calls nothing half-done clean


def _review_of(tmp_path: Path, lines: list[str]) -> str:
    talk = tmp_path / "talk.txt"
    talk.write_text("\n".join(lines) + "\n", encoding="utf-8")
    text: str = imago("review", str(talk)).stdout
    return " ".join(text.split())  # the terminal wraps long lines


TWO_TURNS = [
    "Maya: I felt alone at the party when you stayed with your friends all night.",
    "Dan: So if I got it, you felt alone at the party when I stayed with my friends. "
    "Did I get that?",
]


def test_per_person_says_in_words_when_there_is_nothing_to_measure(tmp_path: Path) -> None:
    shown = _review_of(tmp_path, TWO_TURNS)
    assert "Maya sent 1, received 0: nothing to measure as a receiver yet" in shown
    assert "clean 100% (mirror 1/1), mirror accuracy" in shown  # Dan mirrored
    assert "flags: none; protocol notes: none" in shown
    assert "–" not in shown


def test_a_talk_that_stopped_after_the_mirror_is_not_called_clean(tmp_path: Path) -> None:
    shown = _review_of(tmp_path, TWO_TURNS)
    assert "A clean dialogue" not in shown
    assert "the dialogue stopped early. Dan: next time, go on to validate" in shown
    assert "and empathize" in shown


def test_a_receiver_without_mirrors_says_no_mirrors_yet(tmp_path: Path) -> None:
    shown = _review_of(
        tmp_path,
        [
            "Maya: I felt alone at the party when you stayed with your friends all night.",
            "Dan: You make sense, because we had planned to go together.",
        ],
    )
    assert "Dan sent 0, received 1, clean" in shown
    assert "no mirrors yet" in shown


def test_a_whole_round_is_still_called_clean(tmp_path: Path) -> None:
    shown = _review_of(
        tmp_path,
        [
            TWO_TURNS[0],
            TWO_TURNS[1] + " Is there more?",
            "Maya: No, that is all.",
            "Dan: You make sense, because we had planned to go together.",
            "Dan: I imagine you might feel lonely and a bit hurt.",
        ],
    )
    assert "A clean dialogue: keep the rhythm" in shown
    assert "stopped early" not in shown


# 6. the saved-review list says what its numbers count ----------------------------------------


def test_history_of_reviews_says_what_was_counted(tmp_path: Path) -> None:
    saved = tmp_path / "tj.json"
    saved.write_text(
        json.dumps(
            {
                "turns": [
                    {
                        "speaker": "Speaker A",
                        "text": "I felt alone at the party when you left early.",
                    },
                    {
                        "speaker": "Speaker B",
                        "text": "So if I got it, you felt alone. Is there more?",
                    },
                    {"speaker": "Speaker A", "text": "No, that is all."},
                    {"speaker": "Speaker B", "text": "You should just relax about it."},
                ]
            }
        ),
        encoding="utf-8",
    )
    imago("review", str(saved), "--save", "--me", "Speaker A")
    listed = imago("history", "--kind", "review").stdout
    shown = " ".join(listed.split())
    assert "turns (both of you)" in shown
    assert "4 turns: 3 judged, 2 clean" in shown
    assert (
        "judged: every turn but short replies (yes, no, that's it); clean: judged with no flag"
        in shown
    )
    assert "2 of 3 clean" not in shown
