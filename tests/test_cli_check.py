"""`imago check` and `imago doctor` as a user runs them (local judge, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doubles import FAKE_KEY
from imago_coach.cli.main import app

SENDER = "I felt invisible at the party when you talked to your friends all night."
RESPONSE = "You're too sensitive. Next time just come and talk to us."
CONTRACT_KEYS = {
    "stage",
    "judge",
    "model",
    "prompt",
    "flags",
    "findings",
    "mirror_accuracy",
    "missed",
    "added",
    "checks",
    "feedback",
    "notes",
    "tokens",
}
runner = CliRunner()


def check(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_check_prints_gentle_feedback_with_quotes_and_rewrite() -> None:
    code, out, _ = check("--stage", "mirror", "--sender", SENDER, "--response", RESPONSE)
    assert code == 0
    assert "Judgement" in out and "You're too sensitive" in out
    assert "Solution" in out and "Next time just come and talk to us" in out
    assert "You could say" in out and "Did I get that? Is there more?" in out
    assert "Traceback" not in out


def test_check_json_follows_the_contract() -> None:
    code, out, err = check(
        "--stage", "mirror", "--sender", SENDER, "--response", RESPONSE, "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    assert data["stage"] == "mirror" and data["judge"] == "local"
    assert data["model"] is None and data["prompt"] is None and data["tokens"] is None
    assert set(data["flags"]) == {"judgement", "solution"}
    assert all(
        set(f) == {"flag", "evidence", "explanation", "suggestion"} for f in data["findings"]
    )
    assert 0.0 <= data["mirror_accuracy"] <= 1.0
    assert set(data["checks"]) == {"did_i_get_it", "is_there_more"}
    assert isinstance(data["feedback"], str) and data["feedback"]
    assert err == ""


def test_check_reads_json_from_stdin() -> None:
    payload = json.dumps(
        {
            "stage": "empathize",
            "sender": SENDER,
            "response": "I imagine you might feel lonely and unseen.",
        }
    )
    code, out, _ = check("-", "--json", stdin=payload)
    assert code == 0
    data = json.loads(out)
    assert data["stage"] == "empathize" and data["flags"] == []
    assert data["mirror_accuracy"] is None


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--stage", "mirror", "--sender", "  ", "--response", "ok"], None, "sender's words"),
        (["--stage", "mirror", "--sender", "hi", "--response", "\n\t"], None, "response is"),
        (["--stage", "mirrror", "--sender", "hi", "--response", "ok"], None, "Unknown stage"),
        (["--sender", "hi", "--response", "ok"], None, "Which stage"),
        (["-"], "{not json", "not valid JSON"),
        (["-"], '["a list"]', "one JSON object"),
        (["-"], '{"stage": "mirror", "sender": "hi"}', "response"),
        (
            ["--stage", "mirror", "--sender", "hi", "--response", "ok", "--judge", "openai"],
            None,
            "No API key found",
        ),
        (
            ["--stage", "mirror", "--sender", "hi", "--response", "ok", "--judge", "gpt"],
            None,
            "Unknown judge",
        ),
    ],
)
def test_bad_input_is_one_clear_line_with_exit_2(
    args: list[str], stdin: str | None, message: str
) -> None:
    code, out, err = check(*args, stdin=stdin)
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("imago: ")
    assert message in lines[0]


def test_over_long_input_is_refused_with_limit_and_count() -> None:
    code, _, err = check(
        "--stage",
        "mirror",
        "--sender",
        SENDER,
        "--response",
        "word " * 500,
        "--max-input-tokens",
        "200",
    )
    assert code == 2
    assert "over the limit of 200" in err


def test_doctor_shows_configuration_but_never_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["doctor", "--json"])
    data = json.loads(result.stdout)
    assert data["judge"] == "local" and data["key_set"] is False
    assert data["words_leave_machine"] is False
    assert any(p["name"] == "rubric" and p["id"].startswith("rubric@") for p in data["prompts"])

    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    result = runner.invoke(app, ["doctor"])
    assert result.exit_code == 0
    assert "openai" in result.stdout and "localhost" in result.stdout
    assert "set (env OPENAI_API_KEY)" in result.stdout
    assert FAKE_KEY not in result.stdout and "SENTINEL" not in result.stdout
    data = json.loads(runner.invoke(app, ["doctor", "--json"]).stdout)
    assert data["endpoint_host"] == "localhost" and data["key_set"] is True


def test_prompt_override_changes_the_recorded_prompt(tmp_path: Path) -> None:
    custom = tmp_path / "my-rubric.md"
    custom.write_text("---\nname: rubric\nversion: 9\n---\nBe kind.\n", encoding="utf-8")
    result = runner.invoke(app, ["doctor", "--json", "--prompt", str(custom)])
    data = json.loads(result.stdout)
    rubric = next(p for p in data["prompts"] if p["name"] == "rubric")
    assert rubric["version"] == "9"
    missing = runner.invoke(app, ["doctor", "--prompt", str(tmp_path / "nope.md")])
    assert "Prompt file not found" in missing.stdout


def test_help_and_version() -> None:
    assert runner.invoke(app, ["--version"]).stdout.startswith("imago ")
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "check" in result.stdout


@pytest.mark.parametrize(
    ("sender", "response"),
    [("\u200b\u200b", "hi there"), ("...", "I hear you"), ("I felt alone", "!!!")],
)
def test_text_without_words_is_empty(sender: str, response: str) -> None:
    code, _, err = check("--stage", "mirror", "--sender", sender, "--response", response)
    assert code == 2
    assert "no letters or digits" in err


def test_bad_base_url_and_missing_prompt_are_config_errors(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, _, err = check(
        "--stage",
        "mirror",
        "--sender",
        SENDER,
        "--response",
        RESPONSE,
        "--prompt",
        str(tmp_path / "missing.md"),
    )
    assert code == 2 and "Prompt file not found" in err
    monkeypatch.setenv("OPENAI_BASE_URL", "not a url")
    code, _, err = check("--stage", "mirror", "--sender", SENDER, "--response", RESPONSE)
    assert code == 2 and "OPENAI_BASE_URL is not a URL" in err


def test_fallback_note_goes_to_stderr_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import respx

    from doubles import BASE_URL, CHAT_URL, error

    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock() as router:
        router.post(CHAT_URL).mock(return_value=error(500))
        code, out, err = check("--stage", "mirror", "--sender", SENDER, "--response", RESPONSE)
    assert code == 0
    assert "the model failed" not in out
    notes = [line for line in err.splitlines() if "the model failed" in line]
    assert notes == ["note: the model failed (HTTP 500 after 3 tries); the local judge answered"]
