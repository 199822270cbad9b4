"""The live view follows edits made while it is open: a schedule edit near now reaches the stream at once
(published like a state change, not at the hub's periodic refresh), and agents joining or leaving the
team or view appear (`agentAdded`) or disappear (`agentRemoved`)."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

from ..scheduling.realtime.helpers import change, ms, next_acd_id, post_states
from ..scheduling.schedules.helpers import Wfm, act, put_days
from .sse import SseReader

pytestmark = pytest.mark.both_stores

STREAM = "/api/rest/scheduling/realTime/stream"
TEAM = "/api/rest/org/common/team"
VIEW = "/api/rest/scheduling/view"
DAY = "2024-07-15"


@pytest.fixture
def floor(admin_client, factory, tenant):
    """At 10:00 (Chicago): Ann and Bob in one team, both in service 09:00-11:00, Ann ready since 09:20;
    Cy in another team."""
    clock.freeze(ms(f"{DAY} 10:00"))
    wfm = Wfm(factory, tenant.id)
    q = wfm.queue()
    group = factory.group(tenant.id)
    team_id, other_team = factory.team(tenant.id, group), factory.team(tenant.id, group)
    ann = wfm.agent(acd_id=next_acd_id(), team_id=team_id, first_name="Ann")
    bob = wfm.agent(acd_id=next_acd_id(), team_id=team_id, first_name="Bob")
    cy = wfm.agent(acd_id=next_acd_id(), team_id=other_team, first_name="Cy")
    for a in (ann, bob, cy):
        put_days(admin_client, a.id, {DAY: [act("in_service", ms(f"{DAY} 09:00"), ms(f"{DAY} 11:00"),
                                                serviceQueueId=q)]})
    post_states(admin_client, [change(ann.acd_id, 3, ms(f"{DAY} 09:20"))])
    return wfm, team_id, other_team, ann, bob, cy


def test_a_schedule_edit_reaches_the_stream_at_once(admin_client, floor):
    wfm, team_id, _other, ann, bob, _cy = floor
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        # The hub's periodic refresh is a minute away: the edit comes through the live events.
        put_days(admin_client, bob.id, {DAY: [act("lunch", ms(f"{DAY} 09:45"), ms(f"{DAY} 10:30"))]})
        event = stream.next("agent", timeout=3)
        assert event["data"]["agentId"] == bob.id
        now = event["data"]["agent"]
        assert now["scheduledActivity"]["activityType"] == "lunch"
        assert (now["adherence"], now["adherenceStartTime"]) == ("IN_ADHERENCE", ms(f"{DAY} 09:45"))
        # Ann's shift cut short (ends 09:50): she is unscheduled now.
        put_days(admin_client, ann.id, {DAY: [act("in_service", ms(f"{DAY} 09:00"), ms(f"{DAY} 09:50"),
                                                  serviceQueueId=wfm.queue())]})
        event = stream.next("agent", timeout=3)
        assert event["data"]["agentId"] == ann.id
        assert event["data"]["agent"]["adherence"] == "UNSCHEDULED"
        # A day far from now changes nothing the stream shows: no event.
        put_days(admin_client, bob.id, {"2024-08-15": [act("break", ms("2024-08-15 10:00"), ms("2024-08-15 10:15"))]})
        assert [e for e in stream.drain(1.0) if e["event"] == "agent"] == []


def test_a_reconnecting_client_gets_the_edited_schedule(admin_client, floor):
    _wfm, team_id, _other, _ann, bob, _cy = floor
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        seen = stream.next("snapshot")["id"]
        with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as keeper:  # keeps the hub alive
            keeper.next("snapshot")
            stream.close()
            put_days(admin_client, bob.id, {DAY: [act("lunch", ms(f"{DAY} 09:45"), ms(f"{DAY} 10:30"))]})
            keeper.next("agent", timeout=3)
            with SseReader(admin_client, f"{STREAM}?teamId={team_id}", headers={"Last-Event-ID": seen}) as again:
                event = again.next(timeout=3)
                assert (event["event"], event["data"]["agentId"]) == ("agent", bob.id)
                assert event["data"]["agent"]["scheduledActivity"]["activityType"] == "lunch"


def test_agents_joining_and_leaving_the_team(admin_client, floor):
    _wfm, team_id, other_team, ann, bob, cy = floor
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        assert {a["agentId"] for a in stream.next("snapshot")["data"]["agents"]} == {ann.id, bob.id}
        r = admin_client.put(f"{TEAM}/{team_id}", json={"users": [{"id": cy.id}]})
        assert r.status_code == 200, r.text
        event = stream.next("agentAdded", timeout=3)
        assert event["data"]["agentId"] == cy.id
        assert (event["data"]["agent"]["firstName"], event["data"]["agent"]["adherence"]) == ("Cy", "OUT_OF_ADHERENCE")
        post_states(admin_client, [change(cy.acd_id, 3, ms(f"{DAY} 10:01"))])
        assert stream.next("state")["data"]["agentId"] == cy.id

        r = admin_client.put(f"{TEAM}/{other_team}", json={"users": [{"id": ann.id}]})
        assert r.status_code == 200, r.text
        assert stream.next("agentRemoved", timeout=3)["data"] == {"agentId": ann.id}
        post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 10:02"))])
        post_states(admin_client, [change(bob.acd_id, 3, ms(f"{DAY} 10:02"))])
        assert stream.next("state")["data"]["agentId"] == bob.id  # Ann's change is not sent


def test_agents_joining_and_leaving_a_view(admin_client, floor, tenant):
    wfm, _team, _other, ann, bob, cy = floor
    view_id = wfm.view(agents=[bob.id], holders=[tenant.admin_id])
    with SseReader(admin_client, f"{STREAM}?viewId={view_id}") as stream:
        assert [a["agentId"] for a in stream.next("snapshot")["data"]["agents"]] == [bob.id]
        r = admin_client.put(f"{VIEW}/{view_id}", json={"agentIds": [cy.id]})
        assert r.status_code == 200, r.text
        got = {e["event"]: e["data"]["agentId"] for e in (stream.next(timeout=3), stream.next(timeout=3))}
        assert got == {"agentRemoved": bob.id, "agentAdded": cy.id}


def test_a_supervisor_losing_the_team_loses_the_stream(admin_client, factory, tenant, new_client, floor):
    """A refresh that finds the caller may no longer watch the team ends the stream (the reconnect gets
    the error)."""
    from openwfo.scheduling.live_view import hub

    _wfm, team_id, _other, ann, bob, _cy = floor
    sup = factory.person(tenant.id, role="supervisor", scope_teams=[team_id])
    client = new_client()
    factory.login(client, sup.email, tenant_id=tenant.id)
    with SseReader(client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        h = next(h for h in hub.hubs_for(admin_client.app.state.database)._hubs.values() if ann.id in h.watchers)
        s = next(iter(h.streams))
        s.resolve = lambda: (_ for _ in ()).throw(hub.AppError("gone"))
        h.loop.call_soon_threadsafe(h.regroup_soon)
        stream._thread.join(timeout=3)
        assert not stream._thread.is_alive()


def test_a_person_import_moving_an_agent_reaches_the_stream_at_once(admin_client, floor, app, tenant):
    """The person import writes by bulk SQL (no session flush sees it); it tells the live views itself."""
    from openwfo.models import Team

    _wfm, team_id, _other, ann, bob, cy = floor
    with app.state.database.session(tenant.id) as db:
        team_name = db.get(Team, team_id).name
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        assert {a["agentId"] for a in stream.next("snapshot")["data"]["agents"]} == {ann.id, bob.id}
        csv = (f"email,firstName,lastName,memberGroup,acdId,acdServerId\n"
               f"{cy.email},Cy,{cy.last_name},{team_name},{cy.acd_id},{cy.acd_server_id or 1}\n")
        r = admin_client.post("/api/upload/persons", files={"file": ("persons.csv", csv.encode(), "text/csv")})
        assert r.status_code == 200, r.text
        assert r.json()["rows"][0]["status"] == "updated"
        event = stream.next("agentAdded", timeout=3)
        assert event["data"]["agentId"] == cy.id
