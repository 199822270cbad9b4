"""GET/POST /api/rest/fileimport/{type}: the model's fields, and a CSV imported through a mapping."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

REFERENCE_MAPPING = {
    "tenantId": 1,
    "mapping": [
        {"column": "Team ID", "field": "id", "dataType": "Integer"},
        {"column": "Name", "field": "name", "dataType": "Text"},
        {"column": "Activated Date", "field": "activatedDate", "dataType": "MM/DD/YYYY"},
        {"column": "Productivity Compilation", "field": "productivityCompilation", "dataType": "TrueFalse"},
    ],
}
SUCCESS = {"status": "SUCCESS", "responseText": "The file was successfully imported"}


def _post(client, kind: str, text: str, mapping: dict, as_file: bool = False):
    files = {"file": ("data.csv", text.encode(), "text/csv")}
    if as_file:
        files["mapping"] = ("mapping.json", json.dumps(mapping).encode(), "application/json")
        return client.post(f"/api/rest/fileimport/{kind}", files=files)
    return client.post(f"/api/rest/fileimport/{kind}", files=files, data={"mapping": json.dumps(mapping)})


def test_fields_as_the_reference_example(admin_client):
    r = admin_client.get("/api/rest/fileimport/teams")
    assert r.status_code == 200
    fields = {f["key"]: f for f in r.json()["fields"]}
    assert list(fields) == ["id", "name", "activatedDate", "deactivatedDate", "parentGroupId",
                            "productivityCompilation"]
    assert fields["id"] == {"key": "id", "label": "Team ID", "required": True, "multivalued": False,
                            "types": [{"code": "Integer", "description": "Number", "format": "1, 2, 3"}]}
    assert fields["name"]["types"] == [{"code": "Text", "description": "Text", "format": "Example text"}]
    assert fields["activatedDate"]["types"][:2] == [
        {"code": "MM/DD/YYYY", "description": "US Date", "format": "07/04/2016"},
        {"code": "DD/MM/YYYY", "description": "European Date", "format": "04/07/2016"},
    ]
    assert fields["productivityCompilation"]["types"][0] == {"code": "TrueFalse", "description": "true/false",
                                                             "format": "true"}
    persons = {f["key"]: f for f in admin_client.get("/api/rest/fileimport/users").json()["fields"]}
    assert persons["roles"]["multivalued"] is True and persons["email"]["required"] is True
    assert admin_client.get("/api/rest/fileimport/widgets").status_code == 404


def test_reference_mapping_imports_teams(admin_client, app, tenant):
    text = "Team ID,Name,Activated Date,Productivity Compilation,Ignored\n0,Inbound,07/04/2016,false,x\n"
    r = _post(admin_client, "teams", text, REFERENCE_MAPPING)
    assert r.status_code == 200, r.text
    assert r.json() == SUCCESS
    rows = admin_client.get("/api/rest/fileexport/teams").text.splitlines()
    assert any(line.startswith(tuple("0123456789")) and ",Inbound,7/4/2016,12/31/2999,Default Group,FALSE" in line
               for line in rows)
    # Again: nothing changes, still a success.
    assert _post(admin_client, "teams", text, REFERENCE_MAPPING, as_file=True).json() == SUCCESS


def test_european_and_iso_dates_and_yes_no(admin_client, app, tenant):
    mapping = {"mapping": [
        {"column": "Mail", "field": "email", "dataType": "Text"},
        {"column": "Vorname", "field": "firstName"},
        {"column": "Nachname", "field": "lastName", "dataType": "text"},
        {"column": "Start", "field": "companyStartDate", "dataType": "DD/MM/YYYY"},
        {"column": "Dept", "field": "departmentStartDate", "dataType": "YYYY-MM-DD"},
        {"column": "Plan", "field": "enableScheduling", "dataType": "YesNo"},
        {"column": "ACD", "field": "acdId", "dataType": "Integer"},
        {"column": "Server", "field": "acdServerId", "dataType": "Integer"},
    ]}
    text = "Mail;Vorname;Nachname;Start;Dept;Plan;ACD;Server\nk@x.test;Karl;Kühn;04.07.2016;2017-08-09;yes;007;1\n"
    r = _post(admin_client, "persons", text, mapping)
    assert r.status_code == 200, r.text
    from sqlalchemy import select

    from openwfo.models import Person

    with app.state.database.session(tenant.id) as db:
        p = db.scalar(select(Person).where(Person.email == "k@x.test"))
        zone = ZoneInfo("America/Chicago")
        assert datetime.fromtimestamp(p.company_start_date / 1000, zone).date() == date(2016, 7, 4)
        assert datetime.fromtimestamp(p.department_start_date / 1000, zone).date() == date(2017, 8, 9)
        assert p.enabled_for_scheduling is True and p.acd_id == "007" and p.last_name == "Kühn"


def test_failures_name_the_line_and_apply_nothing(admin_client):
    text = "Team ID,Name,Activated Date,Productivity Compilation\n0,Fine,07/04/2016,true\n0,Broken,31/12/2016,true\n"
    r = _post(admin_client, "teams", text, REFERENCE_MAPPING)
    assert r.status_code == 400
    body = r.json()
    assert body["errorMessage"].startswith("Error in file import, line 3! Activated Date:")
    assert body["requestId"] and body["errors"][0]["row"] == 3
    assert "Fine" not in admin_client.get("/api/rest/fileexport/teams").text


def test_mapping_problems(admin_client):
    text = "Team ID,Name,Activated Date,Productivity Compilation\n0,X,07/04/2016,true\n"
    cases = [
        ({"mapping": [{"column": "Nope", "field": "id"}] + REFERENCE_MAPPING["mapping"][1:]}, "not in the file"),
        ({"mapping": REFERENCE_MAPPING["mapping"] + [{"column": "Name", "field": "color"}]}, "Unknown field"),
        ({"mapping": [{"column": "Team ID", "field": "id", "dataType": "TrueFalse"}]
          + REFERENCE_MAPPING["mapping"][1:]}, "cannot be used"),
        ({"mapping": REFERENCE_MAPPING["mapping"][1:]}, "required field 'id'"),
        ({"mapping": [{"column": 5, "field": "id"}]}, "Invalid mapping"),
    ]
    for mapping, needle in cases:
        r = _post(admin_client, "teams", text, mapping)
        assert r.status_code == 400, mapping
        assert r.json()["errorMessage"].startswith("Error in file import, line 1!")
        assert needle in r.json()["errorMessage"], r.json()
    r = admin_client.post("/api/rest/fileimport/teams", files={"file": ("d.csv", text.encode())})
    assert r.status_code == 400 and "mapping" in r.json()["errorMessage"]
    r = admin_client.post("/api/rest/fileimport/teams", data={"mapping": json.dumps(REFERENCE_MAPPING)})
    assert r.status_code == 400 and "CSV" in r.json()["errorMessage"]


def test_mapping_as_a_bare_list_or_a_saved_preference(admin_client, store):
    text = "Team ID,Name,Activated Date,Productivity Compilation\n0,Listed,07/04/2016,true\n"
    r = admin_client.post("/api/rest/fileimport/teams", files={"file": ("t.csv", text.encode(), "text/csv")},
                          data={"mapping": json.dumps(REFERENCE_MAPPING["mapping"])})
    assert r.status_code == 200, r.text
    assert store.team("Listed") is not None
    # An import preference (GET /api/rest/importpreference/{id}) sent back as the mapping.
    pref = admin_client.post("/api/rest/importpreference", json={
        "name": "Teams", "type": "teams", "mappings": REFERENCE_MAPPING["mapping"]}).json()
    text = text.replace("Listed", "From Preference")
    r = admin_client.post("/api/rest/fileimport/teams", files={"file": ("t.csv", text.encode(), "text/csv")},
                          data={"mapping": json.dumps(pref)})
    assert r.status_code == 200, r.text
    assert store.team("From Preference") is not None
    r = admin_client.post("/api/rest/fileimport/teams", files={"file": ("t.csv", text.encode(), "text/csv")},
                          data={"mapping": "{not json"})
    assert r.status_code == 400
    assert r.json()["errorMessage"] == "Error in file import, line 1! The mapping is not valid JSON"
