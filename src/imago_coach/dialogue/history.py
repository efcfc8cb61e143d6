"""Past sessions as data: the ``imago history`` list and one session's replay."""

from __future__ import annotations

from typing import Any

from imago_coach.dialogue.session_store import SessionInfo, SessionStore


def _flags_by_stage(utterances: list[dict[str, Any]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for u in utterances:
        verdict = u["verdict"]
        if u["speaker"] != "you" or not verdict:
            continue
        names = (["request: " + p.split(":")[0].removeprefix("Make it ") for p in
                  verdict.get("problems", [])] if verdict.get("kind") == "request"
                 else list(verdict.get("flags", [])))
        for name in names:
            bucket = out.setdefault(u["stage"], [])
            if name not in bucket:
                bucket.append(name)
    return out


def _item(info: SessionInfo, utterances: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **info.model_dump(),
        "steps": sum(1 for u in utterances if u["speaker"] == "you"),
        "flags": _flags_by_stage(utterances),
    }


def history(store: SessionStore) -> list[dict[str, Any]]:
    """``[{"id", "started_at", "scenario", "role", "finished", "utterances", ...}]``, newest
    first."""
    return [_item(info, store.utterances(info.id)) for info in store.sessions()]


def session_detail(store: SessionStore, session_id: int) -> dict[str, Any]:
    """One session with its utterances, each ``{"role", "speaker", "stage", "text", "verdict"}``."""
    info = store.info(session_id)
    utterances = store.utterances(session_id)
    from imago_coach.dialogue.rehearse import scenario_for

    try:
        partner = scenario_for(info.scenario, info.topic).partner.name
    except Exception:  # a scenario renamed since: the replay still works
        partner = "partner"
    return {**_item(info, utterances), "partner": partner, "utterances": utterances}
