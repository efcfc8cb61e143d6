"""User text never drives the terminal: control sequences shown visibly, markup never applied.

``CliRunner`` output is not a terminal, so rich adds no escape codes of its own: any ESC on
stdout would have come from the user's text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harden_helpers import invoke
from imago_coach.evaluation.store import EvalStore

CLEAR = "\x1b[2J\x1b[H\x1b[32mAll clean, well done!\x1b[0m"
LINK = "\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07"
RAW = ("\x1b", "\x07", "\x9b")


def _clean(output: str) -> None:
    assert not any(ch in output for ch in RAW), repr(output)
    assert "\\x1b" in output  # shown, not dropped silently


def test_check_shows_control_characters_escaped() -> None:
    # the control sequences sit inside the quoted finding, so they are shown (a rewrite now
    # leaves out a sender's "sentence" with nothing to give back, such as a bare link)
    code, out, _ = invoke(
        "check",
        "--stage",
        "mirror",
        "--sender",
        f"I felt invisible. {LINK}",
        "--response",
        f"You are too sensitive {CLEAR}",
    )
    assert code == 0
    _clean(out)


def _transcript(tmp_path: Path) -> Path:
    path = tmp_path / "t.json"
    path.write_text(
        json.dumps(
            [
                {"speaker": f"Ann{LINK}", "text": "I felt invisible at the party."},
                {"speaker": "Ben\x9b31m", "text": f"You are too sensitive. {CLEAR}"},
            ]
        )
    )
    return path


@pytest.mark.parametrize("fmt", [None, "md", "html"])
def test_review_outputs_show_control_characters_escaped(tmp_path: Path, fmt: str | None) -> None:
    code, out, err = invoke(
        "review", str(_transcript(tmp_path)), *(["--format", fmt] if fmt else [])
    )
    assert code == 0, err
    _clean(out)
    assert "\\x9b31m" in out  # the C1 control in the speaker's name


def test_review_json_keeps_the_text_exact(tmp_path: Path) -> None:
    code, out, _ = invoke("review", str(_transcript(tmp_path)), "--format", "json")
    assert code == 0
    turns = json.loads(out)["turns"]
    assert turns[1]["text"] == f"You are too sensitive. {CLEAR}"
    assert turns[0]["speaker"] == f"Ann{LINK}"


def test_rehearse_echo_and_history_show_escape_control_characters() -> None:
    code, out, _ = invoke(
        "rehearse",
        "--scenario",
        "money",
        "--judge",
        "local",
        stdin=f"yes, now is fine\nSo you felt left out. {CLEAR}\n",
    )
    assert code == 0
    _clean(out)
    code, out, _ = invoke("history", "show", "1")
    assert code == 0
    _clean(out)
    code, out, _ = invoke("history", "show", "1", "--json")
    texts = [u["text"] for u in json.loads(out)["utterances"] if u["speaker"] == "you"]
    assert texts[-1] == f"So you felt left out. {CLEAR}"


CASE = {
    "stage": "mirror",
    "speaker": "I felt alone at the party.",
    "response": "You are too sensitive.",
    "expected": {"judgement": True, "solution": True, "topic_change": False},
}
IDS = ["[/]", "[link=x]y[/link]", f"bell{CLEAR}"]  # all missed (no solution), so all shown


def test_eval_run_with_markup_in_case_ids_and_file_names(tmp_path: Path) -> None:
    data = tmp_path / "[bold]cases[link=x].jsonl"
    data.write_text("".join(json.dumps({**CASE, "id": cid}) + "\n" for cid in IDS))
    report, md = tmp_path / "r.json", tmp_path / "r.md"
    code, out, err = invoke(
        "eval",
        "run",
        "--judge",
        "local",
        "--dataset",
        str(data),
        "--json",
        str(report),
        "--markdown",
        str(md),
    )
    assert code == 0, err
    assert "[/]" in out and "[link=x]y[/link]" in out
    assert "[bold]cases[link=x].jsonl" in out.replace("\n", "")
    _clean(out)
    assert [r["id"] for r in json.loads(report.read_text())["results"]] == IDS
    assert "[/]" in md.read_text()
    assert "\x1b" not in md.read_text()


def test_eval_history_survives_a_stored_model_name_made_of_markup(isolated_env: Path) -> None:
    store = EvalStore.open()
    try:
        run = store.start_run(
            "k",
            dataset="[red]d.jsonl",
            dataset_sha256="0" * 64,
            judge="openai",
            model="[/]",
            prompt="[link=x]p[/link]",
            params={},
        )
        store.finish_run(run, {"macro_f1": 0.5, "metrics": {}, "cost_usd": None})
    finally:
        store.close()
    code, out, err = invoke("eval", "history")
    assert code == 0, err
    assert "[/]" in out
    assert "[link=x]p[/link]" in out.replace("\n", "")
    code, out, _ = invoke("eval", "history", "--wide")
    assert code == 0
    assert "[red]d.jsonl" in out
