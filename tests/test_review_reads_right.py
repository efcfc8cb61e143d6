"""``imago review`` says what a person needs to hear (issue 10, "Review"), seen from the command.

Each test types the command a person would and reads what they would see.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from imago_coach.cli.main import app
from review_helpers import DATA

runner = CliRunner()
CHROMIUM = Path("/usr/bin/chromium")

# A couple just talking: nobody mirrors, validates or empathizes.
TALKING = """\
Jess: I've been thinking about the holidays. Your mum wants us there for a whole week again.
Sam: Fine.
Jess: It really hurts that you never ask me what I want before you say yes to her.
Sam: I didn't realise it upset you this much.
Jess: Well it does. Every year it's the same thing and I end up cooking for twelve people.
Sam: We could just go for three days this time, and stay at a hotel.
Jess: Maybe. I just want us to decide together.
Sam: Okay. Let's talk about it with a calendar tonight.
"""

# One good mirror among an appointment answer and a bare check-in.
ACCURACY = """\
Ana: Is now a good time to talk about dinners?
Ben: Yes, I'm ready to listen.
Ana: When you check your phone during dinner, I feel lonely and I end up eating in silence.
Ben: So if I got it, when I check my phone during dinner, you feel lonely and you end up \
eating in silence. Did I get that?
Ana: Yes.
Ben: Is there more?
Ana: No, that's it.
Ben: You make sense, because when I look at my phone instead of you, it would seem like \
I'd rather be elsewhere.
"""

STEPS_VTT = """\
WEBVTT

1
00:00:01.000 --> 00:00:04.000
<v Ana>When you check your phone during dinner,</v>

2
00:00:04.000 --> 00:00:06.500
<v Ana>I feel lonely, and I end up eating in silence.</v>

3
00:00:07.000 --> 00:00:12.000
<v Ben>So if I got it, when I check my phone during dinner, you feel lonely and you eat \
in silence.</v>

4
00:00:12.000 --> 00:00:14.000
<v Ben>Did I get that? Is there more?</v>

5
00:00:15.000 --> 00:00:17.000
<v Ana>No, that's it.</v>

6
00:00:18.000 --> 00:00:24.000
<v Ben>You make sense, because when I look at my phone instead of you, it would seem \
like I'd rather be elsewhere.</v>

