"""POST/PUT Service API rules: the happy path, defaults, and every rule of the reference, each
violation on its own (400 naming the field)."""

from __future__ import annotations

import pytest

from .helpers import OPEN_WEEKDAYS, acd_server, create_queue, errors_of, ok, queue_body, skill_mapping

SERVICE = "/api/rest/scheduling/service"


def test_create_full_queue_answers_every_field(admin_client, acd, factory, tenant):
    c = admin_client
    sm = skill_mapping(c)
    dn = ok(c.post("/api/rest/scheduling/dn", json={"name": "Sales line", "number": 18005550100}))
    source = create_queue(c, name="Sales East")
    group = ok(c.post("/api/rest/scheduling/multiSkillGroup", json={"name": "Bilingual"}))
    agent = factory.person(tenant.id, enabled_for_scheduling=True)
    body = queue_body(
        name="Sales", number=456, priority=1, acdServiceId="SALES-456", acdServerId=acd, virtual=True,
        notAllowForecast=False, msaq=True, talkTime=60, workTime=10, productivityPercent=85,
        fteHourPerWeek=40, breakHoursPerWeek=2.5, forecastStaffingAdjustmentFactor=1.25, shrinkageScenarioId=7,
        skillMappings=[{"id": sm["id"], "priority": 3}],
        assignedDns=[{"id": dn["id"], "start": "00:00", "end": "10:15",
                      "days": {"monday": True, "tuesday": True, "sunday": False}}],
        virtualServices=[{"id": source["id"], "hourGap": 0, "ratio": 0}],
        schedulingOrderParameters=[{"criteria": "rank", "priority": 1, "ascending": True},
                                   {"criteria": "company_start_date", "priority": 2, "ascending": False}],
        vacationOrderParameters=[{"criteria": "min_fte_hours", "priority": 1, "ascending": False}],
        multiSkillGroups=[{"id": group["id"], "priority": 4}],
        agentIds=[agent.id],
    )
    q = ok(c.post(SERVICE, json=body))
    assert q["id"] > 0 and q["number"] == 456 and q["name"] == "Sales" and q["acdServiceId"] == "SALES-456"
    assert q["acdServerId"] == acd and q["priority"] == 1 and q["virtual"] is True and q["msaq"] is True
    assert q["type"] == 0 and q["typeDesc"] == "Voice" and q["contactType"] == 0
    assert (q["talkTime"], q["workTime"]) == (60, 10)
    assert (q["serviceLevelObjectivePercent"], q["serviceLevelObjectiveSeconds"]) == (80, 20)
    assert q["productivityPercent"] == 85 and q["fteHourPerWeek"] == 40 and q["breakHoursPerWeek"] == 2.5
    assert q["forecastStaffingAdjustmentFactor"] == 1.25 and q["shrinkageScenarioId"] == 7
    assert q["days"]["monday"] == {"open": "08:00", "close": "18:00", "active": True}
    assert q["days"]["sunday"] == {"open": None, "close": None, "active": False}
    assert q["skillMappings"] == [{"id": sm["id"], "name": sm["name"], "priority": 3}]
    assert q["assignedDns"] == [{"id": dn["id"], "name": "Sales line", "number": 18005550100, "start": "00:00",
                                 "end": "10:15", "days": {"sunday": False, "monday": True, "tuesday": True,
                                                          "wednesday": False, "thursday": False,
                                                          "friday": False, "saturday": False}}]
    assert q["virtualServices"] == [{"id": source["id"], "name": "Sales East", "number": source["number"],
                                     "hourGap": 0, "ratio": 0.0}]
    assert q["schedulingOrderParameters"] == [{"criteria": "rank", "priority": 1, "ascending": True},
                                              {"criteria": "company_start_date", "priority": 2, "ascending": False}]
    assert q["vacationOrderParameters"] == [{"criteria": "min_fte_hours", "priority": 1, "ascending": False}]
    assert q["multiSkillGroups"] == [{"id": group["id"], "name": "Bilingual", "priority": 4}]
    assert q["agentIds"] == [agent.id]
    assert ok(c.get(f"{SERVICE}/{q['id']}")) == q


def test_defaults_of_a_minimal_queue(admin_client, acd):
    q = ok(admin_client.post(SERVICE, json={"number": 77, "name": "Minimal", "days": OPEN_WEEKDAYS}))
    assert q["priority"] == 0 and q["color"] == "#7399BD" and q["type"] == 0 and q["typeDesc"] == "Voice"
    assert q["acdServerId"] == acd and q["acdServiceId"] == "77"
    assert q["serviceLevelObjectivePercent"] == 80 and q["serviceLevelObjectiveSeconds"] == 20
    assert q["forecastStaffingAdjustmentFactor"] == 1 and q["closedHoursRedistributionType"] == 0
    assert q["handlingThreshold"] == 0 and q["notAllowForecast"] is False and q["virtual"] is False
    assert q["skillMappings"] == [] and q["assignedDns"] == [] and "agentIds" not in q


