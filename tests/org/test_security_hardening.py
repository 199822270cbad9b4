"""Organization security rules: nobody grants what they do not hold or widens their own scope,
names and logins are unique ignoring case in the store itself, tenants are created by the
operator only, and a tenant always keeps an administrator."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from openwfo.auth import permissions as perms
from openwfo.models import Group, Person, Role, Team, Tenant, View
from openwfo.org.provision import builtin_role, create_tenant

ROLES = "/api/rest/org/role"
PERSON = "/api/rest/org/common/person"
TENANT = "/api/rest/org/tenant"
ALL_PERMISSIONS = [p.id for p in perms.CATALOGUE]


def roles_url(pid: int) -> str:
    return f"{PERSON}/{pid}/roles"


def own_role(client) -> int:
    return client.person.roles[0].id


def session_permissions(client) -> set[str]:
    return set(client.get("/api/rest/authorize").json()["permissions"])


# ------------------------------------------------------------------ 1. no privilege escalation


def test_a_role_editor_cannot_give_their_own_role_more_permissions(login_as):
    c = login_as("ViewOrg", "UpdateOrg")
    rid = own_role(c)
    r = c.put(f"{ROLES}/{rid}", json={"permissions": ALL_PERMISSIONS})
    assert r.status_code == 403 and "Administer Tenant" in r.json()["errorMessage"]
    assert r.json()["requestId"] is not None
    # the same edit through POST with the role's id
    assert c.post(ROLES, json={"id": rid, "name": "Mine", "permissions": ALL_PERMISSIONS}).status_code == 403
    assert session_permissions(c) == {"ViewOrg", "UpdateOrg"}
    assert c.post(TENANT, json={"name": "Escalated"}).status_code == 403
    # permissions the caller holds are fine
    r = c.put(f"{ROLES}/{rid}", json={"permissions": ["ViewOrg", "UpdateOrg"], "name": "Org editor"})
    assert r.status_code == 200, r.text


def test_a_new_role_holds_only_permissions_the_caller_holds(login_as, factory):
    c = login_as("ViewOrg", "UpdateOrg")
    r = c.post(ROLES, json={"name": factory.unique("Everything"), "permissions": ALL_PERMISSIONS})
    assert r.status_code == 403
    assert all(role["name"] != "Everything" for role in c.get(ROLES).json())
    r = c.post(ROLES, json={"name": factory.unique("Viewer"), "permissions": ["ViewOrg"]})
    assert r.status_code == 200, r.text


def test_a_role_with_permissions_beyond_the_caller_is_not_theirs_to_change(login_as, factory, tenant):
    strong = factory.role(tenant.id, perms.ids_of("ViewOrg", "UpdateOrg", "Administer Tenant"))
    c = login_as("ViewOrg", "UpdateOrg")
    assert c.put(f"{ROLES}/{strong}", json={"name": factory.unique("Renamed")}).status_code == 403
    assert c.put(f"{ROLES}/{strong}", json={"permissions": ["ViewOrg"]}).status_code == 403
    assert c.delete(f"{ROLES}/{strong}").status_code == 403


def test_roles_given_to_persons_hold_only_the_callers_permissions(login_as, factory, tenant):
    c = login_as("ViewOrg", "UpdateOrg", scope_all=True)
    admin_role = "System Administrator"
    # a new person
    r = c.post(PERSON, json={"firstName": "A", "lastName": "B", "email": f"{factory.unique('p')}@x.test",
                             "roles": [admin_role]})
    assert r.status_code == 403
    # the default role (Agent) holds permissions the caller lacks: it is not given silently
    r = c.post(PERSON, json={"firstName": "A", "lastName": "B", "email": f"{factory.unique('p')}@x.test"})
    assert r.status_code == 403 and "Agent" in r.json()["errorMessage"]
    r = c.post(PERSON, json={"firstName": "A", "lastName": "B", "email": f"{factory.unique('p')}@x.test",
                             "roles": []})
    assert r.status_code == 200, r.text
    # themselves, through the Person API and the Assign Roles API
    me = c.person.id
    assert c.put(f"{PERSON}/{me}", json={"roles": [admin_role]}).status_code == 403
    assert c.put(roles_url(me), json={"roles": [admin_role]}).status_code == 403
    assert session_permissions(c) == {"ViewOrg", "UpdateOrg"}


def test_no_password_for_a_person_with_permissions_beyond_the_caller(login_as, tenant, factory, new_client):
    c = login_as("ViewOrg", "UpdateOrg", "View Schedules", "Record Voice", "Record Screen", "Recording Controls",
                 scope_all=True)
    r = c.put(f"{PERSON}/{tenant.admin_id}", json={"password": "Taken-over-1"})
    assert r.status_code == 403
    factory.login(new_client(), tenant.admin_email, tenant_id=tenant.id)  # the old password still works
    agent = factory.person(tenant.id)
    assert c.put(f"{PERSON}/{agent.id}", json={"password": "Agent-pass-1"}).status_code == 200


def test_nobody_widens_their_own_scope(login_as, org):
    c = login_as("ViewOrg", "UpdateOrg", scope_groups=[org.north], team_id=org.north_teams[0])
    me = f"{PERSON}/{c.person.id}"
    assert c.put(me, json={"scopeTenant": True}).status_code == 403
    assert c.put(me, json={"scopeGroups": [org.south]}).status_code == 404
    assert c.put(me, json={"scopeTeams": [org.south_teams[0]]}).status_code == 404
    body = c.get(me).json()
    assert body["scopeTenant"] is False and body["scopeGroups"] == [org.north] and body["scopeTeams"] == []


# ------------------------------------------------------------------ 4. unique ignoring case, in the store


def _insert(app, tenant_id, *objs):
    with app.state.database.session(tenant_id) as db:
        for obj in objs:
            db.add(obj)
            db.flush()


@pytest.mark.parametrize("kind", ["email", "ad_login", "group", "team", "role", "view"])
def test_the_store_refuses_names_that_differ_only_in_case(app, factory, tenant, kind):
    with app.state.database.session(tenant.id) as db:
        team = db.scalar(select(Team.id))
        group = db.scalar(select(Group.id))
    name = factory.unique("Case")

    def make(value):
        if kind == "email":
            return Person(email=f"{value}@x.test", team_id=team)
        if kind == "ad_login":
            return Person(email=f"{factory.unique()}@x.test", ad_login=value, team_id=team)
        if kind == "group":
            return Group(name=value, parent_id=group)
        if kind == "team":
            return Team(name=value, group_id=group)
        return Role(name=value, permission_ids=[]) if kind == "role" else View(name=value)

    _insert(app, tenant.id, make(name))
    with pytest.raises(IntegrityError):
        _insert(app, tenant.id, make(name.upper()))
    # another tenant may use the name
    other = factory.tenant()
    with app.state.database.session(other.id) as db:
        team = db.scalar(select(Team.id))
        group = db.scalar(select(Group.id))
    _insert(app, other.id, make(name.lower()))


def test_tenant_names_are_unique_ignoring_case(app, factory, tenant):
    with pytest.raises(IntegrityError), app.state.database.session() as db:
        db.add(Tenant(name=tenant.name.upper()))
        db.flush()


def _race(new_client, factory, tenant, monkeypatch, target: str, send):
    """Two requests pass the application's uniqueness check together, then both write."""
    import importlib

    module_name, fn = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, fn)
    # Where the store serializes writers (SQLite) the second request waits for the first to commit,
    # so the first stops waiting for it after a moment; PostgreSQL lets both through the check.
    barrier = threading.Barrier(2, timeout=2)

    def checked(*args, **kwargs):
        found = original(*args, **kwargs)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass
        return found

    monkeypatch.setattr(module, fn, checked)
    clients = []
    for _ in range(2):
        c = new_client()
        factory.login(c, tenant.admin_email, tenant_id=tenant.id)
        clients.append(c)
    results = [None, None]

    def run(i):
        results[i] = send(clients[i], i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 409], [r.text for r in results]
    conflict = next(r for r in results if r.status_code == 409).json()
    assert conflict["errorMessage"] and "requestId" in conflict
    return conflict


