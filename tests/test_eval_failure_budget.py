"""Evals that give up in time against a failing endpoint (a real loopback HTTP server)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from harden_helpers import CLI, imago, invoke, one_error, one_line_error
from loopback import Reply, completion, rate_limited, serving

GOLDEN = Path(__file__).resolve().parents[1] / "evals" / "datasets" / "golden.jsonl"


def _eval_args(limit: int, extra: tuple[str, ...]) -> list[str]:
    """The ``eval run`` every test here types: golden against the model, 8 at a time."""
    args = ["eval", "run", "--judge", "openai", "--dataset", str(GOLDEN)]
    return [*args, "--limit", str(limit), "--concurrency", "8", *extra]


def _in_process(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], *extra: str, limit: int = 12
) -> tuple[int, str, str]:
    """``eval run`` through ``CliRunner`` (quicker than a process; the server is as real)."""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return invoke(*_eval_args(limit, extra))


def _run(
    home: Path, env: dict[str, str], *extra: str, limit: int = 12, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return imago(
        *_eval_args(limit, extra),
        home=home,
        env=env,
        timeout=timeout,
    )


def test_an_always_429_endpoint_is_given_up_on(isolated_env: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    with serving(lambda _body: rate_limited("1")) as server:
        start = time.monotonic()
        result = _run(isolated_env, server.env(), "--json", str(report), limit=40)
        elapsed = time.monotonic() - start
    assert result.returncode == 3
    line = one_line_error(result)
    assert "stopped sending: the model failed 10 times in a row (last: HTTP 429" in line
    assert "run the same command again to resume" in line
    assert elapsed < 30  # before: 100 cases took 882 s
    assert len(server.requests) <= 20
    data = json.loads(report.read_text())  # the report is still written, saying why
    assert data["stopped"].startswith("the model failed 10 times in a row")
    runs = json.loads(imago("eval", "history", "--json", home=isolated_env).stdout)
    assert [r["status"] for r in runs] == ["stopped"]  # listed, and still resumable


def test_answers_before_the_outage_are_kept_and_not_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    healthy, answered = 5, 0

    def flaky(_body: dict[str, Any]) -> Reply:
        nonlocal answered
        answered += 1
        return completion() if answered <= healthy else rate_limited("0")

    with serving(flaky) as server:
        code, _, err = _in_process(monkeypatch, server.env())
        assert code == 3
        assert "The 5 answers so far are kept" in one_error(code, err)
        before = len(server.requests)
        server.answer = lambda _body: completion()  # the endpoint recovers
        code, out, err = _in_process(monkeypatch, server.env(), "--json", "-")
    assert code == 0, err
    assert len(server.requests) - before == 12 - healthy  # the kept answers were not re-billed
    report = json.loads(out)
    assert (report["scored"], report["errors"], report["stopped"]) == (12, 0, None)
    assert report["resumed"] == healthy


def test_an_error_rate_over_the_limit_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    count = 0

    def every_third_fails(_body: dict[str, Any]) -> Reply:
        nonlocal count
        count += 1
        if count % 3 == 0:
            return 400, {}, {"error": {"message": "bad request", "type": "invalid_request"}}
        return completion()

    with serving(every_third_fails) as server:
        code, _, err = _in_process(monkeypatch, server.env(), "--no-cache")
        assert code == 3
        assert "4 of 12 cases failed (33%), over --max-error-rate 0.1" in one_error(code, err)
        code, _, err = _in_process(
            monkeypatch, server.env(), "--no-cache", "--max-error-rate", "0.5"
        )
    assert code == 0, err


def test_answers_are_committed_as_they_arrive(isolated_env: Path) -> None:
    release = threading.Event()
    count = 0

    def six_then_hang(_body: dict[str, Any]) -> Reply:
        nonlocal count
        count += 1
        if count > 6:
            release.wait(20)
        return completion()

    with serving(six_then_hang) as server:
        proc = subprocess.Popen(
            [
                *CLI,
                "eval",
                "run",
                "--judge",
                "openai",
                "--dataset",
                str(GOLDEN),
                "--limit",
                "20",
                "--concurrency",
                "4",
            ],
            env={**os.environ, "IMAGO_HOME": str(isolated_env), **server.env()},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while len(server.requests) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the six answers have long been received
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        release.set()
    with sqlite3.connect(isolated_env / "imago.sqlite3") as conn:
        kept = conn.execute("SELECT COUNT(*) FROM eval_cache").fetchone()[0]
    assert kept == 6


def test_compare_against_a_failing_model_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    with serving(lambda _body: rate_limited("0")) as server:
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        code, _, err = invoke(
            "eval",
            "compare",
            "--judge",
            "local",
            "--judge",
            "openai",
            "--dataset",
            str(GOLDEN),
            "--limit",
            "12",
        )
    assert code == 3
    assert "stopped sending: the model failed 10 times in a row" in one_error(code, err)
