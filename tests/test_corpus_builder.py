"""The corpus builder: source checkouts in; dataset cases and a text-free training set out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from imago_coach.cli.main import app

EVALS = Path(__file__).resolve().parents[1] / "evals"
ADVICE = (
    "ID\tMajority_label\tDS_Label\tSentence\n"
    "abc1-1-0\t1\t1\tYou should talk to her teacher about it .\n"
    "abc1-1-1\t0\t0\tI 'm sorry you 're going through this .\n"
    "abc1-2-0\t1\t1\tHave you thought about a sticker chart ?\n"
    + "".join(f"abc2-{i}-0\t0\t0\tThat happened to us {i} years ago .\n" for i in range(8))
)
UCC = (
    '"_unit_id","_trusted_judgments","comment","antagonize","antagonize:confidence",'
    '"condescending","condescending:confidence","dismissive","dismissive:confidence",'
    '"generalisation","generalisation:confidence","generalisation_unfair",'
    '"generalisation_unfair:confidence","healthy","healthy:confidence","hostile",'
    '"hostile:confidence","sarcastic","sarcastic:confidence"\n'
    '1,3,"You clearly cannot follow a simple argument.",0,1,1,1,0,1,0,1,0.0,1,0,1,0,1,0,1\n'
    '2,3,"Thanks, that is a fair point about the bus routes.",0,1,0,1,0,1,0,1,0.0,1,1,1,0,1,0,1\n'
)


def checkouts(tmp_path: Path) -> tuple[Path, Path]:
    """Two tiny source repositories in the sources' own layouts."""
    advice = tmp_path / "advice"
    (advice / "Dataset").mkdir(parents=True)
    (advice / "Dataset" / "needadvice_train.tsv").write_text(ADVICE)
    ucc = tmp_path / "ucc"
    (ucc / "corpus").mkdir(parents=True)
    (ucc / "corpus" / "val.csv").write_text(UCC)
    for repo in (advice, ucc):
        subprocess.run(["git", "init", "-q", str(repo)], check=True)
        subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                "x",
            ],
            check=True,
        )
    return advice, ucc


def build(tmp_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    advice, ucc = tmp_path / "advice", tmp_path / "ucc"
    return subprocess.run(
        [
            sys.executable,
            str(EVALS / "corpus" / "build.py"),
            f"advice={advice}",
            f"ucc={ucc}",
            "--cases",
            str(tmp_path / "cases"),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        text=True,
    )


def test_builder_writes_valid_cases_and_a_deterministic_text_free_training_set(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    checkouts(tmp_path)
    run = build(tmp_path, first)
    build(tmp_path, second)
    assert first.read_bytes() == second.read_bytes()
    assert b"teacher" not in first.read_bytes() and b"argument" not in first.read_bytes()
    assert "solution 2/" in run.stdout and "ucc: 2 cases" in run.stdout
    for name in ("advice", "ucc"):
        result = CliRunner().invoke(
            app, ["eval", "validate", str(tmp_path / "cases" / f"{name}.jsonl")]
        )
        assert result.exit_code == 0, result.stdout + result.stderr
    sys.path.insert(0, str(EVALS / "corpus"))
    import trainset  # type: ignore[import-not-found]  # evals/corpus, on the path

    loaded = trainset.read(first)
    assert loaded.source_names == ["advice", "ucc"]
    advice_rows = loaded.labels[loaded.source == 0]
    # solution, the annotators' majority: every advice sentence, a sample of the others
    assert advice_rows[:, 1].sum() == 2 and 2 < len(advice_rows) < 11
    assert (advice_rows[:, [0, 2]] == -1).all()  # judgement and topic change: not labelled
    assert loaded.labels[loaded.source == 1][:, 0].tolist() == [1, 0]


def test_builder_names_an_unknown_source(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EVALS / "corpus" / "build.py"), f"forum={tmp_path}"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "unknown source 'forum=" in result.stderr
