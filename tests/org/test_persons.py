"""Person API and Person by ID API: defaults, every field, validation, scope, sessions, delete rules."""

from __future__ import annotations

import pytest
from sqlalchemy import BigInteger, Column, ForeignKey, Integer, Table, select

from openwfo.errors import BadRequest
from openwfo.kit.clock import now_ms
from openwfo.models import Base, Person
from openwfo.org import person_extensions
from openwfo.org.wire import NOT_DEACTIVATED

CREATE = "/api/rest/org/common/person"


def url(pid: int) -> str:
    return f"/api/rest/org/common/person/{pid}"


def _new(factory, **extra) -> dict:
    return {"firstName": "Al", "lastName": "Dente", "email": f"{factory.unique('al')}@domain.test", **extra}


# ------------------------------------------------------------------ create


def test_create_with_required_fields_applies_defaults(admin_client, factory):
    body = _new(factory)
    r = admin_client.post(CREATE, json=body)
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["firstName"] == "Al" and p["lastName"] == "Dente" and p["email"] == body["email"]
    assert [x["name"] for x in p["roles"]] == ["Agent"]
    assert p["teamName"] == "Default Team" and p["groupId"] == p["teamId"]
    assert p["agentDetail"]["views"] == [{"viewId": p["agentDetail"]["views"][0]["viewId"], "name": "EnterpriseView",
                                          "mainView": True}]
    assert p["timeZone"] == 1 and p["locale"] == "en"  # the tenant's zone (America/Chicago is id 1)
    assert p["deactivated"] == NOT_DEACTIVATED and p["activated"] > 0
    assert p["enabledForScheduling"] is False and p["scopeTenant"] is False
    assert p["displayId"] == "Al Dente"
    assert admin_client.get(url(p["id"])).json() == p


def test_create_with_the_reference_example_and_log_in(admin_client, factory, new_client, tenant):
    # The reference's example (its skillMappings, exceptions and workShifts belong to WFM's tests).
    body = _new(factory, password="123456789", timeZone=1, acdId="999", enabledForScheduling=True,
                agentDetail={"views": [{"viewId": 1, "mainView": True}]})
    view_id = admin_client.get(url(tenant.admin_id)).json()["agentDetail"]["views"][0]["viewId"]
    body["agentDetail"]["views"][0]["viewId"] = view_id
    r = admin_client.post(CREATE, json=body)
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["acdId"] == "999" and p["enabledForScheduling"] is True and p["timeZone"] == 1
    assert p["agentDetail"]["views"][0]["viewId"] == view_id
    c = new_client()
    session = factory.login(c, body["email"], "123456789", tenant_id=tenant.id)
    assert session["id"] == p["id"] and session["timezoneString"] == "America/Chicago"


def test_create_with_every_field(admin_client, factory, org, tenant):
    role = factory.role(tenant.id, [9], factory.unique("Viewer"))
    body = _new(factory, displayId="Chef Al", adLogin="CORP\\al", acdId=24, acdServerId="5000",
                timeZone="Europe/London", locale="de-at", groupId=org.north_teams[0],
                activated=1388556000000, isSynchronized=True, roles=[{"id": role, "name": "ignored"}, "Supervisor"],
                scopeTenant=False, scopeGroups=[org.south], scopeTeams=[{"id": org.north_teams[1]}],
                qmViews=[3, "All calls"], isReconcileOnly=True, enabledForScheduling=True,
                agentDetails={"active": False, "employeeId": 7781, "companyStartDate": "2020-03-01",
                              "departmentStartDate": "06/15/2021", "terminationDate": 1767225600000,
                              "agentRank": 2})
    r = admin_client.post(CREATE, json=body)
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["displayId"] == "Chef Al" and p["adLogin"] == "CORP\\al" and p["acdId"] == "24"
    assert p["acdServerId"] == 5000 and p["timeZone"] == 9 and p["locale"] == "de_AT"
    assert p["teamId"] == org.north_teams[0] and p["activated"] == 1388556000000 and p["isSynchronized"]
    assert sorted(x["name"] for x in p["roles"]) == sorted([next(
        x["name"] for x in admin_client.get("/api/rest/org/role").json() if x["id"] == role), "Supervisor"])
    assert p["scopeGroups"] == [org.south] and p["scopeTeams"] == [org.north_teams[1]]
    assert p["qmViews"] == [3, "All calls"] and p["isReconcileOnly"] is True
    d = p["agentDetail"]
    assert d["active"] is False and d["employeeId"] == "7781" and d["agentRank"] == 2
    # dates are that day's midnight in the tenant's time zone (America/Chicago); epoch ms are kept
    assert d["companyStartDate"] == 1583042400000 and d["departmentStartDate"] == 1623733200000
    assert d["terminationDate"] == 1767225600000


