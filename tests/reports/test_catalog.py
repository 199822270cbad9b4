"""The report catalog (list, describe) and a tenant's saved report definitions."""

from __future__ import annotations

from .conftest import CATALOG, EXPORT, as_dicts, body, csv_rows


def test_catalog_lists_every_built_in_report(admin_client, seed):
    r = admin_client.get(CATALOG)
    assert r.status_code == 200
    reports = {x["name"]: x for x in r.json()}
    assert set(reports) >= {"Contacts by Team", "Contact Detail", "Evaluation Scores", "Agent Adherence",
                            "Agent State Detail", "Schedule Activities", "Exception Requests", "Service Queue History"}
    assert reports["Contacts by Team"]["qname"] == "RP1_22_0_8o448kr6ll3sbkgvvfkj7"
    assert reports["Contact Detail"]["qname"] == "RP1_217_0_getk05bhup57b3nmd3il1"
    for x in reports.values():
        assert x["qname"].startswith(f"RP1_{x['reportId']}_0_") and x["builtIn"] and x["runnable"]
        assert x["columns"] and all(set(c) == {"key", "label", "type"} for c in x["columns"])
        assert all(p["kind"] in ("VALUE", "DATE") for p in x["parameters"])


def test_describe_by_id_or_qname(admin_client, seed):
    a = admin_client.get(f"{CATALOG}/217").json()
    b = admin_client.get(f"{CATALOG}/RP1_217_0_getk05bhup57b3nmd3il1").json()
    assert a == b
    keys = [c["key"] for c in a["columns"]]
    assert keys[:2] == ["contactId", "startTime"] and keys[-2:] == ["metadata.Note", "metadata.Region"]
    assert {p["name"] for p in a["parameters"]} >= {"pTeam", "pAgent", "pContactStartTime"}
    assert next(p for p in a["parameters"] if p["name"] == "pContactStartTime")["aliases"] == ["pDate"]
    assert admin_client.get(f"{CATALOG}/12345").status_code == 404


def test_catalog_marks_reports_the_caller_cannot_run(login_as, seed):
    viewer = login_as("View Reports", scope_all=True)
    reports = {x["reportId"]: x for x in viewer.get(CATALOG).json()}
    assert reports[402]["runnable"] and not reports[217]["runnable"]
    assert login_as("Search Contacts").get(CATALOG).status_code == 403


def test_saved_definition_exports_its_columns_and_defaults(admin_client, seed):
    enc = "[{'name':'pTeam','value':{'isAll':'false','values':[TEAM],'containsNull':'false'}}]".replace(
        "TEAM", str(seed.team_b))
    r = admin_client.post(CATALOG, json={"baseReportId": 217, "name": "Team B calls",
                                         "columns": ["contactId", "agentName", "metadata.Region"],
                                         "defaultParamValues": enc})
    assert r.status_code == 200, r.text
    saved = r.json()
    assert not saved["builtIn"] and saved["baseReportId"] == 217 and saved["qname"].startswith(
        f"RP1_{saved['reportId']}_0_")
    assert [c["key"] for c in saved["columns"]] == ["contactId", "agentName", "metadata.Region"]
    out = admin_client.post(EXPORT.format(saved["qname"]), json=body(saved["qname"]))
    rows = csv_rows(out)
    assert rows[0] == ["Contact ID", "Agent", "Region"]
    assert [r[1] for r in rows[1:]] == ["Bob Baker", "Bob Baker"]
    assert out.headers["Content-Extent"] == "2,3"
    # the body's parameters override the saved defaults; isAll clears them
    enc_all = "[{'name':'pTeam','value':{'isAll':'true'}}]"
    assert len(as_dicts(admin_client.post(EXPORT.format(saved["reportId"]), json=body(encoded=enc_all)))) == 5
    # listed, changed, deleted
    assert saved["reportId"] in {x["reportId"] for x in admin_client.get(CATALOG).json()}
    r = admin_client.put(f"{CATALOG}/{saved['reportId']}", json={"name": "Renamed", "columns": ["contactId"]})
    assert r.status_code == 200 and r.json()["name"] == "Renamed" and len(r.json()["columns"]) == 1
    assert admin_client.delete(f"{CATALOG}/{saved['reportId']}").json() == {"deleted": 1}
    assert admin_client.post(EXPORT.format(saved["reportId"]), json=body()).status_code == 404


def test_saved_definition_round_trips_in_its_get_shape(admin_client, seed):
    enc = "[{'name':'pTeam','value':{'isAll':'false','values':[TEAM],'containsNull':'false'}}]".replace(
        "TEAM", str(seed.team_b))
    saved = admin_client.post(CATALOG, json={"baseReportId": 217, "name": "Round trip",
                                             "columns": ["contactId", "agentName"], "defaultParamValues": enc}).json()
    url = f"{CATALOG}/{saved['reportId']}"
    got = admin_client.get(url).json()
    got["name"] = "Round trip, renamed"
    r = admin_client.put(url, json=got)
    assert r.status_code == 200, r.text
    again = admin_client.get(url).json()
    assert again["name"] == "Round trip, renamed"
    assert again["columns"] == got["columns"] and again["defaultParamValues"] == got["defaultParamValues"]


def test_saved_definition_is_checked(admin_client, seed):
    r = admin_client.post(CATALOG, json={"baseReportId": 9, "name": ""})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"name", "baseReportId"}
    r = admin_client.post(CATALOG, json={"baseReportId": "RP1_22_0_x", "name": "x", "columns": ["nope"],
                                         "defaultParamValues": "[{'name':'pNope','value':1}]"})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"columns[0]", "defaultParamValues[0].name"}
    assert admin_client.put(f"{CATALOG}/22", json={"name": "x"}).status_code == 400
    assert admin_client.delete(f"{CATALOG}/22").status_code == 400


def test_saved_definitions_belong_to_their_tenant(admin_client, seed, factory, new_client):
    saved = admin_client.post(CATALOG, json={"baseReportId": 22, "name": "Mine"}).json()
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, factory.PASSWORD, tenant_id=other.id)
    assert c.get(f"{CATALOG}/{saved['reportId']}").status_code == 404
    assert saved["reportId"] not in {x["reportId"] for x in c.get(CATALOG).json()}
