"""Building WFM configuration through the API, for the scheduling tests."""

from __future__ import annotations

import itertools

_seq = itertools.count(1)

OPEN_WEEKDAYS = {
    "sunday": {"open": None, "close": None, "active": False},
    **{d: {"open": "08:00", "close": "18:00", "active": True}
       for d in ("monday", "tuesday", "wednesday", "thursday", "friday")},
    "saturday": {"open": None, "close": None, "active": False},
}


def ok(r, status: int = 200):
    assert r.status_code == status, r.text
    return r.json()


def acd_server(client, name: str | None = None) -> int:
    return ok(client.post("/api/rest/scheduling/acdServer",
                          json={"name": name or f"ACD {next(_seq)}", "acdType": "Cisco UCCE"}))["id"]


def queue_body(**over) -> dict:
    n = next(_seq)
    body = {
        "number": 5000 + n,
        "name": f"Queue {n}",
        "priority": n % 1000,
        "color": "#7399BD",
        "type": 0,
        "talkTime": 180,
        "workTime": 30,
        "serviceLevelObjectivePercent": 80,
        "serviceLevelObjectiveSeconds": 20,
        "forecastStaffingAdjustmentFactor": 1.0,
        "days": OPEN_WEEKDAYS,
    }
    body.update(over)
    return body


def create_queue(client, **over) -> dict:
    return ok(client.post("/api/rest/scheduling/service", json=queue_body(**over)))


def skill_mapping(client, name: str | None = None, **over) -> dict:
    return ok(client.post("/api/rest/scheduling/skillMapping", json={"name": name or f"SM {next(_seq)}", **over}))


def view(client, name: str | None = None, **over) -> dict:
    return ok(client.post("/api/rest/scheduling/view", json={"name": name or f"View {next(_seq)}", **over}))


def errors_of(r) -> dict[str, str]:
    assert r.status_code == 400, r.text
    return {e["field"]: e["reason"] for e in r.json().get("errors", [])}
