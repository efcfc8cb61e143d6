"""Long recordings: split on silence, sent in parts, joined with continuous times and voices."""

from __future__ import annotations

import base64
import io
import itertools
import json
import stat
import sys
import wave
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx
from typer.testing import CliRunner

from audio_helpers import (
    BASE_URL,
    RATE,
    TRANSCRIBE_URL,
    answer,
    diarized,
    form_fields,
    make_wav,
    uploaded_file,
)
from doubles import FAKE_KEY
from imago_coach.cli.main import app
from imago_coach.errors import InputError
from imago_coach.transcript import audio
from imago_coach.transcript.audio import AudioPart, check_audio, parts, split_wav, voice_sample

runner = CliRunner()
# Speech in 0.7 s stretches with a 0.4 s pause after each: 36 stretches, 39.6 s.
PATTERN = [(0.7, True), (0.4, False)] * 36


def _pauses(pattern: list[tuple[float, bool]]) -> list[tuple[float, float]]:
    spans, at = [], 0.0
    for seconds, voiced in pattern:
        if not voiced:
            spans.append((at, at + seconds))
        at += seconds
    return spans


def _wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data), "rb") as reader:
        return reader.getnframes() / reader.getframerate()


def test_cuts_fall_in_pauses_and_nothing_is_lost(tmp_path: Path) -> None:
    path = make_wav(tmp_path / "long.wav", PATTERN)
    limit = 120_000  # 96 kB per part: 6 s of 8 kHz 16-bit audio
    got = list(parts(check_audio(path), limit))
    assert 7 <= len(got) <= 8  # 39.6 s in parts of at most 5.9 s, each cut in a pause
    assert all(len(p.data) <= limit * audio.SPLIT_SHARE for p in got)
    assert [p.filename for p in got[:2]] == ["long-part1.wav", "long-part2.wav"]
    assert sum(_wav_seconds(p.data) for p in got) == pytest.approx(39.6, abs=1 / RATE)
    pauses = _pauses(PATTERN)
    for before, after in itertools.pairwise(got):
        assert after.offset == pytest.approx(before.offset + _wav_seconds(before.data))
        assert any(start < after.offset < end for start, end in pauses), after.offset


def test_a_file_under_the_limit_is_sent_as_it_is(tmp_path: Path) -> None:
    path = make_wav(tmp_path / "short.wav", PATTERN[:4])
    (only,) = parts(check_audio(path), 25_000_000)
    assert only.data == path.read_bytes() and only.offset == 0.0


def test_long_audio_is_split_by_time_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(audio, "MAX_PART_SECONDS", 10)
    path = make_wav(tmp_path / "long.wav", PATTERN)
    got = list(parts(check_audio(path), 25_000_000))
    assert len(got) == 5  # 39.6 s in parts of at most 10 s, each cut in a pause
    assert all(_wav_seconds(p.data) <= 10 for p in got)
    assert all(any(a < p.offset < b for a, b in _pauses(PATTERN)) for p in got[1:])


@pytest.mark.parametrize(("width", "channels"), [(1, 1), (3, 1), (4, 1), (2, 2)])
def test_other_sample_formats_split_in_pauses(tmp_path: Path, width: int, channels: int) -> None:
    mono = make_wav(tmp_path / "m.wav", PATTERN)
    with wave.open(str(mono), "rb") as reader:
        frames = reader.readframes(reader.getnframes())
    converted = bytearray()
    for i in range(0, len(frames), 2):
        value = int.from_bytes(frames[i : i + 2], "little", signed=True)
        if width == 1:
            sample = bytes([(value >> 8) + 128])
        else:
            sample = (value << (8 * (width - 2))).to_bytes(width, "little", signed=True)
        converted += sample * channels
    path = tmp_path / "other.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(RATE)
        out.writeframes(bytes(converted))
    limit = int(6 * RATE * width * channels / audio.SPLIT_SHARE) + 2048
    with wave.open(str(path), "rb") as reader:
        got = list(split_wav(reader, "other", limit))
    assert 7 <= len(got) <= 8  # as for 16-bit mono
    for part in got[1:]:
        assert any(start < part.offset < end for start, end in _pauses(PATTERN))


def test_voice_samples_are_two_to_eight_seconds(tmp_path: Path) -> None:
    path = make_wav(tmp_path / "v.wav", [(12.0, True)])
    part = AudioPart("v.wav", path.read_bytes(), "audio/wav", 0.0, True)
    for start, end, expected in [(1.0, 1.5, 2.0), (0.0, 11.0, 8.0), (11.5, 11.9, 2.0)]:
        url = voice_sample(part, start, end)
        assert url is not None and url.startswith("data:audio/wav;base64,")
        assert _wav_seconds(base64.b64decode(url.split(",", 1)[1])) == pytest.approx(expected)
    tiny = make_wav(tmp_path / "t.wav", [(1.0, True)])
    assert voice_sample(AudioPart("t.wav", tiny.read_bytes(), "audio/wav", 0.0, True), 0, 1) is None
    assert voice_sample(AudioPart("x.m4a", b"....ftyp", "audio/mp4", 0.0, False), 0, 5) is None


