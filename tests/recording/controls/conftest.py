"""Recording-control helpers: a live call for an agent (the real-time import's in-progress contact)."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

IMPORT = "/api/rest/wfo/contact/import"
RC = "/api/rest/recordingcontrols"


def live_call(client, agent_id: int, **extra) -> int:
    """An in-progress contact of the agent starting now; answers its id."""
    body = {"AgentId": str(agent_id), "ContactStartTimeMs": clock.now_ms(), "InProgress": True,
            "Calling": "5551000", "Called": "1800", "CallId": f"call-{clock.now_ms()}", **extra}
    r = client.post(IMPORT, json=body)
    assert r.status_code == 200, r.text
    return r.json()["contactId"]


def end_call(client, contact_id: int) -> None:
    r = client.post(IMPORT, json={"Id": contact_id, "InProgress": False})
    assert r.status_code == 200, r.text


@pytest.fixture
def frozen():
    clock.freeze()
    return clock


@pytest.fixture
def agent(login_with, org):
    """Agent A holding the agent permissions, scoped to nobody but themself."""
    return login_with("Recording Controls", "Record Voice", "Record Screen", scope_all=False, person=org.agent_a)
