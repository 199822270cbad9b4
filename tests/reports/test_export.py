"""The Bulk Report Data Export API: the reference's body, sync CSV vs async job, every request
status, expiry, the rate limit, the record cap, paging, CSV quoting and formula neutralisation."""

from __future__ import annotations

import json
import threading
import time

from sqlalchemy import insert

from openwfo.kit.clock import clock
from openwfo.models import Contact, ReportExport
from openwfo.reports import limits
from openwfo.reports import service as report_service

from .conftest import EXPORT, NOW, STATUS, as_dicts, body, csv_rows

DETAIL = "RP1_217_0_getk05bhup57b3nmd3il1"
BY_TEAM = "RP1_22_0_8o448kr6ll3sbkgvvfkj7"

# The reference's POST example as it is printed (EXPORT CSV with a space, spaced qname, the
# single-quoted encodedParamValues naming 'Team', a brace left open).
REFERENCE_POST = """{
   "schemaName":
   "com.stytch.rest.api.v4.data.report.action.ExportActionData",
   "action": "EXPORT CSV", "state": {
      "schemaName": "com.stytch.rest.api.v4.data.report.ReportSpecData",
      "qname": "RP1_22_0_8o448kr6ll3sbkgvvfkj7"
  },
   "paramValues": {
      "schemaName":
   "com.stytch.rest.api.v4.data.parameters.EncodedParameterValuesData",
      "encodedParamValues": "[{'name':'Team','value':
  {'isAll':'false','values':[TEAM.0],'containsNull':'false'}}]",
      "qnameContent": "RP1 22 0 8o448kr6ll3sbkgvvfkj7"
  },
   "pageSpecification": [
      {
         "offset": 0,
         "limit": 100
      },
      {
         "offset": 0,
         "limit": 100
      }
   ]
"""


def wait_done(client, request_id: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(STATUS.format(request_id))
        if r.headers["content-type"].startswith("text/csv"):
            return r
        if r.json()["status"] not in ("QUEUED", "PROCESSING") or time.monotonic() > deadline:
            return r
        time.sleep(0.05)


def test_reference_example_body_as_printed(admin_client, seed):
    text = REFERENCE_POST.replace("TEAM", str(seed.team_a)).replace("\n  {'isAll'", "{'isAll'")
    r = admin_client.post(EXPORT.format(22), content=text.encode(), headers={"Content-Type": "application/json"})
    rows = as_dicts(r)
    assert [row["Team"] for row in rows] == ["Team A"]
    assert rows[0]["Contacts"] == "3"
    assert r.headers["Content-Extent"] == "1,11"


def test_sync_csv_has_header_extent_and_rfc4180_quoting(admin_client, seed):
    r = admin_client.post(EXPORT.format(DETAIL), json=body(DETAIL))
    rows = csv_rows(r)
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.headers["Content-Extent"] == "5,22"
    assert r.headers["X-Total-Rows"] == "5" and r.headers["X-Total-Columns"] == "22"
    assert "X-Records-Truncated" not in r.headers
    assert rows[0][:3] == ["Contact ID", "Start Time", "Duration (s)"]
    assert rows[0][-2:] == ["Note", "Region"]
    assert r.text.endswith("\r\n")
    assert '"He said ""hi"", then left"' in r.text  # quotes doubled, the cell quoted
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id[str(seed.contacts[1])][6] == "'=HYPERLINK(\"x\")"  # formula neutralised


def test_formula_cells_are_neutralised_everywhere(admin_client, seed):
    r = admin_client.post(EXPORT.format(420), json=body())
    comments = {row["Comment"] for row in as_dicts(r)}
    assert "'+1 dentist" in comments
    r = admin_client.post(EXPORT.format(301), json=body())
    assert "'=cmd|' /C calc'!A0" in {row["Comment"] for row in as_dicts(r)}


def test_row_and_column_paging(admin_client, seed):
    r = admin_client.post(EXPORT.format(DETAIL), json=body(rows=(1, 2), columns=(0, 3)))
    rows = csv_rows(r)
    assert rows[0] == ["Contact ID", "Start Time", "Duration (s)"]
    assert [int(x[0]) for x in rows[1:]] == [seed.contacts[1], seed.contacts[3]]  # by start time
    assert r.headers["Content-Extent"] == "5,22"  # the extent is the whole report
    assert r.headers["X-Rows-Returned"] == "2"
    r = admin_client.post(EXPORT.format(DETAIL), json=body(rows=(0, 1), columns=(20, 100)))
    assert csv_rows(r)[0] == ["Note", "Region"]
    r = admin_client.post(EXPORT.format(DETAIL), json=body(rows=(99, 10)))
    assert len(csv_rows(r)) == 1  # past the end: the header only


def test_body_errors_are_400(admin_client, seed):
    bad = body(DETAIL)
    bad["action"] = "EXPORT_PDF"
    assert admin_client.post(EXPORT.format(217), json=bad).status_code == 400
    other = body(BY_TEAM)
    r = admin_client.post(EXPORT.format(217), json=other)
    assert r.status_code == 400 and "state.qname" in r.json()["errorMessage"]
    paged = body()
    paged["pageSpecification"] = [{"offset": -1, "limit": "x"}]
    r = admin_client.post(EXPORT.format(217), json=paged)
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"pageSpecification[0].offset", "pageSpecification[0].limit"}
    assert admin_client.post(EXPORT.format(217), content=b"{not json").status_code == 400
    assert admin_client.post(EXPORT.format(999), json=body()).status_code == 404
    assert admin_client.post(EXPORT.format("RP1_999_0_abc"), json=body()).status_code == 404


