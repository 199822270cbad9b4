"""More of what interval history imports must show: every GIS date format names the same day, period
edges, WHIT row errors (400 naming each line, nothing stored) and WHIT re-imports replacing."""

from __future__ import annotations

from ..helpers import create_queue, ok

GIS = "/api/rest/scheduling/agentStateHistorical/polling"
WHIT_UPLOAD = "/api/upload/historicalData"
HEADER = "serviceNumber,serviceName,date,period,receivedCalls,handledCalls,avgTalkTime,avgACWTime"


def _history(c, queue_id, first, last):
    return ok(c.get(f"/api/rest/scheduling/historical/service/{queue_id}", params={"fromDate": first, "toDate": last}))


def _utc(app, tenant_id):
    from openwfo.models import Tenant

    with app.state.database.session(tenant_id) as db:
        db.get(Tenant, tenant_id).time_zone = "UTC"


def test_each_gis_date_format_names_the_same_day(admin_client, acd, app, tenant):
    _utc(app, tenant.id)
    q = create_queue(admin_client)
    n = q["number"]
    formats = {"YYYY-MM-DD": "2024-01-16", "YYYY/MM/DD": "2024/01/16", "MM/DD/YYYY": "01/16/2024",
               "DD/MM/YYYY": "16/01/2024"}
    for i, (name, date) in enumerate(formats.items()):
        r = admin_client.post(GIS, files={"serviceFile": ("s.SERVICE", f"{HEADER}\n{n},S,{date},{8 + i:02d}:00,{i + 1},1,1,1\n")})
        assert ok(r)["intervals"] == 1, name
    rows = _history(admin_client, q["id"], "2024-01-01", "2024-01-31")
    assert [(r["date"], r["period"], r["receivedCalls"]) for r in rows] == [
        ("2024-01-16", f"{8 + i:02d}:00", i + 1) for i in range(4)]
    assert rows[0]["startTime"] == 1705392000000  # 2024-01-16T08:00Z


def test_period_edges(admin_client, acd, app, tenant):
    _utc(app, tenant.id)
    q = create_queue(admin_client)
    n = q["number"]
    ok(admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-01-20,00:00,1,1,1,1\n{n},S,2024-01-20,23:45,2,2,2,2\n")}))
    rows = _history(admin_client, q["id"], "2024-01-20", "2024-01-20")
    assert [(r["period"], r["startTime"]) for r in rows] == [("00:00", 1705708800000), ("23:45", 1705708800000 + 85_500_000)]
    for period in ("24:00", "08:00:00", "8h", "", "12:60"):
        r = admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-01-21,{period},1,1,1,1\n")})
        assert r.status_code == 400, period
        assert r.json()["errors"][0]["row"] == 2 and r.json()["errors"][0]["column"] == "period"
    assert _history(admin_client, q["id"], "2024-01-21", "2024-01-21") == []


def test_whit_row_errors_store_nothing(admin_client, acd):
    q = create_queue(admin_client)
    n = q["number"]
    csv = (f"{HEADER}\n{n},S,2024-01-15,08:00,3,3,3,3\n{n},S,2024-01-15,08:30,-1,3,3,3\n"
           f"{n},S,2024-02-30,09:00,3,3,3,3\n{n},S,2024-01-15,09:30,3,3,3,3\n{n},S,2024-01-15,10:00,3,3,,3\n")
    r = admin_client.post(WHIT_UPLOAD, files={"file": ("w.csv", csv)})
    assert r.status_code == 400, r.text
    body = r.json()
    assert body["errorMessage"] and body["requestId"]
    assert sorted((e["row"], e["column"]) for e in body["errors"]) == [(3, "receivedCalls"), (4, "date"), (6, "avgTalkTime")]
    assert all(e["reason"] for e in body["errors"])
    assert _history(admin_client, q["id"], "2024-01-01", "2024-02-29") == []  # the good lines neither


def test_whit_reimport_replaces_the_interval(admin_client, acd):
    q = create_queue(admin_client)
    n = q["number"]
    ok(admin_client.post(WHIT_UPLOAD, files={"file": ("w.csv", f"{HEADER}\n{n},S,2024-01-15,08:00,3,3,3,3\n"
                                                                f"{n},S,2024-01-15,08:30,4,4,4,4\n")}))
    ok(admin_client.post(WHIT_UPLOAD, files={"file": ("w.csv", f"{HEADER}\n{n},S,2024-01-15,08:00,9,8,7,6\n")}))
    rows = _history(admin_client, q["id"], "2024-01-15", "2024-01-15")
    assert [(r["period"], r["receivedCalls"], r["handledCalls"], r["avgTalkTime"], r["avgACWTime"]) for r in rows] == [
        ("08:00", 9, 8, 7, 6), ("08:30", 4, 4, 4, 4)]
