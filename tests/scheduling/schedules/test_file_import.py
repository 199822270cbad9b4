"""Schedules through the Import API: /api/rest/fileimport/schedules."""

from __future__ import annotations

import json

from .helpers import BERLIN, BY_AGENT, ms, ok

IMPORT = "/api/rest/fileimport/schedules"


def _upload(client, text: str, mapping: dict | None = None):
    files = {"file": ("schedules.csv", text.encode(), "text/csv")}
    if mapping is not None:
        files["mapping"] = (None, json.dumps(mapping))
    return client.post(IMPORT, files=files)


def _shifts(client, agent_id, first, last):
    out = ok(client.get(f"{BY_AGENT}/{agent_id}", params={"fromDate": first, "toDate": last}))
    return {d["date"]: d["scheduledActivities"] for d in out["activitiesByDate"]}


def test_fields_are_listed(admin_client):
    fields = ok(admin_client.get(IMPORT))["fields"]
    keys = [f["key"] for f in fields]
    assert keys[:4] == ["agentId", "employeeId", "date", "activityType"]
    start = next(f for f in fields if f["key"] == "startTime")
    assert start["required"] is True and [t["code"] for t in start["types"]] == ["EpochMillis", "ISO8601",
                                                                                   "LocalDateTime", "TimeOfDay"]


def test_csv_import_replaces_the_dates_of_its_rows(admin_client, wfm):
    q = wfm.queue("Support")
    a, b = wfm.agent(), wfm.agent(BERLIN, employee_id="B-77")
    text = "\r\n".join([
        "Agent ID,Date,Activity Type,Activity Detail Name,Service Queue ID,Start Time,End Time,Paid",
        f"{a.id},2024-07-16,in_service,,{q},{ms('2024-07-16 08:00')},{ms('2024-07-16 12:00')},",
        f"{a.id},2024-07-16,lunch,Long lunch,,2024-07-16T12:00:00-05:00,2024-07-16T13:00:00-05:00,true",
        f"{a.id},2024-07-16,IN_SERVICE,,{q},2024-07-16 13:00,2024-07-16 17:00,",
        f"{b.id},2024-07-16,in_service,,{q},2024-07-16 22:00,2024-07-17 06:00,",
    ])
    r = _upload(admin_client, text)
    assert ok(r) == {"status": "SUCCESS", "responseText": "The file was successfully imported: 4 activities "
                                                          "on 2 dates for 2 agents"}
    day = _shifts(admin_client, a.id, "2024-07-16", "2024-07-16")["2024-07-16"]
    assert [(x["activityType"], x["startTime"], x["endTime"]) for x in day] == [
        ("in_service", ms("2024-07-16 08:00"), ms("2024-07-16 12:00")),
        ("lunch", ms("2024-07-16 12:00"), ms("2024-07-16 13:00")),
        ("in_service", ms("2024-07-16 13:00"), ms("2024-07-16 17:00"))]
    assert day[1]["activityDetailName"] == "Long lunch" and day[1]["paid"] is True
    night = _shifts(admin_client, b.id, "2024-07-16", "2024-07-16")["2024-07-16"]
    assert night[0]["startTime"] == ms("2024-07-16 22:00", BERLIN)  # local times are the agent's
    # A row with no activity clears its date; employee ids identify agents too.
    ok(_upload(admin_client, "employeeId,date,activityType,startTime,endTime\nB-77,2024-07-16,,,\n"))
    assert _shifts(admin_client, b.id, "2024-07-16", "2024-07-16")["2024-07-16"] == []


def test_csv_problems_are_reported_by_row_and_nothing_is_written(admin_client, wfm):
    q = wfm.queue()
    a = wfm.agent()
    text = "\n".join([
        "agentId,date,activityType,serviceQueueId,startTime,endTime,paid",
        f"{a.id},2024-07-16,in_service,{q},2024-07-16 08:00,2024-07-16 12:00,",
        f"{a.id},2024-07-16,lunch,,2024-07-16 11:30,2024-07-16 12:30,",
        f"{a.id},2024-07-17,in_service,{q},yesterday,2024-07-17 12:00,",
        f"{a.id},2024-13-01,break,,2024-07-17 12:00,2024-07-17 12:15,",
        "99999999,2024-07-17,break,,2024-07-17 12:00,2024-07-17 12:15,",
        f"{a.id},2024-07-18,break,,2024-07-18 12:00,2024-07-18 12:15,maybe",
    ])
    r = _upload(admin_client, text)
    assert r.status_code == 400
    rows = {(e["row"], e.get("column")) for e in r.json()["errors"]}
    assert {(4, "startTime"), (5, "date"), (6, "agentId"), (7, "paid")} <= rows
    # The overlap is found once the cells are right.
    r = _upload(admin_client, "\n".join(text.splitlines()[:3]))
    err = r.json()["errors"][0]
    assert err["row"] == 3 and "overlaps row 2" in err["reason"]
    assert _shifts(admin_client, a.id, "2024-07-16", "2024-07-18") == {
        "2024-07-16": [], "2024-07-17": [], "2024-07-18": []}


