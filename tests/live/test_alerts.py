"""Out-of-adherence alerts: the tenant's threshold, the sweep raising one alert per out-of-adherence
stretch (and ending it), the alert event on the live view, listing with filters, acknowledging, and who
may do what. On both stores (the raise is an INSERT ... ON CONFLICT DO NOTHING)."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock
from openwfo.scheduling.alerts import service

from ..scheduling.realtime.helpers import change, ms, next_acd_id, post_states
from ..scheduling.schedules.helpers import Wfm, act, put_days
from .sse import SseReader

pytestmark = pytest.mark.both_stores

ALERTS = "/api/rest/scheduling/realTime/alerts"
SETTINGS = ALERTS + "/settings"
STREAM = "/api/rest/scheduling/realTime/stream"
DAY = "2024-07-15"


@pytest.fixture
def floor(admin_client, factory, tenant):
    """At 09:00 (Chicago): Ann (in service 08:00-12:00) has been not ready since 08:50; Bob (in service
    08:00-12:00) ready since 07:55; both in one team."""
    clock.freeze(ms(f"{DAY} 09:00"))
    wfm = Wfm(factory, tenant.id)
    q = wfm.queue()
    team_id = factory.team(tenant.id, factory.group(tenant.id))
    ann = wfm.agent(acd_id=next_acd_id(), team_id=team_id)
    bob = wfm.agent(acd_id=next_acd_id(), team_id=team_id)
    for a in (ann, bob):
        put_days(admin_client, a.id, {DAY: [act("in_service", ms(f"{DAY} 08:00"), ms(f"{DAY} 12:00"),
                                                serviceQueueId=q)]})
    post_states(admin_client, [change(ann.acd_id, 3, ms(f"{DAY} 07:55")), change(ann.acd_id, 2, ms(f"{DAY} 08:50"), 4),
                               change(bob.acd_id, 3, ms(f"{DAY} 07:55"))])
    return team_id, ann, bob


def sweep(app, tenant_id: int | None = None):
    """Every tenant's sweep, or (quicker in a store many tests share) one tenant's."""
    return service.sweep(app.state.database, tenant_ids=None if tenant_id is None else [tenant_id])


def test_the_threshold_is_read_and_set(admin_client, shared_supervisor):
    assert admin_client.get(SETTINGS).json() == {"enabled": True, "thresholdSeconds": 300}
    assert admin_client.put(SETTINGS, json={"thresholdSeconds": 120}).json() == {"enabled": True,
                                                                                 "thresholdSeconds": 120}
    assert admin_client.put(SETTINGS, json={"enabled": False}).json() == {"enabled": False, "thresholdSeconds": 120}
    r = admin_client.put(SETTINGS, json={"thresholdSeconds": 5})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "thresholdSeconds"
    assert admin_client.put(SETTINGS, json={"thresholdSeconds": "soon"}).status_code == 400
    assert shared_supervisor.get(SETTINGS).status_code == 200
    assert shared_supervisor.put(SETTINGS, json={"thresholdSeconds": 60}).status_code == 403


@pytest.fixture
def shared_supervisor(factory, tenant, new_client):
    sup = factory.person(tenant.id, role="supervisor", scope_all=True)
    client = new_client()
    factory.login(client, sup.email, tenant_id=tenant.id)
    return client


def test_an_agent_out_of_adherence_past_the_threshold_raises_one_alert(app, admin_client, tenant, floor):
    team_id, ann, bob = floor
    admin_client.put(SETTINGS, json={"thresholdSeconds": 900})
    assert tenant.id not in sweep(app)  # every tenant: 10 minutes out is under 15
    clock.advance(minutes=6)  # 09:06: 16 minutes out
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        assert len(sweep(app, tenant.id)[tenant.id]) == 1
        event = stream.next("alert")
    alert = event["data"]
    assert {k: v for k, v in alert.items() if k != "id"} == {
        "agentId": ann.id, "employeeId": ann.employee_id, "outOfAdherenceSince": ms(f"{DAY} 08:50"),
        "raisedTime": ms(f"{DAY} 09:06"), "thresholdSeconds": 900, "activityType": "in_service",
        "activityStartTime": ms(f"{DAY} 08:00"), "activityEndTime": ms(f"{DAY} 12:00"),
        "agentState": "NOT_READY_BUSY", "reasonCode": 4, "endedTime": None, "acknowledgedTime": None,
        "acknowledgedBy": None}
    # The next sweeps (this process or another) raise nothing more for the same stretch.
    clock.advance(minutes=1)
    assert tenant.id not in sweep(app, tenant.id)
    listed = admin_client.get(ALERTS).json()
    assert listed == [alert]
    # Back in adherence: the alert ends when the agent got back.
    post_states(admin_client, [change(ann.acd_id, 3, ms(f"{DAY} 09:07"))])
    clock.advance(minutes=1)
    sweep(app, tenant.id)
    assert admin_client.get(ALERTS).json()[0]["endedTime"] == ms(f"{DAY} 09:07")
    # A new stretch is a new alert.
    post_states(admin_client, [change(ann.acd_id, 1, ms(f"{DAY} 09:10"))])
    clock.advance(minutes=20)
    sweep(app, tenant.id)
    listed = admin_client.get(ALERTS).json()
    assert [(a["outOfAdherenceSince"], a["agentState"]) for a in listed] == [
        (ms(f"{DAY} 09:10"), "LOGGED_OUT"), (ms(f"{DAY} 08:50"), "NOT_READY_BUSY")]


def test_disabled_alerts_are_not_raised_and_open_ones_end(app, admin_client, tenant, floor):
    admin_client.put(SETTINGS, json={"enabled": False, "thresholdSeconds": 60})
    clock.advance(minutes=30)
    assert tenant.id not in sweep(app, tenant.id)
    assert admin_client.get(ALERTS).json() == []
    admin_client.put(SETTINGS, json={"enabled": True})
    assert len(sweep(app, tenant.id)[tenant.id]) == 1
    admin_client.put(SETTINGS, json={"enabled": False})
    clock.advance(minutes=1)
    sweep(app, tenant.id)
    assert [a["endedTime"] for a in admin_client.get(ALERTS).json()] == [ms(f"{DAY} 09:31")]


def test_listing_filters_and_acknowledging(app, admin_client, factory, tenant, new_client, floor,
                                          shared_supervisor):
    team_id, ann, bob = floor
    admin_client.put(SETTINGS, json={"thresholdSeconds": 60})
    post_states(admin_client, [change(bob.acd_id, 1, ms(f"{DAY} 08:55"))])
    sweep(app, tenant.id)
    alerts = admin_client.get(ALERTS).json()
    assert sorted(a["agentId"] for a in alerts) == sorted([ann.id, bob.id])
    assert [a["agentId"] for a in admin_client.get(ALERTS, params={"agentId": ann.id}).json()] == [ann.id]
    assert len(admin_client.get(ALERTS, params={"teamId": team_id}).json()) == 2
    assert admin_client.get(ALERTS, params={"fromTime": ms(f"{DAY} 09:01")}).json() == []
    assert len(admin_client.get(ALERTS, params={"toTime": ms(f"{DAY} 09:01"), "open": "true"}).json()) == 2
    assert len(admin_client.get(ALERTS, params={"pageSize": 1}).json()) == 1
    assert len(admin_client.get(ALERTS, params={"pageSize": 1, "pageNumber": 2}).json()) == 1
    assert admin_client.get(ALERTS, params={"pageSize": 0}).status_code == 400
    assert admin_client.get(ALERTS, params={"teamId": 987654321}).status_code == 404

    first = next(a for a in alerts if a["agentId"] == ann.id)
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        acked = shared_supervisor.post(f"{ALERTS}/{first['id']}/acknowledge").json()
        assert acked["acknowledgedTime"] == ms(f"{DAY} 09:00") and acked["acknowledgedBy"] is not None
        assert stream.next("alertAcknowledged")["data"]["id"] == first["id"]
    clock.advance(minutes=1)
    again = admin_client.post(f"{ALERTS}/{first['id']}/acknowledge").json()
    assert again["acknowledgedTime"] == acked["acknowledgedTime"]  # the first acknowledgement is kept
    assert [a["agentId"] for a in admin_client.get(ALERTS, params={"acknowledged": "false"}).json()] == [bob.id]
    assert [a["agentId"] for a in admin_client.get(ALERTS, params={"acknowledged": "true"}).json()] == [ann.id]

    # Out of scope: not listed, 404 to acknowledge; without Edit Schedules: 403.
    elsewhere = factory.team(tenant.id, factory.group(tenant.id))
    narrow = factory.person(tenant.id, role="supervisor", scope_teams=[elsewhere])
    narrow_client = new_client()
    factory.login(narrow_client, narrow.email, tenant_id=tenant.id)
    assert narrow_client.get(ALERTS).json() == []
    assert narrow_client.post(f"{ALERTS}/{first['id']}/acknowledge").status_code == 404
    agent_client = new_client()
    factory.login(agent_client, ann.email, tenant_id=tenant.id)
    assert agent_client.get(ALERTS).status_code == 403
    assert agent_client.post(f"{ALERTS}/{first['id']}/acknowledge").status_code == 403
    assert admin_client.post(f"{ALERTS}/987654321/acknowledge").status_code == 404
