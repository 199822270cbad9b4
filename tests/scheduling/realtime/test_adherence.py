"""Adherence and conformance on hand-computed days: an ordinary day, today (future activities not yet
measured), a shift across midnight, an agent in another time zone; paging, one agent's day, interval
adherence, the tenant's rules, and who may read what."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

from ..schedules.helpers import act, put_days
from .helpers import ADHERENCE, INTERVAL, RULES, change, ms, next_acd_id, ok, post_states

TOKYO = "Asia/Tokyo"


def utc(text: str, zone: str = "America/Chicago") -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(ms(text, zone) / 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def one(client, agent_id: int, date: str) -> dict:
    return ok(client.get(f"{ADHERENCE}/{agent_id}", params={"date": date}))


@pytest.fixture
def ordinary(admin_client, wfm):
    """2024-07-15 (Chicago): in service 08:00-10:00, break 10:00-10:15, in service 10:15-12:00.
    States: 07:55 ready, 08:30 not ready, 08:40 talking, 10:00 not ready (reason 5), 10:20 ready, 12:00 logout."""
    q = wfm.queue()
    a = wfm.agent(acd_id=next_acd_id())
    d = "2024-07-15"
    put_days(admin_client, a.id, {d: [
        act("in_service", ms(f"{d} 08:00"), ms(f"{d} 10:00"), serviceQueueId=q),
        act("break", ms(f"{d} 10:00"), ms(f"{d} 10:15")),
        act("in_service", ms(f"{d} 10:15"), ms(f"{d} 12:00"), serviceQueueId=q),
    ]})
    post_states(admin_client, [
        change(a.acd_id, 3, ms(f"{d} 07:55")), change(a.acd_id, 2, ms(f"{d} 08:30")),
        change(a.acd_id, 4, ms(f"{d} 08:40")), change(a.acd_id, 2, ms(f"{d} 10:00"), 5),
        change(a.acd_id, 3, ms(f"{d} 10:20")), change(a.acd_id, 1, ms(f"{d} 12:00")),
    ])
    return a, q


def test_an_ordinary_day_by_hand(admin_client, ordinary):
    a, _ = ordinary
    out = ok(admin_client.get(ADHERENCE, params={"date": "2024-07-15"}))
    assert [x["agentId"] for x in out] == [a.id]
    day = out[0]
    # Scheduled 4 h (3 h 45 in service). Out of adherence: 08:30-08:40 not ready while in service (600 s)
    # and 10:15-10:20 still not ready after the break (300 s): 13,500 of 14,400 s = 93.75 %.
    # In service (ready/talking): 07:55-08:30, 08:40-10:00, 10:20-12:00 = 12,900 s of 13,500 = 95.56 %.
    assert {k: v for k, v in day.items() if k != "details"} == {
        "agentId": a.id, "acdAgentId": a.acd_id, "scheduledSeconds": 14400, "scheduledInServiceSeconds": 13500,
        "actualInServiceSeconds": 12900, "notInAdherenceSeconds": 900, "scheduleAdherence": 93.8,
        "scheduleConformity": 95.6}
    first, brk, last = day["details"]
    assert first == {
        "scheduledActivityType": "in_service", "scheduledActityStartTime": utc("2024-07-15 08:00"),
        "inAdherenceSeconds": 6600, "outOfAdherenceSeconds": 600, "actuals": [
            {"actualAgentState": "READY_WAITING", "actualAgentStateStartTime": utc("2024-07-15 07:55"),
             "actualReasonCode": None, "inAdherenceSeconds": 1800, "outOfAdherenceSeconds": 0},
            {"actualAgentState": "NOT_READY_BUSY", "actualAgentStateStartTime": utc("2024-07-15 08:30"),
             "actualReasonCode": None, "inAdherenceSeconds": 0, "outOfAdherenceSeconds": 600},
            {"actualAgentState": "TALK", "actualAgentStateStartTime": utc("2024-07-15 08:40"),
             "actualReasonCode": None, "inAdherenceSeconds": 4800, "outOfAdherenceSeconds": 0}]}
    assert (brk["scheduledActivityType"], brk["inAdherenceSeconds"], brk["outOfAdherenceSeconds"]) == ("break", 900, 0)
    assert brk["actuals"][0]["actualReasonCode"] == 5
    assert (last["inAdherenceSeconds"], last["outOfAdherenceSeconds"]) == (6000, 300)
    assert [x["actualAgentState"] for x in last["actuals"]] == ["NOT_READY_BUSY", "READY_WAITING"]
    # One agent's day is the same object.
    assert one(admin_client, a.id, "2024-07-15") == day


def test_today_is_measured_up_to_now(admin_client, wfm, ordinary):
    a, q = ordinary
    d = "2024-07-15"
    put_days(admin_client, a.id, {d: [
        act("in_service", ms(f"{d} 08:00"), ms(f"{d} 10:00"), serviceQueueId=q),
        act("break", ms(f"{d} 10:00"), ms(f"{d} 10:15")),
        act("in_service", ms(f"{d} 10:15"), ms(f"{d} 12:00"), serviceQueueId=q),
        act("in_service", ms(f"{d} 13:00"), ms(f"{d} 14:00"), serviceQueueId=q),
    ]})
    clock.freeze(ms(f"{d} 11:00"))
    day = one(admin_client, a.id, d)
    # Measured to 11:00: out 600 + 300, in 6600 + 900 + 2400 = 9,900 of 10,800 s = 91.67 %.
    # In service so far 2100 + 4800 + 2400 = 9,300 s of 9,900 scheduled so far = 93.94 %.
    assert (day["scheduledSeconds"], day["scheduledInServiceSeconds"]) == (18000, 17100)
    assert (day["actualInServiceSeconds"], day["notInAdherenceSeconds"]) == (9300, 900)
    assert (day["scheduleAdherence"], day["scheduleConformity"]) == (91.7, 93.9)
    later = day["details"][3]
    assert later["actuals"] == [] and later["inAdherenceSeconds"] == 0 == later["outOfAdherenceSeconds"]
    assert day["details"][2]["inAdherenceSeconds"] == 2400


def test_a_shift_across_midnight_is_cut_at_midnight(admin_client, wfm):
    a = wfm.agent(acd_id=next_acd_id())
    q = wfm.queue()
    put_days(admin_client, a.id, {"2024-07-15": [
        act("in_service", ms("2024-07-15 22:00"), ms("2024-07-16 02:00"), serviceQueueId=q)]})
    post_states(admin_client, [change(a.acd_id, 3, ms("2024-07-15 21:50")), change(a.acd_id, 2, ms("2024-07-15 23:30")),
                               change(a.acd_id, 3, ms("2024-07-16 00:30")), change(a.acd_id, 1, ms("2024-07-16 02:00"))])
    first, second = one(admin_client, a.id, "2024-07-15"), one(admin_client, a.id, "2024-07-16")
    # 15th: 22:00-24:00 scheduled, out 23:30-24:00; in service 21:50-23:30 = 6,000 s of 7,200.
    assert (first["scheduledSeconds"], first["notInAdherenceSeconds"], first["actualInServiceSeconds"]) == (7200, 1800, 6000)
    assert (first["scheduleAdherence"], first["scheduleConformity"]) == (75.0, 83.3)
    # 16th: 00:00-02:00, not ready since 23:30 until 00:30 (dated when it began), then ready.
    assert (second["scheduledSeconds"], second["notInAdherenceSeconds"], second["actualInServiceSeconds"]) == (7200, 1800, 5400)
    assert (second["scheduleAdherence"], second["scheduleConformity"]) == (75.0, 75.0)
    detail = second["details"][0]
    assert detail["scheduledActityStartTime"] == utc("2024-07-15 22:00")
    assert [(x["actualAgentState"], x["actualAgentStateStartTime"], x["outOfAdherenceSeconds"]) for x in detail["actuals"]] == [
        ("NOT_READY_BUSY", utc("2024-07-15 23:30"), 1800), ("READY_WAITING", utc("2024-07-16 00:30"), 0)]


def test_an_agent_in_another_zone_is_cut_at_the_tenants_midnights(admin_client, wfm):
    # Tokyo 09:00-17:00 on the 16th is 19:00-03:00 in Chicago (the tenant's zone), across its midnight.
    a = wfm.agent(TOKYO, acd_id=next_acd_id())
    q = wfm.queue()
    put_days(admin_client, a.id, {"2024-07-16": [
        act("in_service", ms("2024-07-16 09:00", TOKYO), ms("2024-07-16 17:00", TOKYO), serviceQueueId=q)]})
    post_states(admin_client, [change(a.acd_id, 3, ms("2024-07-16 09:00", TOKYO)),
                               change(a.acd_id, 2, ms("2024-07-16 12:00", TOKYO)),
                               change(a.acd_id, 3, ms("2024-07-16 12:30", TOKYO)),
                               change(a.acd_id, 1, ms("2024-07-16 17:00", TOKYO))])
    first, second = one(admin_client, a.id, "2024-07-15"), one(admin_client, a.id, "2024-07-16")
    assert (first["scheduledSeconds"], first["notInAdherenceSeconds"], first["scheduleAdherence"]) == (18000, 1800, 90.0)
    assert (second["scheduledSeconds"], second["notInAdherenceSeconds"], second["scheduleAdherence"]) == (10800, 0, 100.0)


def test_no_schedule_or_no_states(admin_client, wfm):
    idle = wfm.agent(acd_id=next_acd_id())
    day = one(admin_client, idle.id, "2024-07-15")
    assert day["scheduledSeconds"] == 0 and day["details"] == []
    assert day["scheduleAdherence"] is None and day["scheduleConformity"] is None
    # Scheduled but never logged in: logged out throughout, out of adherence for the whole activity.
    put_days(admin_client, idle.id, {"2024-07-15": [
        act("in_service", ms("2024-07-15 08:00"), ms("2024-07-15 09:00"), serviceQueueId=wfm.queue())]})
    day = one(admin_client, idle.id, "2024-07-15")
    assert (day["notInAdherenceSeconds"], day["scheduleAdherence"], day["scheduleConformity"]) == (3600, 0.0, 0.0)
    assert day["details"][0]["actuals"][0]["actualAgentState"] == "LOGGED_OUT"


def test_paging_and_dates(admin_client, wfm):
    agents = sorted(wfm.agent().id for _ in range(3))
    page = lambda **p: ok(admin_client.get(ADHERENCE, params={"date": "2024-07-15", **p}))  # noqa: E731
    assert [x["agentId"] for x in page()] == agents
    assert [x["agentId"] for x in page(pageSize=2)] == agents[:2]
    assert [x["agentId"] for x in page(pageSize=2, pageNumber=2)] == agents[2:]
    assert page(pageSize=2, pageNumber=3) == []
    assert len(page(pageSize=200)) == 3
    for params in ({"pageSize": 201}, {"pageSize": 0}, {"pageNumber": 0}, {"pageSize": "x"}):
        assert admin_client.get(ADHERENCE, params={"date": "2024-07-15", **params}).status_code == 400, params
    for date in (None, "", "2024-13-01", "15/07/2024", "2024-07-15T00:00", "9999-12-31", "0001-01-01"):
        r = admin_client.get(ADHERENCE, params={"date": date} if date is not None else {})
        assert r.status_code == 400 and r.json()["requestId"], date


def test_who_may_read_whose_adherence(admin_client, wfm, factory, tenant, new_client):
    a, b = wfm.agent(), wfm.agent()
    params = {"date": "2024-07-15"}
    # An agent (no Edit Schedules) reads their own day only.
    client_a = wfm.login(new_client, a)
    assert [x["agentId"] for x in ok(client_a.get(ADHERENCE, params=params))] == [a.id]
    assert ok(client_a.get(f"{ADHERENCE}/{a.id}", params=params))["agentId"] == a.id
    assert client_a.get(f"{ADHERENCE}/{b.id}", params=params).status_code == 404
    # A supervisor (Edit Schedules) of another team sees neither; of theirs, both.
    team = factory.team(tenant.id, factory.group(tenant.id))
    outsider = wfm.login(new_client, factory.person(tenant.id, role="supervisor", scope_teams=[team]))
    assert ok(outsider.get(ADHERENCE, params=params)) == []
    assert outsider.get(f"{ADHERENCE}/{a.id}", params=params).status_code == 404
    insider = wfm.login(new_client, factory.person(tenant.id, role="supervisor", scope_all=True))
    assert [x["agentId"] for x in ok(insider.get(ADHERENCE, params=params))] == sorted([a.id, b.id])
    # Another tenant's agent does not exist here.
    other = factory.tenant()
    stranger = factory.person(other.id, enabled_for_scheduling=True)
    assert admin_client.get(f"{ADHERENCE}/{stranger.id}", params=params).status_code == 404
    assert new_client().get(ADHERENCE, params=params).status_code == 401


def test_interval_adherence_for_an_agent_and_a_team(admin_client, wfm, factory, tenant, ordinary):
    a, q = ordinary
    out = ok(admin_client.get(INTERVAL, params={"agentId": a.id, "date": "2024-07-15", "interval": 30}))
    assert out["agentId"] == a.id and len(out["intervals"]) == 48
    slot = {x["startTime"]: x for x in out["intervals"]}
    # 08:30-09:00: not ready 10 min, talking 20 min.
    assert slot[ms("2024-07-15 08:30")] == {"startTime": ms("2024-07-15 08:30"), "scheduledSeconds": 1800,
                                            "inAdherenceSeconds": 1200, "outOfAdherenceSeconds": 600,
                                            "scheduleAdherence": 66.7}
    assert slot[ms("2024-07-15 07:30")]["scheduledSeconds"] == 0 and slot[ms("2024-07-15 07:30")]["scheduleAdherence"] is None
    assert len(ok(admin_client.get(INTERVAL, params={"agentId": a.id, "date": "2024-07-15"}))["intervals"]) == 96
    # A team: the sum of its agents.
    team = factory.team(tenant.id, factory.group(tenant.id))
    b, c = wfm.agent(team_id=team, acd_id=next_acd_id()), wfm.agent(team_id=team, acd_id=next_acd_id())
    for agent in (b, c):
        put_days(admin_client, agent.id, {"2024-07-15": [
            act("in_service", ms("2024-07-15 09:00"), ms("2024-07-15 10:00"), serviceQueueId=q)]})
    post_states(admin_client, [change(b.acd_id, 3, ms("2024-07-15 09:00")), change(c.acd_id, 3, ms("2024-07-15 09:15"))])
    team_out = ok(admin_client.get(INTERVAL, params={"teamId": team, "date": "2024-07-15", "interval": 15}))
    assert sorted(team_out["agentIds"]) == sorted([b.id, c.id])
    nine = {x["startTime"]: x for x in team_out["intervals"]}[ms("2024-07-15 09:00")]
    assert (nine["scheduledSeconds"], nine["inAdherenceSeconds"], nine["outOfAdherenceSeconds"]) == (1800, 900, 900)
    assert nine["scheduleAdherence"] == 50.0
    for params in ({"date": "2024-07-15"}, {"agentId": a.id, "teamId": team, "date": "2024-07-15"},
                   {"agentId": a.id, "date": "2024-07-15", "interval": 20}, {"agentId": a.id}):
        assert admin_client.get(INTERVAL, params=params).status_code == 400, params
    assert admin_client.get(INTERVAL, params={"teamId": 10**12, "date": "2024-07-15"}).status_code == 404


def test_the_tenants_rules_decide_adherence(admin_client, wfm, factory, tenant, new_client, ordinary):
    a, _ = ordinary
    rules = {r["activityType"]: r for r in ok(admin_client.get(RULES))["rules"]}
    assert rules["break"]["inAdherenceStates"] == ["LOGGED_OUT", "NOT_READY_BUSY"]
    assert rules["in_service"]["inAdherenceStates"] == ["READY_WAITING", "TALK", "WORK_AFTER_CONTACT", "HOLD"]
    assert not rules["break"]["custom"] and len(rules) == 13
    # Not ready during in service counts as adherent once the tenant says so.
    out = ok(admin_client.put(RULES, json={"rules": [
        {"activityType": "IN_SERVICE", "inAdherenceStates": ["READY_WAITING", "TALK", "HOLD", "WORK_AFTER_CONTACT",
                                                             "NOT_READY_BUSY"]}]}))
    assert {r["activityType"]: r for r in out["rules"]}["in_service"]["custom"]
    day = one(admin_client, a.id, "2024-07-15")
    assert (day["notInAdherenceSeconds"], day["scheduleAdherence"]) == (0, 100.0)
    # In-service states follow the in_service rule: not ready now counts as in service too.
    assert day["actualInServiceSeconds"] == 12900 + 600 + 1200
    # Another tenant keeps the defaults.
    other = factory.tenant()
    other_client = new_client()
    factory.login(other_client, other.admin_email, tenant_id=other.id)
    other_rules = {r["activityType"]: r for r in ok(other_client.get(RULES))["rules"]}
    assert "NOT_READY_BUSY" not in other_rules["in_service"]["inAdherenceStates"]
    # null puts the default back.
    ok(admin_client.put(RULES, json={"rules": [{"activityType": "in_service", "inAdherenceStates": None}]}))
    assert one(admin_client, a.id, "2024-07-15")["notInAdherenceSeconds"] == 900
    # Bad rules: every problem named, nothing changed.
    r = admin_client.put(RULES, json={"rules": [{"activityType": "nap", "inAdherenceStates": []},
                                                {"activityType": "break", "inAdherenceStates": ["SLEEPING"]}]})
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["rules[0].activityType", "rules[1].inAdherenceStates"]
    # Supervisors read the rules; only Administer WFM changes them.
    sup = wfm.login(new_client, factory.person(tenant.id, role="supervisor", scope_all=True))
    assert sup.get(RULES).status_code == 200
    assert sup.put(RULES, json={"rules": []}).status_code == 403


def test_seconds_add_up_the_rounded_parts(admin_client, wfm):
    """In service 08:00-09:00; states alternate every 10.4 s from 08:00 (ready, not ready, ready, not ready),
    ready again from 08:00:41.6 until the logout at 09:00. Each actual rounds to whole seconds (10, 10, 10,
    10, 3,558); the activity's and the day's seconds are the sums of those (out 20, not 20.8 → 21; in 3,578,
    not 3,579.2 → 3,579)."""
    a = wfm.agent(acd_id=next_acd_id())
    d, start = "2024-07-15", ms("2024-07-15 08:00")
    put_days(admin_client, a.id, {d: [act("in_service", start, ms(f"{d} 09:00"), serviceQueueId=wfm.queue())]})
    post_states(admin_client, [change(a.acd_id, s, start + i * 10_400) for i, s in enumerate((3, 2, 3, 2, 3))]
                + [change(a.acd_id, 1, ms(f"{d} 09:00"))])
    day = one(admin_client, a.id, d)
    detail = day["details"][0]
    assert [(x["inAdherenceSeconds"], x["outOfAdherenceSeconds"]) for x in detail["actuals"]] == [
        (10, 0), (0, 10), (10, 0), (0, 10), (3558, 0)]
    assert (detail["inAdherenceSeconds"], detail["outOfAdherenceSeconds"]) == (3578, 20)
    assert day["notInAdherenceSeconds"] == 20
    assert day["scheduleAdherence"] == 99.4  # from milliseconds: 3,579.2 of 3,600


def test_a_rule_may_name_a_reason_code(admin_client, wfm):
    """Lunch 12:00-13:00 with the rule LOGGED_OUT, or NOT_READY_BUSY with reason code 11. States: 12:00 not
    ready (11) → in 1,800 s; 12:30 not ready (5) → out 900 s; 12:45 logout → in 900 s. Adherence 75.0."""
    a = wfm.agent(acd_id=next_acd_id())
    d = "2024-07-15"
    put_days(admin_client, a.id, {d: [act("lunch", ms(f"{d} 12:00"), ms(f"{d} 13:00"))]})
    post_states(admin_client, [change(a.acd_id, 2, ms(f"{d} 12:00"), 11), change(a.acd_id, 2, ms(f"{d} 12:30"), 5),
                               change(a.acd_id, 1, ms(f"{d} 12:45"))])
    out = ok(admin_client.put(RULES, json={"rules": [{
        "activityType": "lunch", "inAdherenceStates": ["LOGGED_OUT"],
        "inAdherenceReasonCodes": [{"agentState": "not_ready_busy", "reasonCode": 11}]}]}))
    lunch = {r["activityType"]: r for r in out["rules"]}["lunch"]
    assert (lunch["inAdherenceStates"], lunch["inAdherenceReasonCodes"], lunch["custom"]) == (
        ["LOGGED_OUT"], [{"agentState": "NOT_READY_BUSY", "reasonCode": 11}], True)
    day = one(admin_client, a.id, d)
    assert [(x["actualReasonCode"], x["inAdherenceSeconds"], x["outOfAdherenceSeconds"])
            for x in day["details"][0]["actuals"]] == [(11, 1800, 0), (5, 0, 900), (None, 900, 0)]
    assert (day["notInAdherenceSeconds"], day["scheduleAdherence"]) == (900, 75.0)
    # Without the reason code entry, not ready is out of adherence whatever the reason.
    ok(admin_client.put(RULES, json={"rules": [{"activityType": "lunch", "inAdherenceStates": ["LOGGED_OUT"]}]}))
    assert one(admin_client, a.id, d)["notInAdherenceSeconds"] == 2700
    r = admin_client.put(RULES, json={"rules": [{"activityType": "lunch", "inAdherenceStates": [],
                                                 "inAdherenceReasonCodes": [{"agentState": "NAP", "reasonCode": 1},
                                                                            ]}]})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "rules[0].inAdherenceReasonCodes[0].agentState"
    r = admin_client.put(RULES, json={"rules": [{"activityType": "lunch", "inAdherenceStates": [],
                                                 "inAdherenceReasonCodes": [{"agentState": "HOLD", "reasonCode": 0}]}]})
    assert r.status_code == 400
