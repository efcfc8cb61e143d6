"""The review core and its reports: numbers on the long session, JSON, Markdown, HTML, browser."""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from doubles import ScriptedJudge, verdict
from imago_coach.coach import Coach
from imago_coach.models import Flag, Stage
from imago_coach.render.review_html import render_html
from imago_coach.render.review_md import render_markdown
from imago_coach.render.review_report import render_review
from imago_coach.settings import load_settings
from imago_coach.transcript.report import ReviewReport
from imago_coach.transcript.review import review_file
from review_helpers import DATA, LONG, expected_long, long_script

CHROMIUM = Path("/usr/bin/chromium")
REQUEST = DATA / "request.txt"


@pytest.fixture(scope="module")
def scripted_report() -> ReviewReport:
    return review_file(LONG, ScriptedJudge(long_script()))


def test_long_session_numbers_with_a_scripted_judge(scripted_report: ReviewReport) -> None:
    s = scripted_report.summary
    assert scripted_report.speakers == ["Maya", "Sam"]
    assert s.rounds == 7
    assert s.stage_counts == {"mirror": 26, "validate": 7, "empathize": 7, "request": 5, "other": 6}
    assert s.flag_counts == {"defensiveness": 3, "judgement": 4, "solution": 3, "topic_change": 2}
    maya, sam = s.per_speaker["Maya"], s.per_speaker["Sam"]
    assert (maya.turns, maya.as_sender, maya.as_receiver) == (53, 34, 19)
    assert (sam.turns, sam.as_sender, sam.as_receiver) == (50, 21, 29)
    assert maya.flags == {"defensiveness": 3, "judgement": 2, "solution": 1}
    assert sam.flags == {"judgement": 2, "solution": 2, "topic_change": 2}
    assert maya.receiver_stages["mirror"].model_dump() == {
        "turns": 8,
        "clean": 6,
        "clean_share": 0.75,
    }
    assert sam.receiver_stages["validate"].model_dump() == {
        "turns": 4,
        "clean": 3,
        "clean_share": 0.75,
    }
    assert maya.clean_share == 0.72  # 13 of 18 judged; "I can do Sundays." is not judged
    assert sam.clean_share == 0.82
    assert maya.protocol_notes == {
        "new_topic": 1,
        "no_summary": 2,
        "switched_early": 1,
        "thought_not_feeling": 1,
        "validated_early": 1,
    }
    assert sam.protocol_notes == {"new_topic": 1, "no_check": 2, "thought_not_feeling": 1}
    assert s.practice_next[0].startswith("Maya: let explaining yourself wait")
    assert len(s.practice_next) == 3
    assert s.failed_turns == 0


def test_turn_flags_follow_the_script(scripted_report: ReviewReport) -> None:
    for turn, e in zip(scripted_report.turns, expected_long(), strict=True):
        assert turn.flags == sorted(
            e["flags"], key=["judgement", "solution", "topic_change", "defensiveness"].index
        ), turn.index


def test_requests_carry_the_senders_words_and_context() -> None:
    judge = ScriptedJudge(long_script())
    review_file(LONG, judge)
    by_response = {r.response: r for r in judge.calls}
    summary = by_response[expected_long()[7]["text"]]  # Sam's summary mirror
    assert summary.stage == Stage.MIRROR
    assert "my dad would read the paper" in summary.sender
    assert "cooking dinner on my own" in summary.sender
    loop = by_response[expected_long()[3]["text"]]  # the mirror of "yes, there's more"
    assert loop.sender.startswith("Yes, there's more. It reminds me")
    assert [t.text[:20] for t in loop.context] == ["When I come home fro"]
    opening = by_response[expected_long()[29]["text"]]  # the new sender after a switch
    assert opening.stage == Stage.SEND
    assert "wiped out" in opening.sender
    off = by_response[expected_long()[23]["text"]]  # off-protocol, in the mirror's place
    assert off.stage == Stage.MIRROR
    # yes / no / that's it, and agreeing to a request, are not judged
    assert "No, that's it." not in by_response
    assert "I can do Sundays." not in by_response
    assert len(judge.calls) == 71


def test_end_to_end_with_the_local_judge() -> None:
    report = review_file(LONG, Coach(load_settings(judge="local")))
    assert report.judge == "local"
    assert len(report.turns) == 103
    assert [t.index for t in report.turns] == list(range(103))
    assert report.summary.stage_counts["mirror"] == 26
    mirrors = [t for t in report.turns if t.step in ("mirror", "summary")]
    assert all(t.judged and t.mirror_accuracy is not None for t in mirrors)
    assert "solution" in report.turns[5].flags  # "Maybe we could just put our phones..."
    assert "solution" in report.turns[45].flags  # "Have you tried just telling her..."
    assert not report.turns[1].flags  # a textbook mirror
    assert (report.summary.per_speaker["Sam"].mirror_accuracy or 0) > 0.6
    assert 1 <= len(report.summary.practice_next) <= 3