def test_record_cap_truncates_and_says_so(admin_client, seed, app):
    with app.state.database.session(seed.tenant_id) as db:
        db.execute(insert(Contact), [{"start_ms": NOW - 86_400_000 + i, "tz": "UTC", "duration_ms": 1000,
                                      "team_id": seed.team_a, "person_id": seed.agent_a.id, "ani": f"n{i}"}
                                     for i in range(limits.MAX_RECORDS + 10)])
    r = admin_client.post(EXPORT.format(DETAIL), json=body(rows=(0, 50_000), columns=(0, 1)))
    rows = csv_rows(r)
    total = limits.MAX_RECORDS + 15
    assert len(rows) == 1 + limits.MAX_RECORDS
    assert r.headers["Content-Extent"] == f"{total},22"
    assert r.headers["X-Records-Truncated"].startswith(f"At most {limits.MAX_RECORDS} records per export")
    # the next export carries on from the offset
    r = admin_client.post(EXPORT.format(DETAIL), json=body(rows=(limits.MAX_RECORDS, 50_000), columns=(0, 1)))
    assert len(csv_rows(r)) == 1 + 15 and "X-Records-Truncated" not in r.headers


def test_large_exports_run_as_a_job_and_return_the_same_csv(admin_client, seed, monkeypatch):
    sync = admin_client.post(EXPORT.format(DETAIL), json=body())
    monkeypatch.setattr(limits, "SYNC_BUDGET", 2)  # 5 rows of cost 1 are over it
    r = admin_client.post(EXPORT.format(DETAIL), json=body())
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.text.startswith('{"requestId":"') and r.text.endswith('","status":"QUEUED"}')  # compact, in order
    request_id = r.json()["requestId"]
    done = wait_done(admin_client, request_id)
    assert done.status_code == 200 and done.text == sync.text
    assert done.headers["Content-Extent"] == "5,22"
    # Prefer: respond-async asks for a job whatever the size
    monkeypatch.setattr(limits, "SYNC_BUDGET", 20_000)
    r = admin_client.post(EXPORT.format(22), json=body(), headers={"Prefer": "respond-async"})
    assert r.json()["status"] == "QUEUED"
    assert as_dicts(wait_done(admin_client, r.json()["requestId"]))[0]["Team"] == "Team A"


