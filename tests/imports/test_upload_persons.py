"""POST /api/upload/persons: matching, defaults, never-blank, activation, lists, all or nothing."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from openwfo.kit.clock import now_ms

from .conftest import upload

HEADER = ("personId,email,firstName,lastName,timeZone,adLogin,memberGroup,activated,deactivated,locale,roles,"
          "scopegroups,scopeteams,enableScheduling,views,mainView,companyStartDate,companyEndDate,"
          "departmentStartDate,employeeId,rank,qmViews,isReconcileOnly,scopetenant,acdId,acdServerId\n")


def _day(ms: int, zone: str = "America/Chicago") -> date:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(zone)).date()


def _minimal(*rows: str) -> str:
    return "email,firstName,lastName,adLogin,acdId\n" + "".join(r + "\n" for r in rows)


def test_full_row_creates_person_with_every_field(admin_client, factory, tenant, store):
    sales = factory.group(tenant.id, "Sales")
    car = factory.team(tenant.id, sales, "Car Sales")
    factory.team(tenant.id, sales, "Parts")
    row = ('0,ann@x.test,Ann,Lee,America/New_York,CORP\\ann,Car Sales,03/15/2021,,de_AT,"Agent;Supervisor",'
           'Sales,Parts,True,EnterpriseView,EnterpriseView,01/02/2020,,02/03/2021,E-17,3,QM One;QM Two,True,'
           'False,4711,2\n')
    r = upload(admin_client, "persons", HEADER + row)
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [{"line": 2, "status": "created", "id": r.json()["rows"][0]["id"]}]
    p = store.person("ann@x.test")
    assert p.id == r.json()["rows"][0]["id"]
    assert (p.first_name, p.last_name, p.time_zone, p.ad_login, p.team_id) == ("Ann", "Lee", "America/New_York",
                                                                              "CORP\\ann", car)
    assert (p.lang, p.country) == ("de", "AT")
    assert _day(p.activated_date) == date(2021, 3, 15) and p.deactivated is False
    assert sorted(r.name for r in p.roles) == ["Agent", "Supervisor"]
    assert [g.name for g in p.scope_groups] == ["Sales"] and [t.name for t in p.scope_teams] == ["Parts"]
    assert [(v.view.name, v.main) for v in p.views] == [("EnterpriseView", True)]
    assert p.enabled_for_scheduling is True and (p.acd_id, p.acd_server_id) == ("4711", 2)
    assert _day(p.company_start_date) == date(2020, 1, 2) and p.termination_date is None
    assert _day(p.department_start_date) == date(2021, 2, 3)
    assert (p.employee_id, p.rank, p.qm_views, p.is_reconcile_only, p.scope_all) == ("E-17", 3, ["QM One", "QM Two"],
                                                                                     True, False)
    assert p.password_hash is None  # imported persons get a password through the Person API

    r = upload(admin_client, "persons", HEADER + row)
    assert r.json()["unchanged"] == 1 and r.json()["rows"][0]["status"] == "unchanged"


def test_new_person_defaults(admin_client, store):
    before = now_ms()
    r = upload(admin_client, "persons", "email,firstName,lastName\nbob@x.test,Bob,Ray\n")
    assert r.status_code == 200, r.text
    p = store.person("bob@x.test")
    assert [r.name for r in p.roles] == ["Agent"]
    assert p.team.name == "Default Team" and p.time_zone == "America/Chicago"
    assert [(v.view.name, v.main) for v in p.views] == [("EnterpriseView", True)]
    assert (p.lang, p.deactivated, p.scope_all, p.enabled_for_scheduling) == ("en", False, False, False)
    assert p.activated_date >= before
    assert p.scope_groups == [] and p.scope_teams == []


def test_matching_on_email_adlogin_or_acdid_and_person_id(admin_client, store):
    r = upload(admin_client, "persons", _minimal("a@x.test,A,One,ad-a,acd-a", "b@x.test,B,Two,ad-b,acd-b",
                                                 "c@x.test,C,Three,ad-c,acd-c"))
    ids = [row["id"] for row in r.json()["rows"]]
    text = _minimal("A@X.TEST,Anna,,,",  # by email, any case
                    ",Berta,,AD-B,",  # by adLogin
                    ",Carla,,,acd-c")  # by acdId
    r = upload(admin_client, "persons", text)
    assert r.status_code == 200, r.text
    assert [(row["status"], row["id"]) for row in r.json()["rows"]] == [("updated", i) for i in ids]
    assert store.person("A@X.TEST").first_name == "Anna"
    assert store.person("b@x.test").first_name == "Berta" and store.person("c@x.test").first_name == "Carla"
    # personId updates that person, identifiers included.
    r = upload(admin_client, "persons", f"personId,email,firstName,lastName\n{ids[2]},carla@x.test,,\n")
    assert r.json()["rows"][0] == {"line": 2, "status": "updated", "id": ids[2]}
    assert store.person("carla@x.test").id == ids[2]


def test_existing_identifiers_are_never_blanked(admin_client, store):
    upload(admin_client, "persons", _minimal("a@x.test,A,One,ad-a,acd-a"))
    r = upload(admin_client, "persons", HEADER.replace("\n", "") + "\n0,a@x.test,,,,,,,,,,,,,,,,,,,,,,,,\n")
    assert r.status_code == 200 and r.json()["rows"][0]["status"] == "unchanged"
    p = store.person("a@x.test")
    assert (p.ad_login, p.acd_id, p.first_name) == ("ad-a", "acd-a", "A")


def test_identifiers_of_different_persons_conflict(admin_client, store):
    r = upload(admin_client, "persons", _minimal("a@x.test,A,One,ad-a,acd-a", "b@x.test,B,Two,ad-b,acd-b"))
    a_id = r.json()["rows"][0]["id"]
    r = upload(admin_client, "persons", _minimal("a@x.test,A,One,,acd-b"))
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["row"] == 2 and "different persons" in err["reason"]
    r = upload(admin_client, "persons", f"personId,email,firstName,lastName\n{a_id},b@x.test,,\n")
    assert r.status_code == 400 and "belongs to another person" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "persons", "personId,email,firstName,lastName\n99999999,z@x.test,Z,Z\n")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "personId"


def test_same_person_or_identifier_twice_in_a_file(admin_client, store):
    r = upload(admin_client, "persons", _minimal("n@x.test,N,One,,", "N@x.test,N,Two,,", "m@x.test,M,One,ad-m,",
                                                 "o@x.test,O,One,AD-M,"))
    assert r.status_code == 400
    reasons = {e["row"]: e["reason"] for e in r.json()["errors"]}
    assert "line 2" in reasons[3] and "Line 4" in reasons[5]
    assert store.count_persons() == 1  # only the administrator


def test_deactivate_reactivate_and_future_dates(admin_client, store):
    upload(admin_client, "persons", _minimal("a@x.test,A,One,,"))
    r = upload(admin_client, "persons", "email,firstName,lastName,deactivated\na@x.test,,,02/01/2022\n")
    assert r.json()["rows"][0]["status"] == "updated"
    p = store.person("a@x.test")
    assert p.deactivated is True and _day(p.deactivated_date) == date(2022, 2, 1)
    r = upload(admin_client, "persons", "email,firstName,lastName,deactivated\na@x.test,,,02/01/2022\n")
    assert r.json()["rows"][0]["status"] == "unchanged"
    r = upload(admin_client, "persons", "email,firstName,lastName,deactivated\na@x.test,,,12/31/2999\n")
    assert r.json()["rows"][0]["status"] == "updated"
    p = store.person("a@x.test")
    assert p.deactivated is False and p.deactivated_date is None
    r = upload(admin_client, "persons", "email,firstName,lastName,deactivated\na@x.test,,,01/01/2999\n")
    assert r.status_code == 400 and "future" in r.json()["errors"][0]["reason"]


def test_lists_replace_and_main_view(admin_client, factory, tenant, store):
    g1, g2 = factory.group(tenant.id, "G1"), factory.group(tenant.id, "G2")
    factory.team(tenant.id, g1, "T1")
    upload(admin_client, "persons", "email,firstName,lastName,roles,scopegroups\nsup@x.test,S,V,Supervisor,G1;G2\n")
    p = store.person("sup@x.test")
    assert [r.name for r in p.roles] == ["Supervisor"] and sorted(g.id for g in p.scope_groups) == [g1, g2]
    r = upload(admin_client, "persons", "email,firstName,lastName,roles,scopegroups,scopeteams\n"
                                        "sup@x.test,,,agent;supervisor,g2,T1\n")
    assert r.json()["rows"][0]["status"] == "updated"
    p = store.person("sup@x.test")
    assert sorted(r.name for r in p.roles) == ["Agent", "Supervisor"]
    assert [g.id for g in p.scope_groups] == [g2] and [t.name for t in p.scope_teams] == ["T1"]
    r = upload(admin_client, "persons", "email,firstName,lastName,roles\nsup@x.test,,,Nope;Agent\n")
    assert r.status_code == 400 and "Nope" in r.json()["errors"][0]["reason"]


def test_scheduling_needs_acd_fields(admin_client, store):
    r = upload(admin_client, "persons", "email,firstName,lastName,enableScheduling\ns@x.test,S,One,True\n")
    assert r.status_code == 400 and r.json()["errors"][0]["column"] == "enableScheduling"
    r = upload(admin_client, "persons", "email,firstName,lastName,enableScheduling,acdId,acdServerId\n"
                                        "s@x.test,S,One,TRUE,77,1\n")
    assert r.status_code == 200 and store.person("s@x.test").enabled_for_scheduling is True


def test_every_bad_row_every_bad_cell_nothing_applied(admin_client, store):
    text = ("email,firstName,lastName,timeZone,rank,locale,activated,scopetenant\n"
            "ok@x.test,Ok,Fine,Europe/Berlin,1,en,01/01/2020,False\n"
            "not-an-email,A,B,Mars/Base,x,english,2020-01-01,maybe\n"
            ",C,D,,,,,\n"
            "e@x.test," + "F" * 51 + ",G,,,,,\n")
    r = upload(admin_client, "persons", text)
    assert r.status_code == 400
    errors = r.json()["errors"]
    line3 = {e["column"] for e in errors if e["row"] == 3}
    assert line3 == {"email", "timeZone", "rank", "locale", "activated", "scopetenant"}
    assert {e["row"] for e in errors} == {3, 4, 5}
    assert store.person("ok@x.test") is None


def test_header_problems(admin_client):
    r = upload(admin_client, "persons", "email,firstName,lastName,shoeSize\na@x.test,A,B,44\n")
    assert r.status_code == 400 and r.json()["errors"][0] == {"row": 1, "column": "shoeSize",
                                                               "reason": "Unknown column 'shoeSize'"}
    r = upload(admin_client, "persons", "email,firstName\na@x.test,A\n")
    assert r.status_code == 400 and "lastName" in r.json()["errors"][0]["reason"]
    r = upload(admin_client, "persons", "email,firstName,lastName,Email\na@x.test,A,B,a@x.test\n")
    assert r.status_code == 400 and "repeats" in r.json()["errors"][0]["reason"]
    # The reference's own spellings (acdld, employeeld) and any case work.
    r = upload(admin_client, "persons", "EMAIL,FirstName,lastname,acdld,employeeld\na@x.test,A,B,5,E5\n")
    assert r.status_code == 200, r.text


def test_deactivation_by_import_ends_the_persons_session(admin_client, factory, tenant, new_client):
    person = factory.person(tenant.id)
    other = new_client()
    factory.login(other, person.email, tenant_id=tenant.id)
    assert other.get("/api/rest/authorize").status_code == 200
    r = upload(admin_client, "persons", f"email,firstName,lastName,deactivated\n{person.email},,,01/01/2020\n")
    assert r.status_code == 200, r.text
    assert other.get("/api/rest/authorize").status_code == 401


def test_role_change_by_import_reaches_the_live_session(admin_client, factory, tenant, new_client):
    person = factory.person(tenant.id)
    other = new_client()
    factory.login(other, person.email, tenant_id=tenant.id)
    assert "ViewOrg" not in other.get("/api/rest/authorize").json()["permissions"]
    upload(admin_client, "persons", f"email,firstName,lastName,roles\n{person.email},,,Supervisor\n")
    assert "ViewOrg" in other.get("/api/rest/authorize").json()["permissions"]


def test_a_thousand_rows_in_batches(admin_client, store, app, tenant):
    rows = "".join(f"p{i}@x.test,P{i},Bulk,ad{i},{5000 + i}\n" for i in range(1000))
    r = upload(admin_client, "persons", "email,firstName,lastName,adLogin,acdId\n" + rows)
    assert r.status_code == 200 and r.json()["created"] == 1000
    ids = [row["id"] for row in r.json()["rows"]]
    assert len(set(ids)) == 1000
    again = "".join(f",,,AD{i},,Supervisor;Agent\n" for i in range(1000))
    r = upload(admin_client, "persons", "email,firstName,lastName,adLogin,acdId,roles\n" + again)
    assert r.status_code == 200 and r.json()["updated"] == 1000
    assert [row["id"] for row in r.json()["rows"]] == ids
    from sqlalchemy import func, select

    from openwfo.models import PersonRole

    with app.state.database.session(tenant.id) as db:
        links = db.scalar(select(func.count()).select_from(PersonRole).where(PersonRole.person_id.in_(ids)))
    assert links == 2000
    p = store.person("p999@x.test")
    assert p.ad_login == "AD999" and sorted(r.name for r in p.roles) == ["Agent", "Supervisor"]


def test_acd_ids_are_per_acd_server(admin_client, store):
    text = "email,firstName,lastName,acdId,acdServerId\n"
    r = upload(admin_client, "persons", text + "one@x.test,One,A,500,1\ntwo@x.test,Two,B,500,2\n")
    assert r.status_code == 200 and r.json()["created"] == 2, r.text
    r = upload(admin_client, "persons", text + ",Zwei,,500,2\n")
    assert r.json()["rows"][0]["status"] == "updated" and store.person("two@x.test").first_name == "Zwei"
    r = upload(admin_client, "persons", "acdId,email,firstName,lastName\n500,,Who,\n")
    assert r.status_code == 400 and "acdServerId" in r.json()["errors"][0]["reason"]
    # Matched on acdId (server 1): that person takes the new email.
    one = store.person("one@x.test")
    r = upload(admin_client, "persons", text + "three@x.test,Three,C,500,1\n")
    assert r.json()["rows"][0] == {"line": 2, "status": "updated", "id": one.id}
    assert store.person("three@x.test").id == one.id and store.person("one@x.test") is None


def test_reference_length_limits_apply_to_new_and_changed_values(admin_client, factory, tenant, store):
    long_name = "N" * 80  # stored through the Person API, longer than the import's 50
    factory.person(tenant.id, email="long@x.test", first_name=long_name)
    r = upload(admin_client, "persons", f"email,firstName,lastName\nlong@x.test,{long_name},\n")
    assert r.status_code == 200 and r.json()["rows"][0]["status"] == "unchanged"
    r = upload(admin_client, "persons", f"email,firstName,lastName\nlong@x.test,{long_name}X,\n")
    assert r.status_code == 400 and "50" in r.json()["errors"][0]["reason"]
