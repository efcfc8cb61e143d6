"""``imago review`` end to end: formats, files, bad input, concurrency, the openai path."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from doubles import OPENAI_CHAT_URL, ScriptedJudge, completion, rubric_json
from imago_coach.cli.main import app
from imago_coach.coach import Coach
from imago_coach.providers.openai_chat import OpenAIChat
from imago_coach.settings import load_settings
from imago_coach.transcript.readers import ReadResult, Utterance
from imago_coach.transcript.review import review, review_file
from review_helpers import DATA, LONG

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_to_stdout() -> None:
    code, out, _err = _run(str(DATA / "short.json"), "--format", "json", "--judge", "local")
    assert code == 0
    data = json.loads(out)
    assert data["speakers"] == ["Ana", "Ben"]
    assert [t["index"] for t in data["turns"]] == [0, 1, 2, 3, 4]
    assert [t["role"] for t in data["turns"]] == [
        "sender",
        "receiver",
        "sender",
        "receiver",
        "receiver",
    ]
    assert set(data["summary"]) >= {"per_speaker", "practice_next"}


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("md", "# Imago Dialogue review"), ("html", "<!DOCTYPE html>"), ("json", '"turns"')],
)
def test_output_file(tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"report.{fmt}"
    code, stdout, err = _run(str(LONG), "--format", fmt, "--output", str(out), "--judge", "local")
    assert code == 0, err
    assert stdout == ""
    assert marker in out.read_text(encoding="utf-8")
    assert "wrote the" in err


def test_format_guessed_from_the_output_name(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    code, _, _ = _run(str(DATA / "short.vtt"), "-o", str(out), "--judge", "local")
    assert code == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_terminal_report_by_default() -> None:
    code, out, _ = _run(str(DATA / "three_speakers.txt"), "--judge", "local")
    assert code == 0
    assert "Practise next" in out
    assert "Therapist (2 turns) marked other" in " ".join(out.split())


def test_format_in_forces_the_reader() -> None:
    code, _, err = _run(str(DATA / "short.txt"), "--format-in", "json", "--judge", "local")
    assert code == 2 and "not valid JSON" in err
    code, _, err = _run(str(DATA / "short.txt"), "--format-in", "docx")
    assert code == 2 and "Unknown --format-in" in err


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("one.txt", b"Ana: hello\nAna: is anyone there?\n", "Only one speaker (Ana)"),
        ("names.txt", b"we talked about the dishes\nit went ok\n", "No speaker turns found"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4, "binary"),
        ("old.txt", "Zoë: hi\nLeo: yo".encode("cp1252"), "not UTF-8"),
        ("big.txt", b"Ana: I feel lonely when you look at your phone.\n" * 110_000, "MB"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    code, out, err = _run(_write(tmp_path, name, data), "--judge", "local")
    assert code == 2
    assert err.startswith("imago: ") and message in err
    assert "Traceback" not in out + err


def test_bad_options(tmp_path: Path) -> None:
    code, _, err = _run(str(LONG), "--format", "pdf")
    assert code == 2 and "Unknown --format" in err
    code, _, err = _run(str(LONG), "-o", str(tmp_path / "r.pdf"))
    assert code == 2 and "Which format" in err
    code, _, err = _run(str(tmp_path / "missing.txt"))
    assert code == 2 and "No such file" in err


def _many_turns(n: int) -> ReadResult:
    pairs = [
        ("Al", "I felt alone at the party when you talked to your friends all night."),
        (
            "Bo",
            "So if I got it, you felt alone at the party when I talked to my friends. "
            "Did I get that? Is there more?",
        ),
    ]
    return ReadResult([Utterance(*pairs[i % 2]) for i in range(n)], "txt")


def test_concurrent_judging_is_bounded_and_judges_every_turn() -> None:
    judge = ScriptedJudge(remote=True)
    seen: list[tuple[int, int]] = []
    report = review(
        _many_turns(400),
        judge,
        concurrency=3,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert len(report.turns) == 400
    assert len(judge.calls) == 400
    assert all(t.judged for t in report.turns)
    assert judge.max_in_flight == 3
    assert seen[-1] == (400, 400) and len(seen) == 400


def test_a_failing_turn_is_marked_not_fatal() -> None:
    judge = ScriptedJudge(remote=True, fail_on="So if I got it")
    report = review(_many_turns(6), judge, concurrency=2)
    failed = [t for t in report.turns if t.error]
    assert [t.index for t in failed] == [1, 3, 5]
    assert all("scripted failure" in (t.error or "") for t in failed)
    assert report.summary.failed_turns == 3
    assert all(t.judged for t in report.turns if t.role == "sender")


def test_a_failing_turn_falls_back_to_a_local_judge_when_there_is_one() -> None:
    judge = ScriptedJudge(fail_on="So if I got it")
    judge.local = ScriptedJudge()
    report = review_file(DATA / "short.json", judge)
    assert report.turns[1].judged and report.turns[1].error is None
    assert report.turns[1].notes[0].startswith("the model failed (scripted failure)")


@respx.mock
def test_openai_judge_concurrent_with_one_500(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123456789")
    settings = load_settings(judge="openai").model_copy(update={"max_retries": 0})
    bodies: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        body = request.content.decode()
        bodies.append(body)
        if "I imagine you might feel lonely" in body:
            return httpx.Response(500, json={"error": {"message": "boom"}})
        return completion(rubric_json(accuracy=0.9), usage=(100, 20))

    route = respx.post(OPENAI_CHAT_URL).mock(side_effect=answer)
    chat = OpenAIChat(settings, http_client=httpx.Client(), async_http_client=httpx.AsyncClient())
    notes: list[str] = []
    coach = Coach(settings, chat=chat, notify=notes.append)
    report = review_file(DATA / "short.json", coach, concurrency=4)
    assert route.call_count == 4  # 3 receiver turns and the opening message; "No, that's it" not
    assert report.judge == "openai" and report.model == "gpt-4o-mini"
    assert all(t.judged for t in report.turns if t.role == "receiver")
    assert report.turns[4].notes and "HTTP 500" in report.turns[4].notes[0]
    assert report.turns[1].notes == [] and report.turns[1].mirror_accuracy == 0.9
    assert notes and "api.openai.com" in notes[0]
    system = json.loads(bodies[0])["messages"][0]["content"]
    assert "check your phone" not in system


REQUEST = DATA / "request.txt"


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_reports_are_written_0600(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    out.write_text("STALE-CONTENT", encoding="utf-8")
    out.chmod(0o644)  # an existing file is tightened too
    result = runner.invoke(app, ["review", str(REQUEST), "-o", str(out), "--judge", "local"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "STALE-CONTENT" not in out.read_text(encoding="utf-8")
