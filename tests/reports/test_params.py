"""encodedParamValues: value filters written with single or double quotes, Date Range in UNIX epoch
(seconds or milliseconds, with and without an end), Relative Date periods of every supported type in
the tenant time zone (across the DST change of 2026-03-08 in Chicago), and the 400s naming unknown
parameters and malformed values."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from openwfo.reports import periods

from .conftest import CHICAGO, EXPORT, NOW, as_dicts, body, local_ms

DETAIL = 217


def ids(client, encoded: str, report=DETAIL) -> list[int]:
    r = client.post(EXPORT.format(report), json=body(encoded=encoded))
    return [int(row["Contact ID"]) for row in as_dicts(r)]


def test_value_filter_single_quotes_as_the_reference_writes_it(admin_client, seed):
    enc = "[{'name': 'pTeam', 'value': {'isAll': 'false', 'values': [TEAM.0], 'containsNull': 'false'}}]"
    enc = enc.replace("TEAM", str(seed.team_b))
    assert ids(admin_client, enc) == [seed.contacts[3], seed.contacts[4]]


def test_value_filter_double_quotes_and_real_booleans(admin_client, seed):
    enc = json.dumps([{"name": "pAgent", "value": {"isAll": False, "values": [seed.agent_a.id], "containsNull": False}}])
    assert ids(admin_client, enc) == seed.contacts[:3]


def test_value_filter_text_values_name_matching_and_isall(admin_client, seed):
    enc = "[{'name':'ContactType','value':{'isAll':'false','values':['CALL'],'containsNull':'false'}}]"
    assert ids(admin_client, enc) == [seed.contacts[0], seed.contacts[1], seed.contacts[3]]
    enc = "[{'name':'pTeam','value':{'isAll':'true','values':[],'containsNull':'false'}}]"
    assert len(ids(admin_client, enc)) == 5


def test_value_filter_contains_null(admin_client, seed, app):
    from openwfo.models import Contact

    with app.state.database.session(seed.tenant_id) as db:
        db.add(Contact(start_ms=NOW - 1000, tz="UTC", duration_ms=0, team_id=None, person_id=None, is_root=True))
    enc = "[{'name':'pTeam','value':{'isAll':'false','values':[TEAM],'containsNull':'true'}}]"
    enc = enc.replace("TEAM", str(seed.team_a))
    found = ids(admin_client, enc)
    assert found[:3] == seed.contacts[:3] and len(found) == 4


def test_date_range_in_epoch_seconds_and_milliseconds(admin_client, seed):
    start, end = local_ms(2026, 3, 7), local_ms(2026, 3, 9)
    enc = f"[{{'name':'pContactStartTime','value':{{'start':{start // 1000},'end':{end // 1000}}}}}]"
    assert ids(admin_client, enc) == [seed.contacts[1], seed.contacts[3]]
    enc = json.dumps([{"name": "pDate", "value": {"rangeStart": start, "rangeEnd": end}}])
    assert ids(admin_client, enc) == [seed.contacts[1], seed.contacts[3]]
    # the end is exclusive: a contact at exactly the end is left for the next range
    enc = json.dumps([{"name": "pDate", "value": {"values": [start, local_ms(2026, 3, 8, 1, 30)]}}])
    assert ids(admin_client, enc) == [seed.contacts[1]]


def test_date_range_without_an_end_means_from_then_on(admin_client, seed):
    start = local_ms(2026, 3, 8)
    for value in ({"start": start // 1000}, {"start": start, "end": None}, {"start": start, "end": 0},
                  {"values": [start]}):
        enc = json.dumps([{"name": "pContactStartTime", "value": value}])
        assert ids(admin_client, enc) == [seed.contacts[3], seed.contacts[2], seed.contacts[4]]


def rel(*periods_: tuple) -> str:
    return json.dumps([{"name": "pContactStartTime", "value": {"relativeDates": [
        {"periodType": kind, "referenceTime": "NL", "rangeStart": a, "rangeEnd": b} for kind, a, b in periods_]}}])


def test_relative_last_seven_days_today_and_tomorrow(admin_client, seed):
    # The reference's example, as its escaped JSON text.
    enc = rel(("DayOfMonthPeriod", -7, -1), ("DayOfMonthPeriod", 0, 0), ("DayOfMonthPeriod", 1, 1))
    # 2026-03-03 00:00 .. 2026-03-12 00:00 Chicago: the contact of 03-02 is out
    assert ids(admin_client, enc) == [seed.contacts[1], seed.contacts[3], seed.contacts[2], seed.contacts[4]]


def test_relative_day_across_the_dst_change_is_23_hours(admin_client, seed):
    enc = rel(("DayOfMonthPeriod", -2, -2))  # 2026-03-08, clocks went forward
    assert ids(admin_client, enc) == [seed.contacts[3]]
    ((start, end),) = periods.spans([{"periodType": "DayOfMonthPeriod", "rangeStart": -2, "rangeEnd": -2}],
                                    CHICAGO, NOW)
    assert (start, end) == (local_ms(2026, 3, 8), local_ms(2026, 3, 9))
    assert end - start == 23 * 3_600_000


def test_relative_yesterday_in_the_tenant_zone(admin_client, seed, app):
    # 23:30 on 03-09 in Chicago is 03-10 in UTC: yesterday is read in the tenant's zone
    assert ids(admin_client, rel(("DayOfMonthPeriod", -1, -1))) == [seed.contacts[2]]


@pytest.mark.parametrize("kind,first,last,start,end", [
    ("MinutePeriod", -5, -1, (2026, 3, 10, 11, 55), (2026, 3, 10, 12, 0)),
    ("HourOfDayPeriod", -2, 0, (2026, 3, 10, 10), (2026, 3, 10, 13)),
    ("DayOfMonthPeriod", -3, -2, (2026, 3, 7), (2026, 3, 9)),
    ("WeekOfYearPeriod", -1, -1, (2026, 3, 2), (2026, 3, 9)),
    ("MonthOfYearPeriod", -1, 0, (2026, 2, 1), (2026, 4, 1)),
    ("QuarterOfYearPeriod", 0, 0, (2026, 1, 1), (2026, 4, 1)),
    ("YearPeriod", -1, -1, (2025, 1, 1), (2026, 1, 1)),
])
def test_every_relative_period_type(kind, first, last, start, end):
    ((s, e),) = periods.spans([{"periodType": kind, "referenceTime": "NL", "rangeStart": first, "rangeEnd": last}],
                              CHICAGO, NOW)
    assert (s, e) == (local_ms(*start), local_ms(*end))


def test_relative_week_across_dst_and_an_epoch_reference():
    ref = local_ms(2026, 3, 11, 9)
    ((s, e),) = periods.spans([{"periodType": "WeekOfYearPeriod", "referenceTime": ref // 1000,
                                "rangeStart": -1, "rangeEnd": -1}], CHICAGO, NOW)
    assert (s, e) == (local_ms(2026, 3, 2), local_ms(2026, 3, 9))
    assert e - s == 7 * 86_400_000 - 3_600_000  # the week holding the spring-forward day
    # the hour after the fall-back change is a real hour, counted twice in wall time
    fall = int(dt.datetime(2026, 11, 1, 1, 30, tzinfo=CHICAGO).timestamp() * 1000)
    ((s, e),) = periods.spans([{"periodType": "HourOfDayPeriod", "rangeStart": 0, "rangeEnd": 0}], CHICAGO, fall)
    assert e - s == 3_600_000


def test_periods_merge_and_gaps_stay_apart(admin_client, seed):
    enc = rel(("DayOfMonthPeriod", -8, -8), ("DayOfMonthPeriod", -1, 0))  # 03-02 and 03-09..03-10
    assert ids(admin_client, enc) == [seed.contacts[0], seed.contacts[2], seed.contacts[4]]


def test_unknown_parameters_and_malformed_values_are_400_naming_each(admin_client, seed):
    enc = ("[{'name':'pColour','value':{'isAll':'false','values':[1]}},"
           "{'name':'pTeam','value':{'isAll':'maybe','values':[1]}},"
           "{'name':'pAgent','value':{'isAll':'false','values':['x']}},"
           "{'name':'pContactStartTime','value':{'start':'yesterday'}},"
           "{'name':'pDate','value':{'relativeDates':[{'periodType':'FortnightPeriod','rangeStart':0}]}}]")
    r = admin_client.post(EXPORT.format(DETAIL), json=body(encoded=enc))
    assert r.status_code == 400
    errors = r.json()["errors"]
    fields = [e["field"] for e in errors]
    assert fields[0] == "paramValues.encodedParamValues[0].name" and "pColour" in errors[0]["reason"]
    assert "pTeam, pGroup, pAgent" in errors[0]["reason"]
    assert any("(pTeam)" in f for f in fields) and any("(pAgent)" in f for f in fields)
    assert any("FortnightPeriod" in e["reason"] for e in errors)
    assert len(errors) == 5
    for bad in ("[{'name':}]", "{\"name\": 1}", "42", "[{'value': 1}]"):
        r = admin_client.post(EXPORT.format(DETAIL), json=body(encoded=bad))
        assert r.status_code == 400, bad


def test_date_range_end_before_start_is_400(admin_client, seed):
    enc = json.dumps([{"name": "pDate", "value": {"start": NOW, "end": NOW - 1000}}])
    r = admin_client.post(EXPORT.format(DETAIL), json=body(encoded=enc))
    assert r.status_code == 400 and "after its start" in r.json()["errorMessage"]
