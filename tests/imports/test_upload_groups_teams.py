"""POST /api/upload/groups and /teams: exact headers, insert or update, idempotent, all or nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .conftest import upload

GROUPS = "id,name,activatedDate,deactivatedDate\n"
TEAMS = "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"


def _day(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo("America/Chicago")).date()


def test_reference_example_files_create_then_are_unchanged(admin_client, store):
    groups = GROUPS + "0,Sales,01/04/2018,01/01/2019\r\n0,Finance,01/04/2018,\r\n"
    r = upload(admin_client, "groups", groups)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["created"] == 2 and body["updated"] == 0 and body["unchanged"] == 0
    assert [(row["line"], row["status"]) for row in body["rows"]] == [(2, "created"), (3, "created")]
    sales = store.group("Sales")
    assert sales.id == body["rows"][0]["id"]
    assert _day(sales.activated_date) == date(2018, 1, 4) and _day(sales.deactivated_date) == date(2019, 1, 1)
    assert store.group("Finance").deactivated_date is None

    teams = TEAMS + "0,Car Sales,01/04/2018,01/01/2019,Sales,True\n0,Parts Sales,01/04/2018,,Sales,False\n"
    r = upload(admin_client, "teams", teams)
    assert r.status_code == 200, r.text
    assert r.json()["created"] == 2
    car, parts = store.team("Car Sales"), store.team("Parts Sales")
    assert car.group_id == sales.id and car.productivity_compilation is True
    assert parts.productivity_compilation is False and parts.deactivated_date is None

    # The same files again: nothing changes.
    for kind, text in (("groups", groups), ("teams", teams)):
        r = upload(admin_client, kind, text)
        assert r.status_code == 200
        assert r.json()["unchanged"] == 2 and r.json()["created"] == r.json()["updated"] == 0


def test_header_must_be_exact_and_in_order(admin_client, store):
    for header in ("name,id,activatedDate,deactivatedDate\n", "id,name,activatedDate\n",
                   "id,name,activatedDate,deactivatedDate,extra\n"):
        r = upload(admin_client, "groups", header + "0,Sales,01/04/2018,\n")
        assert r.status_code == 400
        assert r.json()["errors"][0]["row"] == 1
        assert "id,name,activatedDate,deactivatedDate" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "teams", "id,name,activatedDate,deactivatedDate,productivityCompilation,parentGroupId\n")
    assert r.status_code == 400
    assert store.group("Sales") is None


def test_update_by_id_and_by_name_changes_only_what_differs(admin_client, factory, tenant, store):
    upload(admin_client, "groups", GROUPS + "0,Sales,01/04/2018,\n0,Support,01/04/2018,\n")
    sales = store.group("Sales")
    r = upload(admin_client, "groups", GROUPS + f"{sales.id},Sales EMEA,01/04/2018,\n0,Support,02/01/2019,12/31/2999\n")
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert [row["status"] for row in rows] == ["updated", "updated"]
    assert rows[0]["id"] == sales.id and store.group("Sales EMEA").id == sales.id
    assert _day(store.group("Support").activated_date) == date(2019, 2, 1)


def test_deactivate_and_reactivate_team_and_move_it(admin_client, store):
    upload(admin_client, "groups", GROUPS + "0,Sales,01/04/2018,\n0,Service,01/04/2018,\n")
    upload(admin_client, "teams", TEAMS + "0,Car Sales,01/04/2018,,Sales,True\n")
    r = upload(admin_client, "teams", TEAMS + "0,Car Sales,,03/01/2020,Service,\n")
    assert r.json()["rows"][0]["status"] == "updated"
    team = store.team("Car Sales")
    assert team.group_id == store.group("Service").id and _day(team.deactivated_date) == date(2020, 3, 1)
    assert team.productivity_compilation is True  # empty keeps
    assert _day(team.activated_date) == date(2018, 1, 4)
    r = upload(admin_client, "teams", TEAMS + "0,Car Sales,,12/31/2999,Service,\n")
    assert r.json()["rows"][0]["status"] == "updated" and store.team("Car Sales").deactivated_date is None


def test_new_team_without_parent_goes_to_default_group(admin_client, store):
    r = upload(admin_client, "teams", TEAMS + "0,Floaters,,,,\n")
    assert r.status_code == 200, r.text
    assert store.team("Floaters").group_id == store.group("Default Group").id


def test_every_bad_row_is_listed_and_nothing_is_applied(admin_client, store):
    text = (GROUPS
            + "0,Good One,01/04/2018,\n"
            + "0,,01/04/2018,\n"  # no name
            + "0,Bad Date,13/45/2018,\n"
            + "999999,Ghost,01/04/2018,\n"  # unknown id
            + "x,Letters,01/04/2018,\n"
            + "0," + "L" * 61 + ",,\n"
            + "0,Good One,,\n")  # repeats line 2
    r = upload(admin_client, "groups", text)
    assert r.status_code == 400
    body = r.json()
    assert "Nothing was imported" in body["errorMessage"] and body["requestId"]
    by_line = {e["row"]: e for e in body["errors"]}
    assert set(by_line) == {3, 4, 5, 6, 7, 8}
    assert by_line[3]["column"] == "name"
    assert by_line[4]["column"] == "activatedDate" and "13/45/2018" in by_line[4]["reason"]
    assert "999999" in by_line[5]["reason"]
    assert by_line[6]["column"] == "id"
    assert "60" in by_line[7]["reason"]
    assert "line 2" in by_line[8]["reason"]
    assert store.group("Good One") is None


def test_names_are_matched_ignoring_case_and_may_not_collide(admin_client, store):
    upload(admin_client, "groups", GROUPS + "0,Sales,,\n0,Support,,\n")
    r = upload(admin_client, "groups", GROUPS + "0,SALES,,\n")
    assert r.json()["rows"][0]["id"] == store.group("SALES").id  # matched, renamed to the file's spelling
    support = store.group("Support")
    r = upload(admin_client, "groups", GROUPS + f"{support.id},Sales,,\n")
    assert r.status_code == 400 and "already named" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "groups", GROUPS + f"{support.id},Brand New,,\n0,brand new,,\n")
    assert r.status_code == 400 and "Line 2" in r.json()["errors"][0]["reason"]


def test_root_group_and_unknown_parent_are_refused(admin_client, store):
    r = upload(admin_client, "groups", GROUPS + "0,Root,,\n")
    assert r.status_code == 400 and "root" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "teams", TEAMS + "0,T1,,,Nowhere,True\n")
    assert r.status_code == 400
    assert r.json()["errors"][0]["column"] == "parentGroupId" and "Nowhere" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "teams", TEAMS + "0,T1,,,Default Group,maybe\n")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "productivityCompilation"


def test_parent_group_by_id_and_label_headers(admin_client, store):
    upload(admin_client, "groups", GROUPS + "0,Sales,,\n")
    gid = store.group("Sales").id
    text = "Team ID,Name,Activated Date,Deactivated Date,Parent Group ID,Productivity Compilation\n"
    r = upload(admin_client, "teams", text + f'0,"Sales, North",8/17/2016,12/31/2999,{gid},FALSE\n')
    assert r.status_code == 200, r.text
    team = store.team("Sales, North")
    assert team.group_id == gid and team.productivity_compilation is False
    assert _day(team.activated_date) == date(2016, 8, 17)


def test_csv_variants_bom_crlf_semicolons(admin_client, store):
    data = b"\xef\xbb\xbf" + "id;name;activatedDate;deactivatedDate\r\n0;Größe;01/04/2018;\r\n".encode()
    r = upload(admin_client, "groups", data)
    assert r.status_code == 200, r.text
    assert store.group("Größe") is not None


def test_raw_body_upload_and_missing_file(admin_client, store):
    r = admin_client.post("/api/upload/groups", content=(GROUPS + "0,Raw,,\n").encode(),
                          headers={"Content-Type": "text/csv"})
    assert r.status_code == 200 and store.group("Raw") is not None
    r = admin_client.post("/api/upload/groups")
    assert r.status_code == 400
    r = upload(admin_client, "groups", b"id,name\n\xff\xfe\n")
    assert r.status_code == 400 and "UTF-8" in r.json()["errorMessage"]


def test_curl_data_binary_upload(admin_client, store):
    # curl --data-binary @groups.csv sends the file as application/x-www-form-urlencoded.
    r = admin_client.post("/api/upload/groups", content=(GROUPS + "0,Curl=Fun,,\n").encode(),
                          headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200, r.text
    assert store.group("Curl=Fun") is not None


def test_future_deactivation_dates_are_refused(admin_client, store):
    r = upload(admin_client, "groups", GROUPS + "0,Later,,01/01/2999\n")
    assert r.status_code == 400 and "future" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "teams", TEAMS + "0,Later,,06/30/2998,,\n")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "deactivatedDate"


def test_moving_or_renaming_a_team_reaches_members_sessions(admin_client, factory, tenant, new_client, store):
    a, b = factory.group(tenant.id, "Alpha"), factory.group(tenant.id, "Beta")
    team = factory.team(tenant.id, a, "Blue")
    member = factory.person(tenant.id, team_id=team)
    other = new_client()
    factory.login(other, member.email, tenant_id=tenant.id)
    assert other.get("/api/rest/authorize").json()["groupName"] == "Alpha"
    r = upload(admin_client, "teams", TEAMS + f"{team},Blue Sky,,,Beta,\n")
    assert r.status_code == 200, r.text
    session = other.get("/api/rest/authorize").json()
    assert (session["teamName"], session["groupName"], session["groupId"]) == ("Blue Sky", "Beta", b)
    r = upload(admin_client, "groups", GROUPS + f"{b},Gamma,,\n")
    assert r.status_code == 200
    assert other.get("/api/rest/authorize").json()["groupName"] == "Gamma"


def test_nul_characters_are_row_errors(admin_client, store):
    # No store keeps NUL in text: the row is refused on every database alike, nothing applied.
    r = upload(admin_client, "groups", GROUPS + "0,Fine,,\n0,Bad\x00Name,,\n")
    assert r.status_code == 400
    assert r.json()["errors"] == [{"row": 3, "column": "name", "reason": "The value contains a NUL character"}]
    assert store.group("Fine") is None
    r = upload(admin_client, "persons", "email,firstName,lastName\nn@x.test,A\x00,B\n")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "firstName"