def test_create_validation(admin_client, factory, tenant, other_tenant):
    r = admin_client.post(CREATE, json={"firstName": "Al"})
    assert r.status_code == 400
    assert {e["field"] for e in r.json()["errors"]} == {"lastName", "email"}
    taken = _new(factory)
    assert admin_client.post(CREATE, json=taken).status_code == 200
    r = admin_client.post(CREATE, json={**_new(factory), "email": taken["email"].upper()})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "email"
    cases = [
        ({"timeZone": "Mars/Olympus"}, "timeZone"),
        ({"timeZone": 99999}, "timeZone"),
        ({"password": "short"}, "password"),
        ({"enabledForScheduling": True}, "acdId"),
        ({"roles": [987654321]}, "roles[0]"),
        ({"roles": ["No Such Role"]}, "roles[0]"),
        ({"agentDetail": {"views": [{"viewId": 987654321}]}}, "views[0]"),
        ({"agentDetail": {"companyStartDate": "next tuesday"}}, "agentDetail.companyStartDate"),
        ({"locale": "12"}, "locale"),
        ({"email": "two words@x.test"}, "email"),
        ({"firstName": "x" * 51}, "firstName"),
        ({"acdServerId": "abc"}, "acdServerId"),
        ({"groupId": 1, "teamId": 2}, "groupId"),
    ]
    for extra, field in cases:
        r = admin_client.post(CREATE, json={**_new(factory), **extra})
        assert r.status_code == 400, (extra, r.text)
        assert r.json()["errors"][0]["field"] == field, (extra, r.json())
    # another tenant's team does not exist here
    foreign_team = factory.team(other_tenant.id, factory.group(other_tenant.id))
    r = admin_client.post(CREATE, json={**_new(factory), "groupId": foreign_team})
    assert r.status_code == 404 and r.json()["errors"][0]["field"] == "groupId"


def test_unique_identifiers(admin_client, factory):
    a = admin_client.post(CREATE, json=_new(factory, adLogin="corp\\al", acdId="77", acdServerId=1)).json()
    r = admin_client.post(CREATE, json=_new(factory, adLogin="CORP\\AL"))
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "adLogin"
    r = admin_client.post(CREATE, json=_new(factory, acdId="77", acdServerId=1))
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "acdId"
    # the same ACD id on another ACD server is someone else
    assert admin_client.post(CREATE, json=_new(factory, acdId="77", acdServerId=2)).status_code == 200
    assert admin_client.put(url(a["id"]), json={"acdId": "77", "adLogin": "corp\\al"}).status_code == 200


def test_views_and_main_view(admin_client, factory, app, tenant):
    from openwfo.models import View

    with app.state.database.session(tenant.id) as db:
        extra = View(name=factory.unique("Sales View"))
        db.add(extra)
        db.flush()
        extra_id = extra.id
    default_id = admin_client.get(url(tenant.admin_id)).json()["agentDetail"]["views"][0]["viewId"]
    p = admin_client.post(CREATE, json=_new(factory, views=[default_id, extra_id], mainView=extra_id)).json()
    assert [(v["viewId"], v["mainView"]) for v in p["agentDetail"]["views"]] == [(extra_id, True), (default_id, False)]
    # no view marked main: the first is
    p = admin_client.put(url(p["id"]), json={"agentDetail": {"views": [{"viewId": default_id}, {"viewId": extra_id}]}}).json()
    assert [(v["viewId"], v["mainView"]) for v in p["agentDetail"]["views"]] == [(default_id, True), (extra_id, False)]
    r = admin_client.put(url(p["id"]), json={"agentDetail": {"views": [{"viewId": default_id, "mainView": True},
                                                                          {"viewId": extra_id, "mainView": True}]}})
    assert r.status_code == 400


