"""POST Third-Party Exception Requests API: who, when, the comment, every 400/404/409 rule; and the
extension endpoints that list requests."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

from ..schedules.helpers import BERLIN, BY_AGENT, act, day_shift, errors_of, ms, ok, put_days

REQUESTS = "/api/rest/scheduling/changeRequest/exception"


@pytest.fixture
def setup(admin_client, wfm):
    q = wfm.queue("Support")
    sick = wfm.exception("Sick", paid=True, color="#E74C3C")
    vacation = wfm.exception("Vacation", paid=True)
    agent = wfm.agent(first_name="Robin", last_name="Meyer")
    put_days(admin_client, agent.id, {"2024-07-16": day_shift(q, "2024-07-16")})
    clock.freeze(ms("2024-07-10 09:00"))
    return {"q": q, "agent": agent, "sick_type": wfm.exception_type(sick, "Sick call"),
            "vacation_type": wfm.exception_type(vacation, "Vacation request"), "sick": sick}


def _request(client, **body):
    return client.post(REQUESTS, json=body)


def test_entire_day_request_on_behalf_of_an_agent(admin_client, setup, tenant):
    agent = setup["agent"]
    r = ok(_request(admin_client, agentId=agent.id, genericException=setup["sick_type"],
                    startTimeEpoch=ms("2024-07-16 00:00"), entireDay=True))
    assert r["agentId"] == agent.id and r["genericException"] == setup["sick_type"]
    assert r["genericExceptionName"] == "Sick call" and r["exceptionId"] == setup["sick"]
    assert r["entireDay"] is True and r["date"] == "2024-07-16" and r["status"] == "pending"
    # An entire day covers the agent's shift of that date.
    assert (r["startTimeEpoch"], r["endTimeEpoch"]) == (ms("2024-07-16 08:00"), ms("2024-07-16 16:30"))
    assert r["comment"] == "This request was requested by System Administrator on behalf of agent, Robin Meyer."
    assert r["requestedBy"] == tenant.admin_id and r["decidedBy"] is None and r["decidedTime"] is None
    assert r["createdTime"] == ms("2024-07-10 09:00")


def test_comment_is_kept_and_end_time_ignored_for_an_entire_day(admin_client, setup, wfm):
    agent = setup["agent"]
    r = ok(_request(admin_client, agentId=agent.id, genericException=setup["sick_type"], comment="  Flu  ",
                    startTimeEpoch=ms("2024-07-17 00:00"), endTimeEpoch=1, entireDay=True))
    assert r["comment"] == "Flu"
    # No shift on the 17th: the agent's local day, midnight to midnight.
    assert (r["startTimeEpoch"], r["endTimeEpoch"]) == (ms("2024-07-17 00:00"), ms("2024-07-18 00:00"))
    berlin = wfm.agent(BERLIN)
    # Midnight of the day in the agent's own zone picks the date.
    r = ok(_request(admin_client, agentId=berlin.id, genericException=setup["sick_type"],
                    startTimeEpoch=ms("2024-03-31 00:00", BERLIN), entireDay=True))
    assert r["date"] == "2024-03-31"
    assert r["endTimeEpoch"] - r["startTimeEpoch"] == 23 * 3_600_000  # Berlin's clocks go forward that day


def test_partial_request_and_time_rules(admin_client, setup):
    agent, t = setup["agent"], setup["sick_type"]
    r = ok(_request(admin_client, agentId=agent.id, genericException=t, entireDay=False,
                    startTimeEpoch=ms("2024-07-16 13:00"), endTimeEpoch=ms("2024-07-16 16:30")))
    assert (r["startTimeEpoch"], r["endTimeEpoch"], r["date"]) == (ms("2024-07-16 13:00"), ms("2024-07-16 16:30"),
                                                                     "2024-07-16")
    cases = [
        ({"startTimeEpoch": ms("2024-07-18 13:00")}, "endTimeEpoch", "is required unless entireDay"),
        ({"startTimeEpoch": ms("2024-07-18 13:00"), "endTimeEpoch": ms("2024-07-18 13:00")}, "endTimeEpoch",
         "must be after"),
        ({"startTimeEpoch": ms("2024-07-18 08:00"), "endTimeEpoch": ms("2024-07-19 08:01")}, "endTimeEpoch",
         "at most 24 hours"),
        ({"endTimeEpoch": ms("2024-07-18 13:00")}, "startTimeEpoch", "is required"),
    ]
    for extra, field, reason in cases:
        err = errors_of(_request(admin_client, agentId=agent.id, genericException=t, entireDay=False, **extra))[0]
        assert err["field"] == field and reason in err["reason"], (extra, err)
    assert errors_of(_request(admin_client, agentId=agent.id, genericException=t,
                              startTimeEpoch=ms("2024-07-18 13:00")))[0]["field"] == "entireDay"
    assert errors_of(_request(admin_client, agentId=agent.id, entireDay=True,
                              startTimeEpoch=ms("2024-07-18 00:00")))[0]["field"] == "genericException"


def test_who_and_what_may_be_requested(admin_client, setup, wfm, factory, tenant, new_client):
    agent, t = setup["agent"], setup["sick_type"]
    day = {"startTimeEpoch": ms("2024-07-18 00:00"), "entireDay": True}
    err = errors_of(_request(admin_client, agentId=agent.id, genericException=99999999, **day))[0]
    assert err == {"field": "genericException", "reason": "exception type 99999999 does not exist"}
    assert "does not exist" in errors_of(_request(admin_client, agentId=99999999, genericException=t, **day))[0]["reason"]
    other = wfm.agent(enabled=False)
    assert "not enabled for scheduling" in errors_of(_request(admin_client, agentId=other.id, genericException=t,
                                                              **day))[0]["reason"]
    # Without agentId the request is the caller's (the administrator is not a scheduled agent).
    assert "not enabled for scheduling" in errors_of(_request(admin_client, genericException=t, **day))[0]["reason"]
    # Out of scope is nonexistent; Administer WFM is required.
    team = factory.team(tenant.id, factory.group(tenant.id))
    role = factory.role(tenant.id, {11})  # Administer WFM only
    scoped = factory.person(tenant.id, role=role, scope_teams=[team])
    client = wfm.login(new_client, scoped)
    assert "does not exist" in errors_of(_request(client, agentId=agent.id, genericException=t, **day))[0]["reason"]
    supervisor = factory.person(tenant.id, role="supervisor", scope_all=True)
    assert _request(wfm.login(new_client, supervisor), agentId=agent.id, genericException=t, **day).status_code == 403
    assert _request(new_client(), agentId=agent.id, genericException=t, **day).status_code == 401


def test_for_the_caller_without_an_on_behalf_comment(admin_client, setup, wfm, factory, tenant, new_client):
    role = factory.role(tenant.id, {9, 11})  # View Schedules, Administer WFM
    me = wfm.agent(role=role, first_name="Kim", last_name="Lee")
    r = ok(_request(wfm.login(new_client, me), genericException=setup["sick_type"],
                    startTimeEpoch=ms("2024-07-18 00:00"), entireDay=True))
    assert r["agentId"] == me.id and r["comment"] == "" and r["requestedBy"] == me.id


def test_allowed_exceptions_and_overlaps(admin_client, setup, wfm):
    from openwfo.models import AgentException

    agent = setup["agent"]
    with wfm.session() as db:
        db.add(AgentException(person_id=agent.id, exception_id=setup["sick"]))
    day = {"agentId": agent.id, "startTimeEpoch": ms("2024-07-16 00:00"), "entireDay": True}
    err = errors_of(_request(admin_client, genericException=setup["vacation_type"], **day))[0]
    assert err["field"] == "genericException" and "may not be given the exception 'Vacation'" in err["reason"]
    first = ok(_request(admin_client, genericException=setup["sick_type"], **day))
    r = _request(admin_client, genericException=setup["sick_type"], agentId=agent.id, entireDay=False,
                 startTimeEpoch=ms("2024-07-16 15:00"), endTimeEpoch=ms("2024-07-16 18:00"))
    assert r.status_code == 409 and f"request {first['id']}" in r.json()["errorMessage"]


def test_form_fields_are_accepted(admin_client, setup):
    r = admin_client.post(REQUESTS, data={"agentId": str(setup["agent"].id), "genericException": str(setup["sick_type"]),
                                          "startTimeEpoch": str(ms("2024-07-18 00:00")), "entireDay": "TRUE"},
                          files={"x": ("x.txt", b"")})
    assert ok(r)["entireDay"] is True
    r = admin_client.post(REQUESTS, data={"agentId": str(setup["agent"].id), "genericException": "x",
                                          "startTimeEpoch": "1", "entireDay": "maybe"})
    assert {e["field"] for e in errors_of(r)} == {"genericException", "entireDay"}


def test_list_and_get_requests(admin_client, setup, wfm, factory, tenant, new_client):
    agent, t = setup["agent"], setup["sick_type"]
    other = wfm.agent()
    a = ok(_request(admin_client, agentId=agent.id, genericException=t, startTimeEpoch=ms("2024-07-16 00:00"),
                    entireDay=True))
    b = ok(_request(admin_client, agentId=other.id, genericException=t, startTimeEpoch=ms("2024-07-20 00:00"),
                    entireDay=True))
    assert [x["id"] for x in ok(admin_client.get(REQUESTS))] == [a["id"], b["id"]]
    assert [x["id"] for x in ok(admin_client.get(REQUESTS, params={"agentId": other.id}))] == [b["id"]]
    assert [x["id"] for x in ok(admin_client.get(REQUESTS, params={"fromDate": "2024-07-17",
                                                                   "toDate": "2024-07-31"}))] == [b["id"]]
    assert ok(admin_client.get(REQUESTS, params={"status": "approved"})) == []
    assert admin_client.get(REQUESTS, params={"status": "maybe"}).status_code == 400
    assert ok(admin_client.get(f"{REQUESTS}/{a['id']}")) == a
    assert admin_client.get(f"{REQUESTS}/99999999").status_code == 404
    team = factory.team(tenant.id, factory.group(tenant.id))
    scoped = factory.person(tenant.id, role="supervisor", scope_teams=[team])
    client = wfm.login(new_client, scoped)
    assert ok(client.get(REQUESTS)) == []
    assert client.get(f"{REQUESTS}/{a['id']}").status_code == 404
    assert wfm.login(new_client, agent).get(REQUESTS).status_code == 403


def test_pending_request_leaves_the_schedule_alone(admin_client, setup):
    agent = setup["agent"]
    ok(_request(admin_client, agentId=agent.id, genericException=setup["sick_type"],
                startTimeEpoch=ms("2024-07-16 00:00"), entireDay=True))
    out = ok(admin_client.get(f"{BY_AGENT}/{agent.id}", params={"fromDate": "2024-07-16", "toDate": "2024-07-16"}))
    assert "exception" not in [x["activityType"] for x in out["activitiesByDate"][0]["scheduledActivities"]]


def test_night_shift_neighbours_are_left_alone_by_an_entire_day(admin_client, setup, wfm):
    agent, q = setup["agent"], setup["q"]
    put_days(admin_client, agent.id, {"2024-07-20": [act("in_service", ms("2024-07-20 22:00"), ms("2024-07-21 06:00"),
                                                         serviceQueueId=q)]})
    r = ok(_request(admin_client, agentId=agent.id, genericException=setup["sick_type"],
                    startTimeEpoch=ms("2024-07-21 00:00"), entireDay=True))
    assert (r["startTimeEpoch"], r["endTimeEpoch"]) == (ms("2024-07-21 06:00"), ms("2024-07-22 00:00"))


def test_no_request_for_a_deactivated_agent(admin_client, setup, wfm):
    from openwfo.models import Person

    agent = setup["agent"]
    with wfm.session() as db:
        p = db.get(Person, agent.id)
        p.deactivated, p.deactivated_date = True, ms("2024-07-09 00:00")
    r = _request(admin_client, agentId=agent.id, genericException=setup["sick_type"],
                 startTimeEpoch=ms("2024-07-16 00:00"), entireDay=True)
    assert errors_of(r)[0]["field"] == "agentId" and "deactivated" in r.json()["errorMessage"]
    assert ok(admin_client.get(REQUESTS, params={"agentId": agent.id})) == []
