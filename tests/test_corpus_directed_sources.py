"""The corpus builder's person-directed judgement sources, read from tiny checkouts in each
source's own layout: what becomes a judgement, what a clean negative, what is left unlabelled."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

EVALS = Path(__file__).resolve().parents[1] / "evals"
sys.path.insert(0, str(EVALS / "corpus"))
import build  # type: ignore[import-not-found]  # noqa: E402  # evals/corpus, on the path

INSULTS = (
    "Insult,Date,Comment\n"
    '1,20120618192155Z,"""You are such an idiot,\\xa0seriously."""\n'
    '0,20120528192215Z,"""i really don\'t understand your point.\\nIt seems you mix things up."""\n'
    '0,,"""ok"""\n'
)
OLID = (
    "id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c\n"
    "1\t@USER you are not very bright are you. URL\tOFF\tTIN\tIND\n"
    "2\t@USER He is a liar and everyone knows it\tOFF\tTIN\tIND\n"
    "3\t@USER this shit is hard today honestly\tOFF\tUNT\tNULL\n"
    "4\t@USER Love to have a coffee with you before I head back\tNOT\tNULL\tNULL\n"
)
_COLUMNS = ["is_abuse.1", "is_abuse.0", "is_abuse.-1", "target.system", "sex_harassment"]


def _convabuse_row(number: int, user: str, votes: list[dict[str, str]]) -> str:
    cells = [f"{number}.0", "7.0", "Hello!", "hi", "What do you think?", user, "Eliza"]
    for vote in votes:
        cells += [vote.get(c, "0") for c in _COLUMNS]
    return ",".join(cells) + "\n"


def _convabuse() -> str:
    header = ["example_id", "conv_id", "prev_agent", "prev_user", "agent", "user", "bot"]
    header += [f"Annotator{a}_{c}" for a in (1, 2, 3) for c in _COLUMNS]
    abuse = {"is_abuse.1": "0", "is_abuse.-1": "1", "target.system": "1"}
    harass = {**abuse, "sex_harassment": "1"}
    clean = {"is_abuse.1": "1"}
    unsure = {"is_abuse.1": "0", "is_abuse.0": "1"}
    return (
        ",".join(header)
        + "\n"
        + _convabuse_row(1, "you are a useless stupid bot", [abuse, abuse, clean])
        + _convabuse_row(2, "I think it is going to rain later", [clean, clean, clean])
        + _convabuse_row(3, "something lewd here", [harass, harass, clean])
        + _convabuse_row(4, "hmm not sure about you", [unsure, unsure, clean])
    )


def _checkout(root: Path, files: dict[str, str]) -> Any:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return build.Checkout(root)


def test_insult_comments_keep_their_label_and_lose_their_escapes(tmp_path: Path) -> None:
    source = _checkout(tmp_path, {"train.csv": INSULTS, "test_with_solutions.csv": INSULTS})
    cases = [c for c in build.insults(source) if c.id.startswith("insults-train")]
    assert [(c.response, c.expected) for c in cases] == [
        ("You are such an idiot, seriously.", {"judgement": True}),
        (
            "i really don't understand your point. It seems you mix things up.",
            {"judgement": False},
        ),
    ]


def test_olid_keeps_only_insults_said_to_you_and_clean_tweets(tmp_path: Path) -> None:
    cases = list(build.olid(_checkout(tmp_path, {"olid-training-v1.0.tsv": OLID})))
    assert [(c.response, c.expected["judgement"]) for c in cases] == [
        ("you are not very bright are you.", True),
        ("Love to have a coffee with you before I head back", False),
    ]


def test_convabuse_takes_abuse_at_the_agent_with_its_turn_as_the_sender(tmp_path: Path) -> None:
    files = {f"2_splits/ConvAbuseEMNLP{s}.csv": _convabuse() for s in ("train", "valid", "test")}
    cases = [c for c in build.convabuse(_checkout(tmp_path, files)) if "-train-" in c.id]
    assert [(c.response, c.expected["judgement"]) for c in cases] == [
        ("you are a useless stupid bot", True),
        ("I think it is going to rain later", False),
    ]
    assert cases[0].speaker == "What do you think?"
    assert [t.text for t in cases[0].context] == ["Hello!", "hi"]