# ------------------------------------------------------------------ read / update


def test_get_put_round_trip_changes_nothing(admin_client, factory, org):
    p = admin_client.post(CREATE, json=_new(factory, groupId=org.north_teams[0], acdId="5", scopeGroups=[org.north],
                                            agentDetail={"companyStartDate": "2019-01-01"})).json()
    r = admin_client.put(url(p["id"]), json=p)
    assert r.status_code == 200, r.text
    assert r.json() == p


def test_update_fields_and_session_follows(admin_client, factory, tenant, org, new_client):
    person = factory.person(tenant.id)
    c = new_client()
    factory.login(c, person.email, tenant_id=tenant.id)
    r = admin_client.put(url(person.id), json={"firstName": "Renamed", "teamId": org.south_teams[0],
                                               "timeZone": "America/New_York", "locale": "fr_CA"})
    assert r.status_code == 200, r.text
    p = r.json()
    assert p["firstName"] == "Renamed" and p["lastName"] == "Tester" and p["teamId"] == org.south_teams[0]
    assert p["timeZone"] == 2 and p["locale"] == "fr_CA"
    s = c.get("/api/rest/authorize").json()
    assert s["firstName"] == "Renamed" and s["teamId"] == org.south_teams[0]
    assert s["timezoneString"] == "America/New_York"


def test_password_change_lets_the_person_log_in(admin_client, factory, tenant, new_client):
    person = factory.person(tenant.id, password=None)
    assert admin_client.put(url(person.id), json={"password": "Fresh-pass-9"}).status_code == 200
    factory.login(new_client(), person.email, "Fresh-pass-9", tenant_id=tenant.id)
    # a PUT without password keeps it
    admin_client.put(url(person.id), json={"lastName": "Kept"})
    factory.login(new_client(), person.email, "Fresh-pass-9", tenant_id=tenant.id)


def test_deactivate_ends_sessions_and_reactivate(admin_client, factory, tenant, new_client):
    person = factory.person(tenant.id)
    c = new_client()
    factory.login(c, person.email, tenant_id=tenant.id)
    past = now_ms() - 5000
    p = admin_client.put(url(person.id), json={"deactivated": past}).json()
    assert p["deactivated"] == past
    assert c.get("/api/rest/authorize").status_code == 401
    r = new_client().post("/api/rest/authorize", json={"userId": person.email, "password": factory.PASSWORD})
    assert r.status_code == 401
    p = admin_client.put(url(person.id), json={"deactivated": NOT_DEACTIVATED}).json()
    assert p["deactivated"] == NOT_DEACTIVATED
    factory.login(new_client(), person.email, tenant_id=tenant.id)


def test_cannot_deactivate_or_delete_yourself(admin_client, tenant):
    r = admin_client.put(url(tenant.admin_id), json={"deactivated": now_ms() - 1})
    assert r.status_code == 409
    assert admin_client.delete(url(tenant.admin_id)).status_code == 409


def test_update_validation(admin_client, factory, tenant):
    person = factory.person(tenant.id)
    assert admin_client.put(url(person.id), json={"id": person.id + 1}).status_code == 400
    assert admin_client.put(url(person.id), json={"firstName": ""}).status_code == 400
    assert admin_client.put(url(person.id), json={"email": None}).status_code == 400
    assert admin_client.put(url(person.id), json={"email": tenant.admin_email}).status_code == 409
    assert admin_client.put(url(person.id), json={"enabledForScheduling": True}).status_code == 400
    assert admin_client.put(url(987654321), json={"firstName": "x"}).status_code == 404


