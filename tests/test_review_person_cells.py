"""The per-person table of ``imago review`` says the same in the terminal, ``--format md`` and
``--format html``: words where the terminal has words, a dash only where a person never
received, and a line under the table that says what the dash means."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
NO_MIRROR_TALK = (
    "Maya: I felt alone at the party when you stayed with your friends all night.\n"
    "Dan: You make sense to me, because you hardly knew anyone there.\n"
    "Maya: Yes.\n"
    "Dan: I imagine you felt lonely and maybe a bit hurt.\n"
)
LEGEND = "– nothing to measure: this person had no turns as the receiver."
SWITCHED = Path(__file__).parent / "data" / "transcripts" / "holidays_switch.txt"


def review(path: Path, *args: str) -> str:
    result = runner.invoke(app, ["review", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def md_rows(markdown: str) -> dict[str, list[str]]:
    table = markdown.split("## Per person")[1].split("## Timeline")[0]
    rows = [line.strip("|").split(" | ") for line in table.splitlines() if line.startswith("| ")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows[1:]}


def html_rows(page: str) -> dict[str, list[str]]:
    table = page.split("<h2>Per person</h2>")[1].split("<h2>")[0]
    rows = re.findall(r"<tr>((?:<td>.*?</td>)+)</tr>", table)
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in rows]
    return {c[0]: c[1:] for c in cells}


def test_md_and_html_say_in_words_what_the_terminal_says(tmp_path: Path) -> None:
    """md and html showed "–" for Dan's mirror accuracy where the terminal said "no mirrors
    yet", and "–" for flags and notes where it said "none"."""
    talk = tmp_path / "talk.txt"
    talk.write_text(NO_MIRROR_TALK, encoding="utf-8")
    terminal = " ".join(review(talk).split())
    assert "Dan sent 0, received 2, clean 100% (validation 1/1, empathy 1/1), no mirrors yet" in (
        terminal
    )
    assert "Maya sent 2, received 0: nothing to measure as a receiver yet" in terminal
    assert "flags: none; protocol notes: none" in terminal
    markdown = review(talk, "--format", "md")
    page_file = tmp_path / "report.html"
    review(talk, "--format", "html", "-o", str(page_file))
    page = page_file.read_text(encoding="utf-8")
    for rows in (md_rows(markdown), html_rows(page)):
        dan = rows["Dan"]
        assert dan[:5] == ["0", "2", "100%", "validation 1/1, empathy 1/1", "no mirrors yet"]
        assert dan[5] == "none"  # flags
        assert "–" not in dan
        maya = rows["Maya"]
        assert maya == ["2", "0", "nothing to measure yet", "–", "–", "none", "none"]
    assert LEGEND in markdown
    assert LEGEND in page


def test_no_dash_and_no_legend_when_both_received() -> None:
    markdown = review(SWITCHED, "--format", "md")
    rows = md_rows(markdown)
    assert set(rows) == {"Maya", "Tom"}
    assert all("–" not in cell for cells in rows.values() for cell in cells)
    assert rows["Maya"][2:5] == ["50%", "mirror 2/2, validation 0/1, other 0/1", "85%"]
    assert LEGEND not in markdown
    terminal = " ".join(review(SWITCHED).split())
    assert "Maya sent 11, received 5, clean 50% (mirror 2/2, validation 0/1, other 0/1)" in terminal


def test_the_md_turns_table_names_flags_in_words_and_says_not_judged() -> None:
    """The turns table showed raw codes ("topic_change") and "–" both for a clean turn and
    for one never judged."""
    markdown = review(SWITCHED, "--format", "md")
    turns = markdown.split("## Turns")[1].split("## What to look at")[0]
    assert "| 6 | Tom | Other | judgement, topic change, defensiveness |" in turns
    assert "| 1 | Maya | sender | none |" in turns
    assert "| 7 | Maya | sender | not judged |" in turns
    assert "topic_change" not in turns
    assert "–" not in turns


def test_no_line_about_turns_not_shown_when_every_turn_was_shown(tmp_path: Path) -> None:
    """'0 other turns not shown; --format html or md writes the full report.'"""
    talk = tmp_path / "talk.txt"
    talk.write_text(
        "Maya: Would you call me before you make plans with your parents this year?\n"
        "Dan: You should just relax about it.\n",
        encoding="utf-8",
    )
    shown = " ".join(review(talk).split())
    assert "#2 Dan" in shown
    assert "other turn" not in shown
    longer = " ".join(review(SWITCHED).split())
    assert "other turns not shown; --format html or md writes the full report." in longer
