"""Authorize API: login in every body form, cookie, session JSON, GET/DELETE, expiry, failures."""

from __future__ import annotations

import pytest

from openwfo.kit.clock import clock

SESSION_FIELDS = {
    "sessionId", "id", "userId", "firstName", "lastName", "teamId", "teamName", "groupId", "groupName",
    "lang", "country", "sessionTimeout", "timezoneString", "deactivated", "licenseCompliance", "tenantId",
    "passwordExpirationDate", "userIq", "activatedDate", "permissions", "groupsInScope", "teamsInScope",
    "serviceQueuesInScope",
}


def _body(tenant, **extra):
    return {"userId": tenant.admin_email, "password": "Secret-pass-1", "tenantId": str(tenant.id), **extra}


def test_login_json_returns_every_session_field_and_cookie(client, tenant):
    r = client.post("/api/rest/authorize", json=_body(tenant))
    assert r.status_code == 200
    data = r.json()
    assert set(data) == SESSION_FIELDS
    assert data["sessionId"].startswith("HZ") and len(data["sessionId"]) == 34
    assert data["userId"] == tenant.admin_email
    assert data["tenantId"] == tenant.id and data["id"] == tenant.admin_id
    assert data["teamName"] == "Default Team" and data["groupName"] == "Default Group"
    assert data["sessionTimeout"] == "120"
    assert data["timezoneString"] == "America/Chicago"
    assert "ViewOrg" in data["permissions"] and "Plan Schedules" in data["permissions"]
    assert data["deactivated"] is False and data["passwordExpirationDate"] is None
    cookie = r.headers["set-cookie"]
    assert cookie == f"hazelcast.sessionId={data['sessionId']}; Path=/; HttpOnly; SameSite=Lax"


def test_cookie_secure_only_over_https(client, tenant):
    r = client.post("/api/rest/authorize", json=_body(tenant), headers={"X-Forwarded-Proto": "https"})
    assert r.status_code == 200
    assert r.headers["set-cookie"].endswith("; Path=/; HttpOnly; SameSite=Lax; Secure")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8"])
def test_login_json_whatever_the_content_type(client, tenant, content_type):
    import json

    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/api/rest/authorize", content=json.dumps(_body(tenant)), headers=headers)
    assert r.status_code == 200, r.text


def test_login_with_username_alias_language_and_locale(client, tenant):
    r = client.post("/api/rest/authorize", json={"username": tenant.admin_email, "password": "Secret-pass-1",
                                                 "language": "de", "locale": "de_AT", "tenantId": tenant.id})
    assert r.status_code == 200
    assert r.json()["lang"] == "de" and r.json()["country"] == "AT"


def test_login_as_form(client, tenant):
    r = client.post("/api/rest/authorize", data=_body(tenant))
    assert r.status_code == 200
    r = client.post("/api/rest/authorize", data=_body(tenant), files={"x": ("x.txt", b"")})
    assert r.status_code == 200


def test_login_missing_fields_is_400_with_envelope(client):
    r = client.post("/api/rest/authorize", json={"userId": "someone"})
    assert r.status_code == 400
    body = r.json()
    assert "password" in body["errorMessage"] and body["requestId"]
    assert body["errors"] == [{"field": "password", "reason": "required"}]


def test_malformed_json_is_400(client):
    r = client.post("/api/rest/authorize", content=b'{"userId": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "JSON" in r.json()["errorMessage"]


def test_get_and_delete_authorize(client, tenant):
    login = client.post("/api/rest/authorize", json=_body(tenant)).json()
    r = client.get("/api/rest/authorize")
    assert r.status_code == 200 and r.json() == login
    assert client.get("/api/rest/authorize/").status_code == 200  # trailing slash
    r = client.delete("/api/rest/authorize")
    assert r.status_code == 200
    r = client.get("/api/rest/authorize", headers={"Cookie": f"hazelcast.sessionId={login['sessionId']}"})
    assert r.status_code == 401 and r.json()["errorMessage"]


def test_cookie_among_other_cookies_and_case_of_name(new_client, tenant):
    c = new_client()
    sid = c.post("/api/rest/authorize", json=_body(tenant)).json()["sessionId"]
    fresh = new_client()
    r = fresh.get("/api/rest/authorize", headers={"Cookie": f"JSESSIONID=abc; hazelcast.sessionId={sid}; other=1"})
    assert r.status_code == 200
    r = new_client().get("/api/rest/authorize", headers={"Cookie": f"hazelcast.sessionID={sid}"})
    assert r.status_code == 200


def test_no_or_unknown_session_is_401(new_client):
    assert new_client().get("/api/rest/authorize").status_code == 401
    r = new_client().get("/api/rest/authorize", headers={"Cookie": "hazelcast.sessionId=HZDEADBEEF"})
    assert r.status_code == 401
    assert set(r.json()) == {"errorMessage", "requestId"}


def test_session_expires_after_two_idle_hours(client, tenant):
    client.post("/api/rest/authorize", json=_body(tenant))
    clock.advance(minutes=119)
    assert client.get("/api/rest/authorize").status_code == 200  # activity renews it
    clock.advance(minutes=119)
    assert client.get("/api/rest/authorize").status_code == 200
    clock.advance(minutes=121)
    assert client.get("/api/rest/authorize").status_code == 401


def test_wrong_password_and_unknown_user_look_the_same(client, tenant):
    a = client.post("/api/rest/authorize", json={"userId": tenant.admin_email, "password": "nope"})
    b = client.post("/api/rest/authorize", json={"userId": "nobody@example.test", "password": "nope"})
    assert a.status_code == b.status_code == 401
    assert a.json()["errorMessage"] == b.json()["errorMessage"]


def test_deactivated_person_cannot_log_in(client, factory, tenant):
    p = factory.person(tenant.id, deactivated=True)
    r = client.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD})
    assert r.status_code == 401


