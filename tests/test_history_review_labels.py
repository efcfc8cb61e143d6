"""``imago history show ID --kind review`` labels each turn as the review report did: a reply
the report calls "Other" is not shown as the judge's "mirror"; the JSON keeps its fields."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.practice.reviews import COMPONENT, MIGRATIONS
from imago_coach.store import connect, migrate

runner = CliRunner()
TALK = Path(__file__).parent / "data" / "transcripts" / "holidays_switch.txt"


def imago(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def report_labels() -> dict[int, str]:
    """Turn number -> the 'Role / stage' cell of the review's Markdown turns table."""
    turns = imago("review", str(TALK), "--format", "md").split("## Turns")[1]
    cells = [line.split(" | ") for line in turns.splitlines() if line[:3].strip("| ").isdigit()]
    return {int(c[0].strip("| ")): c[2] for c in cells}


def history_labels(review_id: int) -> dict[int, str]:
    shown = imago("history", "show", str(review_id), "--kind", "review")
    lines = [line.split(" · ") for line in shown.splitlines()[1:] if " · " in line]
    return {int(parts[0].split()[0]): parts[1] for parts in lines}


def saved_before(home: Path, turns: list[tuple[str, str, str]]) -> Path:
    """A store as the previous version left it: one saved review of ``turns`` (speaker, role,
    the judge's stage), without the report's stages."""
    path = home / "imago.sqlite3"
    conn = connect(path)
    migrate(conn, COMPONENT, MIGRATIONS[:1])
    with conn:
        conn.execute(
            "INSERT INTO saved_reviews(saved_at, source, judge, with_text, me)"
            " VALUES ('2026-11-30T10:00:00+00:00', 'old.txt', 'local', 0, NULL)"
        )
        conn.executemany(
            "INSERT INTO saved_review_turns(review_id, idx, speaker, role, stage, judged, flags,"
            " yours, text) VALUES (1, ?, ?, ?, ?, 1, '[]', NULL, NULL)",
            [(i, *turn) for i, turn in enumerate(turns)],
        )
    conn.close()
    return path


def test_history_shows_each_turn_as_the_review_report_did() -> None:
    """Turn 6 ("That's not true … You're overreacting.") was "Other" in the report and
    "receiver · mirror" in the history."""
    imago("review", str(TALK), "--save", "--me", "Tom")
    expected = report_labels()
    assert expected[6] == "Other"
    assert history_labels(1) == expected
    terminal = " ".join(imago("review", str(TALK)).split())
    assert "#6 Tom Other judgement" in terminal


def test_history_json_keeps_the_judges_stage_and_adds_the_reports() -> None:
    imago("review", str(TALK), "--save")
    data = json.loads(imago("history", "show", "1", "--kind", "review", "--json"))
    sixth = data["turns_saved"][5]
    assert (sixth["role"], sixth["stage"], sixth["report_stage"]) == ("receiver", "mirror", "other")
    first = data["turns_saved"][0]
    assert (first["stage"], first["report_stage"]) == ("send", "other")
    check_in = data["turns_saved"][7]
    assert (check_in["report_stage"], check_in["step"]) == ("mirror", "check")


def test_a_review_saved_before_labels_were_kept_still_shows(isolated_env: Path) -> None:
    """A store written by the previous version has no report stage: its turns show the
    judge's stage in the report's words, and the store is brought up to date."""
    path = saved_before(isolated_env, [("Ana", "sender", "send"), ("Ben", "receiver", "validate")])
    assert history_labels(1) == {1: "sender", 2: "Validation"}
    with sqlite3.connect(path) as check:
        columns = {row[1] for row in check.execute("PRAGMA table_info(saved_review_turns)")}
    assert {"report_stage", "step"} <= columns


def test_a_read_only_store_from_before_is_still_read(isolated_env: Path) -> None:
    """The new step cannot be applied to a store the user made read-only: it is read as it
    is, never hidden or refused, and not changed."""
    path = saved_before(isolated_env, [("Ben", "receiver", "mirror")])
    before = path.read_bytes()
    path.chmod(0o400)
    try:
        assert "old.txt" in imago("history", "--kind", "review")
        assert history_labels(1) == {1: "Mirror"}
        data = json.loads(imago("history", "show", "1", "--kind", "review", "--json"))
        assert data["turns_saved"][0]["report_stage"] is None
        assert path.read_bytes() == before
    finally:
        path.chmod(0o600)


def test_history_marks_a_turn_the_report_marked_with_a_protocol_note(tmp_path: Path) -> None:
    """The report marked "You make sense." with "!" (it came before "that's all"); the
    history called the same turn plain "clean"."""
    talk = tmp_path / "talk.txt"
    talk.write_text(
        "Maya: I felt alone at the party when you stayed with your friends all night.\n"
        "Dan: So you felt alone at the party. Did I get that?\n"
        "Maya: Yes.\n"
        "Dan: You make sense, because you knew nobody there.\n",
        encoding="utf-8",
    )
    assert "| 4 | Dan | Validation | none; a note below |" in imago(
        "review", str(talk), "--format", "md"
    )
    imago("review", str(talk), "--save")
    shown = imago("history", "show", "1", "--kind", "review")
    assert "  4 Dan · Validation · clean · note: validated early" in shown
    assert shown.count("note:") == 1  # that turn alone
    data = json.loads(imago("history", "show", "1", "--kind", "review", "--json"))
    assert [t["protocol_notes"] for t in data["turns_saved"]] == [[], [], [], ["validated_early"]]


OTHER = (
    "Other: a receiver's reply that is none of the steps (mirror, validation, empathy, request)."
)


def test_what_other_means_is_said_wherever_it_is_shown(tmp_path: Path) -> None:
    """A nervous reader met "Other" in the report and the history with nothing saying what
    it meant."""
    imago("review", str(TALK), "--save")
    page = tmp_path / "r.html"
    imago("review", str(TALK), "--format", "html", "-o", str(page))
    for shown in (
        imago("review", str(TALK)),
        imago("review", str(TALK), "--format", "md"),
        page.read_text(encoding="utf-8").replace("&#x27;", "'"),
        imago("history", "show", "1", "--kind", "review"),
    ):
        assert OTHER in " ".join(shown.split())
    plain = Path(__file__).parent / "data" / "transcripts" / "short.txt"
    assert "Other" not in imago("review", str(plain), "--format", "md")
    assert OTHER not in " ".join(imago("review", str(plain)).split())
