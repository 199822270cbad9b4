"""The live view (SSE): the first snapshot, state change events, activity start and end events,
reconnecting with Last-Event-ID, and who may watch what."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

from ..scheduling.realtime.helpers import change, ms, next_acd_id, post_states
from ..scheduling.schedules.helpers import Wfm, act, put_days
from .sse import SseReader

pytestmark = pytest.mark.both_stores

STREAM = "/api/rest/scheduling/realTime/stream"
DAY = "2024-07-15"
NOW = ms(f"{DAY} 10:00")


@pytest.fixture
def team(admin_client, factory, tenant):
    """A team of two agents at 10:00 (Chicago): Ann in service 09:30-10:30 then a break 10:30-10:45,
    ready since 09:20; Bob in service 09:00-11:00, never reported (logged out)."""
    clock.freeze(NOW)
    wfm = Wfm(factory, tenant.id)
    q = wfm.queue()
    group = factory.group(tenant.id)
    team_id = factory.team(tenant.id, group)
    ann = wfm.agent(acd_id=next_acd_id(), team_id=team_id, first_name="Ann")
    bob = wfm.agent(acd_id=next_acd_id(), team_id=team_id, first_name="Bob")
    put_days(admin_client, ann.id, {DAY: [act("in_service", ms(f"{DAY} 09:30"), ms(f"{DAY} 10:30"), serviceQueueId=q),
                                          act("break", ms(f"{DAY} 10:30"), ms(f"{DAY} 10:45"))]})
    put_days(admin_client, bob.id, {DAY: [act("in_service", ms(f"{DAY} 09:00"), ms(f"{DAY} 11:00"), serviceQueueId=q)]})
    post_states(admin_client, [change(ann.acd_id, 3, ms(f"{DAY} 09:20"))])
    return team_id, ann, bob


def by_agent(snapshot: dict) -> dict[int, dict]:
    return {a["agentId"]: a for a in snapshot["agents"]}


def test_snapshot_then_a_state_change(admin_client, team):
    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        first = stream.next()
        assert first["event"] == "snapshot" and "@" in first["id"]
        agents = by_agent(first["data"])
        assert first["data"]["time"] == NOW and set(agents) == {ann.id, bob.id}
        assert agents[ann.id] == {
            "agentId": ann.id, "employeeId": ann.employee_id, "firstName": "Ann", "lastName": ann.last_name,
            "agentState": "READY_WAITING", "gisStateIdentifier": 3, "reasonCode": None,
            "stateStartTime": ms(f"{DAY} 09:20"), "stateSeconds": 40 * 60,
            "scheduledActivity": {"activityType": "in_service", "startTime": ms(f"{DAY} 09:30"),
                                  "endTime": ms(f"{DAY} 10:30")},
            "adherence": "IN_ADHERENCE", "adherenceStartTime": ms(f"{DAY} 09:30"), "adherenceSeconds": 30 * 60}
        assert (agents[bob.id]["agentState"], agents[bob.id]["gisStateIdentifier"]) == ("LOGGED_OUT", None)
        assert agents[bob.id]["adherence"] == "OUT_OF_ADHERENCE"
        assert agents[bob.id]["adherenceStartTime"] == ms(f"{DAY} 09:00")

        clock.advance(minutes=2)
        post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 10:01"), 7)])
        event = stream.next("state")
        assert event["id"] != first["id"]
        assert event["data"]["agentId"] == ann.id
        assert event["data"]["change"] == {"gisStateIdentifier": 2, "agentState": "NOT_READY_BUSY",
                                           "reasonCode": 7, "timestamp": ms(f"{DAY} 10:01")}
        now = event["data"]["agent"]
        assert (now["agentState"], now["adherence"], now["adherenceStartTime"], now["adherenceSeconds"]) == (
            "NOT_READY_BUSY", "OUT_OF_ADHERENCE", ms(f"{DAY} 10:01"), 60)

        post_states(admin_client, [change(bob.acd_id, 3, ms(f"{DAY} 10:02"))])
        event = stream.next("state")
        assert event["data"]["agentId"] == bob.id
        assert event["data"]["agent"]["adherence"] == "IN_ADHERENCE"


def test_activities_starting_and_ending(admin_client, team):
    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        clock.advance(minutes=31)  # 10:31: Ann's in service ended, her break began
        event = stream.next("activity")
        assert event["data"]["agentId"] == ann.id and event["data"]["time"] == ms(f"{DAY} 10:30")
        assert event["data"]["ended"]["activityType"] == "in_service"
        assert event["data"]["started"] == {"activityType": "break", "startTime": ms(f"{DAY} 10:30"),
                                            "endTime": ms(f"{DAY} 10:45")}
        # Still ready during her break: out of adherence since 10:30.
        assert (event["data"]["agent"]["adherence"], event["data"]["agent"]["adherenceStartTime"]) == (
            "OUT_OF_ADHERENCE", ms(f"{DAY} 10:30"))
        clock.advance(minutes=15)  # 10:46: the break ended, nothing else scheduled
        event = stream.next("activity")
        assert event["data"]["time"] == ms(f"{DAY} 10:45") and event["data"]["started"] is None
        assert event["data"]["agent"]["adherence"] == "UNSCHEDULED"
        clock.advance(minutes=15)  # 11:01: Bob's shift ended
        event = stream.next("activity")
        assert (event["data"]["agentId"], event["data"]["time"]) == (bob.id, ms(f"{DAY} 11:00"))


def test_reconnecting_with_last_event_id_misses_nothing(admin_client, team):
    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        seen = stream.next("snapshot")["id"]
    # While disconnected: two changes and Ann's activity boundary at 10:30.
    post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 10:05"))])
    post_states(admin_client, [change(bob.acd_id, 3, ms(f"{DAY} 10:06"))])
    clock.advance(minutes=31)
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}", headers={"Last-Event-ID": seen}) as stream:
        got = stream.drain(1.5)
        kinds = [(e["event"], e["data"].get("agentId")) for e in got]
        assert kinds == [("state", ann.id), ("state", bob.id), ("activity", ann.id)], kinds
        assert got[2]["data"]["time"] == ms(f"{DAY} 10:30")
        last = got[-1]["id"]
        post_states(admin_client, [change(ann.acd_id, 3, ms(f"{DAY} 10:32"))])
        live = stream.next("state")
        assert live["data"]["change"]["timestamp"] == ms(f"{DAY} 10:32")
    # Back again with the last id: nothing missed, nothing repeated.
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}", headers={"Last-Event-ID": live["id"]}) as stream:
        assert stream.drain(1.0) == []
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}&lastEventId={last}") as stream:
        assert [e["data"]["change"]["timestamp"] for e in stream.drain(1.0)] == [ms(f"{DAY} 10:32")]
    # An id that cannot be replayed (another epoch, garbage): a fresh snapshot.
    for bad in ("x-1@1", "garbage", "p1-1@" + str(NOW)):
        with SseReader(admin_client, f"{STREAM}?teamId={team_id}", headers={"Last-Event-ID": bad}) as stream:
            assert stream.next()["event"] == "snapshot"


def test_who_may_watch(admin_client, factory, tenant, new_client, team):
    team_id, ann, bob = team
    assert admin_client.get(STREAM).status_code == 400
    assert admin_client.get(STREAM, params={"teamId": team_id, "viewId": 1}).status_code == 400
    assert admin_client.get(STREAM, params={"teamId": 987654321}).status_code == 404
    assert admin_client.get(STREAM, params={"viewId": 987654321}).status_code == 404
    # A supervisor whose scope is another team: that team is not found.
    elsewhere = factory.team(tenant.id, factory.group(tenant.id))
    sup = factory.person(tenant.id, role="supervisor", scope_teams=[elsewhere])
    sup_client = new_client()
    factory.login(sup_client, sup.email, tenant_id=tenant.id)
    r = sup_client.get(STREAM, params={"teamId": team_id})
    assert r.status_code == 404 and r.json()["errorMessage"]
    # An agent (no Edit Schedules): not another team's agents; in their own team, only themselves.
    agent_client = new_client()
    factory.login(agent_client, ann.email, tenant_id=tenant.id)
    assert agent_client.get(STREAM, params={"teamId": elsewhere}).status_code in (403, 404)
    with SseReader(agent_client, f"{STREAM}?teamId={team_id}") as stream:
        assert [a["agentId"] for a in stream.next("snapshot")["data"]["agents"]] == [ann.id]
        post_states(admin_client, [change(bob.acd_id, 3, ms(f"{DAY} 10:02"))])
        post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 10:03"))])
        assert stream.next("state")["data"]["agentId"] == ann.id
    # Not logged in.
    assert new_client().get(STREAM, params={"teamId": team_id}).status_code == 401


def test_a_view_heartbeats_and_logging_out(admin_client, factory, tenant, new_client, team, monkeypatch):
    from openwfo.scheduling.live_view import hub

    monkeypatch.setattr(hub, "HEARTBEAT_S", 0.2)
    team_id, ann, bob = team
    wfm = Wfm(factory, tenant.id)
    view_id = wfm.view(agents=[bob.id], holders=[tenant.admin_id])
    with SseReader(admin_client, f"{STREAM}?viewId={view_id}") as stream:
        assert [a["agentId"] for a in stream.next("snapshot")["data"]["agents"]] == [bob.id]
        stream.drain(1.5)  # the hub's ticker (every second) wakes idle streams
        assert any(c.startswith(": heartbeat") for c in stream.comments)
        # Logged out: the stream ends at the next heartbeat.
        watcher = new_client()
        factory.login(watcher, tenant.admin_email, tenant_id=tenant.id)
        with SseReader(watcher, f"{STREAM}?viewId={view_id}") as other:
            other.next("snapshot")
            assert watcher.delete("/api/rest/authorize").status_code == 200
            other._thread.join(timeout=3)
            assert not other._thread.is_alive()
        assert not stream.response.is_closed  # another session's stream goes on


def test_events_lost_on_the_way_are_read_back(admin_client, team):
    """A gap in the tenant's event sequence (pub/sub lost a message while a listener reconnected): the hub
    reads the missing events back from the publisher's buffer and applies them in order."""
    from openwfo.scheduling.live_view.hub import hubs_for

    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        hub = next(h for h in hubs_for(admin_client.app.state.database)._hubs.values() if stream_in(h, ann.id))
        deliver, lost = hub._subscription.callback, []
        hub._subscription.callback = lambda ev: lost.append(ev) if not lost else deliver(ev)
        post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 10:01"))])
        post_states(admin_client, [change(ann.acd_id, 4, ms(f"{DAY} 10:02"))])
        first, second = stream.next("state"), stream.next("state")
        assert len(lost) == 1
        assert [first["data"]["change"]["gisStateIdentifier"], second["data"]["change"]["gisStateIdentifier"]] == [2, 4]
        assert second["data"]["agent"]["agentState"] == "TALK"


