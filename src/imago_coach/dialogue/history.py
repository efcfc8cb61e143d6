"""Past sessions as data: the ``imago history`` list and one session's replay."""

from __future__ import annotations

from typing import Any

from imago_coach.dialogue.session_store import SessionInfo, SessionStore

QUALITIES = (("specific", "specific"), ("positive", "positive"), ("doable", "doable"),
             ("time_limited", "time-limited"))


def _flags_by_stage(utterances: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """How often each flag was raised on your judged answers, per stage, in stage order."""
    out: dict[str, dict[str, int]] = {}
    for u in utterances:
        verdict = u["verdict"]
        if u["speaker"] != "you" or not verdict or verdict.get("kind", "rubric") != "rubric":
            continue
        for flag in verdict.get("flags", []):
            counts = out.setdefault(u["stage"], {})
            counts[flag] = counts.get(flag, 0) + 1
    return out


def _request(utterances: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Your last behaviour-change request as checked: ``{"ok", "missing", "tries"}``."""
    checks = [u["verdict"] for u in utterances
              if u["speaker"] == "you" and u["verdict"] and u["verdict"].get("kind") == "request"]
    if not checks:
        return None
    last = checks[-1]
    missing = [label for name, label in QUALITIES if not last.get(name)]
    return {"ok": not missing, "missing": missing, "tries": len(checks)}


def _item(info: SessionInfo, utterances: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        **info.model_dump(),
        "steps": sum(1 for u in utterances if u["speaker"] == "you"),
        "flags": _flags_by_stage(utterances),
        "request": _request(utterances),
    }


def history(store: SessionStore) -> list[dict[str, Any]]:
    """``[{"id", "started_at", "scenario", "role", "finished", "utterances", ...}]``, newest
    first."""
    return [_item(info, store.utterances(info.id)) for info in store.sessions()]


def session_detail(store: SessionStore, session_id: int) -> dict[str, Any]:
    """One session with its utterances, each ``{"role", "speaker", "stage", "text", "verdict"}``."""
    info = store.info(session_id)
    utterances = store.utterances(session_id)
    from imago_coach.dialogue.scenarios import scenario_for

    try:
        partner = scenario_for(info.scenario, info.topic).partner.name
    except Exception:  # a scenario renamed since: the replay still works
        partner = "partner"
    return {**_item(info, utterances), "partner": partner, "utterances": utterances}