def test_json_contract(scripted_report: ReviewReport) -> None:
    data: Any = scripted_report.contract()
    assert data["speakers"] == ["Maya", "Sam"]
    turn = data["turns"][5]
    for key in ("index", "speaker", "role", "stage", "text", "flags", "findings"):
        assert key in turn
    assert turn["role"] == "receiver" and turn["stage"] == "mirror"
    assert turn["findings"][0].keys() == {"flag", "evidence", "explanation", "suggestion"}
    assert {t["role"] for t in data["turns"]} == {"sender", "receiver"}
    assert {t["stage"] for t in data["turns"]} == {
        "mirror",
        "validate",
        "empathize",
        "request",
        "other",
    }
    assert set(data["summary"]["per_speaker"]) == {"Maya", "Sam"}
    assert isinstance(data["summary"]["practice_next"], list)


def test_markdown(scripted_report: ReviewReport) -> None:
    md = render_markdown(scripted_report)
    assert md.startswith("# Imago Dialogue review: long_session.txt")
    assert "## Practise next" in md and "## Per person" in md and "## Timeline" in md
    assert md.count("\n| ") >= 103 + 2
    assert "### Turn 26: Maya (Validation)" in md
    assert "- Round 1 (Maya sends): `" in md


def test_terminal_report(scripted_report: ReviewReport) -> None:
    buffer = StringIO()
    render_review(scripted_report, Console(file=buffer, width=100, color_system=None))
    out = buffer.getvalue()
    assert "Practise next" in out and "Timeline" in out and "What to look at" in out
    assert "#30 Maya" in out


class _Marks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.svg = 0
        self.marks: list[dict[str, str | None]] = []
        self.external: list[str] = []
        self.articles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self.svg += 1
        if tag == "rect" and "mark" in (a.get("class") or "").split():
            self.marks.append(a)
        if tag in ("script", "link", "img", "iframe") or (a.get("src") or "").startswith("http"):
            self.external.append(tag)
        if tag == "article":
            self.articles += 1


def test_html_is_self_contained_with_one_mark_per_turn(scripted_report: ReviewReport) -> None:
    page = render_html(scripted_report)
    parser = _Marks()
    parser.feed(page)
    assert parser.svg == 1
    assert [m["data-index"] for m in parser.marks] == [str(i) for i in range(103)]
    assert parser.external == []
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    assert parser.articles == 103
    assert 'name="viewport"' in page
    flagged = {m["data-index"] for m in parser.marks if "s-flagged" in (m["class"] or "")}
    assert flagged == {str(e["index"]) for e in expected_long() if e["flags"]}


def test_html_escapes_what_people_said(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text(
        "Al: <script>alert(1)</script> I felt alone.\nBo: So if I got it, "
        "you felt alone. Did I get that?\n",
        encoding="utf-8",
    )
    page = render_html(review_file(path, ScriptedJudge()))
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.browser
def test_html_report_in_headless_chromium(tmp_path: Path, scripted_report: ReviewReport) -> None:
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    page = tmp_path / "review.html"
    page.write_text(render_html(scripted_report), encoding="utf-8")
    png = tmp_path / "shot.png"
    profile = tmp_path / "profile"
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={png}",
        "--window-size=390,1200",
        page.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    assert png.exists(), "chromium wrote no screenshot"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000  # a blank page is a few hundred bytes


def test_short_transcripts_of_every_format_review_alike() -> None:
    reports = {
        name: review_file(DATA / name, ScriptedJudge())
        for name in ("short.vtt", "short.srt", "short.json", "short.jsonl")
    }
    for report in reports.values():
        assert report.speakers == ["Ana", "Ben"]
        assert [t.stage for t in report.turns[:3]] == ["other", "mirror", "other"]
        assert report.turns[3].stage == "validate"


def repeating() -> ScriptedJudge:
    """A judge that repeats the same missed and added points many times over."""
    missed = ["I miss you"] * 30 + ["i miss  you."] + [f"point {i}" for i in range(9)]
    return ScriptedJudge(
        lambda r: verdict(
            r.stage,
            [Flag.SOLUTION],
            accuracy=0.4,
            missed=missed,
            added=["extra", "Extra"],
            explanation="y",
        )
    )


def test_missed_points_are_deduplicated_and_capped() -> None:
    report = review_file(REQUEST, repeating())
    mirror = report.turns[3]
    assert mirror.missed == ["I miss you", "point 0", "point 1", "point 2", "point 3"]
    assert mirror.added == ["extra"]
