"""Bad input of every kind: one line saying what is wrong and what to do, never a traceback."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from harden_helpers import imago, invoke, one_error, one_line_error

NESTED = "[" * 100_000 + "]" * 100_000
GOOD = {
    "stage": "mirror",
    "sender": "I felt alone at the party.",
    "response": "So you felt alone at the party.",
}
CASE = {
    "id": "c1",
    "stage": "mirror",
    "speaker": "I felt alone at the party.",
    "response": "You are too sensitive.",
    "expected": {"judgement": True, "solution": False, "topic_change": False},
}


@pytest.mark.parametrize(
    ("stdin", "says"),
    [
        (NESTED, "nested too deeply"),
        (json.dumps(GOOD)[:-1] + ', "n": ' + "9" * 5000 + "}", "a number is too long"),
        (json.dumps(GOOD).replace("alone at", "alone \\ud800 at", 1), "unpaired surrogate"),
        (json.dumps(GOOD).replace("alone at", "alone \\udc00 at", 1), "unpaired surrogate"),
        (json.dumps(GOOD).encode().replace(b"alone at", b"alone \xff at", 1), "not UTF-8"),
    ],
)
def test_check_stdin_that_cannot_be_used(stdin: str | bytes, says: str) -> None:
    code, _, err = invoke("check", "-", stdin=stdin)
    assert code == 2
    assert says in one_error(code, err)


def test_check_stdin_with_a_proper_surrogate_pair_is_fine() -> None:
    body = json.dumps({**GOOD, "sender": "I felt alone \U0001f622 at the party."})
    code, out, _ = invoke("check", "-", "--json", stdin=body)
    assert code == 0
    assert json.loads(out)["stage"] == "mirror"


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_review_of_deeply_nested_json(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"t{suffix}"
    path.write_text(
        NESTED if suffix == ".json" else '{"speaker": "Ann", "text": "hi"}\n' + "[" * 100_000 + "\n"
    )
    code, _, err = invoke("review", str(path))
    assert code == 2
    assert "nested too deeply" in one_error(code, err)


@pytest.mark.parametrize("command", ["validate", "run"])
def test_eval_with_a_deeply_nested_line(tmp_path: Path, command: str) -> None:
    data = tmp_path / "cases.jsonl"
    data.write_text(json.dumps(CASE) + "\n" + "[" * 100_000 + "\n")
    args = (
        ["eval", "validate", str(data)]
        if command == "validate"
        else ["eval", "run", "--judge", "local", "--dataset", str(data)]
    )
    code, out, err = invoke(*args)
    assert code == 2
    assert "Traceback" not in err
    assert "nested too deeply" in out + err


def test_a_timeout_that_is_not_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGO_TIMEOUT", "abc")
    code, _, err = invoke(
        "check", "--stage", "mirror", "--sender", GOOD["sender"], "--response", GOOD["response"]
    )
    assert code == 2
    assert "IMAGO_TIMEOUT must be a number of seconds" in one_error(code, err)


def test_a_binary_prices_file(tmp_path: Path) -> None:
    data = tmp_path / "cases.jsonl"
    data.write_text(json.dumps(CASE) + "\n")
    prices = tmp_path / "prices.toml"
    prices.write_bytes(bytes(range(256)) * 8)
    code, _, err = invoke(
        "eval", "run", "--judge", "local", "--dataset", str(data), "--prices", str(prices)
    )
    assert code == 2
    assert "not a TOML text file" in one_error(code, err)


def test_an_argument_that_is_not_utf8(tmp_path: Path) -> None:
    result = imago(
        "check",
        "--stage",
        "mirror",
        "--sender",
        "I felt \udcff alone",
        "--response",
        "So you felt alone",
        home=tmp_path,
    )
    assert result.returncode == 2
    assert "is not valid UTF-8 text" in one_line_error(result)


def test_a_rehearsal_line_that_is_not_utf8(tmp_path: Path) -> None:
    result = imago(
        "rehearse",
        "--scenario",
        "money",
        "--judge",
        "local",
        home=tmp_path,
        stdin=b"yes, now is fine\nSo you \xff\xfe felt\n",
    )
    assert result.returncode == 2
    assert "That line is not UTF-8 text" in one_line_error(result)
    shown = imago("history", "show", "1", "--json", home=tmp_path)
    saved = [u["text"] for u in json.loads(shown.stdout)["utterances"] if u["speaker"] == "you"]
    assert saved == ["yes, now is fine"]  # the line before the bad one was kept


def _saved_store(home: Path) -> Path:
    code, _, err = invoke(
        "rehearse",
        "--scenario",
        "money",
        "--judge",
        "local",
        stdin="yes, now is fine\nSo you felt left out of the decision.\n",
    )
    assert code == 0, err
    return home / "imago.sqlite3"


COMMANDS = [
    ["history"],
    ["history", "show", "1"],
    ["history", "delete", "1", "--yes"],
    ["progress"],
    ["rehearse", "--resume", "--judge", "local"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_store_with_garbage_pages(isolated_env: Path, command: list[str]) -> None:
    db = _saved_store(isolated_env)
    with db.open("r+b") as fh:
        fh.seek(2 * 4096)
        fh.write(b"\xde\xad\xbe\xef" * 1024)
    code, _, err = invoke(*command, stdin="")
    assert code == 1
    line = one_error(code, err)
    assert str(db) in line
    assert f"mv {db} {db}.damaged" in line


def test_a_store_truncated_to_nothing_is_reported_not_read_as_empty(isolated_env: Path) -> None:
    db = _saved_store(isolated_env)
    db.write_bytes(b"")
    code, out, err = invoke("history")
    assert code == 1
    assert "No sessions yet" not in out
    line = one_error(code, err)
    assert f"{db} is empty (0 bytes), so it holds no sessions: move it aside" in line


def test_a_first_run_never_leaves_an_empty_store_behind(isolated_env: Path) -> None:
    code, _, _ = invoke("history")
    assert code == 0
    db = isolated_env / "imago.sqlite3"
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] >= 1
    assert sorted(p.name for p in isolated_env.iterdir() if p.name.endswith(".new")) == []


def test_review_of_a_transcript_with_a_lone_surrogate(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        '[{"speaker": "Ann", "text": "I felt \\ud800 alone"},'
        ' {"speaker": "Ben", "text": "So you felt alone"}]'
    )
    code, _, err = invoke("review", str(path))
    assert code == 2
    assert "unpaired surrogate (\\ud800)" in one_error(code, err)
