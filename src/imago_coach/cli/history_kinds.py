"""``imago history --kind drill|review``: the saved drills and reviews beside rehearsals."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

from imago_coach.dialogue.session_store import SessionStore, open_store
from imago_coach.practice import records
from imago_coach.practice.records import Kind
from imago_coach.render import records as render
from imago_coach.settings import Settings
from imago_coach.store import db_path

T = TypeVar("T")


def list_kind(settings: Settings, kind: Kind, as_json: bool) -> None:
    path = db_path(settings.home)
    items = records.drills(path) if kind == "drill" else records.reviews(path)
    if as_json:
        typer.echo(json.dumps([i.model_dump(mode="json") for i in items], ensure_ascii=False))
        return
    out = Console(highlight=False)
    if kind == "drill":
        render.render_drills(records.drills(path), out)
    else:
        render.render_reviews(records.reviews(path), out)


def list_others(settings: Settings) -> None:
    """After the rehearsals: drills and saved reviews, when there are any."""
    path = db_path(settings.home)
    out = Console(highlight=False)
    drills, reviews = records.drills(path), records.reviews(path)
    if drills:
        out.print("\n[bold]Drills[/bold]")
        render.render_drills(drills, out)
    if reviews:
        out.print("\n[bold]Saved reviews[/bold]")
        render.render_reviews(reviews, out)


def show_kind(settings: Settings, kind: Kind, item_id: int, as_json: bool) -> None:
    path = db_path(settings.home)
    detail = (
        records.drill_detail(path, item_id)
        if kind == "drill"
        else records.review_detail(path, item_id)
    )
    if as_json:
        typer.echo(json.dumps(detail.model_dump(mode="json"), ensure_ascii=False))
        return
    out = Console(highlight=False)
    if isinstance(detail, records.DrillDetail):
        render.render_drill_detail(detail, out)
    else:
        render.render_review_detail(detail, out)


def with_store(settings: Settings, action: Callable[[SessionStore], T]) -> T:
    with open_store(settings) as store:
        return action(store)


def delete_one(settings: Settings, kind: Kind, item_id: int) -> None:
    records.delete(db_path(settings.home), kind, item_id)


def count_all(settings: Settings, kinds: tuple[Kind, ...]) -> dict[Kind, int]:
    path = db_path(settings.home)
    counts: dict[Kind, int] = {}
    for kind in kinds:
        if kind == "rehearsal":
            counts[kind] = with_store(settings, lambda store: len(store.sessions()))
        else:
            counts[kind] = len(records.drills(path) if kind == "drill" else records.reviews(path))
    return counts


def delete_all_of(settings: Settings, kinds: tuple[Kind, ...]) -> dict[Kind, int]:
    path = db_path(settings.home)
    done: dict[Kind, int] = {}
    for kind in kinds:
        if kind == "rehearsal":
            done[kind] = with_store(settings, lambda store: store.delete_all())
        else:
            done[kind] = records.delete_all(path, kind)
    return done


_WORDS: dict[str, str] = {"rehearsal": "session", "drill": "drill", "review": "saved review"}


def what_words(counts: dict[Kind, int]) -> str:
    """ "2 sessions, 1 drill and 3 saved reviews" (kinds with none left out)."""
    parts = [f"{n} {_WORDS[k]}{'s' if n != 1 else ''}" for k, n in counts.items() if n]
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"
