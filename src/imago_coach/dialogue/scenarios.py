"""Built-in practice scenarios: TOML files shipped in ``dialogue/scenarios/``.

Each scenario gives the scripted partner everything it needs for a whole dialogue: the message it
sends, the follow-ups for "Is there more?", its behaviour-change request, its reactions to your
mirror, and its lines when the roles switch and it listens to you. A file whose name starts with
``_`` is a template (the ``--topic`` partner), not listed.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from imago_coach.dialogue.voice import listing
from imago_coach.errors import InputError
from imago_coach.language.feelings import feelings_for
from imago_coach.language.text import sentences

SCENARIO_DIR = Path(__file__).parent / "scenarios"
CUSTOM = "_custom"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Character(_Data):
    name: str
    temperament: str


class Sending(_Data):
    """The partner as sender."""

    appointment: str
    opening: str
    more: list[str] = Field(min_length=1)
    no_more: str


class Request(_Data):
    ask: str
    options: list[str] = Field(min_length=2)
    thanks: str


class Reactions(_Data):
    """How the partner answers your mirror and validation (its answer to your empathy comes
    from the feelings you named)."""

    good: list[str] = Field(min_length=1)
    missed: str
    judged: str
    fixed: str
    topic: str
    defended: str
    validated: str


class YourSide(_Data):
    """Your part when you are the sender."""

    situation: str
    example: str
    more_example: str  # the /hint at "Is there more?"
    request_example: str


class Listening(_Data):
    """The partner as receiver, after the switch (its summary, validation and empathy come from
    your own words)."""

    accept: str
    switch: str
    blamed: str
    agree: str


class Scenario(_Data):
    name: str
    title: str
    summary: str
    topic: str
    partner: Character
    send: Sending
    request: Request
    reactions: Reactions
    you: YourSide
    listen: Listening
    partner_says: str | None = None  # --topic: what you expect your partner to say

    def listing(self) -> dict[str, str]:
        """The ``imago scenarios --json`` shape."""
        return {"name": self.name, "title": self.title, "summary": self.summary}


def _load(path: Path) -> Scenario:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Scenario.model_validate({"name": path.stem, **data})
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise InputError(f"The scenario file {path.name} is broken: {exc}") from None


@lru_cache(maxsize=1)
def all_scenarios() -> dict[str, Scenario]:
    """The built-in scenarios by name, sorted."""
    paths = sorted(p for p in SCENARIO_DIR.glob("*.toml") if not p.stem.startswith("_"))
    return {p.stem: _load(p) for p in paths}


def get_scenario(name: str) -> Scenario:
    """A built-in scenario; an unknown name lists the known ones."""
    scenarios = all_scenarios()
    key = name.strip().lower()
    if key not in scenarios:
        known = ", ".join(scenarios)
        raise InputError(f"Unknown scenario {name!r}. Known scenarios: {known} (imago scenarios).")
    return scenarios[key]


def _fill(value: object, topic: str) -> object:
    if isinstance(value, str):
        return value.replace("{topic}", topic)
    if isinstance(value, list):
        return [_fill(v, topic) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, topic) for k, v in value.items()}
    return value


def custom_scenario(topic: str, partner_says: str | None = None) -> Scenario:
    """A scenario around the person's own topic, from the packaged template (quoted as written).

    ``partner_says``: what you expect your partner to say about it, in their words; their
    message, their answers to "Is there more?" and their feelings are built from it, so they
    speak for themselves rather than quoting your complaint back as theirs.
    """
    text = " ".join(topic.split()).rstrip(".!?")
    if not text:
        raise InputError('The topic is empty: describe the situation, e.g. --topic "money".')
    path = SCENARIO_DIR / f"{CUSTOM}.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    data = _fill({"name": "topic", **raw}, text)
    assert isinstance(data, dict)
    if partner_says is not None:
        said = " ".join(partner_says.split())
        if not any(ch.isalnum() for ch in said):
            raise InputError(
                "--partner-says is empty: write what you expect your partner to "
                "say, in their words."
            )
        data["send"] = {**data["send"], **partner_lines(said)}
        data["partner_says"] = said
    return Scenario.model_validate(data)


def partner_lines(said: str) -> dict[str, object]:
    """The partner's message and follow-ups from what you expect them to say: its first
    sentences open, the rest answer "Is there more?"; with one sentence, the follow-up names the
    feelings under it."""
    parts = sentences(said)
    opening, rest = " ".join(parts[:2]), parts[2:]
    felt = feelings_for(said)
    if rest:
        more = [" ".join(rest)]
    elif felt:
        more = [f"Underneath it, I think I feel {listing(felt[:2])}, and I don't always say so."]
    else:
        more = ["It's been on my mind for a while, and I find it hard to say out loud."]
    return {"opening": opening, "more": more}


def scenario_for(name: str, topic: str | None, partner_says: str | None = None) -> Scenario:
    """A stored session's scenario: the built-in one, or the ``--topic`` partner on its topic."""
    return custom_scenario(topic or "", partner_says) if name == "topic" else get_scenario(name)
