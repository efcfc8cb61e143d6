"""Tokens, prompts, the private store and import layering."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from imago_coach import tokens
from imago_coach.errors import InputError, StoreError
from imago_coach.prompts import load_prompt, parse_prompt
from imago_coach.store import connect, db_path, migrate


def test_counter_is_exact_with_the_cached_encoding() -> None:
    if not os.environ.get("TIKTOKEN_CACHE_DIR"):
        pytest.skip("no tiktoken cache in this environment")
    counter = tokens.TokenCounter("gpt-4o-mini")
    assert counter.count("hello world") == 2
    assert counter.exact and counter.notes == []


def test_counter_estimates_offline_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(tokens, "_NOTED", [])
    import tiktoken.registry

    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})
    first = tokens.TokenCounter("some-unknown-model")
    second = tokens.TokenCounter("some-unknown-model")
    assert first.count("one two three four") == tokens.estimate_tokens("one two three four")
    assert second.count("x") >= 1
    assert first.exact is False
    assert first.notes == [tokens.ESTIMATE_NOTE]
    assert second.notes == []  # said once per process
    ok, detail = tokens.tokenizer_status("gpt-4o")
    assert ok is False and "estimates" in detail


def test_encoding_choice() -> None:
    assert tokens.encoding_name("gpt-4o-mini") == "o200k_base"
    assert tokens.encoding_name("openai/gpt-4.1") == "o200k_base"
    assert tokens.encoding_name("llama3.1:8b") == "cl100k_base"


def test_prompt_id_tracks_content(tmp_path: Path) -> None:
    packaged = load_prompt("rubric")
    assert packaged.name == "rubric" and packaged.version == "1"
    assert packaged.id == f"rubric@{packaged.sha256[:8]}"
    edited = parse_prompt(packaged.path.read_text(encoding="utf-8") + "\nOne more rule.", tmp_path)
    assert edited.id != packaged.id
    with pytest.raises(InputError, match="never closed"):
        parse_prompt("---\nname: x\n", tmp_path / "x.md")


def test_store_is_private_and_migrations_apply_once(isolated_env: Path) -> None:
    conn = connect()
    path = db_path()
    assert path.parent == isolated_env
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    steps = ["CREATE TABLE t (x INTEGER)", "ALTER TABLE t ADD COLUMN y TEXT"]
    migrate(conn, "test", steps)
    migrate(conn, "test", steps)
    conn.execute("INSERT INTO t (x, y) VALUES (1, 'a')")
    version = conn.execute(
        "SELECT version FROM schema_migrations WHERE component = 'test'"
    ).fetchone()[0]
    assert version == 2
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    path.chmod(0o644)
    path.parent.chmod(0o755)
    connect().close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_unwritable_store_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="IMAGO_HOME"):
        connect(blocker / "sub" / "imago.sqlite3")


def test_network_guard_blocks_real_connections() -> None:
    with pytest.raises(RuntimeError, match="must not touch the network"):
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)


CORE_MODULES = [
    "imago_coach.coach",
    "imago_coach.judges.local",
    "imago_coach.models",
    "imago_coach.settings",
    "imago_coach.store",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_imports_neither_cli_nor_openai(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "bad = [m for m in ('typer', 'rich', 'openai') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_help_and_local_check_do_not_import_openai() -> None:
    code = (
        "import sys; from imago_coach.cli.main import app; "
        "from typer.testing import CliRunner; r = CliRunner(); "
        "r.invoke(app, ['--help']); "
        "r.invoke(app, ['check', '--stage', 'mirror', '--sender', 'a b c', '--response', 'a b']); "
        "print('openai' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    assert out.stdout.strip() == "False"


def test_budget_check_needs_no_encoding_when_the_bytes_fit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counter = tokens.TokenCounter("gpt-4o-mini")

    def no_load() -> None:
        raise AssertionError("the encoding should not be loaded")

    monkeypatch.setattr(counter, "_load", no_load)
    small = [{"role": "user", "content": "hello there"}]
    assert counter.over_budget(small, 100) is None
    big = [{"role": "user", "content": "word " * 400}]
    with pytest.raises(AssertionError, match="should not be loaded"):
        counter.over_budget(big, 100)
    exact = tokens.TokenCounter("gpt-4o-mini")
    assert exact.over_budget(big, 100) is not None
    assert exact.over_budget(big, 10_000) is None


def test_pattern_cache_round_trips_and_survives_damage(
    isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import re

    from imago_coach.language import patterns

    monkeypatch.setattr(patterns, "_memo", None)  # this test's own, empty cache
    source = r"\byou(?:'re| are) (?P<label>so \w+)\b"
    fresh = patterns.rx(source)
    assert patterns._memo is not None
    patterns._save()
    cache = patterns.cache_file()
    assert cache.parent == isolated_env / "cache"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(isolated_env.stat().st_mode) == 0o700
    assert list(json.loads(cache.read_text(encoding="utf-8"))) == [
        f"{int(re.IGNORECASE)}:{source}"
    ]  # our pattern, nothing else
    patterns._memo = None
    rebuilt = patterns.rx(source)
    text = "Honestly you're so dramatic about it."
    assert rebuilt.pattern == fresh.pattern == source
    assert rebuilt.flags == re.compile(source, re.IGNORECASE).flags
    assert rebuilt.search(text).group("label") == "so dramatic"  # type: ignore[union-attr]
    cache.write_text("{not json", encoding="utf-8")
    patterns._memo = None
    assert patterns.rx(source).search(text) is not None
    patterns._memo = {f"{int(re.IGNORECASE)}:{source}": {"code": "garbage"}}
    assert patterns.rx(source).search(text) is not None
