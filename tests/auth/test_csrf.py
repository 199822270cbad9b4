"""CSRF tokens: a session the web console starts needs its token on every change; API clients need none."""

from __future__ import annotations

import pytest

ROLES = "/api/rest/org/role"
CONSOLE = {"X-OpenWFO-Console": "1"}
# The token lives in the session store's payload (JSON on SQLite, JSONB on PostgreSQL).
pytestmark = pytest.mark.both_stores


def _login(client, tenant, email=None, headers=None):
    r = client.post(
        "/api/rest/authorize",
        headers=headers or {},
        json={"userId": email or tenant.admin_email, "password": "Secret-pass-1", "tenantId": str(tenant.id)},
    )
    assert r.status_code == 200, r.text
    return r


def _role(factory) -> dict:
    return {"name": factory.unique("csrf"), "permissions": [{"id": 3, "name": "ViewOrg"}]}


def _refused(r, why: str) -> None:
    assert r.status_code == 403, r.text
    body = r.json()
    assert set(body) == {"errorMessage", "requestId"} and body["errorMessage"].startswith(why)
    assert body["requestId"] == r.headers["x-request-id"]


def test_a_console_login_gets_a_token_which_the_session_json_does_not_show(client, tenant):
    r = _login(client, tenant, headers=CONSOLE)
    token = r.headers["x-csrf-token"]
    assert len(token) >= 40
    assert "csrf" not in r.text.lower()
    again = client.get("/api/rest/authorize")  # what a reloaded console page reads
    assert again.headers["x-csrf-token"] == token and "csrf" not in again.text.lower()
    # Another console login is another session with another token.
    assert _login(client, tenant, headers=CONSOLE).headers["x-csrf-token"] != token


@pytest.mark.parametrize("sent", [None, "", "not-the-token"])
def test_console_session_changes_without_the_right_token_are_refused(client, tenant, factory, sent):
    token = _login(client, tenant, headers=CONSOLE).headers["x-csrf-token"]
    headers = {} if sent is None else {"X-CSRF-Token": sent}
    body = _role(factory)
    _refused(
        client.post(ROLES, json=body, headers=headers),
        "CSRF token missing" if not sent else "CSRF token wrong",
    )
    assert body["name"] not in {x["name"] for x in client.get(ROLES).json()}  # reads need no token
    created = client.post(ROLES, json=body, headers={"X-CSRF-Token": token})
    assert created.status_code == 200, created.text
    path = f"{ROLES}/{created.json()['id']}"
    _refused(client.put(path, json={**body, "name": body["name"] + "2"}, headers=headers), "CSRF token")
    _refused(client.delete(path, headers=headers), "CSRF token")
    _refused(client.delete("/api/rest/authorize", headers=headers), "CSRF token")  # sign-out too
    assert client.get("/api/rest/authorize").status_code == 200
    assert client.delete(path, headers={"X-CSRF-Token": token}).status_code == 200
    assert client.delete("/api/rest/authorize", headers={"X-CSRF-Token": token}).status_code == 200
    assert client.get("/api/rest/authorize").status_code == 401


def test_api_clients_keep_working_without_a_token(client, tenant, factory):
    r = _login(client, tenant)
    assert "x-csrf-token" not in r.headers
    assert "x-csrf-token" not in client.get("/api/rest/authorize").headers
    assert client.post(ROLES, json=_role(factory)).status_code == 200
    # A header that happens to be sent changes nothing either.
    assert client.post(ROLES, json=_role(factory), headers={"X-CSRF-Token": "whatever"}).status_code == 200
    assert client.delete("/api/rest/authorize").status_code == 200


def test_the_origin_check_still_applies_with_the_right_token(client, tenant, factory):
    token = _login(client, tenant, headers=CONSOLE).headers["x-csrf-token"]
    r = client.post(
        ROLES, json=_role(factory), headers={"X-CSRF-Token": token, "Origin": "https://evil.example"}
    )
    _refused(r, "Cross-site request refused")
    same = client.post(
        ROLES, json=_role(factory), headers={"X-CSRF-Token": token, "Origin": "http://testserver"}
    )
    assert same.status_code == 200, same.text


def test_the_token_outlives_a_refresh_of_the_session(new_client, tenant, factory):
    person = factory.person(tenant.id, role="system_administrator", scope_all=True)
    console, api = new_client(), new_client()
    token = _login(console, tenant, email=person.email, headers=CONSOLE).headers["x-csrf-token"]
    _login(api, tenant)
    r = api.put(f"/api/rest/org/common/person/{person.id}", json={"firstName": "Renamed"})
    assert r.status_code == 200, r.text
    session = console.get("/api/rest/authorize")
    assert session.json()["firstName"] == "Renamed" and session.headers["x-csrf-token"] == token
    _refused(console.post(ROLES, json=_role(factory)), "CSRF token missing")
    assert console.post(ROLES, json=_role(factory), headers={"X-CSRF-Token": token}).status_code == 200
