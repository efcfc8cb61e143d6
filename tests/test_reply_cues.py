"""How a reply addresses its listener and how far it stays with what was said: the learned
reader's dense cues, the ToxiChat mapping behind judgement, and topic change learned from them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from imago_coach.cli.main import app
from imago_coach.judges.learned import feature_names, hashed, load_model, said_stems

EVALS = Path(__file__).resolve().parents[1] / "evals"
THREAD = (
    "utterance,uOff,uOffTarget,u1stance,u2stance,u3stance,resp_coherence\n"
    "ALL,1,random,relationships,0.5\n"
    '"\u27a1\ufe0f Title: My partner forgot our anniversary \n I feel awful about it.",0,set()\n'
    '"\u21aa\ufe0f Grow up, you clearly can\'t handle an adult relationship.",1,set(),-1\n'
    "\u21aa\ufe0f That sounds really painful. Did you talk to them?,0,set(),1,0\n"
    "\u21aa\ufe0f These people are all the same. Typical.,1,{'women'},0,0,0\n"
    "DGPT_response: Nice one.,1,set(),0,0,0,1\n"
)


def cues(response: str, sender: str = "", context: tuple[str, ...] = ()) -> set[str]:
    return feature_names(
        "validate", response, frozenset(), [], said_stems(sender, context), said_stems(sender)
    )


def test_second_person_evaluation_condescension_and_orders_are_cues() -> None:
    assert {"a=you+eval", "a=you+eval:miserable", "a=formula:sucks_to_be"} <= cues(
        "Your life must be miserable, sucks to be you."
    )
    assert "a=you+down" in cues("You clearly can't follow a simple argument.")
    assert {"a=order:grow", "a=formula:grow_up"} <= cues("Grow up. Nobody cares.")
    calm = cues("It makes sense that you felt nervous before the interview.")
    assert not {n for n in calm if n.startswith(("a=you+", "a=order", "a=formula"))}


def test_topic_cues_tell_a_reply_that_draws_on_earlier_turns_from_a_new_subject() -> None:
    sender = "I was up all night again with the baby."
    earlier = ("My sister offered to take the night feeds on Friday.",)
    reflection = cues(
        "So you were up all night with the baby, and your sister offered Friday.", sender, earlier
    )
    shift = cues("Anyway, did Marcus ever pay you back for the concert tickets?", sender, earlier)
    assert "te=0" not in reflection and "te=0" in shift  # draws on the earlier turn
    assert "tnamed=1" in shift and "tnamed=1" not in reflection  # a new name, not said before
    assert "ts=validate:0" in shift and "ts=validate:0" not in reflection


def test_shipped_topic_change_weights_come_from_cues_not_words() -> None:
    model = load_model()
    assert model is not None
    topic, judgement = model.weights["topic_change"], model.weights["judgement"]
    assert sum(1 for w in topic if w) < 3_000 < sum(1 for w in judgement if w)
    words = hashed(["w=phone", "w=baby", "w=tickets", "b=by_the", "c=anyw"])
    assert any(judgement[i] for i in words) or any(model.weights["solution"][i] for i in words)
    assert not any(topic[i] for i in words)


def test_toxichat_replies_map_to_judgement_only_when_aimed_at_the_turn_they_answer(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "toxichat"
    (repo / "data" / "OC_S_post_thread").mkdir(parents=True)
    for split in ("train", "dev", "test"):
        text = THREAD if split == "dev" else THREAD.split("\n")[0] + "\n"
        (repo / "data" / "OC_S_post_thread" / f"OC_S_{split}.csv").write_text(text)
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
    subprocess.run(
        [
            sys.executable,
            str(EVALS / "corpus" / "build.py"),
            f"toxichat={repo}",
            "--cases",
            str(tmp_path / "cases"),
            "--out",
            str(tmp_path / "t.bin"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    cases = [
        json.loads(line)
        for line in (tmp_path / "cases" / "toxichat.jsonl").read_text().splitlines()
    ]
    assert [(c["response"][:8], c["expected"]) for c in cases] == [
        ("Grow up,", {"judgement": True}),
        ("That sou", {"judgement": False}),
    ]
    assert cases[1]["speaker"].startswith("Grow up")  # the turn it answers is the sender's
    assert cases[1]["context"][0]["text"].startswith("Title: My partner forgot")


def test_a_judgement_the_reader_raises_never_quotes_a_bare_makes_sense() -> None:
    shown = CliRunner().invoke(
        app,
        [
            "check",
            "--judge",
            "local",
            "--json",
            "--stage",
            "validate",
            "--sender",
            "I felt hurt when you didn't wish me on Karva Chauth.",
            "--response",
            "Makes sense, but you take these festivals too much to heart, na.",
        ],
    )
    assert shown.exit_code == 0, shown.output
    findings = json.loads(shown.stdout)["findings"]
    judgement = next(f for f in findings if f["flag"] == "judgement")
    assert judgement["evidence"] == "but you take these festivals too much to heart, na."


def test_a_tentative_feeling_guess_is_never_read_as_advice() -> None:
    for response in (
        "I imagine you feel lonely, maybe a bit lost without your old friends around.",
        "I imagine you feel tired, and maybe a bit taken for granted.",
    ):
        shown = CliRunner().invoke(
            app,
            [
                "check",
                "--judge",
                "local",
                "--json",
                "--stage",
                "empathize",
                "--sender",
                "I've been lonely and tired since we moved here.",
                "--response",
                response,
            ],
        )
        assert shown.exit_code == 0, shown.output
        assert "solution" not in json.loads(shown.stdout)["flags"], response
    advice = CliRunner().invoke(
        app,
        [
            "check",
            "--judge",
            "local",
            "--json",
            "--stage",
            "empathize",
            "--sender",
            "I've been lonely since we moved here.",
            "--response",
            "I imagine you feel lonely. Maybe you could join a running club to meet people?",
        ],
    )
    assert "solution" in json.loads(advice.stdout)["flags"]
