"""GIS and WHIT interval history imports and the history read."""

from __future__ import annotations

import json

from openwfo.models import Tenant
from openwfo.scheduling.historical import intervals_for

from ..helpers import create_queue, ok

GIS = "/api/rest/scheduling/agentStateHistorical/polling"
WHIT_UPLOAD = "/api/upload/historicalData"
WHIT_IMPORT = "/api/rest/fileimport/historicalData"
HEADER = "serviceNumber,serviceName,date,period,receivedCalls,handledCalls,avgTalkTime,avgACWTime"


def _history(c, queue_id, first, last):
    return ok(c.get(f"/api/rest/scheduling/historical/service/{queue_id}", params={"fromDate": first, "toDate": last}))


def _zone(app, tenant_id, name):
    with app.state.database.session(tenant_id) as db:
        db.get(Tenant, tenant_id).time_zone = name


def test_gis_date_formats_defaults_and_read(admin_client, acd, app, tenant):
    _zone(app, tenant.id, "UTC")
    q = create_queue(admin_client)
    n = q["number"]
    body = f"{HEADER},ASA\n{n},Sales,2024-01-15,08:00,10,9,120,30,\n{n},Sales,2024/01/15,08:15,12,12,100.5,20,7\n"
    r = admin_client.post(GIS, params={"acdServerId": acd}, files={"serviceFile": ("s.SERVICE", body)})
    assert ok(r)["intervals"] == 2
    ok(admin_client.post(GIS, files={"serviceFile": ("s.SERVICE", f"{HEADER}\n{n},Sales,01/16/2024,08:00,1,1,1,1\n")}))
    ok(admin_client.post(GIS, files={"serviceFile": ("s.SERVICE", f"{HEADER}\n{n},Sales,17/01/2024,08:00,2,2,2,2\n")}))
    # Ambiguous slash dates: MM/DD by default, DD/MM when named.
    ok(admin_client.post(GIS, files={"f": ("s.SERVICE", f"{HEADER}\n{n},Sales,02/03/2024,09:00,3,3,3,3\n")}))
    ok(admin_client.post(GIS, params={"dateFormat": "DD/MM/YYYY"},
                         files={"f": ("s.SERVICE", f"{HEADER}\n{n},Sales,02/03/2024,09:00,4,4,4,4\n")}))
    rows = _history(admin_client, q["id"], "2024-01-01", "2024-03-31")
    assert [(r["date"], r["period"], r["receivedCalls"]) for r in rows] == [
        ("2024-01-15", "08:00", 10), ("2024-01-15", "08:15", 12), ("2024-01-16", "08:00", 1),
        ("2024-01-17", "08:00", 2), ("2024-02-03", "09:00", 3), ("2024-03-02", "09:00", 4)]
    first = rows[0]
    assert first["startTime"] == 1705305600000  # 2024-01-15T08:00Z
    assert first["abandonedCalls"] == 0 and first["transferredCalls"] == 0 and first["ASA"] is None
    assert rows[1]["ASA"] == 7 and rows[1]["avgTalkTime"] == 100.5 and first["serviceNumber"] == n


def test_bad_rows_answer_400_with_lines_and_store_nothing(admin_client, acd, app, tenant):
    q = create_queue(admin_client)
    n = q["number"]
    body = (f"{HEADER},serviceLevel\n{n},S,2024-01-15,08:00,1,1,1,1,50\n{n},S,2024-13-01,08:00,1,1,1,1,\n"
            f"{n},S,2024-01-15,25:00,1,1,1,1,\n{n},S,2024-01-15,09:00,x,1,1,1,\n{n},S,2024-01-15,10:00,1,1,1,1,101\n"
            )
    r = admin_client.post(GIS, files={"serviceFile": ("s.SERVICE", body)})
    assert r.status_code == 400, r.text
    errors = {(e["row"], e["column"]) for e in r.json()["errors"]}
    assert errors == {(3, "date"), (4, "period"), (5, "receivedCalls"), (6, "serviceLevel")}
    assert r.json()["errorMessage"] and r.json()["requestId"]
    r = admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-01-15,08:00,1,1,1,1\n99999999,S,2024-01-15,08:00,1,1,1,1\n")})
    assert r.status_code == 400 and [(e["row"], e["column"]) for e in r.json()["errors"]] == [(3, "serviceNumber")]
    assert _history(admin_client, q["id"], "2024-01-01", "2024-01-31") == []
    r = admin_client.post(GIS, files={"serviceFile": ("s.SERVICE", "serviceNumber,date\n1,2024-01-01\n")})
    assert r.status_code == 400 and {e["row"] for e in r.json()["errors"]} == {1}
    r = admin_client.post(GIS, params={"acdServerId": 987654321}, files={"f": ("s", f"{HEADER}\n{n},S,2024-01-15,08:00,1,1,1,1\n")})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "acdServerId"