def test_two_concurrent_persons_with_one_email_in_different_case(new_client, factory, tenant, monkeypatch, app):
    email = f"{factory.unique('Bob')}@x.test"
    conflict = _race(new_client, factory, tenant, monkeypatch, "openwfo.org.persons.repository.email_taken",
                     lambda c, i: c.post(PERSON, json={"firstName": "Bob", "lastName": "Ray",
                                                       "email": email if i else email.lower()}))
    assert "email" in conflict["errorMessage"]
    with app.state.database.session(tenant.id) as db:
        from sqlalchemy import func
        assert db.scalar(select(func.count()).where(func.lower(Person.email) == email.lower())) == 1


def test_two_concurrent_roles_with_one_name_in_different_case(new_client, factory, tenant, monkeypatch):
    name = factory.unique("Planner")
    conflict = _race(new_client, factory, tenant, monkeypatch, "openwfo.org.roles.repository.name_taken",
                     lambda c, i: c.post(ROLES, json={"name": name.upper() if i else name, "permissions": [9]}))
    assert "role" in conflict["errorMessage"].lower()


# ------------------------------------------------------------------ 5. tenants are created by the operator


def test_a_system_administrator_cannot_create_tenants(admin_client, tenant, app, factory):
    with app.state.database.session() as db:
        taken = create_tenant(db, factory.unique("Taken")).name
    free = factory.unique("Free")
    answers = [admin_client.post(TENANT, json=body) for body in (
        {"name": free}, {"name": taken}, {"name": taken.upper()}, {"name": tenant.name}, {"id": 0, "name": free},
        {"name": free, "adminEmail": "boss@free.test", "adminPassword": "Boss-pass-1"}, {})]
    assert {r.status_code for r in answers} == {403}
    assert len({r.json()["errorMessage"] for r in answers}) == 1
    with app.state.database.session() as db:
        assert db.scalar(select(Tenant.id).where(Tenant.name == free)) is None