def test_async_run_keeps_the_callers_scope(login_as, seed):
    sup = login_as("ReportAuthoring", "Search Contacts", scope_teams=[seed.team_a])
    r = sup.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"})
    rows = as_dicts(wait_done(sup, r.json()["requestId"]))
    assert {row["Team"] for row in rows} == {"Team A"}


def test_a_request_is_read_by_its_caller_only(admin_client, login_as, seed):
    r = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"})
    other = login_as("ReportAuthoring", "Search Contacts", scope_all=True)
    assert other.get(STATUS.format(r.json()["requestId"])).status_code == 404
    assert admin_client.get(STATUS.format("nope")).status_code == 404


class Gate:
    """Holds the background run of an export until released."""

    def __init__(self, monkeypatch, fail: bool = False):
        self.entered, self.release, self.fail = threading.Event(), threading.Event(), fail
        real = report_service.run

        def held(db, principal, p):
            self.entered.set()
            assert self.release.wait(20)
            if self.fail:
                raise RuntimeError("the store went away")
            return real(db, principal, p)

        monkeypatch.setattr(report_service, "run", held)


def test_statuses_processing_done_failed_canceled(admin_client, seed, monkeypatch):
    gate = Gate(monkeypatch)
    r = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"})
    rid = r.json()["requestId"]
    assert gate.entered.wait(20)
    assert admin_client.get(STATUS.format(rid)).json() == {"requestId": rid, "status": "PROCESSING"}
    gate.release.set()
    assert wait_done(admin_client, rid).headers["content-type"].startswith("text/csv")

    gate = Gate(monkeypatch, fail=True)
    rid = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"}).json()["requestId"]
    assert gate.entered.wait(20)
    gate.release.set()
    failed = wait_done(admin_client, rid).json()
    assert failed["status"] == "FAILED" and "store went away" in failed["errorMessage"]

    gate = Gate(monkeypatch)
    rid = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"}).json()["requestId"]
    assert gate.entered.wait(20)
    r = admin_client.delete(STATUS.format(rid))
    assert r.json() == {"requestId": rid, "status": "CANCELED"}
    gate.release.set()
    time.sleep(0.3)
    assert wait_done(admin_client, rid).json()["status"] == "CANCELED"


def test_status_queued_and_queue_timeout_expiry(admin_client, seed, app, tenant):
    with app.state.database.session(seed.tenant_id) as db:
        row = ReportExport(request_id="a" * 32, report_id=217, qname=DETAIL, person_id=tenant.admin_id,
                           status="QUEUED", synchronous=False, spec={}, truncated=False, created_ms=NOW)
        db.add(row)
    assert admin_client.get(STATUS.format("a" * 32)).json() == {"requestId": "a" * 32, "status": "QUEUED"}
    clock.advance(seconds=limits.QUEUE_TIMEOUT_S + 1)
    assert admin_client.get(STATUS.format("a" * 32)).json()["status"] == "EXPIRED"


def test_results_expire_after_the_keep_time(admin_client, seed, app):
    r = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"})
    rid = r.json()["requestId"]
    assert wait_done(admin_client, rid).status_code == 200
    with app.state.database.session(seed.tenant_id) as db:
        key = db.query(ReportExport).filter_by(request_id=rid).one().storage_key
    from openwfo.storage import storage_for

    storage = storage_for(app.state.database)
    assert storage.exists(key)
    clock.advance(seconds=limits.RESULT_KEEP_S - 10)
    assert admin_client.get(STATUS.format(rid)).headers["content-type"].startswith("text/csv")
    clock.advance(seconds=20)
    assert admin_client.get(STATUS.format(rid)).json() == {"requestId": rid, "status": "EXPIRED"}
    assert not storage.exists(key)