def test_reimport_replaces_the_interval_and_service_file_wins(admin_client, acd, app, tenant):
    q = create_queue(admin_client)
    n = q["number"]
    ok(admin_client.post(GIS, files={"serviceFile": ("s", f"{HEADER}\n{n},S,2024-01-15,08:00,1,1,1,1\n{n},S,2024-01-15,08:30,5,5,5,5\n")}))
    ok(admin_client.post(GIS, files={"serviceFile": ("s", f"{HEADER}\n{n},S,2024-01-15,08:00,9,9,9,9\n"),
                                     "agentFile": ("a", f"{HEADER}\n{n},S,2024-01-15,08:00,7,7,7,7\n")}))
    rows = _history(admin_client, q["id"], "2024-01-15", "2024-01-15")
    assert [(r["period"], r["receivedCalls"]) for r in rows] == [("08:00", 9), ("08:30", 5)]
    with app.state.database.session(tenant.id) as db:
        assert len(intervals_for(db, [q["id"]], 0, 2**62)) == 2


def test_daylight_saving_time_periods(admin_client, acd, app, tenant):
    _zone(app, tenant.id, "America/Chicago")
    q = create_queue(admin_client)
    n = q["number"]
    r = admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-03-10,02:30,1,1,1,1\n")})
    assert r.status_code == 400 and "does not exist" in r.json()["errors"][0]["reason"]
    ok(admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-11-03,01:30,1,1,1,1\n{n},S,2024-11-03,01:30,2,2,2,2\n")}))
    rows = _history(admin_client, q["id"], "2024-11-03", "2024-11-03")
    assert rows[1]["startTime"] - rows[0]["startTime"] == 3_600_000
    r = admin_client.post(GIS, files={"f": ("s", f"{HEADER}\n{n},S,2024-11-04,01:30,1,1,1,1\n{n},S,2024-11-04,01:30,2,2,2,2\n")})
    assert r.status_code == 400 and r.json()["errors"][0]["row"] == 3


def test_whit_upload_time_zones_and_mapped_import(admin_client, acd, app, tenant):
    _zone(app, tenant.id, "America/Chicago")
    q = create_queue(admin_client)
    n = q["number"]
    csv = f"{HEADER}\n{n},S,2024-01-15,08:00,3,3,3,3\n"
    res = ok(admin_client.post(WHIT_UPLOAD, params={"timeZone": "UTC"}, files={"file": ("w.csv", csv)}))
    assert res["files"] == [f"{n}_ServiceHistorical.SERVICE"]
    ok(admin_client.post(WHIT_UPLOAD, files={"file": ("w.csv", csv.replace("08:00,3,3", "08:00,4,4"))}))
    rows = _history(admin_client, q["id"], "2024-01-15", "2024-01-15")
    assert [(r["period"], r["startTime"], r["receivedCalls"]) for r in rows] == [
        ("02:00", 1705305600000, 3), ("08:00", 1705327200000, 4)]
    assert admin_client.post(WHIT_UPLOAD, params={"timeZone": "MARS"}, files={"file": ("w.csv", csv)}).status_code == 400
    mapping = {"mapping": [{"column": "Queue", "field": "serviceNumber"}, {"column": "Name", "field": "serviceName"},
                           {"column": "Day", "field": "date", "dataType": "DD/MM/YYYY"},
                           {"column": "Slot", "field": "period"}, {"column": "In", "field": "receivedCalls"},
                           {"column": "Done", "field": "handledCalls"}, {"column": "Talk", "field": "avgTalkTime"},
                           {"column": "Wrap", "field": "avgACWTime"}]}
    mapped = f"Queue,Name,Day,Slot,In,Done,Talk,Wrap\n{n},S,02/03/2024,10:00,8,8,8,8\n"
    ok(admin_client.post(WHIT_IMPORT, files={"file": ("m.csv", mapped), "mapping": (None, json.dumps(mapping))}))
    assert [r["receivedCalls"] for r in _history(admin_client, q["id"], "2024-03-02", "2024-03-02")] == [8]
    bad = admin_client.post(WHIT_IMPORT, files={"file": ("m.csv", mapped.replace("10:00", "x")),
                                                "mapping": (None, json.dumps(mapping))})
    assert bad.status_code == 400 and bad.json()["errors"][0]["row"] == 2
    assert {f["key"] for f in ok(admin_client.get(WHIT_IMPORT))["fields"]} >= {"serviceNumber", "ASA", "period"}


def test_permissions_and_unknown_queue(admin_client, acd, login_as, factory, tenant):
    q = create_queue(admin_client)
    csv = f"{HEADER}\n{q['number']},S,2024-01-15,08:00,3,3,3,3\n"
    supervisor, _ = login_as("supervisor")
    for path in (GIS, WHIT_UPLOAD, WHIT_IMPORT):
        assert supervisor.post(path, files={"file": ("w.csv", csv)}).status_code == 403
    importer_role = factory.role(tenant.id, [14])
    importer, _ = login_as(importer_role)
    ok(importer.post(GIS, files={"file": ("w.csv", csv)}))
    assert admin_client.get("/api/rest/scheduling/historical/service/999999999",
                            params={"fromDate": "2024-01-01", "toDate": "2024-01-02"}).status_code == 404
    assert admin_client.get(f"/api/rest/scheduling/historical/service/{q['id']}",
                            params={"fromDate": "2024-02-01", "toDate": "2024-01-02"}).status_code == 400