def stream_in(hub, agent_id: int) -> bool:
    return agent_id in hub.watchers


def test_a_late_change_is_sent_but_does_not_change_the_present(admin_client, team):
    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        post_states(admin_client, [change(ann.acd_id, 2, ms(f"{DAY} 09:10"))])  # before her 09:20 ready
        event = stream.next("state")
        assert event["data"]["change"]["timestamp"] == ms(f"{DAY} 09:10")
        assert (event["data"]["agent"]["agentState"], event["data"]["agent"]["adherence"]) == (
            "READY_WAITING", "IN_ADHERENCE")


def test_an_edited_schedule_reaches_the_stream(admin_client, team, monkeypatch):
    from openwfo.scheduling.live_view import hub

    monkeypatch.setattr(hub, "REFRESH_S", 0.5)
    team_id, ann, bob = team
    with SseReader(admin_client, f"{STREAM}?teamId={team_id}") as stream:
        stream.next("snapshot")
        put_days(admin_client, bob.id, {DAY: [act("lunch", ms(f"{DAY} 09:45"), ms(f"{DAY} 10:30"))]})
        event = stream.next("agent", timeout=5)
        assert event["data"]["agentId"] == bob.id
        assert event["data"]["agent"]["scheduledActivity"]["activityType"] == "lunch"
        assert event["data"]["agent"]["adherence"] == "IN_ADHERENCE"  # logged out at lunch


def test_views_the_caller_does_not_hold_are_not_found(admin_client, factory, tenant, new_client, team):
    team_id, ann, bob = team
    wfm = Wfm(factory, tenant.id)
    sup = factory.person(tenant.id, role="supervisor", scope_all=True)
    own = wfm.view(agents=[ann.id], holders=[sup.id], main=True)
    other = wfm.view(agents=[bob.id])
    client = new_client()
    factory.login(client, sup.email, tenant_id=tenant.id)
    assert client.get(STREAM, params={"viewId": other}).status_code == 404
    with SseReader(client, f"{STREAM}?viewId={own}") as stream:
        assert [a["agentId"] for a in stream.next("snapshot")["data"]["agents"]] == [ann.id]
    # The team holds both, but the supervisor's view only Ann.
    with SseReader(client, f"{STREAM}?teamId={team_id}") as stream:
        assert [a["agentId"] for a in stream.next("snapshot")["data"]["agents"]] == [ann.id]