# ------------------------------------------------------------------ scope, escalation, tenants


def test_scope(login_as, factory, tenant, org):
    inside = factory.person(tenant.id, team_id=org.north_teams[0])
    outside = factory.person(tenant.id, team_id=org.south_teams[0])
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north], team_id=org.south_teams[1])
    assert sup.get(url(inside.id)).status_code == 200
    assert sup.get(url(outside.id)).status_code == 404
    assert sup.put(url(outside.id), json={"firstName": "x"}).status_code == 404
    assert sup.delete(url(outside.id)).status_code == 404
    assert sup.get(url(sup.person.id)).status_code == 200  # everyone sees themself
    # cannot move someone out of their scope or create people outside it
    assert sup.put(url(inside.id), json={"groupId": org.south_teams[0]}).status_code == 404
    r = sup.post(CREATE, json=_new(factory))  # the default team is not theirs
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "groupId"
    # (roles: [] — the default Agent role holds permissions the caller lacks)
    assert sup.post(CREATE, json=_new(factory, groupId=org.north_teams[1], roles=[])).status_code == 200
    # cannot hand out scope they do not have
    assert sup.put(url(inside.id), json={"scopeGroups": [org.south]}).status_code == 404
    assert sup.put(url(inside.id), json={"scopeTenant": True}).status_code == 403
    assert sup.put(url(inside.id), json={"scopeTeams": [org.north_teams[1]]}).status_code == 200


def test_nobody_grants_permissions_they_do_not_hold(login_as, factory, tenant, org):
    inside = factory.person(tenant.id, team_id=org.north_teams[0])
    sup = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north])
    r = sup.put(url(inside.id), json={"roles": ["System Administrator"]})
    assert r.status_code == 403 and "Administer Tenant" in r.json()["errorMessage"]
    assert sup.put(url(inside.id), json={"roles": ["Agent", "Supervisor"]}).status_code == 403
    # a role the person already holds may be kept
    assert sup.put(url(inside.id), json={"roles": ["Agent"]}).status_code == 200
    small = factory.role(tenant.id, [3], factory.unique("Small"))
    assert sup.put(url(inside.id), json={"roles": [small]}).status_code == 200


def test_other_tenant_is_404(admin_client, factory, other_tenant):
    foreign = factory.person(other_tenant.id)
    assert admin_client.get(url(foreign.id)).status_code == 404
    assert admin_client.put(url(foreign.id), json={"firstName": "x"}).status_code == 404
    assert admin_client.delete(url(foreign.id)).status_code == 404
    # the same email may exist in another tenant
    assert admin_client.post(CREATE, json={**_new(factory), "email": foreign.email}).status_code == 200


def test_permissions(login_as, factory, tenant, client):
    person = factory.person(tenant.id)
    assert client.get(url(person.id)).status_code == 401
    viewer = login_as("ViewOrg", scope_all=True)
    assert viewer.get(url(person.id)).status_code == 200
    assert viewer.put(url(person.id), json={"firstName": "x"}).status_code == 403
    assert viewer.post(CREATE, json=_new(factory)).status_code == 403
    assert viewer.delete(url(person.id)).status_code == 403
    assert login_as().get(url(person.id)).status_code == 403


# ------------------------------------------------------------------ delete


def test_delete_person(admin_client, factory, tenant, new_client, app):
    person = factory.person(tenant.id)
    c = new_client()
    factory.login(c, person.email, tenant_id=tenant.id)
    r = admin_client.delete(url(person.id))
    assert r.status_code == 200 and r.json()["id"] == person.id
    assert admin_client.get(url(person.id)).status_code == 404
    assert c.get("/api/rest/authorize").status_code == 401
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(Person.id).where(Person.id == person.id)) is None