7
00:00:25.000 --> 00:00:29.000
<v Ben>I imagine you might feel lonely and a little invisible.</v>
"""


def _file(tmp_path: Path, text: str, name: str = "talk.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _review_json(path: Path) -> dict[str, object]:
    result = runner.invoke(app, ["review", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def _turns(data: dict[str, object]) -> list[dict[str, object]]:
    turns = data["turns"]
    assert isinstance(turns, list)
    return turns


def test_no_one_mirrored_is_the_headline(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(_file(tmp_path, TALKING))])
    assert result.exit_code == 0
    practise = result.stdout.split("Practise next")[1].split("Per person")[0]
    first = practise.strip().splitlines()[0]
    assert first.startswith("1. No one mirrored yet: start there.")
    assert "Sam: before you answer, give back Jess's own words" in " ".join(practise.split())
    assert "stay with Jess's topic" not in result.stdout


def test_a_dialogue_with_mirrors_has_no_such_headline() -> None:
    result = runner.invoke(app, ["review", str(DATA / "short.txt")])
    assert result.exit_code == 0
    assert "No one mirrored" not in result.stdout


def test_a_short_reply_is_not_called_a_label(tmp_path: Path) -> None:
    data = _review_json(_file(tmp_path, TALKING))
    fine = _turns(data)[1]
    assert fine["text"] == "Fine."
    explanations = [f["explanation"] for f in fine["findings"]]  # type: ignore[attr-defined]
    assert explanations, "a bare 'Fine.' to someone opening up is still worth a word"
    assert not any("label" in e.lower() for e in explanations)
    assert any("one-word reply" in e for e in explanations)


def test_upset_after_it_really_hurts_is_no_new_feeling(tmp_path: Path) -> None:
    data = _review_json(_file(tmp_path, TALKING))
    turn = _turns(data)[3]
    assert turn["text"] == "I didn't realise it upset you this much."
    explanations = " ".join(f["explanation"] for f in turn["findings"])  # type: ignore[attr-defined]
    assert "didn't mention" not in explanations


def test_a_new_feeling_is_still_named_in_a_mirror() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--stage",
            "mirror",
            "--json",
            "--sender",
            "You never ask me what I want before you say yes to her.",
            "--response",
            "So you're furious that I never ask what you want.",
        ],
    )
    verdict = json.loads(result.stdout)
    assert any("didn't mention" in f["explanation"] for f in verdict["findings"])


def test_mirror_accuracy_averages_real_mirrors_only(tmp_path: Path) -> None:
    data = _review_json(_file(tmp_path, ACCURACY))
    ben = data["summary"]["per_speaker"]["Ben"]  # type: ignore[index]
    assert ben["mirror_accuracy"] == 1.0  # not pulled down by "Yes, I'm ready" and "Is there more?"
    by_text = {t["text"]: t for t in _turns(data)}
    assert by_text["Is there more?"]["mirror_accuracy"] is None
    assert by_text["Yes, I'm ready to listen."]["mirror_accuracy"] is None
    terminal = " ".join(runner.invoke(app, ["review", str(tmp_path / "talk.txt")]).stdout.split())
    assert re.search(r"Ben sent 0, received \d+, clean .{0,60}, mirror accuracy 100%", terminal)


def test_webvtt_cues_of_one_speaker_split_at_a_new_step(tmp_path: Path) -> None:
    data = _review_json(_file(tmp_path, STEPS_VTT, "talk.vtt"))
    steps = [(t["speaker"], t["step"]) for t in _turns(data)]
    assert steps == [
        ("Ana", "send"),
        ("Ben", "mirror"),
        ("Ana", "done"),
        ("Ben", "validate"),
        ("Ben", "empathize"),
    ]
    mirror = _turns(data)[1]["text"]
    assert isinstance(mirror, str) and mirror.endswith("Did I get that? Is there more?")
    assert _turns(data)[0]["text"] == (
        "When you check your phone during dinner, I feel lonely, and I end up eating in silence."
    )


def test_webvtt_and_plain_text_of_the_same_talk_agree(tmp_path: Path) -> None:
    plain = "\n".join(
        [
            "Ana: When you check your phone during dinner, I feel lonely, and I end up eating in "
            "silence.",
            "Ben: So if I got it, when I check my phone during dinner, you feel lonely and you "
            "eat in silence. Did I get that? Is there more?",
            "Ana: No, that's it.",
            "Ben: You make sense, because when I look at my phone instead of you, it would seem "
            "like I'd rather be elsewhere.",
            "Ben: I imagine you might feel lonely and a little invisible.",
        ]
    )
    from_vtt = _review_json(_file(tmp_path, STEPS_VTT, "talk.vtt"))
    from_txt = _review_json(_file(tmp_path, plain))
    assert [(t["text"], t["step"]) for t in _turns(from_vtt)] == [
        (t["text"], t["step"]) for t in _turns(from_txt)
    ]


def test_no_color_timeline_uses_the_report_symbols() -> None:
    result = runner.invoke(app, ["review", str(DATA / "long_session.txt")], env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    timeline = result.stdout.split("Timeline")[1].split("What to look at")[0]
    rows = [line for line in timeline.splitlines() if line.startswith("R")]
    assert len(rows) == 7
    marks = set("".join(line.split()[-1] for line in rows))
    assert marks == {"✓", "✗", "!", "·"}  # the md report's symbols, each distinct
    assert "■" not in result.stdout
    assert "✓ clean  ✗ flagged  ! protocol note  · not judged" in timeline
    assert "\x1b[" not in result.stdout


def test_colours_are_safe_for_colour_blind_readers(tmp_path: Path) -> None:
    path = _file(tmp_path, TALKING)
    result = runner.invoke(
        app,
        ["review", str(path)],
        env={"FORCE_COLOR": "1", "COLORTERM": "truecolor", "NO_COLOR": ""},
    )
    out = result.stdout
    assert "\x1b[" in out, "colour was forced on"
    assert "38;2;213;94;0" in out  # flagged: vermillion #D55E00
    assert "38;2;0;114;178" in out  # clean: blue #0072B2
    for red_or_green in ("\x1b[31m", "\x1b[32m", "\x1b[91m", "\x1b[92m", ";31m", ";32m"):
        assert red_or_green not in out


def test_html_timeline_text_is_drawn_at_a_readable_size() -> None:
    result = runner.invoke(app, ["review", str(DATA / "long_session.txt"), "--format", "html"])
    page = result.stdout
    svg = page[page.index("<svg") : page.index("</svg>")]
    # natural size: the chart is never scaled to the page, so 12px text stays 12px
    assert 'width="100%"' not in svg
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    view = re.search(r'viewBox="0 0 (\d+) ', svg).group(1)  # type: ignore[union-attr]
    assert width == int(view)
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    assert sizes and min(sizes) >= 12
    # lane names sit outside the scrolling chart, at 12px, so they stay in view
    assert '<div class="lanes"' in page
    assert ".lanes{flex:none;padding-right:.5rem;font-size:12px" in page
    for lane in ("Sender", "Mirror", "Validation", "Empathy", "Request", "Other"):
        assert f">{lane}</span>" in page


@pytest.mark.browser
def test_html_timeline_in_chromium_at_desktop_width(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    html = tmp_path / "review.html"
    assert runner.invoke(app, ["review", str(DATA / "short.txt"), "-o", str(html)]).exit_code == 0
    png = tmp_path / "shot.png"
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={png}",
        "--window-size=1280,700",
        html.as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=90, check=False)
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # a short talk's chart stays small: it is no longer blown up to the page width
    svg = html.read_text(encoding="utf-8").split("<svg", 1)[1]
    assert int(re.search(r'width="(\d+)"', svg).group(1)) < 200  # type: ignore[union-attr]


def test_turn_numbers_start_at_one_in_every_report(tmp_path: Path) -> None:
    path = _file(tmp_path, TALKING)
    terminal = runner.invoke(app, ["review", str(path)]).stdout
    assert "#2 Sam" in terminal and "#0 " not in terminal  # "Fine." is the second turn
    md = runner.invoke(app, ["review", str(path), "--format", "md"]).stdout
    assert "### Turn 2: Sam" in md and "\n| 1 | Jess |" in md and "\n| 0 |" not in md
    html = runner.invoke(app, ["review", str(path), "--format", "html"]).stdout
    assert "<header>#1 · <b>Jess</b>" in html and "<header>#0" not in html
    data = _review_json(path)
    # JSON keeps its documented contract, ``index`` from 0, and adds ``number`` from 1
    assert [t["index"] for t in _turns(data)] == list(range(8))
    assert [t["number"] for t in _turns(data)] == list(range(1, 9))


def test_webvtt_check_in_cue_stays_with_its_mirror(tmp_path: Path) -> None:
    vtt = "\n".join(
        [
            "WEBVTT",
            "",
            "00:00:01.000 --> 00:00:04.000",
            "<v Ana>I felt alone at the party all night.</v>",
            "",
            "00:00:05.000 --> 00:00:08.000",
            "<v Ben>So if I got it, you felt alone at the party.</v>",
            "",
            "00:00:08.000 --> 00:00:09.000",
            "<v Ben>Did I get it all?</v>",
            "",
        ]
    )
    turns = _turns(_review_json(_file(tmp_path, vtt, "talk.vtt")))
    assert [t["text"] for t in turns] == [
        "I felt alone at the party all night.",
        "So if I got it, you felt alone at the party. Did I get it all?",
    ]