def _float_wav(size: int) -> bytes:
    """A whole 32-bit float WAV header (a kind the wave module refuses) and ``size`` bytes."""
    fmt = b"fmt \x10\x00\x00\x00\x03\x00\x01\x00\x40\x1f\x00\x00\x00\x7d\x00\x00\x04\x00\x20\x00"
    return b"RIFF\x00\x00\x00\x00WAVE" + fmt + b"data" + size.to_bytes(4, "little") + b"\x00" * size


def test_wav_that_cannot_be_read_and_is_too_big(tmp_path: Path) -> None:
    path = tmp_path / "odd.wav"
    path.write_bytes(_float_wav(2000))
    with pytest.raises(InputError, match="a kind of WAV imago cannot split"):
        list(parts(check_audio(path), 1000))


# --- through the command, with an endpoint that answers each part ---------------------------


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch) -> Iterator[respx.MockRouter]:
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("IMAGO_JUDGE", "local")
    monkeypatch.setenv("IMAGO_AUDIO_MAX_MB", "0.12")  # 96 kB parts: 6 s each
    with respx.mock(assert_all_called=False) as mock:
        yield mock


def _per_part(request: httpx.Request) -> httpx.Response:
    """Each part: Maya then Daniel, in part-relative seconds; later parts use the known names
    the client sent, as OpenAI does."""
    name, data = uploaded_file(request)
    number = int(name.rsplit("part", 1)[1].split(".")[0])
    fields = form_fields(request)
    known = fields.get("known_speaker_names[]", [])
    first, second = ("known_A", "known_B") if known else ("A", "B")
    length = _wav_seconds(data)
    return answer(
        diarized(
            [
                (0.2, 2.0, first, f"Part {number}, Maya speaking."),
                (2.9, min(4.9, length), second, f"Part {number}, Daniel answering."),
            ],
            duration=length,
        )
    )


def test_a_split_recording_joins_times_and_voices(
    endpoint: respx.MockRouter, tmp_path: Path
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=_per_part)
    path = make_wav(tmp_path / "talk.wav", PATTERN)
    out_file = tmp_path / "talk.txt"
    result = runner.invoke(
        app, ["transcribe", str(path), "-o", str(out_file), "--speakers", "Maya,Daniel"]
    )
    assert result.exit_code == 0, result.stderr
    offsets = [got.offset for got in parts(check_audio(path), 120_000)]
    assert route.call_count == len(offsets) >= 7
    lines = out_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 * len(offsets)
    assert [line.split("] ")[1].split(":")[0] for line in lines] == ["Maya", "Daniel"] * len(
        offsets
    )
    for number, offset in enumerate(offsets, start=1):
        expected = int(offset + 0.2)
        stamp = f"[{expected // 3600:02d}:{expected % 3600 // 60:02d}:{expected % 60:02d}]"
        assert lines[2 * (number - 1)] == f"{stamp} Maya: Part {number}, Maya speaking."
    later = [form_fields(call.request) for call in route.calls]
    names = {call.request.url.path for call in route.calls}
    assert names == {"/v1/audio/transcriptions"}
    assert "known_speaker_names[]" not in later[0]
    for fields in later[1:]:
        assert sorted(fields["known_speaker_names[]"]) == ["known_A", "known_B"]
        refs = fields["known_speaker_references[]"]
        assert len(refs) == 2 and all(r.startswith("data:audio/wav;base64,") for r in refs)
        assert 2.0 <= _wav_seconds(base64.b64decode(refs[0].split(",", 1)[1])) <= 8.0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600