@pytest.fixture
def owned_table(app):
    """A table of some other area pointing at persons (as contacts or evaluations do)."""
    table = Table("test_owned_by_person", Base.metadata,
                  Column("id", Integer, primary_key=True),
                  Column("person_id", BigInteger().with_variant(Integer(), "sqlite"), ForeignKey("org_person.id")))
    table.create(app.state.database.engine)
    yield table
    table.drop(app.state.database.engine)
    Base.metadata.remove(table)


def test_delete_refuses_a_person_who_owns_data(admin_client, factory, tenant, app, owned_table):
    person = factory.person(tenant.id)
    with app.state.database.engine.begin() as conn:
        conn.execute(owned_table.insert().values(person_id=person.id))
    r = admin_client.delete(url(person.id))
    assert r.status_code == 409
    assert "test_owned_by_person (1)" in r.json()["errorMessage"] and "deactivate" in r.json()["errorMessage"]
    assert admin_client.get(url(person.id)).status_code == 200
    # deactivating keeps everything
    assert admin_client.put(url(person.id), json={"deactivated": now_ms() - 1}).status_code == 200


# ------------------------------------------------------------------ extensions (other areas' fields)


class _Skills:
    fields = ("skillMappings",)

    def __init__(self):
        self.store: dict[int, list] = {}
        self.seen: list[dict] = []

    def read(self, db, person):
        return {"skillMappings": self.store.get(person.id, []), "preferredShift": "early"}

    def validate(self, db, body):
        self.seen.append(body)
        if "skillMappings" in body and not all(isinstance(x, int) for x in body["skillMappings"]):
            raise BadRequest("skillMappings must be ids", errors=[{"field": "skillMappings", "reason": "not ids"}])

    def write(self, db, person, body):
        if "skillMappings" in body:
            self.store[person.id] = list(body["skillMappings"])

    def owned_data(self, db, person):
        return ["skill history (2)"] if self.store.get(person.id) == [99] else []


@pytest.fixture
def skills(monkeypatch):
    """This test's extension alone (the real WFM one is tested with WFM)."""
    ext = _Skills()
    monkeypatch.setattr(person_extensions, "EXTENSIONS", [ext])
    from openwfo.org.persons import service

    monkeypatch.setattr(service, "EXTENSIONS", person_extensions.EXTENSIONS)
    return ext


def test_extensions_read_validate_write(admin_client, factory, skills, app, tenant):
    r = admin_client.post(CREATE, json=_new(factory, password="Secret-pass-2", agentDetail={"skillMappings": [1, 2]}))
    assert r.status_code == 200, r.text
    assert "password" not in skills.seen[-1]  # extensions never see it
    p = r.json()
    assert p["agentDetail"]["skillMappings"] == [1, 2] and p["agentDetail"]["preferredShift"] == "early"
    assert skills.seen[-1]["skillMappings"] == [1, 2] and skills.seen[-1]["firstName"] == "Al"
    # top-level placement works too; absent means unchanged
    admin_client.put(url(p["id"]), json={"skillMappings": [3]})
    assert admin_client.get(url(p["id"])).json()["agentDetail"]["skillMappings"] == [3]
    admin_client.put(url(p["id"]), json={"lastName": "Changed"})
    assert admin_client.get(url(p["id"])).json()["agentDetail"]["skillMappings"] == [3]
    # a refusal writes nothing, the person's own fields included
    body = _new(factory, agentDetail={"skillMappings": ["x"]})
    r = admin_client.post(CREATE, json=body)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "skillMappings"
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(Person.id).where(Person.email == body["email"])) is None
    r = admin_client.put(url(p["id"]), json={"firstName": "Nope", "skillMappings": ["x"]})
    assert r.status_code == 400 and admin_client.get(url(p["id"])).json()["firstName"] == "Al"
    # what an extension still keeps blocks delete
    admin_client.put(url(p["id"]), json={"skillMappings": [99]})
    r = admin_client.delete(url(p["id"]))
    assert r.status_code == 409 and "skill history (2)" in r.json()["errorMessage"]