def test_non_interactive_slo_is_100_and_null_whatever_was_sent(admin_client, acd):
    q = create_queue(admin_client, type=2, serviceLevelObjectivePercent=50, serviceLevelObjectiveSeconds=-3,
                     closedHoursRedistributionType=1, handlingThreshold=240)
    assert q["contactType"] == 1 and q["typeDesc"] == "Email"
    assert q["serviceLevelObjectivePercent"] == 100 and q["serviceLevelObjectiveSeconds"] is None
    assert q["closedHoursRedistributionType"] == 1 and q["handlingThreshold"] == 240


def test_the_reference_examples_spellings_are_accepted(admin_client, acd, factory, tenant):
    agent = factory.person(tenant.id, enabled_for_scheduling=True)
    q = create_queue(admin_client, type=2, closedRedistType=2, handlingThresh=60, notAllowForecase=True,
                     agents=[agent.id])
    assert q["closedHoursRedistributionType"] == 2 and q["handlingThreshold"] == 60
    assert q["notAllowForecast"] is True and q["agentIds"] == [agent.id]


def test_colour_is_matched_ignoring_case(admin_client, acd):
    assert create_queue(admin_client, color="#a3ad00")["color"] == "#A3AD00"


def test_closing_at_midnight_is_accepted(admin_client, acd):
    days = {"monday": {"open": "00:00", "close": "24:00", "active": True}}
    assert create_queue(admin_client, days=days)["days"]["monday"]["close"] == "24:00"


def test_colour_without_its_hash_is_matched(admin_client, acd):
    assert create_queue(admin_client, color="a3ad00")["color"] == "#A3AD00"
    assert errors_of(admin_client.post(SERVICE, json=queue_body(color="A3AD0"))) == {
        "color": "must be a colorCode of GET /api/rest/scheduling/config/color"}


def test_times_with_seconds_are_accepted(admin_client, acd, factory, tenant):
    dn = ok(admin_client.post("/api/rest/scheduling/dn", json={"name": "Main line", "number": 4100}))
    days = {"monday": {"open": "08:30:00", "close": "17:45:59", "active": True}}
    dns = [{"id": dn["id"], "start": "07:00:00", "end": "19:15:00", "days": {"monday": True}}]
    q = create_queue(admin_client, days=days, assignedDns=dns)
    assert q["days"]["monday"] == {"open": "08:30", "close": "17:45", "active": True}
    assert (q["assignedDns"][0]["start"], q["assignedDns"][0]["end"]) == ("07:00", "19:15")
    bad = {"monday": {"open": "08:30:60", "close": "17:00", "active": True}}
    assert errors_of(admin_client.post(SERVICE, json=queue_body(days=bad))) == {
        "days.monday.open": "must be a time HH:MM"}


def test_a_day_with_hours_and_no_active_flag_is_active(admin_client, acd):
    days = {"monday": {"open": "08:00", "close": "17:00"}, "tuesday": {"open": "08:00", "close": "17:00", "active": None},
            "wednesday": {"open": "08:00", "close": "17:00", "active": False}, "thursday": {"open": None, "close": None}}
    q = create_queue(admin_client, days=days)
    assert q["days"]["monday"] == q["days"]["tuesday"] == {"open": "08:00", "close": "17:00", "active": True}
    assert q["days"]["wednesday"]["active"] is False and q["days"]["thursday"]["active"] is False


def test_weekday_keys_in_any_case(admin_client, acd):
    dn = ok(admin_client.post("/api/rest/scheduling/dn", json={"name": "Side line", "number": 4101}))
    days = {"Monday": {"open": "08:00", "close": "17:00", "active": True}, "TUESDAY": {"active": False}}
    dns = [{"id": dn["id"], "start": "08:00", "end": "12:00", "days": {"Friday": True}}]
    q = create_queue(admin_client, days=days, assignedDns=dns)
    assert q["days"]["monday"] == {"open": "08:00", "close": "17:00", "active": True}
    assert [d for d, on in q["assignedDns"][0]["days"].items() if on] == ["friday"]
    assert errors_of(admin_client.post(SERVICE, json=queue_body(days={"Mon": {"active": True}}))) == {
        "days.mon": "Extra inputs are not permitted"}


def test_an_active_day_without_hours_is_allowed_beside_an_open_one(admin_client, acd):
    days = {"monday": {"open": "08:00", "close": "17:00", "active": True},
            "tuesday": {"open": None, "close": None, "active": True}}
    q = create_queue(admin_client, days=days)
    assert q["days"]["tuesday"] == {"open": None, "close": None, "active": True}


