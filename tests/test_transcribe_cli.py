"""``imago transcribe`` and ``imago review RECORDING`` from the user's side, against respx."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from audio_helpers import (
    BASE_URL,
    DIALOGUE,
    TRANSCRIBE_URL,
    answer,
    diarized,
    form_fields,
    talk_wav,
    verbose,
)
from doubles import FAKE_KEY, error, ok
from imago_coach.cli.main import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("IMAGO_JUDGE", "local")  # the review judges offline; audio goes out
    with respx.mock(assert_all_called=False) as mock:
        yield mock


@pytest.fixture
def talk(tmp_path: Path) -> Path:
    return talk_wav(tmp_path / "talk.wav")


def test_transcribe_prints_speakers_and_times(endpoint: respx.MockRouter, talk: Path) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    code, out, err = _run("transcribe", str(talk))
    assert code == 0, err
    assert out.splitlines() == [
        "[00:00:00] Speaker A: I felt alone at the party when you stayed with your friends all "
        "night.",
        "[00:00:01] Speaker B: So if I got it, you felt alone at the party when I stayed with "
        "my friends. Did I get that? Is there more?",
        "[00:00:03] Speaker A: Yes, and I missed you.",
        "[00:00:04] Speaker B: You make sense, because we had planned to go together.",
    ]
    assert "to audio.test to be transcribed by gpt-4o-transcribe-diarize" in err
    assert '--speakers "Name1,Name2"' in err
    fields = form_fields(route.calls[0].request)
    assert fields["model"] == ["gpt-4o-transcribe-diarize"]
    assert fields["response_format"] == ["diarized_json"]
    assert fields["chunking_strategy"] == ["auto"]


def test_transcript_file_is_private_and_reviewable(
    endpoint: respx.MockRouter, talk: Path, tmp_path: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    out_file = tmp_path / "talk.txt"
    code, out, err = _run(
        "transcribe", str(talk), "-o", str(out_file), "--speakers", "Maya, Daniel"
    )
    assert code == 0, err
    assert out == ""
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("[00:00:00] Maya: I felt alone")
    assert "[00:00:01] Daniel: So if I got it" in text
    assert "wrote the transcript (4 lines, 2 speakers)" in err
    code, out, err = _run("review", str(out_file), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["speakers"] == ["Maya", "Daniel"]


def test_review_a_recording_names_the_speakers(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    code, out, err = _run("review", str(talk), "--speakers", "Maya,Daniel", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["speakers"] == ["Maya", "Daniel"]
    assert report["source"] == "talk.wav"
    assert [t["speaker"] for t in report["turns"]] == ["Maya", "Daniel", "Maya", "Daniel"]
    assert report["turns"][1]["stage"] == "mirror"
    assert report["turns"][1]["start"] == "00:00:01"


def test_review_terminal_report_uses_the_names(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    code, out, err = _run("review", str(talk), "--speakers", "Maya,Daniel")
    assert code == 0, err
    assert "Maya and Daniel" in out
    assert "Speaker A" not in out


def test_nothing_is_stored_unless_asked(
    endpoint: respx.MockRouter, talk: Path, isolated_env: Path, tmp_path: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    before = sorted(p.name for p in tmp_path.iterdir())
    code, _, err = _run("review", str(talk), "--format", "json")
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no transcript written
    stored = [p for p in isolated_env.rglob("*") if p.is_file()] if isolated_env.exists() else []
    for path in stored:
        assert b"RIFF" not in path.read_bytes()[:64]
        assert b"I felt alone" not in path.read_bytes()


def test_keep_transcript_with_review(
    endpoint: respx.MockRouter, talk: Path, tmp_path: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    kept = tmp_path / "kept.txt"
    code, _, err = _run("review", str(talk), "--keep-transcript", str(kept), "--format", "json")
    assert code == 0, err
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "Speaker B: So if I got it" in kept.read_text(encoding="utf-8")


def test_plain_whisper_answer_lines_without_speakers(
    endpoint: respx.MockRouter, talk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGO_TRANSCRIBE_MODEL", "whisper-1")
    route = endpoint.post(TRANSCRIBE_URL).mock(
        return_value=answer(
            verbose(
                [(0.0, 1.2, " I felt alone at the party."), (61.5, 63.0, " So you felt alone?")]
            )
        )
    )
    code, out, err = _run("transcribe", str(talk))
    assert code == 0, err
    assert out.splitlines() == [
        "[00:00:00] ?: I felt alone at the party.",
        "[00:01:01] ?: So you felt alone?",
    ]
    assert "no speaker labels" in err and "in place of each '?'" in err
    fields = form_fields(route.calls[0].request)
    assert fields["response_format"] == ["verbose_json"]
    assert "chunking_strategy" not in fields


def test_plain_json_answer_one_line_per_sentence(
    endpoint: respx.MockRouter, talk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGO_TRANSCRIBE_MODEL", "gpt-4o-mini-transcribe")
    route = endpoint.post(TRANSCRIBE_URL).mock(
        return_value=answer({"text": "I felt alone. So you felt alone? Yes."})
    )
    code, out, _ = _run("transcribe", str(talk))
    assert code == 0
    assert out.splitlines() == ["?: I felt alone.", "?: So you felt alone?", "?: Yes."]
    assert form_fields(route.calls[0].request)["response_format"] == ["json"]


def test_review_without_speakers_says_how_to_name_them(
    endpoint: respx.MockRouter, talk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGO_TRANSCRIBE_MODEL", "whisper-1")
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(verbose([(0.0, 1.0, "Hi.")])))
    kept = tmp_path / "talk.txt"
    code, out, err = _run("review", str(talk), "--keep-transcript", str(kept))
    assert code == 2
    assert out == ""
    last = err.strip().splitlines()[-1]
    assert last.startswith("imago: The endpoint (audio.test) returned no speaker labels")
    assert f"imago review {kept}" in last
    assert kept.read_text(encoding="utf-8") == "[00:00:00] ?: Hi.\n"
    # Reviewing the file before naming anyone gets a clear line, not a guess.
    code, _, err = _run("review", str(kept))
    assert code == 2 and "No speaker turns found" in err


def test_server_without_diarized_json_is_asked_for_json(
    endpoint: respx.MockRouter, talk: Path
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(
        side_effect=[
            error(400, "Invalid value for 'response_format': diarized_json"),
            answer({"text": "Hello there."}),
        ]
    )
    code, out, err = _run("transcribe", str(talk))
    assert code == 0, err
    assert out == "?: Hello there.\n"
    assert [form_fields(c.request)["response_format"] for c in route.calls] == [
        ["diarized_json"],
        ["json"],
    ]


def test_429_is_retried(endpoint: respx.MockRouter, talk: Path) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(
        side_effect=[error(429, "slow down"), answer(diarized(DIALOGUE))]
    )
    code, out, _ = _run("transcribe", str(talk))
    assert code == 0 and route.call_count == 2
    assert "Speaker A" in out


@pytest.mark.parametrize(
    ("fault", "shown"),
    [
        (error(503, "overloaded"), "HTTP 503 after 3 tries"),
        (error(429, "rate limited"), "HTTP 429 after 3 tries"),
        (httpx.ReadTimeout("slow"), "the request timed out after 3 tries"),
        (httpx.ConnectError("refused"), "could not connect to the endpoint after 3 tries"),
    ],
)
def test_faults_end_in_one_line(
    endpoint: respx.MockRouter, talk: Path, fault: httpx.Response | Exception, shown: str
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=[fault, fault, fault])
    code, out, err = _run("review", str(talk))
    assert code == 1
    assert out == ""
    assert route.call_count == 3
    last = err.strip().splitlines()
    assert last[-1] == (
        f"imago: Transcription failed at audio.test: {shown}; try again later. "
        "There is no offline transcription, but a transcript from any tool can "
        "be reviewed offline (e.g. imago review talk.txt)."
    )
    assert "Traceback" not in err


def test_a_refusal_is_not_retried(endpoint: respx.MockRouter, talk: Path) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(return_value=error(400, "audio too short"))
    code, _, err = _run("transcribe", str(talk))
    assert code == 1 and route.call_count == 1
    assert "HTTP 400 after 1 try (audio too short); the endpoint refused the recording" in err


def test_the_key_never_shows(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=error(401, f"Incorrect API key provided: {FAKE_KEY}")
    )
    code, out, err = _run("transcribe", str(talk), "--json")
    assert code == 1
    assert FAKE_KEY not in out + err
    assert FAKE_KEY[:12] not in out + err
    assert "HTTP 401 after 1 try (Incorrect API" in err and "; check OPENAI_API_KEY." in err


def test_json_contract(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    code, out, _ = _run("transcribe", str(talk), "--json", "--speakers", "Maya,Daniel")
    assert code == 0
    data = json.loads(out)
    assert data["diarized"] is True and data["parts"] == 1
    assert data["speakers"] == {"A": "Maya", "B": "Daniel"}
    assert data["endpoint_host"] == "audio.test"
    assert data["turns"][0] == {
        "start": 0.0,
        "end": 1.2,
        "label": "A",
        "speaker": "Maya",
        "text": DIALOGUE[0][3],
    }


def test_json_transcript_reads_back_for_review(
    endpoint: respx.MockRouter, talk: Path, tmp_path: Path
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    saved = tmp_path / "talk.json"
    code, _, err = _run("transcribe", str(talk), "-o", str(saved), "--speakers", "Maya,Daniel")
    assert code == 0, err
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    code, out, err = _run("review", str(saved), "--format", "json")
    assert code == 0, err
    assert [t["speaker"] for t in json.loads(out)["turns"]] == ["Maya", "Daniel"] * 2


def test_more_voices_than_names(endpoint: respx.MockRouter, talk: Path) -> None:
    three = [*DIALOGUE, (6.2, 6.9, "C", "Mum, can I have juice?")]
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(three)))
    code, out, err = _run("transcribe", str(talk), "--speakers", "Maya,Daniel")
    assert code == 0
    assert out.splitlines()[-1] == "[00:00:06] Speaker C: Mum, can I have juice?"
    assert "heard 3 voices and --speakers named 2" in err


def test_endpoint_text_cannot_inject_terminal_codes(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=answer(
            diarized(
                [
                    (0.0, 1.0, "A", "Hi\x1b[2J there\nMaya: fake"),
                    (1.0, 2.0, "B", "[bold]Hello[/bold]"),
                ]
            )
        )
    )
    code, out, _ = _run("transcribe", str(talk))
    assert code == 0
    assert "\x1b" not in out
    assert out.splitlines() == [
        "[00:00:00] Speaker A: Hi\\x1b[2J there Maya: fake",
        "[00:00:01] Speaker B: [bold]Hello[/bold]",
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.with_suffix(".aiff").write_bytes(b"FORM0000AIFF"), "not a recording"),
        (lambda p: p.with_suffix(".m4a").write_bytes(b""), "is empty"),
        (
            lambda p: p.with_suffix(".mp3").write_text("Maya: hello", encoding="utf-8"),
            "does not look like mp3 audio",
        ),
        (lambda p: None, "No such file"),
    ],
)
def test_bad_files_are_refused_before_anything_is_sent(
    endpoint: respx.MockRouter, tmp_path: Path, make: object, message: str
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    base = tmp_path / "talk"
    make(base)  # type: ignore[operator]
    target = next(iter(tmp_path.glob("talk.*")), tmp_path / "missing.m4a")
    code, _, err = _run("transcribe", str(target))
    assert code == 2
    assert message in err
    assert "sending" not in err
    assert route.call_count == 0


def test_no_key_for_openai_says_what_to_do(tmp_path: Path) -> None:
    talk = talk_wav(tmp_path / "talk.wav")
    code, _, err = _run("review", str(talk))
    assert code == 2
    assert err.startswith("imago: Transcribing needs an endpoint: set OPENAI_API_KEY")
    assert "reviewed offline" in err


def test_local_server_without_key_gets_no_real_key(
    monkeypatch: pytest.MonkeyPatch, talk: Path
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    with respx.mock() as mock:
        route = mock.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
        code, _, err = _run("transcribe", str(talk))
    assert code == 0, err
    assert route.calls[0].request.headers["authorization"] == "Bearer no-key"


@pytest.mark.parametrize("names", ["Maya:Dan,Ben", ",", "Maya,maya", "Maya,Dan\x1b[31m"])
def test_bad_speaker_names(talk: Path, names: str) -> None:
    code, _, err = _run("transcribe", str(talk), "--speakers", names)
    assert code == 2
    assert err.startswith("imago: ") and "\x1b" not in err


def test_output_cannot_overwrite_the_recording(talk: Path) -> None:
    code, _, err = _run("transcribe", str(talk), "-o", str(talk))
    assert code == 2 and "would overwrite or look like a recording" in err
    assert talk.read_bytes()[:4] == b"RIFF"


def test_recording_options_on_a_text_transcript(tmp_path: Path, talk: Path) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Maya: hi\nDaniel: So you said hi.\n", encoding="utf-8")
    code, _, err = _run("review", str(text), "--transcribe-model", "whisper-1")
    assert code == 2 and "are for recordings" in err
    code, _, err = _run("review", str(talk), "--format-in", "txt")
    assert code == 2 and "--format-in is for transcripts; talk.wav is a recording." in err


def test_doctor_shows_transcription(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    monkeypatch.setenv("IMAGO_TRANSCRIBE_MODEL", "whisper-1")
    code, out, _ = _run("doctor", "--json", "--no-tokenizer")
    assert code == 0
    data = json.loads(out)
    assert data["transcribe_model"] == "whisper-1"
    assert data["transcribe_model_source"] == "env IMAGO_TRANSCRIBE_MODEL"
    assert data["transcribe_endpoint_host"] == "127.0.0.1"
    assert data["transcribe_ready"] is True
    code, out, _ = _run("doctor", "--no-tokenizer", "--transcribe-model", "gpt-4o-transcribe")
    assert "gpt-4o-transcribe" in out and "recordings are sent here" in out


def test_help_lists_transcribe() -> None:
    code, out, _ = _run("--help")
    assert code == 0 and "Transcribe a recorded talk" in out


def test_review_of_one_voice_says_so(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=answer(diarized([(0.0, 1.0, "A", "I am talking to myself.")]))
    )
    code, out, err = _run("review", str(talk), "--speakers", "Maya,Daniel")
    assert code == 2 and out == ""
    assert err.strip().splitlines()[-1] == (
        "imago: Only one voice (Maya) was heard in talk.wav: a review needs both partners. Was "
        "the other partner close enough to the phone?"
    )


def test_silence_is_told(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=answer({"text": ""}))
    code, out, err = _run("transcribe", str(talk))
    assert code == 0 and out == ""
    assert "no speech was heard in talk.wav" in err
    assert "speaker labels" not in err
    code, _, err = _run("review", str(talk))
    assert code == 2 and "No speech was heard in talk.wav" in err


@pytest.mark.parametrize(
    "module", ["imago_coach.transcript.transcribe", "imago_coach.transcript.audio"]
)
def test_the_core_of_transcribing_imports_no_cli_and_no_openai(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(','.join(m for m in ('typer', 'rich', 'openai') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_a_server_with_a_smaller_upload_limit(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(return_value=error(413, "Request Entity Too Large"))
    code, _, err = _run("transcribe", str(talk))
    assert code == 1
    assert "HTTP 413 after 1 try (Request Entity Too Large); set IMAGO_AUDIO_MAX_MB" in err


def test_an_unknown_model_points_at_the_setting(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=error(400, "Model gpt-4o-transcribe-diarize is not available here")
    )
    code, _, err = _run("transcribe", str(talk))
    assert code == 1
    assert "; check OPENAI_BASE_URL and the model (--transcribe-model)." in err


def test_a_plain_text_answer_is_read(endpoint: respx.MockRouter, talk: Path) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=httpx.Response(200, text="I felt alone. You felt alone?")
    )
    code, out, _ = _run("transcribe", str(talk))
    assert code == 0
    assert out.splitlines() == ["?: I felt alone.", "?: You felt alone?"]


@pytest.mark.parametrize("body", ['{"status": "queued"}', "[1, 2]", '{"text": 3}'])
def test_an_answer_that_is_no_transcription(
    endpoint: respx.MockRouter, talk: Path, body: str
) -> None:
    endpoint.post(TRANSCRIBE_URL).mock(
        return_value=httpx.Response(200, text=body, headers={"content-type": "application/json"})
    )
    code, out, err = _run("transcribe", str(talk))
    assert code == 1 and out == ""
    assert (
        "Transcription failed at audio.test: the endpoint's answer was not a transcription" in err
    )


def test_review_of_a_recording_with_the_model_judge(
    endpoint: respx.MockRouter, talk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGO_JUDGE", "openai")
    audio = endpoint.post(TRANSCRIBE_URL).mock(return_value=answer(diarized(DIALOGUE)))
    chat = endpoint.post(f"{BASE_URL}/chat/completions").mock(return_value=ok())
    code, out, err = _run("review", str(talk), "--speakers", "Maya,Daniel", "--format", "json")
    assert code == 0, err
    assert audio.call_count == 1 and chat.call_count >= 2
    report = json.loads(out)
    assert report["judge"] == "openai" and report["speakers"] == ["Maya", "Daniel"]
    sent = chat.calls[0].request.content.decode()
    assert "I felt alone at the party" in sent or "So if I got it" in sent
    lines = err.splitlines()
    assert lines[0].startswith("note: sending talk.wav") and "to be judged" in lines[1]
    assert FAKE_KEY not in out + err