# ------------------------------------------------------------------ 6. the tenant keeps an administrator


def _deactivate(app, tenant_id, person_id):
    with app.state.database.session(tenant_id) as db:
        db.execute(update(Person).where(Person.id == person_id).values(deactivated=True, deactivated_date=1))


def test_the_last_administrator_cannot_be_taken_away(admin_client, tenant, login_as):
    me = tenant.admin_id
    for r in (admin_client.put(roles_url(me), json={"roles": ["Agent"]}),
              admin_client.put(f"{PERSON}/{me}", json={"roles": []}),
              admin_client.put(f"{PERSON}/{me}", json={"scopeTenant": False})):
        assert r.status_code == 409, r.text
        assert "Administer Tenant" in r.json()["errorMessage"]
    # someone else with UpdateOrg cannot remove them either
    editor = login_as("ViewOrg", "UpdateOrg", scope_all=True)
    past = 1_600_000_000_000
    for r in (editor.put(f"{PERSON}/{me}", json={"deactivated": past}),
              editor.put(roles_url(me), json={"roles": []}),
              editor.delete(f"{PERSON}/{me}")):
        assert r.status_code == 409, r.text
    assert "Administer Tenant" in session_permissions(admin_client)


def test_a_second_administrator_may_be_removed(admin_client, tenant, factory):
    other = factory.person(tenant.id, role="system_administrator", scope_all=True)
    r = admin_client.put(roles_url(other.id), json={"roles": ["Agent"]})
    assert r.status_code == 200, r.text
    # then the first may not give up theirs
    assert admin_client.put(roles_url(tenant.admin_id), json={"roles": ["Agent"]}).status_code == 409


def test_an_administrator_does_not_demote_themselves_even_beside_another(admin_client, tenant, factory, new_client):
    """Fuzzing once took the fuzzing administrator's own role away while another administrator remained:
    allowed by the tenant rule, yet it locks that person out by a slip. Another administrator may do it."""
    other = factory.person(tenant.id, role="system_administrator", scope_all=True)
    me = tenant.admin_id
    for r in (admin_client.put(roles_url(me), json={"roles": ["Agent"]}),
              admin_client.put(f"{PERSON}/{me}", json={"roles": []}),
              admin_client.put(f"{PERSON}/{me}", json={"scopeTenant": False})):
        assert r.status_code == 409, r.text
        assert "from you" in r.json()["errorMessage"]
    assert "Administer Tenant" in session_permissions(admin_client)
    c = new_client()
    factory.login(c, other.email, tenant_id=tenant.id)
    assert c.put(roles_url(me), json={"roles": ["Agent"]}).status_code == 200