def test_inactive_days_ignore_their_hours(admin_client, acd):
    days = {"monday": {"open": "08:00", "close": "17:00", "active": True},
            "tuesday": {"open": "nonsense", "close": None, "active": False}}
    assert create_queue(admin_client, days=days)["days"]["tuesday"] == {"open": None, "close": None, "active": False}


# ------------------------------------------------------------ each rule on its own

LONG = "x" * 51
NO_DAY = {"monday": {"open": None, "close": None, "active": True}}


@pytest.mark.parametrize("override, field", [
    ({"number": None}, "number"),
    ({"number": -5}, "number"),
    ({"name": None}, "name"),
    ({"name": "   "}, "name"),
    ({"name": LONG}, "name"),
    ({"acdServiceId": ""}, "acdServiceId"),
    ({"acdServiceId": LONG}, "acdServiceId"),
    ({"acdServerId": 999999}, "acdServerId"),
    ({"priority": -1}, "priority"),
    ({"priority": 1000}, "priority"),
    ({"color": "#123456"}, "color"),
    ({"color": ""}, "color"),
    ({"type": 99}, "type"),
    ({"closedHoursRedistributionType": 3, "type": 2}, "closedHoursRedistributionType"),
    ({"closedHoursRedistributionType": -1, "type": 2}, "closedHoursRedistributionType"),
    ({"closedHoursRedistributionType": 1, "handlingThreshold": 30}, "closedHoursRedistributionType"),
    ({"closedHoursRedistributionType": 2, "handlingThreshold": 30, "type": 1}, "closedHoursRedistributionType"),
    ({"handlingThreshold": 4321}, "handlingThreshold"),
    ({"handlingThreshold": -1}, "handlingThreshold"),
    ({"type": 2, "closedHoursRedistributionType": 1}, "handlingThreshold"),
    ({"type": 2, "closedHoursRedistributionType": 2, "handlingThreshold": None}, "handlingThreshold"),
    ({"talkTime": -1}, "talkTime"),
    ({"workTime": -1}, "workTime"),
    ({"serviceLevelObjectivePercent": 101}, "serviceLevelObjectivePercent"),
    ({"serviceLevelObjectivePercent": -1}, "serviceLevelObjectivePercent"),
    ({"serviceLevelObjectiveSeconds": 0}, "serviceLevelObjectiveSeconds"),
    ({"serviceLevelObjectiveSeconds": -20}, "serviceLevelObjectiveSeconds"),
    ({"forecastStaffingAdjustmentFactor": 10.01}, "forecastStaffingAdjustmentFactor"),
    ({"forecastStaffingAdjustmentFactor": -0.01}, "forecastStaffingAdjustmentFactor"),
    ({"productivityPercent": 101}, "productivityPercent"),
    ({"fteHourPerWeek": -1}, "fteHourPerWeek"),
    ({"breakHoursPerWeek": 169}, "breakHoursPerWeek"),
    ({"days": None}, "days"),
    ({"days": {}}, "days"),
    ({"days": {d: {"open": "08:00", "close": "17:00", "active": False} for d in OPEN_WEEKDAYS}}, "days"),
    ({"days": NO_DAY}, "days"),
    ({"days": {"monday": {"open": "08:00", "close": None, "active": True}}}, "days.monday"),
    ({"days": {"monday": {"open": None, "close": "17:00", "active": True}}}, "days.monday"),
    ({"days": {"monday": {"open": "25:00", "close": "17:00", "active": True}}}, "days.monday.open"),
    ({"days": {"monday": {"open": "08:00", "close": "5pm", "active": True}}}, "days.monday.close"),
    ({"days": {"funday": {"open": "08:00", "close": "17:00", "active": True}}}, "days.funday"),
    ({"schedulingOrderParameters": [{"criteria": "shoe_size", "priority": 1}]},
     "schedulingOrderParameters[0].criteria"),
    ({"schedulingOrderParameters": [{"criteria": "rank", "priority": 1},
                                    {"criteria": "company_start_date", "priority": 1}]},
     "schedulingOrderParameters[1].priority"),
    ({"schedulingOrderParameters": [{"criteria": "rank", "priority": 1}, {"criteria": "rank", "priority": 2}]},
     "schedulingOrderParameters[1].criteria"),
    ({"vacationOrderParameters": [{"criteria": "maximum_hours_available", "priority": 1}]},
     "vacationOrderParameters[0].criteria"),
    ({"vacationOrderParameters": [{"criteria": "rank", "priority": 2},
                                  {"criteria": "min_fte_hours", "priority": 2}]},
     "vacationOrderParameters[1].priority"),
    ({"multiSkillGroups": [{"id": 1, "priority": 1000}]}, "multiSkillGroups[0].priority"),
    ({"multiSkillGroups": [{"id": 1, "priority": -1}]}, "multiSkillGroups[0].priority"),
    ({"skillMappings": [{"id": 999999, "priority": 1}]}, "skillMappings[0].id"),
    ({"agentIds": [999999]}, "agentIds[0]"),
    ({"virtualServices": [{"id": 999999}]}, "virtualServices[0].id"),
    ({"assignedDns": [{"id": 999999, "start": "08:00", "end": "09:00", "days": {"monday": True}}]},
     "assignedDns[0].id"),
])
def test_each_rule_is_enforced_on_create(shared, override, field):
    r = shared.client.post(SERVICE, json=queue_body(**override))
    errors = errors_of(r)
    assert field in errors, errors
    assert field in r.json()["errorMessage"] or len(errors) > 1
    assert shared.client.get(SERVICE).json() == []  # nothing was written


