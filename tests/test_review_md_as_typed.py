"""``imago review --format md``: a transcript's words read as typed in any Markdown viewer.
They were copied in raw, so a line holding ``![x](http://…)`` became an image fetched from
elsewhere when the report was opened (the words leaving the machine's control), ``<img …>``
and ``<script>`` became HTML, and ``# Yes`` a heading."""

from __future__ import annotations

import html
import re
from pathlib import Path

from markdown_it import MarkdownIt
from typer.testing import CliRunner

from imago_coach.cli.main import app

runner = CliRunner()
HOSTILE = [
    "I felt <img src=x onerror=alert(1)> alone | really, *very* alone",
    "So you felt alone. Did I get that? <script>alert(1)</script>",
    "# Yes",
    r"You make sense, because ![x](http://tracker.example/p.png) [you](javascript:x) \o/ &amp;",
    "1. No, that's it - thank you! ~~really~~",
    "- I imagine you feel hurt & tired, my_love. `code` _too_",
]


def rendered(tmp_path: Path) -> str:
    talk = tmp_path / "talk.txt"
    names = ["Maya", "Dan"]
    talk.write_text(
        "".join(f"{names[i % 2]}: {line}\n" for i, line in enumerate(HOSTILE)), encoding="utf-8"
    )
    result = runner.invoke(app, ["review", str(talk), "--format", "md"])
    assert result.exit_code == 0, result.output
    page: str = MarkdownIt("commonmark").enable("table").render(result.stdout)
    return page


def test_no_image_link_tag_or_heading_comes_from_the_transcript(tmp_path: Path) -> None:
    page = rendered(tmp_path)
    for made in ("<img", "<script", "<a ", "<em>very", "<h1>Yes"):
        assert made not in page
    assert page.count("<h1>") == 1  # the report's own title


def test_each_turn_cell_reads_exactly_as_typed(tmp_path: Path) -> None:
    page = rendered(tmp_path)
    turns = page.split("<h2>Turns</h2>")[1].split("</table>")[0]
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", turns)]
    texts = cells[4::5]  # the Text column
    assert texts == HOSTILE
