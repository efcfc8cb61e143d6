"""Build the learned reader's training corpus from local checkouts of public, labelled datasets.

    python evals/corpus/build.py advice=PATH ucc=PATH davidson=PATH mi=PATH toxichat=PATH \\
        empathetic=PATH epitome=PATH [--cases DIR] [--out evals/corpus/trainset.bin]

Each PATH is a checkout of the source repository (a work tree or a bare git directory; files are
read at its HEAD). Each source's labels are mapped to imago's flags (see README.md beside this
file); cases are written in the dataset schema of evals/README.md to ``--cases`` (text: kept out
of the repository) and, hashed through the local judge's own features, to ``--out`` (no text:
committed). Deterministic: the same checkouts and the same judge give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import re
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from imago_coach.judges.learned import DIM
from imago_coach.judges.local import learned_input
from imago_coach.language.text import content_stems
from imago_coach.models import CheckRequest, Stage, Turn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trainset import TrainSet, write

HERE = Path(__file__).resolve().parent
NO_SENDER = "(this source keeps no sender turn)"
RECEIVER_STAGES = ("mirror", "validate", "empathize")
csv.field_size_limit(1 << 24)


@dataclass
class Case:
    id: str
    response: str
    expected: dict[str, bool]
    tags: list[str]
    notes: str
    group: str
    speaker: str = NO_SENDER
    context: list[Turn] = field(default_factory=list)

    @property
    def stage(self) -> str:
        return RECEIVER_STAGES[zlib.crc32(self.id.encode()) % len(RECEIVER_STAGES)]

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "id": self.id,
            "stage": self.stage,
            "speaker": self.speaker,
            "response": self.response,
            "expected": self.expected,
            "tags": self.tags,
            "notes": self.notes,
        }
        if self.context:
            out["context"] = [t.model_dump() for t in self.context]
        return out


class Checkout:
    """A source repository on disk: a work tree, or a bare git directory read at HEAD."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.bare = not (path / ".git").exists() and (path / "HEAD").exists()

    def read(self, name: str) -> str:
        if not self.bare:
            return (self.path / name).read_text(encoding="utf-8")
        return subprocess.run(
            ["git", f"--git-dir={self.path}", "show", f"HEAD:{name}"],
            check=True,
            capture_output=True,
        ).stdout.decode("utf-8")

    def files(self, folder: str) -> list[str]:
        if not self.bare:
            return sorted(str(p.relative_to(self.path)) for p in (self.path / folder).iterdir())
        out = subprocess.run(
            ["git", f"--git-dir={self.path}", "ls-tree", "--name-only", f"HEAD:{folder}"],
            check=True,
            capture_output=True,
            text=True,
        )
        return sorted(f"{folder}/{n}" for n in out.stdout.split())

    def commit(self) -> str:
        args = [f"--git-dir={self.path}"] if self.bare else ["-C", str(self.path)]
        return subprocess.run(
            ["git", *args, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
        ).stdout.strip()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _tab_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def _picked(key: str, one_in: int) -> bool:
    return zlib.crc32(key.encode()) % one_in == 0


_SPACY_GAPS = re.compile(r" (?=(?:n't|n’t|'[a-z]+|’[a-z]+|[.,!?;:%)\]]))|(?<=[(\[$]) ")


def _detokenize(text: str) -> str:
    """spaCy's tokens back to running text: "I 'd go ." -> "I'd go."."""
    return _SPACY_GAPS.sub("", text.strip()).replace("do nt", "don't").replace(" nt ", "n't ")


def advice(src: Checkout) -> Iterator[Case]:
    """r/AskParents and r/needadvice reply sentences; majority of three annotators: advice."""
    for name in src.files("Dataset"):
        if not name.endswith(".tsv"):
            continue
        for n, row in enumerate(_tab_rows(src.read(name))):
            text = _detokenize(row["Sentence"])
            if len(text) < 3:
                continue
            label = row["Majority_label"] == "1"
            if not label and not _picked(row["ID"], 2):
                continue  # every advice sentence, half of the others
            yield Case(
                id=f"advice-{Path(name).stem}-{n}-{row['ID']}",
                response=text,
                expected={"solution": label},
                group=row["ID"].rsplit("-", 1)[0],
                tags=["advice", "advice" if label else "no-advice"],
                notes="Reddit reply sentence; majority of three annotators: "
                + ("advice." if label else "not advice."),
            )


UCC_JUDGING = (
    "antagonize",
    "condescending",
    "dismissive",
    "hostile",
    "sarcastic",
    "generalisation_unfair",
)


def ucc(src: Checkout) -> Iterator[Case]:
    """Unhealthy Comments Corpus: comments labelled hostile, condescending, dismissive..."""
    for name in ("corpus/val.csv", "corpus/test.csv", "corpus/train.csv"):
        try:
            text = src.read(name)
        except (OSError, subprocess.CalledProcessError):
            continue  # train.csv is too large for some mirrors: use what arrived
        for row in _rows(text):
            marks = [k for k in UCC_JUDGING if float(row[k] or 0) >= 1.0]
            healthy = row["healthy"] == "1"
            if not marks and not healthy:
                continue  # unhealthy for a reason outside judgement: unlabelled
            yield Case(
                id=f"ucc-{row['_unit_id']}",
                response=row["comment"].strip(),
                expected={"judgement": bool(marks)},
                group=row["_unit_id"],
                tags=["ucc", *(marks[:3] or ["healthy"])],
                notes="News comment; crowd label: " + (", ".join(marks) or "healthy") + ".",
            )


_MENTION = re.compile(r"(?:\bRT\b\s*)?@\w+:?|https?://\S+|#\w+")


def _judged_alone(
    key: str, text: str, label: bool, tags: tuple[str, str, str], notes: tuple[str, str, str]
) -> Case:
    """A lone utterance labelled judgement or not: its own conversation group, tagged with its
    source and its label (``tags``: source, yes, no; ``notes``: lead, yes, no)."""
    return Case(
        id=key,
        response=text,
        expected={"judgement": label},
        group=key,
        tags=[tags[0], tags[1] if label else tags[2]],
        notes=notes[0] + (notes[1] if label else notes[2]),
    )


def davidson(src: Checkout) -> Iterator[Case]:
    """Tweets labelled offensive / hate / neither by a crowd majority: the harsh end of judging."""
    for row in _rows(src.read("data/labeled_data.csv")):
        text = html.unescape(_MENTION.sub(" ", row["tweet"]))
        text = re.sub(r"\s+", " ", text).strip(' :!"')
        offensive = row["class"] != "2"
        key = f"davidson-{row['']}"
        if len(text) < 12 or (offensive and not _picked(key, 8)):
            continue  # an eighth of the (dominant) offensive class: tweets are the harsh end
        yield _judged_alone(
            key,
            text,
            offensive,
            ("davidson", "offensive", "neither"),
            ("Tweet; crowd majority: ", "offensive.", "neither."),
        )


MI_SOLUTION = {
    "Advise with Permission": True,
    "Advise without Permission": True,
    "Direct": True,
    "Simple Reflection": False,
    "Complex Reflection": False,
    "Open Question": False,
    "Closed Question": False,
    "Affirm": False,
    "Support": False,
    "Emphasize Autonomy": False,
}
MI_JUDGEMENT = {
    "Confront": True,
    "Simple Reflection": False,
    "Complex Reflection": False,
    "Open Question": False,
    "Affirm": False,
    "Support": False,
    "Emphasize Autonomy": False,
    "Advise with Permission": False,
}
MI_TOPIC = {
    "Self-Disclose": True,
    "Simple Reflection": False,
    "Complex Reflection": False,
    "Open Question": False,
    "Closed Question": False,
}


def mi(src: Checkout) -> Iterator[Case]:
    """Counselling sentences with human MI codes (gold test split, and advice rephrasing pairs)."""
    path = "Software/MI Classifier/output/mi_gold/test_output.csv"
    for i, row in enumerate(_rows(src.read(path))):
        code = row["Ground truth"]
        expected = {
            flag: table[code]
            for flag, table in (
                ("judgement", MI_JUDGEMENT),
                ("solution", MI_SOLUTION),
                ("topic_change", MI_TOPIC),
            )
            if code in table
        }
        if expected:
            yield Case(
                id=f"mi-gold-{i}",
                response=row["Text"].strip(),
                expected=expected,
                group=f"mi-gold-{i}",
                tags=["mi", code.lower().replace(" ", "-")],
                notes=f"Counsellor sentence; MI code: {code}.",
            )
    for split in ("train", "valid", "test"):
        text = src.read(f"Data/PP Dataset/retrieve/advise_{split}.txt")
        for j, line in enumerate(text.splitlines()):
            parts = dict(p.split(":", 1) for p in line.split("\t") if ":" in p)
            for side, code in (
                ("text", "advise-without-permission"),
                ("labels", "advise-with-permission"),
            ):
                sentence = parts.get(side, "").strip()
                if sentence:
                    yield Case(
                        id=f"mi-pp-{split}-{j}-{side}",
                        response=sentence,
                        expected={"solution": True},
                        group=f"mi-pp-{split}-{j}",
                        tags=["mi", code],
                        notes=f"Counsellor sentence; MI code: {code}.",
                    )


ED_SOLUTION = {
    "suggesting": True,
    "questioning": False,
    "acknowledging": False,
    "agreeing": False,
    "consoling": False,
    "encouraging": False,
    "sympathizing": False,
    "wishing": False,
}
ED_TOPIC = {
    "suggesting",
    "questioning",
    "acknowledging",
    "consoling",
    "encouraging",
    "sympathizing",
    "wishing",
}
ED_KIND = {"consoling", "encouraging", "sympathizing", "wishing"}


@dataclass
class Exchange:
    """A real speaker turn and the listener's reply, with what came before."""

    key: str
    speaker: str
    reply: str
    topic: str
    context: list[Turn]
    intent: str = ""


def _ed_text(text: str) -> str:
    return text.replace("_comma_", ",").strip()


def ed_exchanges(src: Checkout) -> list[Exchange]:
    out: list[Exchange] = []
    for name in src.files("datasets/empatheticdialogues_annotated"):
        topic = Path(name).stem
        dialogues: dict[str, list[dict[str, str]]] = {}
        for row in _rows(src.read(name)):
            if row["Type"] == "utterance":
                dialogues.setdefault(row["Dialog_ID"], []).append(row)
        for key, turns in dialogues.items():
            for i in range(1, len(turns)):
                if turns[i]["Actor"] != "listener" or turns[i - 1]["Actor"] != "speaker":
                    continue
                context = [
                    Turn(speaker="A" if t["Actor"] == "speaker" else "B", text=_ed_text(t["Text"]))
                    for t in turns[: i - 1]
                ]
                out.append(
                    Exchange(
                        f"{key}-{i}",
                        _ed_text(turns[i - 1]["Text"]),
                        _ed_text(turns[i]["Text"]),
                        topic,
                        context,
                        turns[i]["Label"],
                    )
                )
    return sorted(out, key=lambda e: e.key)


def empathetic(exchanges: list[Exchange]) -> Iterator[Case]:
    """EmpatheticDialogues listener turns with intents (EmpatheticIntents' classifier labels)."""
    for ex in exchanges:
        if ex.intent not in ED_SOLUTION:
            continue
        if ex.intent != "suggesting" and not _picked(ex.key, 5):
            continue  # every suggestion, a fifth of the rest
        expected = {"solution": ED_SOLUTION[ex.intent]}
        if ex.intent in ED_TOPIC:
            expected["topic_change"] = False
        if ex.intent in ED_KIND:
            expected["judgement"] = False
        yield Case(
            id=f"ed-{ex.key}",
            speaker=ex.speaker,
            response=ex.reply,
            context=ex.context,
            expected=expected,
            group=ex.key.split("-")[0],
            tags=["empathetic", ex.intent],
            notes=f"Listener's reply in its own conversation; intent: {ex.intent}.",
        )


def epitome_exchanges(src: Checkout) -> list[Exchange]:
    levels: dict[str, dict[str, int]] = {}
    texts: dict[str, tuple[str, str]] = {}
    for kind in ("emotional-reactions", "explorations", "interpretations"):
        for row in _rows(src.read(f"dataset/{kind}-reddit.csv")):
            key = f"{row['sp_id']}-{row['rp_id']}"
            levels.setdefault(key, {})[kind] = int(row["level"])
            texts[key] = (row["seeker_post"].strip(), row["response_post"].strip())
    out = []
    for key in sorted(texts):
        lv = levels[key]
        stays = lv.get("explorations", 0) >= 1 or (
            lv.get("emotional-reactions", 0) >= 1 and lv.get("interpretations", 0) == 0
        )
        out.append(
            Exchange(
                key, texts[key][0], texts[key][1], key.split("-")[0], [], "stays" if stays else ""
            )
        )
    return out


def epitome(exchanges: list[Exchange]) -> Iterator[Case]:
    """Peer-support replies that explore or react to the seeker's own post (EPITOME ratings)."""
    for ex in exchanges:
        if ex.intent == "stays":
            yield Case(
                id=f"epitome-{ex.key}",
                speaker=ex.speaker,
                response=ex.reply,
                expected={"topic_change": False},
                group=ex.topic,
                tags=["epitome", "stays-on-topic"],
                notes="Reply rated as exploring or reacting to the seeker's post.",
            )


def mismatched(
    exchanges: list[Exchange], name: str, one_in: int, *, same_subject: bool = False
) -> Iterator[Case]:
    """A real reply paired with a speaker turn from another conversation.

    Labelled topic change by construction: the pairing is deterministic, and the two texts share
    no content word. Either the other conversation is on another subject (for EmpatheticDialogues,
    another emotion), or, with ``same_subject``, on the same one (the harder, more realistic
    kind: the same emotion, someone else's story)."""
    n = len(exchanges)
    kind = f"{name}-same" if same_subject else name
    for i, ex in enumerate(exchanges):
        if not _picked(f"{kind}-{ex.key}", one_in) or len(ex.reply) < 15:
            continue
        reply = set(content_stems(ex.reply))
        for step in range(1, 400 if same_subject else 60):
            other = exchanges[(i + 7919 * step) % n]
            if (
                (other.topic == ex.topic) == same_subject
                and other.key != ex.key
                and other.key.split("-")[0] != ex.key.split("-")[0]
                and not reply & set(content_stems(other.speaker))
            ):
                break
        else:
            continue
        subject = "the same subject" if same_subject else "another subject"
        yield Case(
            id=f"mismatch-{kind}-{ex.key}",
            speaker=other.speaker,
            response=ex.reply,
            expected={"topic_change": True},
            group=ex.key.split("-")[0],
            tags=["mismatch", kind],
            notes=f"Constructed: a {name} reply set against another conversation's turn "
            f"on {subject}.",
        )


_SECOND_PERSON = re.compile(r"\b(?:you|your|you're|yours|yourself|u|ur)\b", re.IGNORECASE)


def _toxichat_text(cell: str) -> str:
    text = html.unescape(cell).lstrip("\u27a1\u21aa\ufe0f ").strip()
    return re.sub(r"\s+", " ", _MENTION.sub(" ", text)).strip()


def toxichat(src: Checkout) -> Iterator[Case]:
    """Reddit comments in their threads (ToxiChat), each labelled offensive or safe by people,
    with its stance towards every earlier turn: the reply-directed end of judging."""
    for split in ("train", "dev", "test"):
        rows = list(csv.reader(io.StringIO(src.read(f"data/OC_S_post_thread/OC_S_{split}.csv"))))
        thread: list[str] = []
        number = 0
        for row in rows[1:]:
            if not row or (row[0] in ("ALL", "SUB") and len(row) == 5):
                thread, number = [], number + 1
                continue
            if row[0].startswith(("DGPT_response", "GPT3_response")) or len(row) < 2:
                continue  # machine replies: not people's words
            text = _toxichat_text(row[0])
            thread.append(text)
            if len(thread) < 2 or len(text) < 3:
                continue
            offensive = row[1] == "1"
            disagrees = row[-1].strip() == "-1"
            at_group = row[2].strip() not in ("set()", "{'Not in the list'}")
            if offensive and not (disagrees or (_SECOND_PERSON.search(text) and not at_group)):
                continue  # offensive about a group or someone else, not at the turn answered
            key = f"toxichat-{split}-{number}-{len(thread)}"
            context = [
                Turn(speaker="A" if (len(thread) - i) % 2 else "B", text=t)
                for i, t in enumerate(thread[:-2], start=1)
            ]
            yield Case(
                id=key,
                speaker=thread[-2],
                response=text,
                context=context,
                expected={"judgement": offensive},
                group=f"toxichat-{split}-{number}",
                tags=["toxichat", "offensive-reply" if offensive else "safe"],
                notes="Reddit reply in its thread; annotators: "
                + ("offensive, aimed at the turn it answers." if offensive else "safe."),
            )


_ESCAPE = re.compile(r"\\+(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[nrt])")
_ESCAPED_QUOTE = re.compile(r"\\+(['\"])")


def _insult_text(cell: str) -> str:
    """A comment of the insults set: quoted, with escapes written out ("\\xa0", "\\n")."""
    text = cell.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    text = _ESCAPED_QUOTE.sub(r"\1", _ESCAPE.sub(" ", text))
    return re.sub(r"\s+", " ", html.unescape(_MENTION.sub(" ", text))).strip()


def insults(src: Checkout) -> Iterator[Case]:
    """Comments from online conversations, each labelled by people as insulting to another
    participant in the conversation or not (the Impermium insults set, train and test)."""
    for name in ("train.csv", "test_with_solutions.csv"):
        for n, row in enumerate(_rows(src.read(name))):
            text = _insult_text(row["Comment"])
            if len(text) < 3 or len(text) > 600:
                continue
            label = row["Insult"].strip() == "1"
            key = f"insults-{Path(name).stem}-{n}"
            yield _judged_alone(
                key,
                text,
                label,
                ("insults", "insult", "not-insult"),
                (
                    "Comment in an online conversation; labelled: ",
                    "insulting to another participant.",
                    "not insulting.",
                ),
            )


def olid(src: Checkout) -> Iterator[Case]:
    """Tweets labelled offensive or not, then targeted or not, then at whom (OLID): an insult
    aimed at an individual and said to "you" -> judgement; not offensive -> not; the rest
    (untargeted swearing, groups, organisations, a third party) -> unlabelled."""
    for row in _tab_rows(src.read("olid-training-v1.0.tsv")):
        text = html.unescape(re.sub(r"@USER|\bURL\b", " ", row["tweet"]))
        text = re.sub(r"\s+", " ", _MENTION.sub(" ", text)).strip(' :"')
        if len(text) < 12:
            continue
        at_you = row["subtask_c"] == "IND" and bool(_SECOND_PERSON.search(text))
        if row["subtask_a"] == "OFF" and not at_you:
            continue
        key = f"olid-{row['id']}"
        yield _judged_alone(
            key,
            text,
            at_you,
            ("olid", "insult-at-you", "not-offensive"),
            ("Tweet; annotators: ", "an insult aimed at an individual.", "not offensive."),
        )


def _majority(row: dict[str, str], column: str, annotators: list[str]) -> bool:
    return 2 * sum(row.get(f"{a}_{column}") == "1" for a in annotators) > len(annotators)


def convabuse(src: Checkout) -> Iterator[Case]:
    """People's replies to conversational agents, each rated by several annotators for abuse
    and its target (ConvAbuse): abuse aimed at the agent it answers -> judgement (sexual
    harassment alone, another kind of harm, unlabelled); not abusive -> not."""
    for split in ("train", "valid", "test"):
        for row in _rows(src.read(f"2_splits/ConvAbuseEMNLP{split}.csv")):
            annotators = sorted(
                {k.split("_", 1)[0] for k, v in row.items() if k.endswith("is_abuse.1") and v}
            )
            text = re.sub(r"\s+", " ", row["user"]).strip()
            if not annotators or len(text) < 3:
                continue
            abusive = [
                a
                for a in annotators
                if row[f"{a}_is_abuse.1"] != "1" and row[f"{a}_is_abuse.0"] != "1"
            ]
            if 2 * len(abusive) > len(annotators):
                if not _majority(row, "target.system", abusive) or _majority(
                    row, "sex_harassment", abusive
                ):
                    continue
                label = True
            elif _majority(row, "is_abuse.1", annotators):
                label = False
            else:
                continue  # ambiguous
            key = f"convabuse-{split}-{row['example_id']}"
            turns = [t for t in (row["prev_agent"], row["prev_user"]) if re.search(r"\w", t)]
            context = [
                Turn(speaker="A" if i % 2 == len(turns) % 2 else "B", text=t)
                for i, t in enumerate(turns)
            ]
            agent = row["agent"] if re.search(r"[A-Za-z0-9]", row["agent"]) else NO_SENDER
            yield Case(
                id=key,
                speaker=agent,
                response=text,
                context=context if agent != NO_SENDER else [],
                expected={"judgement": label},
                group=f"convabuse-{row['conv_id']}",
                tags=["convabuse", "abuse-at-agent" if label else "not-abusive"],
                notes="A person's reply to a chatbot; annotators' majority: "
                + ("abuse aimed at it." if label else "not abusive."),
            )


SOURCES: dict[str, Callable[[Checkout], Iterator[Case]]] = {
    "advice": advice,
    "ucc": ucc,
    "davidson": davidson,
    "mi": mi,
    "toxichat": toxichat,
    "insults": insults,
    "olid": olid,
    "convabuse": convabuse,
}
INFO = {
    "advice": ("venkatasg/Advice-EMNLP2020", "MIT"),
    "ucc": ("conversationai/unhealthy-conversations", "CC BY-NC-SA 4.0"),
    "davidson": ("t-davidson/hate-speech-and-offensive-language", "MIT"),
    "mi": ("anuradha1992/Boosting-with-MI-Strategy", "CC BY-NC-SA 3.0"),
    "empathetic": ("anuradha1992/EmpatheticIntents", "CC BY-NC 4.0 (EmpatheticDialogues)"),
    "epitome": ("behavioral-data/Empathy-Mental-Health", "none stated (Reddit content)"),
    "toxichat": ("abaheti95/ToxiChat", "CC BY-SA 4.0"),
    "insults": ("amueller/kaggle_insults (Impermium, Kaggle 2012)", "none stated (competition)"),
    "olid": ("idontflow/OLID (OLID v1.0, OffensEval 2019)", "none stated (research use)"),
    "convabuse": ("amandacurry/convabuse", "CC BY 4.0"),
    "mismatch": ("constructed from empathetic and epitome", "as its parts"),
}


def collect(checkouts: dict[str, Checkout]) -> dict[str, list[Case]]:
    """Every source's cases, deduplicated on the response text across sources (first wins)."""
    out: dict[str, list[Case]] = {}
    for name, reader in SOURCES.items():
        if name in checkouts:
            out[name] = list(reader(checkouts[name]))
    mismatches: list[Case] = []
    if "empathetic" in checkouts:
        exchanges = ed_exchanges(checkouts["empathetic"])
        out["empathetic"] = list(empathetic(exchanges))
        mismatches += mismatched(exchanges, "empathetic", 20)
        mismatches += mismatched(exchanges, "empathetic", 20, same_subject=True)
    if "epitome" in checkouts:
        exchanges = epitome_exchanges(checkouts["epitome"])
        out["epitome"] = list(epitome(exchanges))
        mismatches += mismatched(exchanges, "epitome", 2)
    if mismatches:
        out["mismatch"] = mismatches
    seen: set[str] = set()
    for name, cases in out.items():
        kept = []
        for case in cases:
            key = " ".join(case.response.lower().split())
            if key not in seen and re.search(r"[a-z]", key):
                seen.add(key)
                kept.append(case)
        out[name] = kept
    return out


def featurise(case: Case) -> tuple[list[int], set[str]]:
    request = CheckRequest(
        stage=Stage(case.stage), sender=case.speaker, response=case.response, context=case.context
    )
    return learned_input(request, sender_known=case.speaker != NO_SENDER)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="NAME=PATH",
        help=f"a checkout per source; names: {', '.join(INFO)}",
    )
    parser.add_argument(
        "--cases", type=Path, default=HERE / "cases", help="where the text cases go (outside git)"
    )
    parser.add_argument("--out", type=Path, default=HERE / "trainset.bin")
    args = parser.parse_args()
    checkouts: dict[str, Checkout] = {}
    for item in args.sources:
        name, _, path = item.partition("=")
        if name not in INFO or name == "mismatch" or not path:
            raise SystemExit(
                f"unknown source {item!r}: use NAME=PATH with NAME in "
                f"{', '.join(n for n in INFO if n != 'mismatch')}"
            )
        checkouts[name] = Checkout(Path(path))
    corpus = collect(checkouts)
    data = TrainSet()
    args.cases.mkdir(parents=True, exist_ok=True)
    for name, cases in corpus.items():
        counts = {f: [0, 0] for f in ("judgement", "solution", "topic_change")}
        lines = []
        for case in cases:
            ids, rules = featurise(case)
            data.add(ids, dict(case.expected), rules, name, zlib.crc32(case.group.encode()))
            for flag, value in case.expected.items():
                counts[flag][0 if value else 1] += 1
            lines.append(json.dumps(case.as_json(), ensure_ascii=False))
        (args.cases / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        parts = [name] if name != "mismatch" else ["empathetic", "epitome"]
        data.sources[name] = {
            "repository": INFO[name][0],
            "licence": INFO[name][1],
            "rows": len(cases),
            "commit": ",".join(checkouts[p].commit() for p in parts if p in checkouts),
            "positives": {f: c[0] for f, c in counts.items()},
            "negatives": {f: c[1] for f, c in counts.items()},
        }
        print(
            f"{name}: {len(cases)} cases; positives/negatives "
            + ", ".join(f"{f} {c[0]}/{c[1]}" for f, c in counts.items())
        )
    write(args.out, data, DIM)
    print(f"{len(data.rows)} rows -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
