"""Agents Scheduled by Service Queue (FTEs per interval) and its SmartSync XML; Available Agents."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from openwfo.kit.clock import clock

from .helpers import BERLIN, act, errors_of, ms, ok, put_days

SCHEDULED = "/api/rest/scheduling/agents/scheduled/by/servicequeue"
SMARTSYNC = SCHEDULED + "/smartsync"
AVAILABLE = "/api/rest/scheduling/schedule/availableAgents"


@pytest.fixture
def staffed(admin_client, wfm):
    """Sales and Support; one agent on Sales 08:00-08:40, one on the Sales+Support group 08:00-09:00
    (Chicago, 2024-07-16); a Berlin agent on Support 16:00-17:00 Berlin (09:00-10:00 Chicago)."""
    sales, support = wfm.queue("Sales"), wfm.queue("Support", type_code=1)
    group = wfm.group([sales, support], "Sales+Support")
    c, d, e = wfm.agent(), wfm.agent(), wfm.agent(BERLIN)
    put_days(admin_client, c.id, {"2024-07-16": [
        act("in_service", ms("2024-07-16 08:00"), ms("2024-07-16 08:40"), serviceQueueId=sales),
        act("break", ms("2024-07-16 08:40"), ms("2024-07-16 09:00"))]})
    put_days(admin_client, d.id, {"2024-07-16": [
        act("in_service_msg", ms("2024-07-16 08:00"), ms("2024-07-16 09:00"), multiSkillGroupId=group)]})
    put_days(admin_client, e.id, {"2024-07-16": [
        act("in_service", ms("2024-07-16 16:00", BERLIN), ms("2024-07-16 17:00", BERLIN), serviceQueueId=support)]})
    return {"sales": sales, "support": support, "group": group, "c": c, "d": d, "e": e}


def _scheduled(client, ids, interval=15, first="2024-07-16", last="2024-07-16"):
    body = {"interval": interval, "fromDate": first, "toDate": last}
    if ids is not None:
        body["serviceQueueIds"] = ids
    return client.post(SCHEDULED, json=body)


def _by_time(queue: dict, date: str) -> dict[int, float]:
    day = next(d for d in queue["agentsScheduledByDate"] if d["date"] == date)
    return {i["intervalStartTime"]: i["agentsScheduled"] for i in day["intervals"]}


def test_fte_counts_partial_intervals_and_multi_skill_groups(admin_client, staffed):
    out = ok(_scheduled(admin_client, [staffed["sales"], staffed["support"]]))
    sales, support = out
    assert sales["serviceQueueId"] == staffed["sales"] and sales["serviceQueueName"] == "Sales"
    assert sales["serviceTypeId"] == 0 and sales["serviceTypeName"] == "Voice"
    assert support["serviceTypeId"] == 1 and support["serviceTypeName"] == "Chat"
    s = _by_time(sales, "2024-07-16")
    assert len(s) == 96 and min(s) == ms("2024-07-16 00:00")
    # 1 (agent c) + 0.5 (agent d's group of two queues); c leaves at 08:40: 10 of 15 minutes = 0.67.
    assert [s[ms(f"2024-07-16 {t}")] for t in ("07:45", "08:00", "08:15", "08:30", "08:45", "09:00")] == \
        [0.0, 1.5, 1.5, 1.2, 0.5, 0.0]
    p = _by_time(support, "2024-07-16")
    assert [p[ms(f"2024-07-16 {t}")] for t in ("08:00", "08:45", "09:00", "09:45", "10:00")] == \
        [0.5, 0.5, 1.0, 1.0, 0.0]
    assert sum(s.values()) == pytest.approx(1.5 + 1.5 + 1.2 + 0.5)
    # 30-minute intervals: 48 a day; c counts 10/30 in the 08:30 interval.
    s30 = _by_time(ok(_scheduled(admin_client, [staffed["sales"]], interval=30))[0], "2024-07-16")
    assert len(s30) == 48
    assert [s30[ms(f"2024-07-16 {t}")] for t in ("08:00", "08:30", "09:00")] == [1.5, 0.8, 0.0]


def test_queues_default_to_all_visible_forecast_queues_in_the_main_view(admin_client, wfm, staffed, factory, tenant,
                                                                         new_client):
    no_forecast = wfm.queue("Back office", not_allow_forecast=True)
    ids = [q["serviceQueueId"] for q in ok(_scheduled(admin_client, None))]
    assert ids == [staffed["sales"], staffed["support"]]
    assert ok(_scheduled(admin_client, [no_forecast, 99999999])) == []
    # Only the main view counts: a supervisor whose main view holds Support, and another view Sales.
    sup = factory.person(tenant.id, role="supervisor", scope_all=True)
    wfm.view(queues=[staffed["support"]], holders=[sup.id], main=True)
    wfm.view(queues=[staffed["sales"]], holders=[sup.id])
    client = wfm.login(new_client, sup)
    out = ok(_scheduled(client, [staffed["sales"], staffed["support"]]))
    assert [q["serviceQueueId"] for q in out] == [staffed["support"]]
    assert _by_time(out[0], "2024-07-16")[ms("2024-07-16 08:00")] == 0.5  # figures do not depend on who sees agents


def test_agents_scheduled_rules(admin_client, wfm, new_client, staffed):
    assert errors_of(_scheduled(admin_client, None, interval=20))[0]["field"] == "interval"
    assert errors_of(_scheduled(admin_client, None, first="2024-07-17", last="2024-07-16"))[0]["field"] == "toDate"
    assert errors_of(_scheduled(admin_client, None, first="2024-01-01", last="2024-06-30"))[0]["field"] == "toDate"
    assert admin_client.post(SCHEDULED, json={"fromDate": "2024-07-16", "toDate": "2024-07-16"}).status_code == 400
    assert _scheduled(wfm.login(new_client, staffed["c"]), None).status_code == 403
    # 31 days, as the reference's example asks.
    out = ok(_scheduled(admin_client, [staffed["sales"]], first="2024-06-16", last="2024-07-16"))
    assert len(out[0]["agentsScheduledByDate"]) == 31


@pytest.mark.parametrize(("date", "count15", "count30", "hours"), [
    ("2024-03-10", 92, 46, 23),  # clocks go forward in Chicago: the 02:00 hour does not exist
    ("2024-11-03", 100, 50, 25),  # clocks go back: 01:00-02:00 happens twice
    ("2024-07-16", 96, 48, 24),
])
def test_a_dst_day_has_its_real_intervals(admin_client, wfm, date, count15, count30, hours):
    q = wfm.queue()
    agent = wfm.agent()
    # Scheduled from local 00:30 to 05:00: 4.5 real hours, 3.5 or 5.5 on the DST days.
    put_days(admin_client, agent.id, {date: [act("in_service", ms(f"{date} 00:30"), ms(f"{date} 05:00"),
                                                 serviceQueueId=q)]})
    day = ok(_scheduled(admin_client, [q], first=date, last=date))[0]["agentsScheduledByDate"][0]
    starts = [i["intervalStartTime"] for i in day["intervals"]]
    assert len(starts) == count15
    assert starts[0] == ms(f"{date} 00:00")
    assert all(b - a == 900_000 for a, b in zip(starts, starts[1:], strict=False))
    assert starts[-1] + 900_000 == starts[0] + hours * 3_600_000
    scheduled_hours = sum(i["agentsScheduled"] for i in day["intervals"]) / 4
    assert scheduled_hours == pytest.approx((ms(f"{date} 05:00") - ms(f"{date} 00:30")) / 3_600_000)
    assert len(ok(_scheduled(admin_client, [q], interval=30, first=date, last=date))[0]
               ["agentsScheduledByDate"][0]["intervals"]) == count30


def test_smartsync_xml_carries_the_same_figures(admin_client, staffed):
    r = admin_client.get(SMARTSYNC, params={"serviceQueueIds": f"{staffed['sales']},{staffed['support']}",
                                            "fromDate": "2024-07-16", "toDate": "2024-07-17"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    assert r.text.startswith('<?xml version="1.0"?>')
    root = ET.fromstring(r.text)
    assert root.tag == "opens"
    opens = root.findall("muOpens")
    assert len(opens) == 4  # two queues, two dates
    first = opens[0]
    assert first.findtext("muID") == str(staffed["sales"]) and first.findtext("ctID") == "0"
    assert (first.findtext("date/day"), first.findtext("date/month"), first.findtext("date/year")) == ("16", "7", "2024")
    values = {v.get("time"): v.text for v in first.findall("openValue")}
    assert len(values) == 96 and values["00:00"] == "0.00"
    assert (values["08:00"], values["08:30"], values["08:45"]) == ("1.50", "1.20", "0.50")
    assert opens[2].findtext("muID") == str(staffed["support"]) and opens[2].findtext("ctID") == "1"
    r30 = admin_client.get(SMARTSYNC, params={"serviceQueueIds": staffed["sales"], "interval": 30,
                                              "fromDate": "2024-07-16", "toDate": "2024-07-16"})
    assert len(ET.fromstring(r30.text).findall("muOpens/openValue")) == 48
    assert admin_client.get(SMARTSYNC, params={"fromDate": "2024-07-16", "toDate": "2024-07-16",
                                               "interval": 5}).status_code == 400


def _available(client, queues=None, mappings=None):
    body = {}
    if queues is not None:
        body["serviceQueueIds"] = queues
    if mappings is not None:
        body["skillMappingIds"] = mappings
    return client.post(AVAILABLE, json=body)


def test_available_agents_are_those_working_a_queue_now(admin_client, wfm, staffed):
    sales, support, c, d = staffed["sales"], staffed["support"], staffed["c"], staffed["d"]
    clock.freeze(ms("2024-07-16 08:20"))
    out = ok(_available(admin_client, [sales]))
    assert [x["agentId"] for x in out] == [c.id, d.id]
    assert out[0] == {"agentId": c.id, "agentTimeZone": "America/Chicago", "scheduledActivity": {
        "activityType": "in_service", "activityTypeLabel": "In Service", "activityDetailName": "Sales",
        "serviceQueueIds": [sales], "skillMappingIds": [], "startTime": ms("2024-07-16 08:00"),
        "endTime": ms("2024-07-16 08:40")}}
    assert out[1]["scheduledActivity"]["serviceQueueIds"] == sorted([sales, support])
    assert out[1]["scheduledActivity"]["activityType"] == "in_service_msg"
    assert [x["agentId"] for x in ok(_available(admin_client, [support]))] == [d.id]
    # At 08:45 c is on a break: only d works Sales.
    clock.freeze(ms("2024-07-16 08:45"))
    assert [x["agentId"] for x in ok(_available(admin_client, [sales]))] == [d.id]
    clock.freeze(ms("2024-07-16 09:30"))
    assert [x["agentId"] for x in ok(_available(admin_client, [support]))] == [staffed["e"].id]
    assert ok(_available(admin_client, [sales])) == []


def test_available_agents_by_skill_mapping(admin_client, wfm, staffed):
    sales, support, c, d = staffed["sales"], staffed["support"], staffed["c"], staffed["d"]
    support_mapping = wfm.skill_mapping([support], [c.id, d.id])
    sales_mapping = wfm.skill_mapping([sales], [c.id])
    clock.freeze(ms("2024-07-16 08:20"))
    # c has the Support mapping but works Sales: not listed for it; d works the group holding Support.
    out = ok(_available(admin_client, mappings=[support_mapping]))
    assert [x["agentId"] for x in out] == [d.id]
    assert out[0]["scheduledActivity"]["skillMappingIds"] == [support_mapping]
    out = ok(_available(admin_client, queues=[sales], mappings=[support_mapping]))
    assert [(x["agentId"], x["scheduledActivity"]["skillMappingIds"]) for x in out] == \
        [(c.id, [sales_mapping]), (d.id, [support_mapping])]


def test_available_agents_rules_scope_and_views(admin_client, wfm, staffed, factory, tenant, new_client):
    assert errors_of(_available(admin_client))[0]["field"] == "serviceQueueIds"
    assert _available(admin_client, [], []).status_code == 400
    clock.freeze(ms("2024-07-16 08:20"))
    assert ok(_available(admin_client, [99999999])) == []
    team = factory.team(tenant.id, factory.group(tenant.id))
    scoped = factory.person(tenant.id, role="supervisor", scope_teams=[team])
    assert ok(_available(wfm.login(new_client, scoped), [staffed["sales"]])) == []
    viewer = factory.person(tenant.id, role="supervisor", scope_all=True)
    wfm.view(queues=[staffed["sales"]], agents=[staffed["d"].id], holders=[viewer.id], main=True)
    out = ok(_available(wfm.login(new_client, viewer), [staffed["sales"], staffed["support"]]))
    assert [x["agentId"] for x in out] == [staffed["d"].id]
    assert _available(wfm.login(new_client, staffed["c"]), [staffed["sales"]]).status_code == 403


def test_agents_scheduled_as_form_fields(admin_client, staffed):
    form = {"serviceQueueIds": f"{staffed['sales']},{staffed['support']}", "interval": "30",
            "fromDate": "2024-07-16", "toDate": "2024-07-16"}
    out = ok(admin_client.post(SCHEDULED, data=form, files={"x": ("x.txt", b"")}))
    assert [q["serviceQueueId"] for q in out] == [staffed["sales"], staffed["support"]]
    assert len(out[0]["agentsScheduledByDate"][0]["intervals"]) == 48
    assert ok(admin_client.post(SCHEDULED, data=form)) == out
    assert errors_of(admin_client.post(SCHEDULED, data={**form, "serviceQueueIds": "1,x"}))[0]["field"].startswith(
        "serviceQueueIds")


def _deactivate(wfm, person, at: int) -> None:
    from openwfo.models import Person

    with wfm.session() as db:
        p = db.get(Person, person.id)
        p.deactivated, p.deactivated_date = True, at


def test_a_virtual_queue_sums_its_source_queues(admin_client, wfm, staffed):
    from openwfo.models import ServiceQueue, VirtualServiceSource

    virtual = wfm.queue("All voice")
    with wfm.session() as db:
        db.get(ServiceQueue, virtual).virtual = True
        for source in (staffed["sales"], staffed["support"]):
            db.add(VirtualServiceSource(virtual_queue_id=virtual, source_queue_id=source))
    out = ok(_scheduled(admin_client, [virtual, staffed["sales"], staffed["support"]]))
    v, s, p = (_by_time(q, "2024-07-16") for q in out)
    for t in ("08:00", "08:30", "08:45", "09:00", "09:45", "10:00"):
        at = ms(f"2024-07-16 {t}")
        assert v[at] == pytest.approx(s[at] + p[at], abs=0.11), t
    # Agent d's group time counts once (half on each source), agent c's Sales time once.
    assert [v[ms(f"2024-07-16 {t}")] for t in ("08:00", "08:30", "09:00", "10:00")] == [2.0, 1.7, 1.0, 0.0]
    # Who is scheduled on the virtual queue itself counts too.
    extra = wfm.agent()
    put_days(admin_client, extra.id, {"2024-07-16": [
        act("in_service", ms("2024-07-16 10:00"), ms("2024-07-16 11:00"), serviceQueueId=virtual)]})
    assert _by_time(ok(_scheduled(admin_client, [virtual]))[0], "2024-07-16")[ms("2024-07-16 10:00")] == 1.0
    xml = admin_client.get(SMARTSYNC, params={"serviceQueueIds": virtual, "fromDate": "2024-07-16",
                                              "toDate": "2024-07-16"}).text
    values = {v.get("time"): v.text for v in ET.fromstring(xml).findall("muOpens/openValue")}
    assert (values["08:00"], values["10:00"]) == ("2.00", "1.00")


def test_a_deactivated_agent_stops_counting_and_being_available(admin_client, wfm, staffed):
    sales = staffed["sales"]
    before = _by_time(ok(_scheduled(admin_client, [sales]))[0], "2024-07-16")
    assert before[ms("2024-07-16 08:15")] == 1.5
    clock.freeze(ms("2024-07-16 08:20"))
    assert [x["agentId"] for x in ok(_available(admin_client, [sales]))] == [staffed["c"].id, staffed["d"].id]
    # Agent c deactivated at 08:10: the shift started before counts (it was worked), nothing after it.
    _deactivate(wfm, staffed["c"], ms("2024-07-16 08:10"))
    assert [x["agentId"] for x in ok(_available(admin_client, [sales]))] == [staffed["d"].id]
    after = _by_time(ok(_scheduled(admin_client, [sales]))[0], "2024-07-16")
    assert after == before
    put_days(admin_client, staffed["c"].id, {"2024-07-17": [
        act("in_service", ms("2024-07-17 08:00"), ms("2024-07-17 09:00"), serviceQueueId=sales)]})
    next_day = _by_time(ok(_scheduled(admin_client, [sales], first="2024-07-17", last="2024-07-17"))[0], "2024-07-17")
    assert next_day[ms("2024-07-17 08:00")] == 0.0


def test_agents_scheduled_fields_may_come_in_the_query(admin_client, staffed):
    sales, support = staffed["sales"], staffed["support"]
    r = admin_client.post(f"{SCHEDULED}?interval=30&fromDate=2024-07-16&toDate=2024-07-16"
                          f"&serviceQueueIds={sales}&serviceQueueIds={support}")
    out = ok(r)
    assert [q["serviceQueueId"] for q in out] == [sales, support]
    assert len(out[0]["agentsScheduledByDate"][0]["intervals"]) == 48
    # The body wins over the query.
    out = ok(admin_client.post(f"{SCHEDULED}?interval=30", json={"serviceQueueIds": [sales], "interval": 15,
                                                                  "fromDate": "2024-07-16", "toDate": "2024-07-16"}))
    assert len(out) == 1 and len(out[0]["agentsScheduledByDate"][0]["intervals"]) == 96


def test_smartsync_xml_by_post_takes_the_json_request(admin_client, staffed):
    body = {"serviceQueueIds": [staffed["sales"]], "interval": 15, "fromDate": "2024-07-16", "toDate": "2024-07-16"}
    r = admin_client.post(SMARTSYNC, json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/xml")
    get = admin_client.get(SMARTSYNC, params={**body, "serviceQueueIds": staffed["sales"]})
    assert r.text == get.text
    assert admin_client.post(SMARTSYNC, json={**body, "interval": 20}).status_code == 400
