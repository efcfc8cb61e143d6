"""Fixes from the QA pass: requests and agreements, a dead model, speaker choice, private files,
repeated missed points, progress on long sessions, linear request building, one-line JSONL."""

from __future__ import annotations

import json
import stat
from io import StringIO
from pathlib import Path

import httpx
import pytest
import respx
from rich.console import Console
from typer.testing import CliRunner

from doubles import ScriptedJudge
from imago_coach.cli.main import app
from imago_coach.cli.review import progress_bar
from imago_coach.coach import Coach
from imago_coach.errors import InputError
from imago_coach.models import CheckRequest, Checks, Finding, Flag, RubricOutput, Verdict
from imago_coach.providers.openai_chat import OpenAIChat
from imago_coach.render.review_html import render_html
from imago_coach.render.review_md import render_markdown
from imago_coach.render.review_report import review_renderable
from imago_coach.settings import load_settings
from imago_coach.transcript import segment as segment_module
from imago_coach.transcript.readers import Utterance, detect_format, parse
from imago_coach.transcript.requests import build_requests, tail_join
from imago_coach.transcript.review import read_transcript, review, review_file
from imago_coach.transcript.segment import SegTurn, segment
from review_helpers import DATA, LONG

runner = CliRunner()
REQUEST = DATA / "request.txt"
ASK = "Would you text me when you'll be more than fifteen minutes late, for the next month?"


# 1. The behaviour-change request and the receiver's agreement


def test_a_request_after_empathy_is_a_request_and_no_solution() -> None:
    judge = ScriptedJudge({ASK: ["solution"], "Yes, I can do that.": ["solution"]})
    report = review_file(REQUEST, judge)
    ask, agree = report.turns[10], report.turns[11]
    assert (ask.speaker, ask.role, ask.stage, ask.step) == ("Mia", "sender", "request", "request")
    assert ask.judged and ask.flags == [] and ask.findings == []
    assert (agree.speaker, agree.role, agree.stage, agree.step) == (
        "Tom", "receiver", "request", "agree"
    )
    assert agree.flags == [] and agree.findings == [] and not agree.judged
    assert "Yes, I can do that." not in {r.response for r in judge.calls}
    assert report.summary.stage_counts["request"] == 2
    assert "request" not in report.summary.per_speaker["Tom"].receiver_stages  # not "0/1 clean"


def test_the_agreements_in_the_long_session_are_requests_without_findings() -> None:
    judge = ScriptedJudge({"I can do Sundays.": ["solution"]})
    report = review_file(LONG, judge)
    for index in (16, 87):
        turn = report.turns[index]
        assert (turn.role, turn.stage, turn.step) == ("receiver", "request", "agree"), index
        assert turn.findings == [] and turn.flags == []


def test_would_you_before_empathy_is_not_a_request() -> None:
    seg = segment([
        Utterance("Al", "Would you stop leaving your shoes in the hall every single evening?"),
        Utterance("Bo", "So if I got it, you'd like me to stop leaving shoes in the hall. "
                        "Did I get that?"),
        Utterance("Al", "Yes."),
        Utterance("Bo", "Sure, I can do that."),
    ])
    assert [t.step for t in seg.turns] == ["send", "mirror", "confirm", "other"]


def test_the_local_judge_does_not_flag_the_request_or_the_agreement() -> None:
    report = review_file(REQUEST, Coach(load_settings(judge="local")))
    assert report.turns[10].stage == "request" and not report.turns[10].flags
    assert report.turns[11].stage == "request" and not report.turns[11].findings


# 2. A dead model: the circuit breaker


def _dead_model(monkeypatch: pytest.MonkeyPatch) -> tuple[Coach, respx.Route]:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123456789")
    settings = load_settings(judge="openai").model_copy(update={"max_retries": 1})
    route = respx.post("https://api.openai.com/v1/chat/completions").mock(
        return_value=httpx.Response(500, json={"error": {"message": "boom"}})
    )
    chat = OpenAIChat(settings, http_client=httpx.Client(), async_http_client=httpx.AsyncClient())
    return Coach(settings, chat=chat), route


@respx.mock
def test_a_dead_model_is_called_for_one_turn_only(monkeypatch: pytest.MonkeyPatch) -> None:
    coach, route = _dead_model(monkeypatch)
    report = review_file(LONG, coach, concurrency=8)
    judged = [t for t in report.turns if t.judged]
    assert route.call_count == 2  # one turn, with its one retry; not 2 per turn
    assert len(judged) == 71 and all(t.fallback for t in judged)
    assert report.summary.fallback_turns == 71
    assert report.summary.failed_turns == 0
    first = report.notes[0]
    assert first.startswith("The model failed (") and "HTTP 500" in first
    assert first.endswith("the local judge answered 71 of 71 turns.")
    assert sum("The model failed" in n for n in report.notes) == 1
    assert judged[0].notes[0].startswith("the model failed")
    assert "not sent to the model" in judged[1].notes[0]
    assert report.contract()["summary"]["fallback_turns"] == 71  # type: ignore[index]
    assert first in render_markdown(report)
    assert first in render_html(report)
    console = Console(file=StringIO(), width=400)
    console.print(review_renderable(report))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert first in text and "failed: local judge used" in text


