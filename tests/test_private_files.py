"""Permissions: private whatever the umask, never widened, never through a symlink."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from harden_helpers import invoke, one_error

CASE = {
    "id": "c1",
    "stage": "mirror",
    "speaker": "I felt alone at the party.",
    "response": "You are too sensitive.",
    "expected": {"judgement": True, "solution": False, "topic_change": False},
}
LINES = "yes, now is fine\nSo you felt left out of the decision.\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _store(home: Path) -> Path:
    code, _, err = invoke("rehearse", "--scenario", "money", "--judge", "local", stdin=LINES)
    assert code == 0, err
    return home / "imago.sqlite3"


@pytest.mark.usefixtures("open_umask")
def test_a_new_store_is_private_even_with_umask_0(isolated_env: Path) -> None:
    db = _store(isolated_env)
    assert (_mode(isolated_env), _mode(db)) == (0o700, 0o600)


@pytest.mark.usefixtures("open_umask")
def test_eval_reports_and_their_new_folders_are_private(isolated_env: Path, tmp_path: Path) -> None:
    data = tmp_path / "cases.jsonl"
    data.write_text(json.dumps(CASE) + "\n")
    out = tmp_path / "reports" / "june"
    code, _, err = invoke(
        "eval",
        "run",
        "--judge",
        "local",
        "--dataset",
        str(data),
        "--json",
        str(out / "r.json"),
        "--markdown",
        str(out / "r.md"),
    )
    assert code == 0, err
    assert [_mode(p) for p in (out.parent, out, out / "r.json", out / "r.md")] == [
        0o700,
        0o700,
        0o600,
        0o600,
    ]


@pytest.mark.usefixtures("open_umask")
def test_an_existing_report_file_is_tightened_not_left_readable(tmp_path: Path) -> None:
    transcript = tmp_path / "t.txt"
    transcript.write_text("Ann: I felt alone at the party.\nBen: So you felt alone.\n")
    report = tmp_path / "old.md"
    report.write_text("old")
    report.chmod(0o644)
    code, _, err = invoke("review", str(transcript), "-o", str(report))
    assert code == 0, err
    assert _mode(report) == 0o600
    assert "Imago" in report.read_text()


def test_a_read_only_home_is_read_but_never_made_writable(isolated_env: Path) -> None:
    db = _store(isolated_env)
    isolated_env.chmod(0o500)
    try:
        code, out, _ = invoke("history", "--json")
        assert code == 0
        assert len(json.loads(out)) == 1
        code, _, err = invoke("rehearse", "--scenario", "money", "--judge", "local", stdin=LINES)
        assert code == 1
        assert "is read-only, so nothing can be saved" in one_error(code, err)
        assert (_mode(isolated_env), _mode(db)) == (0o500, 0o600)
    finally:
        isolated_env.chmod(0o700)


def test_a_read_only_store_is_read_but_never_written(isolated_env: Path) -> None:
    db = _store(isolated_env)
    db.chmod(0o400)
    before = db.read_bytes()
    assert invoke("history")[0] == 0
    for command in (
        ["history", "delete", "1", "--yes"],
        ["rehearse", "--scenario", "money", "--judge", "local"],
    ):
        code, _, err = invoke(*command, stdin=LINES)
        assert code == 1
        assert f"{db} (or its folder) is read-only" in one_error(code, err)
    assert _mode(db) == 0o400
    assert db.read_bytes() == before  # even root, who could write it, did not


def test_a_symlinked_store_is_used_but_its_target_is_not_chmodded(
    isolated_env: Path, tmp_path: Path
) -> None:
    db = _store(isolated_env)
    target = tmp_path / "elsewhere.sqlite3"
    db.rename(target)
    target.chmod(0o644)
    db.symlink_to(target)
    code, out, _ = invoke("history", "--json")
    assert code == 0
    assert len(json.loads(out)) == 1
    assert _mode(target) == 0o644
    assert db.is_symlink()