def test_same_login_in_two_tenants_needs_tenant_id(client, factory):
    email = f"{factory.unique('shared')}@example.test"
    t1 = factory.tenant(admin_email=email)
    t2 = factory.tenant(admin_email=email)
    r = client.post("/api/rest/authorize", json={"userId": email, "password": factory.PASSWORD})
    assert r.status_code == 400 and "tenantId" in r.json()["errorMessage"]
    for t in (t1, t2):
        r = client.post("/api/rest/authorize", json={"userId": email, "password": factory.PASSWORD, "tenantId": t.id})
        assert r.status_code == 200 and r.json()["tenantId"] == t.id
    r = client.post("/api/rest/authorize", json={"userId": email, "password": factory.PASSWORD, "tenantId": t2.name})
    assert r.status_code == 200 and r.json()["tenantId"] == t2.id


def test_repeated_failures_lock_the_login(client, factory, tenant):
    p = factory.person(tenant.id)
    for _ in range(10):
        r = client.post("/api/rest/authorize", json={"userId": p.email, "password": "wrong"})
        assert r.status_code == 401
    r = client.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    clock.advance(minutes=16)
    r = client.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD})
    assert r.status_code == 200


def test_a_lock_on_one_login_does_not_lock_another(client, factory, tenant):
    victim, other = factory.person(tenant.id), factory.person(tenant.id)
    for _ in range(10):
        client.post("/api/rest/authorize", json={"userId": victim.email, "password": "wrong"})
    r = client.post("/api/rest/authorize", json={"userId": other.email, "password": factory.PASSWORD})
    assert r.status_code == 200


def test_session_reflects_role_change_through_refresh(app, client, factory, tenant):
    from openwfo.auth.deps import mark_person_changed
    from openwfo.models import Person
    from openwfo.org.provision import builtin_role

    p = factory.person(tenant.id, role="agent")
    factory.login(client, p.email)
    assert "UpdateOrg" not in client.get("/api/rest/authorize").json()["permissions"]
    db = app.state.database.sessionmaker()
    from openwfo.db import bind_tenant

    bind_tenant(db, tenant.id)
    person = db.get(Person, p.id)
    person.roles = [builtin_role(db, "system_administrator")]
    mark_person_changed(db, p.id)
    changed = db.info.pop("changed_persons")
    db.commit()
    db.close()
    app.state.auth.refresh_person_sessions(changed)
    assert "UpdateOrg" in client.get("/api/rest/authorize").json()["permissions"]


def test_refreshed_session_keeps_the_login_language(app, client, factory, tenant):
    p = factory.person(tenant.id)
    client.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD, "locale": "fr_CA"})
    app.state.auth.refresh_person_sessions({p.id: tenant.id})
    data = client.get("/api/rest/authorize").json()
    assert (data["lang"], data["country"]) == ("fr", "CA")


def test_openapi_documents_400_not_422(client):
    spec = client.get("/openapi.json").json()
    text = str(spec)
    assert "'422'" not in text and "HTTPValidationError" not in text
    assert "ErrorBody" in spec["components"]["schemas"]


def test_many_failures_from_one_address_lock_that_address(settings, factory, tenant):
    from fastapi.testclient import TestClient

    from openwfo.app import create_app

    app = create_app(settings.model_copy(update={"login_address_max_failures": 5}), run_migrations=False)
    attacker = TestClient(app, client=("203.0.113.9", 4000))
    for i in range(5):
        r = attacker.post("/api/rest/authorize", json={"userId": f"guess{i}-{factory.unique()}@x.test", "password": "x"})
        assert r.status_code == 401
    p = factory.person(tenant.id)
    r = attacker.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD})
    assert r.status_code == 429
    elsewhere = TestClient(app, client=("198.51.100.7", 4000))
    assert elsewhere.post("/api/rest/authorize", json={"userId": p.email, "password": factory.PASSWORD}).status_code == 200
    app.state.jobs.close()