@respx.mock
def test_a_dead_model_is_said_on_stderr_with_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123456789")
    respx.post("https://api.openai.com/v1/chat/completions").mock(
        return_value=httpx.Response(500, json={"error": {"message": "boom"}})
    )
    result = runner.invoke(app, ["review", str(DATA / "short.json"), "--judge", "openai",
                                 "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["fallback_turns"] == 4
    assert "The model failed" in result.stderr and "4 of 4 turns" in result.stderr


def test_a_healthy_remote_judge_trips_nothing() -> None:
    judge = ScriptedJudge(remote=True)
    judge.local = ScriptedJudge()  # type: ignore[attr-defined]
    report = review_file(LONG, judge, concurrency=4)
    assert report.summary.fallback_turns == 0
    assert not any("model failed" in n for n in report.notes)
    assert len(judge.calls) == 71


# 3. Speaker choice by how much was said


def test_the_partners_are_who_say_most_not_who_has_most_turns() -> None:
    report = review_file(DATA / "child_interjects.txt", ScriptedJudge())
    assert report.speakers == ["Mia", "Tom"]
    assert {t.role for t in report.turns if t.speaker == "Zoe"} == {"other"}
    assert [t.role for t in report.turns if t.speaker == "Tom"] == ["receiver", "receiver"]
    assert any("Zoe (5 turns) marked other and set aside" in n for n in report.notes)


# 4. Reports are private files


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_reports_are_written_0600(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    out.write_text("STALE-CONTENT", encoding="utf-8")
    out.chmod(0o644)  # an existing file is tightened too
    result = runner.invoke(app, ["review", str(REQUEST), "-o", str(out), "--judge", "local"])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "STALE-CONTENT" not in out.read_text(encoding="utf-8")


# 5. Missed points are distinct and few


class _Repeating(ScriptedJudge):
    def _answer(self, request: CheckRequest) -> Verdict:
        self.requests.append(request)
        output = RubricOutput(
            findings=[Finding(flag=Flag.SOLUTION, evidence="x", explanation="y", suggestion="z")],
            mirror_accuracy=0.4,
            missed=["I miss you"] * 30 + ["i miss  you."] + [f"point {i}" for i in range(9)],
            added=["extra", "Extra"],
            checks=Checks(did_i_get_it=True, is_there_more=False),
            strengths=[], reminders=[], rewrite=None, feedback="ok",
        )
        return Verdict.from_output(output, stage=request.stage, judge="local")


def test_missed_points_are_deduplicated_and_capped() -> None:
    report = review_file(REQUEST, _Repeating())
    mirror = report.turns[3]
    assert mirror.missed == ["I miss you", "point 0", "point 1", "point 2", "point 3"]
    assert mirror.added == ["extra"]


# 6. Progress for long local reviews, and linear request building


def _terminal() -> Console:
    return Console(file=StringIO(), force_terminal=True, width=100)


@pytest.mark.parametrize(("remote", "total", "shown"),
                         [(False, 300, True), (False, 150, False), (True, 5, True)])
def test_progress_bar_for_a_model_or_a_long_local_review(
    remote: bool, total: int, shown: bool
) -> None:
    console = _terminal()
    with progress_bar(remote, console) as update:
        for done in range(1, total + 1):
            update(done, total)
    assert ("judging turns" in console.file.getvalue()) is shown  # type: ignore[attr-defined]


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    console = Console(file=StringIO(), force_terminal=False)
    with progress_bar(True, console) as update:
        update(1, 500)
    assert console.file.getvalue() == ""  # type: ignore[attr-defined]


def test_json_stdout_is_pure_json_on_a_long_local_review(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(LONG.read_text(encoding="utf-8") * 3, encoding="utf-8")
    result = runner.invoke(app, ["review", str(path), "--judge", "local", "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["turns"]) == 309


def test_building_requests_is_linear_in_a_long_round(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 2000
    utterances = [
        Utterance("Al", f"I felt alone at the party number {i} when you talked all night.")
        if i % 2 == 0 else
        Utterance("Bo", f"So if I got it, you felt alone at party {i - 1}. Is there more?")
        for i in range(n)
    ]
    seg = segment(utterances)
    assert len(seg.rounds()) == 1
    calls = 0
    original = SegTurn.is_content

    def counted(self: SegTurn) -> bool:
        nonlocal calls
        calls += 1
        return original.fget(self)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(segment_module.SegTurn, "is_content", property(counted))
    jobs = build_requests(seg)
    assert len(jobs) == n
    assert calls < 10 * n  # the old code looked at the whole round for every turn: ~n * n / 2


def test_tail_join_matches_a_full_join() -> None:
    texts = [f"sentence {i} " * (i % 7 + 1) for i in range(500)]
    full = " ".join(texts)
    for limit in (10, 100, 4000, len(full) - 1, len(full), len(full) + 5):
        expected = full if len(full) <= limit else "…" + full[-limit:]
        assert tail_join(texts, limit) == expected


# 7. One-line JSONL


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
