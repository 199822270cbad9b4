"""Posting agent state changes and reading them back, for the real-time tests."""

from __future__ import annotations

import itertools

from ..schedules.helpers import CHICAGO, ms, ok  # noqa: F401 - re-exported for the tests

CAPTURE = "/api/rest/scheduling/gis/realTimeAgentState"
STATES = "/api/rest/scheduling/realTime/activity/detail"
ADHERENCE = "/api/rest/scheduling/adherence/agent"
INTERVAL = "/api/rest/scheduling/adherence/interval"
RULES = "/api/rest/scheduling/adherence/rules"

_acd = itertools.count(1)


def next_acd_id() -> str:
    return f"acd-{next(_acd):05d}"


def change(acd_id: str, state: int, ts: int, reason=None) -> dict:
    out = {"acdAgentId": acd_id, "gisStateIdentifier": state, "timestamp": ts}
    if reason is not None:
        out["reasonCode"] = reason
    return out


def post_states(client, changes, **params) -> dict:
    return ok(client.post(CAPTURE, json=changes, params=params))


def read_states(client, from_ms: int, to_ms: int, agent_ids=None):
    body = {"agentIds": agent_ids} if agent_ids is not None else None
    return client.post(STATES, params={"fromTime": from_ms, "toTime": to_ms}, json=body)
