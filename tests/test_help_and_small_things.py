"""Help text, typos and the small edges a person meets first (issue 10, "Help and small things").

Each test types the command a person would and reads what they would see.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from imago_coach.cli.main import COMMANDS, app
from imago_coach.render.verdict import verdict_renderable

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "evals" / "datasets" / "golden.jsonl"
HELPS = [
    [],
    *([name] for name in COMMANDS),
    ["history", "show"],
    ["history", "delete"],
    ["eval", "run"],
    ["eval", "compare"],
    ["eval", "validate"],
    ["eval", "history"],
]
SEND_SENDER = "I felt so alone when you worked late every night this week."


def _help(args: list[str], width: int = 80) -> str:
    result = runner.invoke(app, [*args, "--help"], terminal_width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("args", HELPS, ids=lambda a: " ".join(a) or "imago")
def test_help_has_one_plain_style_without_type_placeholders(args: list[str]) -> None:
    text = _help(args)
    assert text.startswith("Usage: imago")
    assert not set(text) & set("╭╮╰╯│─")  # no rich panels: the root's plain layout everywhere
    assert "<bool>" not in text and "<str>" not in text and "<int>" not in text
    usage = text.splitlines()[0]
    assert not re.search(r"\{\w+\}|\[\[|\[[a-z]", usage), usage  # no {transcript}, [[ID]], [source]


FLAGS = [
    (["check"], "--json"),
    (["rehearse"], "--resume"),
    (["history"], "--json"),
    (["eval", "history"], "--wide"),
    (["history", "delete"], "--all"),
    ([], "--version"),
]


@pytest.mark.parametrize(("args", "flag"), FLAGS)
def test_a_flag_shows_no_value_placeholder(args: list[str], flag: str) -> None:
    options = _help(args).split("\nOptions:\n")[1]
    line = next(line for line in options.splitlines() if line.strip().startswith(flag))
    assert re.match(rf"\s+{flag}\s{{2,}}[A-Z][a-z]", line), line  # straight to its help text


def test_arguments_read_as_capitals() -> None:
    assert _help(["check"]).splitlines()[0] == "Usage: imago check [OPTIONS] [SOURCE]"
    assert _help(["review"]).splitlines()[0] == "Usage: imago review [OPTIONS] TRANSCRIPT"
    assert _help(["history", "show"]).splitlines()[0] == "Usage: imago history show [OPTIONS] ID"
    assert "  --sender TEXT " in _help(["check"])


def test_a_long_first_sentence_is_not_cut_in_a_command_list() -> None:
    text = _help(["history"])
    assert "Delete a session, or all of them, for good: the rows are removed" in " ".join(
        text.split()
    )
    assert "are..." not in text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("chek", "check"), ("reveiw", "review"), ("histroy", "history"), ("rehears", "rehearse")],
)
def test_a_typo_suggests_the_command(typed: str, meant: str) -> None:
    result = runner.invoke(app, [typed])
    assert result.exit_code == 2
    assert f"No such command '{typed}'. Did you mean {meant}?" in result.stderr


def test_a_typo_in_a_subcommand_suggests_too() -> None:
    result = runner.invoke(app, ["history", "shwo", "1"])
    assert result.exit_code == 2
    assert "Did you mean show?" in result.stderr


def test_nothing_close_suggests_nothing() -> None:
    result = runner.invoke(app, ["xyzzy"])
    assert result.exit_code == 2
    assert "No such command 'xyzzy'." in result.stderr and "Did you mean" not in result.stderr


def test_option_names_are_whole_at_60_columns() -> None:
    text = _help(["rehearse"], width=60)
    assert "--appointment / --no-appointment" in text
    assert "…" not in text
    assert all(len(line) <= 60 for line in text.splitlines())


def _eval_run(width: int, *extra: str) -> str:
    result = runner.invoke(
        app,
        ["eval", "run", "--dataset", str(GOLDEN), "--limit", "120", *extra],
        env={"COLUMNS": str(width)},
    )
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("width", [30, 40, 60, 80, 120])
def test_eval_tables_never_cut_numbers_or_headers(width: int) -> None:
    text = _eval_run(width)
    assert "…" not in text
    assert all(len(line.rstrip()) <= width for line in text.splitlines())
    flat = " ".join(text.split())
    for word in (
        "precision",
        "recall",
        "kappa",
        "support",
        "topic_change",
        "judgement",
        "F1 by stage",
        "Worst misses",
    ):
        assert word in flat
    report = json.loads(_eval_run(80, "--json", "-"))
    for metrics in report["metrics"].values():  # every per-flag figure, whole
        for key in ("precision", "recall", "f1", "kappa"):
            assert f"{metrics[key]:.3f}" in flat


def test_eval_table_is_a_table_when_it_fits() -> None:
    header = next(line for line in _eval_run(120).splitlines() if "precision" in line)
    assert header.split() == [
        "flag",
        "tp",
        "fp",
        "fn",
        "tn",
        "precision",
        "recall",
        "F1",
        "kappa",
        "support",
    ]


def test_eval_compare_keeps_its_figures_at_40_columns(tmp_path: Path) -> None:
    report = tmp_path / "a.json"
    _eval_run(80, "--json", str(report))
    result = runner.invoke(
        app, ["eval", "compare", str(report), str(report)], env={"COLUMNS": "40"}
    )
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert re.search(
        r"macro\W+A 0\.\d{3} · B 0\.\d{3} · delta \+0\.000|macro +0\.\d{3}",
        " ".join(result.stdout.split()),
    )


def test_send_stage_error_names_what_each_flag_holds() -> None:
    result = runner.invoke(app, ["check", "--stage", "send", "--sender", SEND_SENDER])
    assert result.exit_code == 2
    assert (
        "At the send stage, --response holds your own message and --sender your partner's "
        "previous words"
    ) in result.stderr
    assert "Traceback" not in result.output


def test_a_message_that_opens_the_talk_needs_no_sender() -> None:
    opening = "I feel lonely when you work late, and I'd love us to eat together on Fridays."
    result = runner.invoke(app, ["check", "--stage", "send", "--response", opening, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["flags"] == [] and report["stage"] == "send"
    blaming = ["check", "--stage", "send", "--response", "You never listen, you're so selfish."]
    assert "Judgement" in runner.invoke(app, blaming).stdout
    piped = runner.invoke(
        app, ["check", "-", "--json"], input=json.dumps({"stage": "send", "response": opening})
    )
    assert piped.exit_code == 0 and json.loads(piped.stdout)["flags"] == []
    receiver = runner.invoke(app, ["check", "--stage", "mirror", "--response", "So you're sad."])
    assert receiver.exit_code == 2 and "--sender" in receiver.stderr


def test_send_stage_flags_are_documented() -> None:
    text = " ".join(_help(["check"]).split())
    assert "at the send stage: your partner's previous words" in text
    assert "at the send stage: your own message" in text


def test_send_stage_with_both_flags_works() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--stage",
            "send",
            "--json",
            "--sender",
            "You're never home for dinner.",
            "--response",
            SEND_SENDER,
        ],
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["stage"] == "send"


def test_stdin_stage_that_differs_from_the_flag_is_an_error() -> None:
    payload = json.dumps(
        {
            "stage": "validate",
            "sender": "I felt alone at the party.",
            "response": "You make sense, because you knew nobody there.",
        }
    )
    result = runner.invoke(app, ["check", "-", "--stage", "mirror", "--json"], input=payload)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "stdin JSON says stage 'validate' but --stage says 'mirror'" in result.stderr
    same = runner.invoke(app, ["check", "-", "--stage", "Validate", "--json"], input=payload)
    assert same.exit_code == 0 and json.loads(same.stdout)["stage"] == "validate"


RECEIVER = (
    "yes\nSo if I got it, when I booked the car without you, you felt left out. "
    "Did I get that? Is there more?\n/quit\n"
)


def test_history_json_before_show_is_honoured() -> None:
    done = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--role", "receiver"], input=RECEIVER
    )
    assert done.exit_code == 0, done.output
    sessions = json.loads(runner.invoke(app, ["history", "--json"]).stdout)
    sid = str(sessions[0]["id"])
    before = runner.invoke(app, ["history", "--json", "show", sid])
    after = runner.invoke(app, ["history", "show", sid, "--json"])
    assert before.exit_code == 0
    assert json.loads(before.stdout) == json.loads(after.stdout)


def test_history_says_what_each_count_counts() -> None:
    runner.invoke(app, ["rehearse", "--scenario", "money", "--role", "receiver"], input=RECEIVER)
    item = json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]
    listing = " ".join(runner.invoke(app, ["history"]).stdout.split())
    assert f"{item['steps']} answers" in listing and "steps" not in listing
    shown = " ".join(runner.invoke(app, ["history", "show", str(item["id"])]).stdout.split())
    lines = len(
        json.loads(runner.invoke(app, ["history", "show", str(item["id"]), "--json"]).stdout)[
            "utterances"
        ]
    )
    assert f"{item['steps']} answers from you (retries included), {lines} lines in all" in shown


def test_finished_session_summary_names_dialogue_steps_and_answers() -> None:
    lines = RECEIVER.replace("/quit\n", "") + "/skip\n" * 8
    result = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--role", "receiver"], input=lines
    )
    text = " ".join(result.stdout.split())
    match = re.search(
        r"Steps of the dialogue done: (\d+) of (\d+) \((\d+) answers from you, "
        r"retries included\)",
        text,
    )
    assert match, text[-600:]
    item = json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]
    assert int(match.group(3)) == item["steps"]


def test_review_of_a_folder_says_it_needs_a_file(tmp_path: Path) -> None:
    for target in (str(tmp_path), "."):
        result = runner.invoke(app, ["review", target])
        assert result.exit_code == 2
        assert f"imago: {target} is a folder, and a review needs one transcript file" in (
            result.stderr
        )


def test_evals_readme_is_honest_about_topic_change_precision() -> None:
    for path in (REPO / "README.md", REPO / "evals" / "README.md"):
        text = " ".join(path.read_text(encoding="utf-8").split())
        assert "high precision but" not in text
        assert re.search(
            r"topic.change[^.]*low\s+precision|precision is low, not high: 0\.\d\d", text
        ), path


def test_wrapped_feedback_keeps_its_hanging_indent() -> None:
    result = runner.invoke(
        app,
        [
            "check",
            "--stage",
            "mirror",
            "--sender",
            "I felt invisible at the party when you talked to your friends all night.",
            "--response",
            "You're too sensitive. Next time just come and talk to us.",
        ],
        env={"COLUMNS": "60"},
    )
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("• Judgement"))
    explanation = lines[start + 1 : start + 4]
    assert explanation[0].startswith("  A label")
    assert all(line.startswith("  ") for line in explanation), explanation


def test_rendered_verdict_lines_all_keep_their_indent() -> None:
    from imago_coach.models import Checks, Finding, Flag, RubricOutput, Stage, Verdict

    long = "so long that it has to wrap across several lines of a narrow terminal " * 2
    output = RubricOutput(
        findings=[
            Finding(flag=Flag.SOLUTION, evidence="Just relax.", explanation=long, suggestion=long)
        ],
        mirror_accuracy=0.2,
        missed=[long],
        added=[],
        checks=Checks(did_i_get_it=False, is_there_more=False),
        strengths=[long],
        reminders=[long],
        rewrite=None,
        feedback="Keep going.",
    )
    verdict = Verdict.from_output(output, stage=Stage.MIRROR, judge="local")
    buffer = StringIO()
    Console(file=buffer, width=50, color_system=None).print(verdict_renderable(verdict))
    lines = buffer.getvalue().splitlines()
    for lead, indent in (("✓ ", 2), ("  Try: ", 7), ("  missed: ", 10), ("› ", 2)):
        at = next(i for i, line in enumerate(lines) if line.startswith(lead))
        assert lines[at + 1].startswith(" " * indent) and lines[at + 1][indent] != " ", lead


def test_numbered_options_wrap_under_their_own_text() -> None:
    lines = RECEIVER.replace("/quit\n", "") + "/skip\n" * 4
    result = runner.invoke(
        app,
        ["rehearse", "--scenario", "money", "--role", "receiver", "--no-save"],
        input=lines,
        env={"COLUMNS": "56"},
    )
    out = result.stdout.splitlines()
    first = next(i for i, line in enumerate(out) if re.match(r"\s+1\. ", line))
    marker_at = out[first].index("1. ")
    assert out[first + 1].startswith(" " * (marker_at + 3)), out[first : first + 3]
    assert out[first + 1][marker_at + 3] != " "


def test_a_long_heading_wraps_instead_of_being_cut() -> None:
    runner.invoke(app, ["rehearse", "--scenario", "money", "--role", "receiver"], input=RECEIVER)
    sid = str(json.loads(runner.invoke(app, ["history", "--json"]).stdout)[0]["id"])
    result = runner.invoke(app, ["history", "show", sid], env={"COLUMNS": "44"})
    head = " ".join(result.stdout.split("─")[0].split())
    assert "unfinished" in head and "…" not in result.stdout.split("─")[0]