@pytest.mark.parametrize("field_of, build", [
    ("number", lambda c, q: {"number": q["number"]}),
    ("name", lambda c, q: {"name": q["name"].upper()}),
    ("priority", lambda c, q: {"priority": q["priority"]}),
])
def test_number_name_and_priority_are_unique(admin_client, acd, field_of, build):
    first = create_queue(admin_client)
    errors = errors_of(admin_client.post(SERVICE, json=queue_body(**build(admin_client, first))))
    assert "must be unique" in errors[field_of]


def test_dn_rules(admin_client, acd):
    c = admin_client
    dn = ok(c.post("/api/rest/scheduling/dn", json={"name": "Line", "number": 100}))["id"]
    cases = [
        ({"id": dn, "start": "10:00", "end": "09:00", "days": {"monday": True}}, "assignedDns[0].end"),
        ({"id": dn, "start": "10:00", "end": "10:00", "days": {"monday": True}}, "assignedDns[0].end"),
        ({"id": dn, "start": "10:00", "end": "11:00", "days": {"monday": False}}, "assignedDns[0].days"),
        ({"id": dn, "start": "10:00", "end": "11:00"}, "assignedDns[0].days"),
        ({"id": dn, "start": "ten", "end": "11:00", "days": {"friday": True}}, "assignedDns[0].start"),
        ({"id": dn, "start": "10:00", "end": None, "days": {"friday": True}}, "assignedDns[0].end"),
    ]
    for link, field in cases:
        errors = errors_of(c.post(SERVICE, json=queue_body(assignedDns=[link])))
        assert field in errors, (link, errors)


def test_virtual_services_must_have_the_same_queue_type(admin_client, acd):
    email = create_queue(admin_client, type=2)
    errors = errors_of(admin_client.post(SERVICE, json=queue_body(type=0, virtualServices=[{"id": email["id"]}])))
    assert "same service queue type" in errors["virtualServices[0].id"]
    voice = create_queue(admin_client, type=0)
    q = create_queue(admin_client, type=0, virtual=True, virtualServices=[{"id": voice["id"]}])
    errors = errors_of(admin_client.put(f"{SERVICE}/{q['id']}", json={"virtualServices": [{"id": q["id"]}]}))
    assert "own virtual service" in errors["virtualServices[0].id"]


def test_skill_mapping_priority_range(admin_client, acd):
    sm = skill_mapping(admin_client)
    errors = errors_of(admin_client.post(SERVICE, json=queue_body(skillMappings=[{"id": sm["id"], "priority": 1000}])))
    assert "skillMappings[0].priority" in errors
    q = create_queue(admin_client, skillMappings=[{"id": sm["id"]}])
    assert q["skillMappings"][0]["priority"] == 1  # default


def test_acd_server_is_required_when_the_tenant_has_several(admin_client, acd):
    acd_server(admin_client, "Second ACD")
    body = queue_body()
    errors = errors_of(admin_client.post(SERVICE, json=body))
    assert errors["acdServerId"] == "is required"
    assert create_queue(admin_client, acdServerId=acd)["acdServerId"] == acd


def test_all_violations_are_reported_together(admin_client, acd):
    r = admin_client.post(SERVICE, json=queue_body(priority=5000, talkTime=-1, color="#nope"))
    errors = errors_of(r)
    assert {"priority", "talkTime", "color"} <= set(errors)
    assert "more" in r.json()["errorMessage"]


@pytest.mark.parametrize("payload", [
    {"number": "abc"}, {"priority": 1.5}, {"number": 10**30}, {"talkTime": 2**40},
    {"name": "nul\x00name"}, {"days": "monday"}, {"skillMappings": {"id": 1}}, {"agentIds": ["x"]},
    {"forecastStaffingAdjustmentFactor": "lots"},
])
def test_malformed_values_are_400_not_500(shared, payload):
    r = shared.client.post(SERVICE, json=queue_body(**payload))
    assert r.status_code == 400, r.text
    assert r.json()["errors"]