def test_editing_the_role_of_the_last_administrators(app, tenant, factory, new_client):
    custom = factory.role(tenant.id, ALL_PERMISSIONS, factory.unique("Owner"))
    owner = factory.person(tenant.id, role=custom, scope_all=True)
    _deactivate(app, tenant.id, tenant.admin_id)
    c = new_client()
    factory.login(c, owner.email, tenant_id=tenant.id)
    r = c.put(f"{ROLES}/{custom}", json={"permissions": [p for p in ALL_PERMISSIONS if p != 15]})
    assert r.status_code == 409 and "Administer Tenant" in r.json()["errorMessage"]
    assert c.put(f"{PERSON}/{owner.id}", json={"scopeTenant": False}).status_code == 409
    # the built-in System Administrator role keeps its permissions
    sysadmin = next(role["id"] for role in c.get(ROLES).json() if role["name"] == "System Administrator")
    assert c.put(f"{ROLES}/{sysadmin}", json={"permissions": ["ViewOrg"]}).status_code == 409
    assert c.put(f"{ROLES}/{custom}", json={"name": factory.unique("Still owner")}).status_code == 200


def test_admin_create_restores_an_existing_administrator(app, tenant, factory, new_client, database_url, monkeypatch):
    from openwfo import cli

    with app.state.database.session(tenant.id) as db:
        admin = db.get(Person, tenant.admin_id)
        admin.roles = [builtin_role(db, "agent")]
        admin.scope_all = False
        admin.deactivated, admin.deactivated_date = True, 1
    monkeypatch.setenv("OPENWFO_DATABASE_URL", database_url)
    assert cli.main(["admin", "create", "--tenant", tenant.name.upper(), "--email", tenant.admin_email.upper(),
                     "--password", "Back-in-pass-1"]) == 0
    c = new_client()
    session = factory.login(c, tenant.admin_email, "Back-in-pass-1", tenant_id=tenant.id)
    assert session["tenantId"] == tenant.id
    assert "Administer Tenant" in session_permissions(c)
    assert c.get(f"{PERSON}/{tenant.admin_id}").json()["scopeTenant"] is True
    with app.state.database.session() as db:  # no second tenant, no second person
        assert db.scalar(select(Tenant.id).where(Tenant.name == tenant.name.upper())) is None


# ------------------------------------------------------------------ 4. the migration names existing conflicts


@pytest.fixture
def scratch_database(tmp_path):
    """An empty store of the kind under test, made and dropped here."""
    import uuid

    from openwfo.config import Settings
    from openwfo.db import Database

    from ..conftest import PG_ADMIN_URL, TEST_DB, _pg_url

    if TEST_DB == "postgresql":
        import psycopg

        name = f"openwfo_scratch_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        database = Database(Settings(data_dir=tmp_path, database_url=_pg_url(name)))
        yield database
        database.dispose()
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        database = Database(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/scratch.db"))
        yield database
        database.dispose()


def test_the_migration_lists_rows_that_differ_only_in_case(scratch_database):
    from alembic import command

    from openwfo.migrate import alembic_config, migrate

    migrate(scratch_database)
    with scratch_database.engine.connect() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0003_org_unique_ci@-1")
        conn.commit()
    with scratch_database.session() as db:
        t = create_tenant(db, "Acme")
        team = db.scalar(select(Team.id))
        db.add_all([Person(email="Bob@x.test", team_id=team), Person(email="bob@X.test", team_id=team),
                    Role(name="planner", permission_ids=[]), Role(name="Planner", permission_ids=[])])
        db.flush()
        tenant_id = t.id
    with pytest.raises(Exception) as failed:
        migrate(scratch_database)
    message = str(failed.value)
    assert "org_person.email" in message and "Bob@x.test" in message and "bob@X.test" in message
    assert "org_role.name" in message and "'planner'" in message and f"tenant {tenant_id}" in message
    assert "org_group" not in message
    with scratch_database.session(tenant_id) as db:
        db.execute(update(Person).where(Person.email == "bob@X.test").values(email="robert@x.test"))
        db.execute(update(Role).where(Role.name == "planner").values(name="Junior planner"))
    migrate(scratch_database)
    with pytest.raises(IntegrityError), scratch_database.session(tenant_id) as db:
        db.add(Person(email="ROBERT@x.test", team_id=team))
        db.flush()
