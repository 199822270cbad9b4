"""GET /api/rest/fileexport/{type}: visible data as CSV, localized headers, importable back unchanged."""

from __future__ import annotations

import csv
import io

from .conftest import upload

PERSONS = ("email,firstName,lastName,timeZone,adLogin,memberGroup,roles,scopegroups,scopeteams,enableScheduling,"
           "companyStartDate,employeeId,rank,qmViews,acdId,acdServerId,locale\n")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _seed(admin_client, factory, tenant):
    north = factory.group(tenant.id, "North")
    south = factory.group(tenant.id, "South, Inc")
    factory.team(tenant.id, north, "N1")
    factory.team(tenant.id, south, "S1")
    r = upload(admin_client, "persons", PERSONS
               + 'ann@x.test,Ann,"Lee, Jr",Europe/Berlin,ad-ann,N1,Agent,,,True,05/06/2019,E1,2,Q1;Q2,100,1,de_DE\n'
               + 'sue@x.test,Sue,Boss,,,S1,Supervisor;Agent,"South, Inc",N1,False,,,,,,,\n'
               + "zed@x.test,Zed,Émile,,,S1,,,,,,,,,,,\n")
    assert r.status_code == 200, r.text
    return north, south


def test_export_groups_teams_persons_as_reference_shows(admin_client, factory, tenant):
    _seed(admin_client, factory, tenant)
    r = admin_client.get("/api/rest/fileexport/teams")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert 'filename="teams.csv"' in r.headers["content-disposition"]
    rows = _rows(r.text)
    assert rows[0] == ["Team ID", "Name", "Activated Date", "Deactivated Date", "Parent Group ID",
                       "Productivity Compilation"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["S1"][3:] == ["12/31/2999", "South, Inc", "TRUE"]
    assert by_name["Default Team"][4] == "Default Group"

    groups = _rows(admin_client.get("/api/rest/fileexport/groups").text)
    assert groups[0] == ["Group ID", "Name", "Activated Date", "Deactivated Date"]
    assert sorted(g[1] for g in groups[1:]) == ["Default Group", "North", "South, Inc"]  # the root is not exported

    persons = _rows(admin_client.get("/api/rest/fileexport/persons").text)
    header = persons[0]
    assert header[:4] == ["Person ID", "Email", "First Name", "Last Name"]
    ann = dict(zip(header, next(p for p in persons if p[1] == "ann@x.test"), strict=True))
    assert ann["Last Name"] == "Lee, Jr" and ann["Time Zone"] == "Europe/Berlin" and ann["Team"] == "N1"
    assert ann["Company Start Date"] == "5/6/2019" and ann["Deactivation Date"] == "12/31/2999"
    assert ann["QM Views"] == "Q1;Q2" and ann["Enable Scheduling"] == "TRUE" and ann["Locale"] == "de_DE"
    sue = dict(zip(header, next(p for p in persons if p[1] == "sue@x.test"), strict=True))
    assert sue["Roles"] == "Supervisor;Agent" and sue["Scope Groups"] == "South, Inc" and sue["Scope Teams"] == "N1"


def test_export_imports_back_unchanged(admin_client, factory, tenant):
    _seed(admin_client, factory, tenant)
    upload(admin_client, "persons", "email,firstName,lastName,deactivated\nzed@x.test,,,03/04/2021\n")
    for kind in ("groups", "teams", "persons"):
        exported = admin_client.get(f"/api/rest/fileexport/{kind}").content
        r = upload(admin_client, kind, exported)
        assert r.status_code == 200, (kind, r.text)
        body = r.json()
        assert body["created"] == 0 and body["updated"] == 0 and body["unchanged"] == len(body["rows"]) > 0
        assert admin_client.get(f"/api/rest/fileexport/{kind}").content == exported


def test_headers_follow_the_callers_language(login_as, factory, tenant):
    client = login_as("Bulk Import", scope_all=True, language="de")
    rows = _rows(client.get("/api/rest/fileexport/teams").text)
    assert rows[0] == ["Team-ID", "Name", "Aktivierungsdatum", "Deaktivierungsdatum", "Übergeordnete Gruppe",
                       "Produktivitätserfassung"]
    persons = client.get("/api/rest/fileexport/persons")
    assert _rows(persons.text)[0][:3] == ["Personen-ID", "E-Mail", "Vorname"]
    # A German file imports back as it is.
    r = upload(client, "persons", persons.content)
    assert r.status_code == 200 and r.json()["updated"] == 0
    fr = login_as("Bulk Import", scope_all=True, language="fr")
    assert _rows(fr.get("/api/rest/fileexport/groups").text)[0] == ["ID du groupe", "Nom", "Date d'activation",
                                                                   "Date de désactivation"]


def test_export_only_the_callers_scope(login_as, admin_client, factory, tenant):
    north, south = _seed(admin_client, factory, tenant)
    client = login_as("Bulk Import", scope_groups=[north])
    persons = _rows(client.get("/api/rest/fileexport/persons").text)
    emails = {p[1] for p in persons[1:]}
    assert "ann@x.test" in emails and "sue@x.test" not in emails and "zed@x.test" not in emails
    assert client.person.email in emails  # a caller always sees themself
    teams = {t[1] for t in _rows(client.get("/api/rest/fileexport/teams").text)[1:]}
    assert teams == {"N1"}
    groups = {g[1] for g in _rows(client.get("/api/rest/fileexport/groups").text)[1:]}
    assert groups == {"North"}


def test_basic_info_and_acd_id_filter(admin_client, factory, tenant):
    _seed(admin_client, factory, tenant)
    rows = _rows(admin_client.get("/api/rest/fileexport/persons", params={"basicInfo": "True"}).text)
    assert rows[0] == ["Person ID", "First Name", "Last Name", "Employee ID"]
    assert ["Ann", "Lee, Jr", "E1"] == next(r[1:] for r in rows if r[1] == "Ann")
    rows = _rows(admin_client.get("/api/rest/fileexport/persons", params={"acdId": "100"}).text)
    assert [r[1] for r in rows[1:]] == ["ann@x.test"]


def test_unknown_type_is_404_and_users_is_persons(admin_client):
    assert admin_client.get("/api/rest/fileexport/contacts").status_code == 404
    assert admin_client.get("/api/rest/fileexport/users").text.startswith("Person ID,")


def test_names_holding_semicolons_survive_the_round_trip(admin_client, factory, tenant):
    # Lists are semicolon-separated: a role or group whose name holds ';' is exported by its id.
    group = factory.group(tenant.id, "Sales; East")
    role = admin_client.post("/api/rest/org/role", json={"name": "Lead; Night", "permissions": [3]}).json()["id"]
    r = admin_client.post("/api/rest/org/common/person", json={
        "firstName": "Al", "lastName": "Dente", "email": "al@x.test", "roles": [role, "Agent"], "scopeGroups": [group]})
    assert r.status_code == 200, r.text
    exported = admin_client.get("/api/rest/fileexport/persons").content
    rows = _rows(exported.decode())
    al = dict(zip(rows[0], next(p for p in rows if p[1] == "al@x.test"), strict=True))
    assert sorted(al["Roles"].split(";")) == sorted([str(role), "Agent"]) and al["Scope Groups"] == str(group)
    r = upload(admin_client, "persons", exported)
    assert r.status_code == 200, r.text
    assert r.json()["updated"] == 0 and r.json()["created"] == 0
    # Single values keep the name.
    factory.team(tenant.id, group, "Blue; Green")
    teams = _rows(admin_client.get("/api/rest/fileexport/teams").text)
    assert ["Blue; Green", "Sales; East"] == next(t for t in teams if t[1] == "Blue; Green")[1:5:3]
    assert upload(admin_client, "teams", admin_client.get("/api/rest/fileexport/teams").content).json()["updated"] == 0
