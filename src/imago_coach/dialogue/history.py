"""Past sessions as data: the ``imago history`` list and one session's replay."""

from __future__ import annotations

from pydantic import BaseModel

from imago_coach.dialogue.session_store import SessionInfo, SessionStore, StoredUtterance


class RequestSummary(BaseModel):
    """Your last behaviour-change request as checked."""

    ok: bool
    missing: list[str]  # the qualities it lacked: "specific", "time-limited", ...
    tries: int


class HistoryItem(SessionInfo):
    """One session in ``imago history``: its header, steps done, flags per stage, request."""

    steps: int
    flags: dict[str, dict[str, int]]
    request: RequestSummary | None


class SessionDetail(BaseModel):
    """One session to replay (``imago history show``)."""

    item: HistoryItem
    partner: str
    utterances: list[StoredUtterance]

    def contract(self) -> dict[str, object]:
        """The ``imago history show --json`` shape: the item, its utterances and the partner."""
        return {
            **self.item.model_dump(mode="json"),
            "partner": self.partner,
            "utterances": [u.model_dump(mode="json") for u in self.utterances],
        }


def _flags_by_stage(utterances: list[StoredUtterance]) -> dict[str, dict[str, int]]:
    """How often each flag was raised on your judged answers, per stage, in stage order."""
    out: dict[str, dict[str, int]] = {}
    for u in utterances:
        if not u.yours or u.rubric is None:
            continue
        for flag in u.rubric.flags:
            counts = out.setdefault(u.stage, {})
            counts[flag.value] = counts.get(flag.value, 0) + 1
    return out


def _request(utterances: list[StoredUtterance]) -> RequestSummary | None:
    """Your last behaviour-change request as checked."""
    checks = [u.request for u in utterances if u.yours and u.request is not None]
    if not checks:
        return None
    missing = [name.replace("_", "-") for name in checks[-1].lacking]
    return RequestSummary(ok=not missing, missing=missing, tries=len(checks))


def _item(info: SessionInfo, utterances: list[StoredUtterance]) -> HistoryItem:
    return HistoryItem(
        **info.model_dump(),
        steps=sum(1 for u in utterances if u.yours),
        flags=_flags_by_stage(utterances),
        request=_request(utterances),
    )


def history(store: SessionStore) -> list[HistoryItem]:
    """Every session, newest first."""
    return [_item(info, store.utterances(info.id)) for info in store.sessions()]


def session_detail(store: SessionStore, session_id: int) -> SessionDetail:
    """One session with its utterances and the partner's name."""
    info = store.info(session_id)
    utterances = store.utterances(session_id)
    from imago_coach.dialogue.scenarios import scenario_for

    try:
        partner = scenario_for(info.scenario, info.topic).partner.name
    except Exception:  # a scenario renamed since: the replay still works
        partner = "partner"
    return SessionDetail(item=_item(info, utterances), partner=partner, utterances=utterances)