def test_csv_header_mapping_and_access(admin_client, wfm, new_client):
    q = wfm.queue()
    a = wfm.agent()
    r = _upload(admin_client, "who,date,activityType,startTime,endTime\n")
    assert r.status_code == 400 and {"row": 1, "column": "who"} == {k: r.json()["errors"][0][k] for k in ("row", "column")}
    r = _upload(admin_client, "date,activityType,startTime,endTime\n")
    assert any("agentId or employeeId" in e["reason"] for e in r.json()["errors"])
    mapping = {"tenantId": 1, "mapping": [{"column": "Agent", "field": "agentId"},
                                          {"column": "Day", "field": "date"},
                                          {"column": "What", "field": "activityType"},
                                          {"column": "Queue", "field": "serviceQueueId"},
                                          {"column": "From", "field": "startTime"},
                                          {"column": "To", "field": "endTime"}]}
    text = f"Agent;Day;What;Queue;From;To\n{a.id};2024-07-16;in_service;{q};2024-07-16 08:00;2024-07-16 09:00\n"
    ok(_upload(admin_client, text, mapping))
    assert len(_shifts(admin_client, a.id, "2024-07-16", "2024-07-16")["2024-07-16"]) == 1
    assert admin_client.post(IMPORT, files={"file": ("x.csv", b"", "text/csv")}).status_code == 400
    assert _upload(wfm.login(new_client, a), text, mapping).status_code == 403
    assert new_client().get(IMPORT).status_code == 401


def test_times_of_day_on_the_rows_date_in_the_agents_zone(admin_client, wfm):
    q = wfm.queue()
    a, b = wfm.agent(), wfm.agent(BERLIN)
    text = "\n".join([
        "agentId,date,activityType,serviceQueueId,startTime,endTime",
        # A night shift, rows out of order: the break after midnight and the end are on the next day.
        f"{a.id},2024-07-16,break,,01:00,01:15",
        f"{a.id},2024-07-16,in_service,{q},22:00,01:00",
        f"{a.id},2024-07-16,in_service,{q},01:15:00,06:00:00",
        # A day shift with seconds and AM/PM, in Berlin.
        f"{b.id},2024-07-16,in_service,{q},08:00:00,12:00:00",
        f"{b.id},2024-07-16,lunch,,12:00 PM,12:30 PM",
        f"{b.id},2024-07-16,in_service,{q},12:30,24:00",
    ])
    ok(_upload(admin_client, text))
    night = _shifts(admin_client, a.id, "2024-07-16", "2024-07-16")["2024-07-16"]
    assert [(x["startTime"], x["endTime"]) for x in night] == [
        (ms("2024-07-16 22:00"), ms("2024-07-17 01:00")),
        (ms("2024-07-17 01:00"), ms("2024-07-17 01:15")),
        (ms("2024-07-17 01:15"), ms("2024-07-17 06:00"))]
    day = _shifts(admin_client, b.id, "2024-07-16", "2024-07-16")["2024-07-16"]
    assert [(x["startTime"], x["endTime"]) for x in day] == [
        (ms("2024-07-16 08:00", BERLIN), ms("2024-07-16 12:00", BERLIN)),
        (ms("2024-07-16 12:00", BERLIN), ms("2024-07-16 12:30", BERLIN)),
        (ms("2024-07-16 12:30", BERLIN), ms("2024-07-17 00:00", BERLIN))]
    # A time of day that is not one is reported with its row and column.
    r = _upload(admin_client, f"agentId,date,activityType,startTime,endTime\n{a.id},2024-07-18,break,25:00,10:15\n")
    assert r.status_code == 400 and (r.json()["errors"][0]["row"], r.json()["errors"][0]["column"]) == (2, "startTime")


def test_times_of_day_across_a_dst_change(admin_client, wfm):
    a = wfm.agent()
    # 2024-03-10: Chicago skips 02:00-03:00; 22:00 to 06:00 the night before lasts 7 hours.
    ok(_upload(admin_client, f"agentId,date,activityType,startTime,endTime\n{a.id},2024-03-09,project,22:00,06:00\n"))
    shift = _shifts(admin_client, a.id, "2024-03-09", "2024-03-09")["2024-03-09"]
    assert shift[0]["startTime"] == ms("2024-03-09 22:00") and shift[0]["endTime"] == ms("2024-03-10 06:00")
    assert shift[0]["endTime"] - shift[0]["startTime"] == 7 * 3_600_000
