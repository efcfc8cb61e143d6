"""The seams of issue 8 that a reader cannot see from behaviour: where things may live."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

from imago_coach.dialogue.session_store import SessionStore
from imago_coach.evaluation.store import EvalStore

SRC = Path(__file__).resolve().parents[1] / "src" / "imago_coach"


def _sources() -> dict[str, str]:
    return {str(p.relative_to(SRC)): p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")}


def test_only_settings_reads_the_environment() -> None:
    readers = sorted(
        name for name, text in _sources().items() if re.search(r"\bos\.environ\b|\bgetenv\(", text)
    )
    assert readers == ["settings.py"]


def test_the_commands_close_their_stores_with_with() -> None:
    cli = {name: text for name, text in _sources().items() if name.startswith("cli/")}
    assert [name for name, text in cli.items() if ".close()" in text] == []


def test_a_store_closes_at_the_end_of_its_with_block(tmp_path: Path) -> None:
    with SessionStore.open(tmp_path / "a.sqlite3") as sessions:
        assert sessions.sessions() == []
    with EvalStore.open(tmp_path / "b.sqlite3") as runs:
        assert runs.history(limit=1) == []
    for conn in (sessions.conn, runs.conn):
        with pytest.raises(sqlite3.ProgrammingError):
            conn.execute("SELECT 1")


def _public_annotations(tree: ast.Module) -> list[str]:
    """The annotations of public functions, methods and class fields in a module."""
    found: list[str] = []

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not (
                node.name.startswith("_") and not node.name.startswith("__")
            ):
                args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
                found.extend(ast.unparse(a.annotation) for a in args if a.annotation)
                if node.returns is not None:
                    found.append(ast.unparse(node.returns))
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                found.extend(
                    ast.unparse(n.annotation) for n in node.body if isinstance(n, ast.AnnAssign)
                )
                visit(node.body)

    visit(tree.body)
    return found


def test_no_raw_dicts_cross_the_dialogue_and_transcript_seams() -> None:
    raw = {
        name: [a for a in _public_annotations(ast.parse(text)) if "dict[str, Any]" in a]
        for name, text in _sources().items()
        if name.startswith(("dialogue/", "transcript/"))
    }
    assert {name: found for name, found in raw.items() if found} == {}


def test_a_damaged_stored_verdict_is_one_clear_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from imago_coach.cli.main import app

    with SessionStore.open(tmp_path / "imago.sqlite3") as store:
        store.conn.executescript(
            "INSERT INTO rehearse_sessions(started_at, updated_at, scenario, role, judge, state)"
            " VALUES ('2026-01-01', '2026-01-01', 'money', 'both', 'local', '{\"steps\": []}');"
            "INSERT INTO rehearse_utterances(session_id, created_at, role, speaker, stage, text)"
            " VALUES (1, '2026-01-01', 'receiver', 'you', 'mirror', 'So you felt left out.');"
            "INSERT INTO rehearse_verdicts(utterance_id, kind, stage, flags, body)"
            " VALUES (1, 'rubric', 'mirror', '[]', '{\"stage\": \"mirror\", \"odd\": 1}');"
        )
    result = CliRunner().invoke(app, ["history", "show", "1"], env={"IMAGO_HOME": str(tmp_path)})
    assert result.exit_code != 0
    assert "stored feedback on utterance 1 cannot be read" in result.stderr
    assert "imago history delete" in result.stderr
    assert "Traceback" not in result.output