def test_rate_limit_blacklists_for_a_while(admin_client, seed, monkeypatch):
    monkeypatch.setattr(limits, "RATE_PER_MINUTE", 3)
    for _ in range(3):
        assert admin_client.post(EXPORT.format(22), json=body()).status_code == 200
    r = admin_client.post(EXPORT.format(22), json=body())
    assert r.status_code == 429
    data = r.json()
    assert list(data)[:2] == ["requestId", "status"] and data["status"] == "BLACKLISTED"
    assert int(r.headers["Retry-After"]) == limits.BLACKLIST_S
    assert admin_client.get(STATUS.format(data["requestId"])).json()["status"] == "BLACKLISTED"
    clock.advance(seconds=120)  # the minute has passed, the blacklisting has not
    assert admin_client.post(EXPORT.format(22), json=body()).status_code == 429
    clock.advance(seconds=limits.BLACKLIST_S)
    assert admin_client.post(EXPORT.format(22), json=body()).status_code == 200


def test_export_needs_report_authoring_and_the_datas_permission(login_as, seed):
    viewer = login_as("Search Contacts", scope_all=True)
    assert viewer.post(EXPORT.format(DETAIL), json=body()).status_code == 403
    author = login_as("ReportAuthoring", scope_all=True)
    r = author.post(EXPORT.format(DETAIL), json=body())
    assert r.status_code == 403 and "Search Contacts" in r.json()["errorMessage"]
    assert author.post(EXPORT.format(402), json=body()).status_code == 200  # adherence: oneself


def test_encoded_params_may_be_a_json_list_too(admin_client, seed):
    b = body(encoded=json.dumps([{"name": "pTeam", "value": {"isAll": False, "values": [seed.team_b]}}]))
    assert {row["Team"] for row in as_dicts(admin_client.post(EXPORT.format(DETAIL), json=b))} == {"Team B"}


def test_a_synchronous_export_does_not_hold_the_write_lock(admin_client, seed, monkeypatch, new_client, factory,
                                                           tenant):
    other = new_client()
    factory.login(other, tenant.admin_email, factory.PASSWORD, tenant_id=tenant.id)
    gate = Gate(monkeypatch)
    answers = []
    worker = threading.Thread(target=lambda: answers.append(admin_client.post(EXPORT.format(DETAIL), json=body())))
    worker.start()
    try:
        assert gate.entered.wait(20)
        started = time.monotonic()
        r = other.post("/api/rest/dataexplorer/report", json={"baseReportId": 22, "name": "While exporting"})
        assert r.status_code == 200 and time.monotonic() - started < 5  # a writer gets through meanwhile
    finally:
        gate.release.set()
        worker.join(30)
    assert answers[0].status_code == 200 and answers[0].headers["Content-Extent"] == "5,22"


def test_the_periodic_sweep_expires_every_tenants_results(admin_client, seed, app):
    from openwfo.jobs.registry import JobContext
    from openwfo.reports import jobs as report_jobs
    from openwfo.storage import storage_for
    from openwfo.system.maintenance import TASKS

    assert TASKS["report-exports"].kind == report_jobs.SWEEP_KIND
    rid = admin_client.post(EXPORT.format(DETAIL), json=body(), headers={"Prefer": "respond-async"}).json()["requestId"]
    assert wait_done(admin_client, rid).status_code == 200
    with app.state.database.session(seed.tenant_id) as db:
        key = db.query(ReportExport).filter_by(request_id=rid).one().storage_key
    storage = storage_for(app.state.database)
    clock.advance(seconds=limits.RESULT_KEEP_S + 1)
    result = report_jobs.expiry_sweep(JobContext(app.state.database, 0, None), {})
    assert result["expired"] >= 1
    with app.state.database.session(seed.tenant_id) as db:
        row = db.query(ReportExport).filter_by(request_id=rid).one()
        assert (row.status, row.storage_key) == ("EXPIRED", None)
    assert not storage.exists(key)
