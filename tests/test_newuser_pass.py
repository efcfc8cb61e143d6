"""Defects found by following the README and the issues as a new user, each from the user's side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from audio_helpers import BASE_URL, TRANSCRIBE_URL, answer, diarized, talk_wav
from doubles import FAKE_KEY
from imago_coach.cli.main import app

runner = CliRunner()


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("IMAGO_JUDGE", "local")
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.mark.parametrize("command", ["transcribe", "review"])
def test_a_web_page_for_an_answer_is_no_transcript(
    endpoint: respx.MockRouter, tmp_path: Path, command: str
) -> None:
    """OPENAI_BASE_URL pointing at a site (not its /v1 API) answers 200 with HTML: that page
    was printed as the transcript, one '?:' line of markup."""
    talk = talk_wav(tmp_path / "talk.wav")
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=httpx.Response(
            200,
            text="<!DOCTYPE html><html><body>Welcome</body></html>",
            headers={"content-type": "text/html"},
        )
    )
    result = runner.invoke(app, [command, str(talk)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "answered with a web page, not a transcription" in result.stderr
    assert "check OPENAI_BASE_URL (it usually ends in /v1)" in result.stderr
    assert "Traceback" not in result.stderr and FAKE_KEY not in result.stderr


@pytest.mark.parametrize("option", [["transcribe", "-o"], ["review", "--keep-transcript"]])
def test_a_folder_for_the_transcript_is_refused_before_the_audio_is_sent(
    endpoint: respx.MockRouter, tmp_path: Path, option: list[str]
) -> None:
    """`-o ~/Documents`: the recording was sent and transcribed, then 'Cannot write: Is a
    directory', so the paid transcript was lost."""
    talk = talk_wav(tmp_path / "talk.wav")
    folder = tmp_path / "transcripts"
    folder.mkdir()
    route = endpoint.post(TRANSCRIBE_URL)
    command, flag = option
    result = runner.invoke(app, [command, str(talk), flag, str(folder)])
    assert result.exit_code == 2
    assert not route.called
    assert (
        f"{folder} is a folder: name the transcript file in it, e.g. {folder}/talk.txt."
        in result.stderr
    )
    assert "sending" not in result.stderr


def test_progress_after_one_answer_says_one_judged_answer() -> None:
    """`imago progress` after a first short rehearsal said '1 session and 1 judged answers'."""
    lines = (
        "yes\nSo if I got it, when I booked the car without you, you felt left out. "
        "Is there more?\n/quit\n"
    )
    rehearsed = runner.invoke(
        app, ["rehearse", "--scenario", "money", "--role", "receiver"], input=lines
    )
    assert rehearsed.exit_code == 0, rehearsed.stderr
    result = runner.invoke(app, ["progress"])
    assert result.exit_code == 0
    assert "Your progress over 1 session and 1 judged answer\n" in result.stdout


def test_the_partner_says_again_only_what_the_mirror_left_out() -> None:
    """The README's own piped rehearsal: the mirror gave back the car and 'left out', and the
    partner answered 'I also said that when you booked the new car ... doesn't count', the
    whole message again."""
    lines = (
        "yes\nSo if I got it, when I booked the car without you, you felt left out. "
        "Is there more?\n/quit\n"
    )
    result = runner.invoke(
        app,
        ["rehearse", "--scenario", "money", "--role", "receiver"],
        input=lines,
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "Not quite. I also said it felt like my opinion about our money doesn't count."
        in result.stdout
    )
    assert "I also said that when you booked" not in result.stdout


def test_a_validation_whose_reason_is_their_worry_is_not_a_diagnosed_motive() -> None:
    """A textbook validation was told 'Guessing at hidden motives': 'because you worry' was a
    motive cue whatever followed it."""
    sender = "I get anxious when you come home late without calling."
    good = runner.invoke(
        app,
        [
            "check",
            "--stage",
            "validate",
            "--sender",
            sender,
            "--response",
            "That makes sense, because you worry when you don't know where I am.",
            "--json",
        ],
    )
    assert good.exit_code == 0, good.stderr
    assert '"flags": []' in good.stdout
    diagnosed = runner.invoke(
        app,
        [
            "check",
            "--stage",
            "validate",
            "--sender",
            sender,
            "--response",
            "You're only upset because you worry too much.",
            "--json",
        ],
    )
    assert '"flags": ["judgement"]' in diagnosed.stdout


@pytest.mark.parametrize("name", ["IMAGO_AUDIO_MAX_MB", "IMAGO_TRANSCRIBE_TIMEOUT"])
@pytest.mark.parametrize("value", ["inf", "nan", "1e400"])
def test_an_audio_setting_of_inf_or_nan_is_one_line(
    endpoint: respx.MockRouter,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    value: str,
) -> None:
    """float() takes 'inf' and 'nan': the upload limit and timeout crashed with a traceback
    (OverflowError, ValueError) instead of saying what is wrong."""
    talk = talk_wav(tmp_path / "talk.wav")
    monkeypatch.setenv(name, value)
    route = endpoint.post(TRANSCRIBE_URL)
    result = runner.invoke(app, ["transcribe", str(talk)])
    assert result.exit_code == 2
    assert result.stderr == f"imago: {name} must be a number, not {value!r}.\n"
    assert not route.called


def test_ctrl_c_while_transcribing_says_what_to_do(
    endpoint: respx.MockRouter, tmp_path: Path
) -> None:
    """Ctrl-C during a transcription printed only 'imago: interrupted.': nothing on what was
    kept or what to do (the README promises one line saying what to do)."""
    talk = talk_wav(tmp_path / "talk.wav")

    def ctrl_c(_request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    endpoint.post(TRANSCRIBE_URL).mock(side_effect=ctrl_c)
    result = runner.invoke(app, ["transcribe", str(talk), "-o", str(tmp_path / "talk.txt")])
    assert result.exit_code == 130
    assert result.stderr.endswith("imago: interrupted: run the same command again to finish.\n")
    assert not (tmp_path / "talk.txt").exists()


def test_the_naming_hint_has_one_name_for_each_voice_heard(
    endpoint: respx.MockRouter, tmp_path: Path
) -> None:
    """Three voices heard (a child came in), and the hint still said --speakers "Name1,Name2"."""
    talk = talk_wav(tmp_path / "talk.wav")
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=answer(
            diarized(
                [
                    (0.0, 1.0, "A", "I felt alone at the party."),
                    (1.0, 2.0, "B", "So you felt alone at the party. Is there more?"),
                    (2.0, 3.0, "C", "Mum, where are my shoes?"),
                ]
            )
        )
    )
    result = runner.invoke(app, ["transcribe", str(talk)])
    assert result.exit_code == 0, result.stderr
    assert (
        "3 voices heard, shown as Speaker A, Speaker B, Speaker C in order of first speech: "
        'name them with --speakers "Name1,Name2,Name3" (in that order).'
    ) in result.stderr


def test_a_token_budget_below_one_from_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """IMAGO_MAX_INPUT_TOKENS=-1 was blamed on --max-input-tokens, which the user never typed."""
    monkeypatch.setenv("IMAGO_MAX_INPUT_TOKENS", "-1")
    args = [
        "check",
        "--stage",
        "mirror",
        "--sender",
        "I felt alone.",
        "--response",
        "You felt alone.",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        "imago: The token budget must be at least 1 (IMAGO_MAX_INPUT_TOKENS).\n"
    )
    flag = runner.invoke(app, [*args, "--max-input-tokens", "0"])
    assert flag.stderr == "imago: The token budget must be at least 1 (--max-input-tokens).\n"
