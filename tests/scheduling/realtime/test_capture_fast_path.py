"""The capture's lean path (agent_states/fast_path.py) and its group commit (agent_states/writer.py):
the same answers as the full route, errors told by the full route, concurrent requests sharing a
transaction with each its own results, changes committed before the response, and one request's
failure staying its own."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select

from openwfo.models import AgentStateChange
from openwfo.scheduling.agent_states import fast_path, service, writer

from .helpers import CAPTURE, change, ms, next_acd_id

pytestmark = pytest.mark.both_stores

T0 = ms("2024-07-15 08:00")


@pytest.fixture
def lean(monkeypatch):
    """Counts the requests the lean path stored."""
    calls = []
    real = fast_path.writer_for

    def counting(database):
        calls.append(1)
        return real(database)

    monkeypatch.setattr(fast_path, "writer_for", counting)
    return calls


def _stored(wfm, person_id):
    with wfm.session() as db:
        return list(db.execute(select(AgentStateChange.ts_ms, AgentStateChange.state)
                               .where(AgentStateChange.person_id == person_id)
                               .order_by(AgentStateChange.ts_ms)).tuples())


def test_answers_and_errors_as_the_full_route(admin_client, wfm, lean, new_client):
    a = wfm.agent(acd_id=next_acd_id())
    r = admin_client.post(CAPTURE, json=change(a.acd_id, 3, T0), headers={"X-Request-Id": "req-1"})
    assert r.status_code == 200 and r.headers["x-request-id"] == "req-1"
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"accepted": 1, "duplicates": 0, "rejected": 0, "results": [
        {"index": 0, "acdAgentId": a.acd_id, "gisStateIdentifier": 3, "timestamp": T0, "status": "accepted"}]}
    assert _stored(wfm, a.id) == [(T0, 3)]  # committed before the response
    assert len(lean) == 1
    # A rejected single change: 400 with the error body.
    r = admin_client.post(CAPTURE, json=change("nobody-here", 3, T0), headers={"X-Request-Id": "req-2"})
    assert r.status_code == 400
    assert r.json() == {"errorMessage": "Agent state change rejected: unknown agent: no active person has this "
                                        "ACD id", "requestId": "req-2",
                        "errors": [{"field": "body", "reason": "unknown agent: no active person has this ACD id"}]}
    # A small batch, with acdServerId: per-change results, indexes of the request.
    out = admin_client.post(CAPTURE, params={"acdServerId": 987654}, json=[change(a.acd_id, 4, T0 + 1000)]).json()
    assert out["rejected"] == 1 and out["results"][0]["index"] == 0
    assert "on this ACD server" in out["results"][0]["reason"]
    assert len(lean) == 3
    # What the lean path leaves to the full route: told exactly as there.
    assert admin_client.post(CAPTURE, content=b"{not json", headers={"Content-Type": "application/json"}
                             ).status_code == 400
    assert admin_client.post(CAPTURE, json="text").status_code == 400
    r = admin_client.post(CAPTURE, params={"acdServerId": "x"}, json=change(a.acd_id, 3, T0))
    assert r.status_code == 400
    r = new_client().post(CAPTURE, json=change(a.acd_id, 3, T0))
    assert r.status_code == 401 and r.json()["errorMessage"]
    r = admin_client.post(CAPTURE, data={"acdAgentId": a.acd_id, "gisStateIdentifier": "2", "timestamp": str(T0 + 5)})
    assert r.status_code == 200 and r.json()["accepted"] == 1
    assert len(lean) == 3


def test_without_the_permission_the_full_route_refuses(factory, tenant, new_client, wfm, lean):
    a = wfm.agent(acd_id=next_acd_id())
    agent = factory.person(tenant.id, role="agent")
    client = new_client()
    factory.login(client, agent.email, tenant_id=tenant.id)
    r = client.post(CAPTURE, json=change(a.acd_id, 3, T0))
    assert r.status_code == 403 and r.json()["errorMessage"]
    assert lean == []


def test_concurrent_requests_each_get_their_own_results(admin_client, wfm, lean):
    agents = [wfm.agent(acd_id=next_acd_id()) for _ in range(4)]
    bodies = [change(a.acd_id, 3, T0 + k * 1000) for k in range(5) for a in agents]
    bodies += [change(agents[0].acd_id, 3, T0)] * 3  # the same change three more times
    bodies.append(change("nobody-here", 3, T0))
    answers = [None] * len(bodies)

    def post(i):
        answers[i] = admin_client.post(CAPTURE, json=bodies[i])

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = [a.status_code for a in answers]
    assert statuses[:-1] == [200] * (len(bodies) - 1) and statuses[-1] == 400
    for body, answer in zip(bodies[:-1], answers[:-1], strict=True):
        result = answer.json()["results"]
        assert len(result) == 1 and result[0]["index"] == 0 and result[0]["timestamp"] == body["timestamp"]
    first = [a.json()["results"][0]["status"] for b, a in zip(bodies, answers[:-1], strict=False)
             if b == change(agents[0].acd_id, 3, T0)]
    assert sorted(first) == ["accepted", "duplicate", "duplicate", "duplicate"]
    for a in agents:
        assert _stored(wfm, a.id) == [(T0 + k * 1000, 3) for k in range(5)]


def test_a_failing_request_does_not_fail_the_group(app, wfm, tenant, monkeypatch):
    """Two requests taken in one group: the first makes the shared transaction fail; it is then stored
    on its own (and fails alone), the second is stored."""
    a = wfm.agent(acd_id=next_acd_id())
    real = service.ingest

    def ingest(db, items, acd_server_id=None):
        if any(isinstance(i, dict) and i.get("poison") for i in items):
            raise RuntimeError("boom")
        return real(db, items, acd_server_id)

    monkeypatch.setattr(service, "ingest", ingest)
    w = writer.CaptureWriter(app.state.database)

    async def both():
        loop = asyncio.get_running_loop()
        jobs = [writer._Job(tenant.id, items, None, loop, loop.create_future())
                for items in ([{**change(a.acd_id, 2, T0), "poison": True}], [change(a.acd_id, 3, T0 + 1)])]
        for job in jobs:
            w._queue.put(job)  # queued before the writer starts: one group
        w._start()
        return await asyncio.gather(*(j.future for j in jobs), return_exceptions=True)

    bad, good = asyncio.run(both())
    assert isinstance(bad, writer.CaptureFailed)
    assert [c.status for c in good] == ["accepted"] and good[0].index == 0
    assert _stored(wfm, a.id) == [(T0 + 1, 3)]