def test_a_voice_not_matched_gets_a_new_label(endpoint: respx.MockRouter, tmp_path: Path) -> None:
    def unmatched(request: httpx.Request) -> httpx.Response:
        name, _ = uploaded_file(request)
        if name.endswith("part1.wav"):
            return answer(diarized([(0.0, 2.0, "A", "Hello."), (2.9, 4.5, "B", "Hi.")]))
        return answer(diarized([(0.0, 2.0, "known_A", "Me again."), (2.9, 4.5, "A", "Who?")]))

    endpoint.post(TRANSCRIBE_URL).mock(side_effect=unmatched)
    path = make_wav(tmp_path / "talk.wav", PATTERN[:16])  # 8.8 s: two parts
    result = runner.invoke(app, ["transcribe", str(path), "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [line["label"] for line in data["turns"]] == ["A", "B", "A", "C"]
    assert data["speakers"] == {"A": "Speaker A", "B": "Speaker B", "C": "Speaker C"}
    assert "could not match to the first part" in result.stderr


def test_a_failed_later_part_names_it(endpoint: respx.MockRouter, tmp_path: Path) -> None:
    def second_fails(request: httpx.Request) -> httpx.Response:
        name, _ = uploaded_file(request)
        if name.endswith("part1.wav"):
            return answer(diarized([(0.0, 2.0, "A", "Hello."), (2.9, 4.5, "B", "Hi.")]))
        return httpx.Response(
            500, json={"error": {"message": "boom"}}, headers={"retry-after-ms": "1"}
        )

    endpoint.post(TRANSCRIBE_URL).mock(side_effect=second_fails)
    path = make_wav(tmp_path / "talk.wav", PATTERN[:16])
    result = runner.invoke(app, ["review", str(path)])
    assert result.exit_code == 1
    assert "Transcription failed at audio.test (part 2): HTTP 500 after 3 tries" in result.stderr


def _fake_ffmpeg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An ``ffmpeg`` on PATH that 'decodes' by copying a prepared 8.8 s WAV to its last
    argument; returns the file where it logs the path it wrote."""
    wav = make_wav(tmp_path / "decoded.wav", PATTERN[:16])
    log = tmp_path / "ffmpeg.log"
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "ffmpeg"
    script.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        f"shutil.copyfile({str(wav)!r}, sys.argv[-1])\n"
        f"open({str(log)!r}, 'w').write(sys.argv[-1])\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    return log


def test_a_long_m4a_is_decoded_with_ffmpeg_when_installed(
    endpoint: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=_per_part)
    log = _fake_ffmpeg(tmp_path, monkeypatch)
    m4a = tmp_path / "talk.m4a"
    m4a.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200_000)
    result = runner.invoke(app, ["transcribe", str(m4a)])
    assert result.exit_code == 0, result.stderr
    assert route.call_count == 2
    assert {uploaded_file(c.request)[0] for c in route.calls} == {
        "talk-part1.wav",
        "talk-part2.wav",
    }
    decoded_at = Path(log.read_text(encoding="utf-8"))
    assert not decoded_at.exists() and not decoded_at.parent.exists()  # the copy is gone


def test_a_long_m4a_without_ffmpeg_says_how_to_split(
    endpoint: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=_per_part)
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg here
    m4a = tmp_path / "talk.m4a"
    m4a.write_bytes(b"\x00\x00\x00\x20ftypM4A " + b"\x00" * 200_000)
    result = runner.invoke(app, ["review", str(m4a)])
    assert result.exit_code == 2
    assert result.stderr.startswith("imago: talk.m4a is 200 kB, over the 0.12 MB one request")
    assert "install ffmpeg" in result.stderr and "sending" not in result.stderr
    assert route.call_count == 0


def _m4a(path: Path, seconds: float, version: int = 0) -> Path:
    """A minimal m4a: an ftyp box, then a moov box whose mvhd declares ``seconds``."""
    if version == 1:
        mvhd_body = (
            bytes([1, 0, 0, 0])
            + b"\x00" * 16
            + (1000).to_bytes(4, "big")
            + int(seconds * 1000).to_bytes(8, "big")
        )
    else:
        mvhd_body = (
            bytes(4)
            + b"\x00" * 8
            + (1000).to_bytes(4, "big")
            + int(seconds * 1000).to_bytes(4, "big")
        )
    mvhd_body += b"\x00" * 80
    mvhd = (8 + len(mvhd_body)).to_bytes(4, "big") + b"mvhd" + mvhd_body
    moov = (8 + len(mvhd)).to_bytes(4, "big") + b"moov" + mvhd
    ftyp = b"\x00\x00\x00\x14ftypM4A \x00\x00\x00\x00M4A "
    mdat = (8 + 4000).to_bytes(4, "big") + b"mdat" + b"\x00" * 4000
    path.write_bytes(ftyp + mdat + moov)  # moov last, as phones write it
    return path


@pytest.mark.parametrize("version", [0, 1])
def test_m4a_length_is_read_from_its_header(tmp_path: Path, version: int) -> None:
    assert audio.mp4_seconds(_m4a(tmp_path / "a.m4a", 1500.0, version)) == 1500.0
    assert audio.mp4_seconds(make_wav(tmp_path / "w.m4a", [(0.1, False)])) is None


def test_a_long_but_small_m4a_is_not_sent_whole(
    endpoint: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMAGO_AUDIO_MAX_MB", "25")
    monkeypatch.setenv("PATH", str(tmp_path))  # no ffmpeg here
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=_per_part)
    result = runner.invoke(app, ["transcribe", str(_m4a(tmp_path / "memo.m4a", 41 * 60))])
    assert result.exit_code == 2
    assert result.stderr.startswith("imago: memo.m4a is 41 minutes long, over the 20 minutes")
    assert route.call_count == 0
    short = _m4a(tmp_path / "short.m4a", 600)
    route.side_effect = [answer(diarized([(0.0, 2.0, "A", "Hello."), (2.5, 4.0, "B", "Hi.")]))]
    result = runner.invoke(app, ["transcribe", str(short)])
    assert result.exit_code == 0, result.stderr
    assert uploaded_file(route.calls[0].request)[1] == short.read_bytes()


def test_a_wav_python_cannot_read_is_decoded_with_ffmpeg(
    endpoint: respx.MockRouter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    route = endpoint.post(TRANSCRIBE_URL).mock(side_effect=_per_part)
    _fake_ffmpeg(tmp_path, monkeypatch)
    odd = tmp_path / "studio.wav"  # a header the wave module refuses (32-bit float)
    odd.write_bytes(_float_wav(200_000))
    result = runner.invoke(app, ["transcribe", str(odd)])
    assert result.exit_code == 0, result.stderr
    assert route.call_count == 2
