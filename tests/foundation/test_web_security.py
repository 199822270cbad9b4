"""Browser-facing security: cross-site writes refused (Origin/Referer), SameSite session cookie, and the
client address behind trusted proxies (per-address login lock)."""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from openwfo.app import create_app
from openwfo.kit.forwarded import TrustedProxies, allowed_origins, normalise_origin

ROLES = "/api/rest/org/role"
EVIL = "https://evil.example"


def _role_body(factory) -> dict:
    return {"name": factory.unique("csrf"), "permissions": [{"id": 3, "name": "ViewOrg"}]}


def _role_names(client) -> set[str]:
    return {r["name"] for r in client.get(ROLES).json()}


def _refused(r) -> None:
    assert r.status_code == 403, r.text
    body = r.json()
    assert set(body) == {"errorMessage", "requestId"} and "Cross-site request refused" in body["errorMessage"]
    assert body["requestId"] == r.headers["x-request-id"]


@contextmanager
def _app(settings, **update):
    app = create_app(settings.model_copy(update=update), run_migrations=False)
    try:
        yield app
    finally:
        app.state.jobs.close()


# ------------------------------------------------------------------ cross-site requests


def test_cross_site_form_post_with_a_json_text_plain_body_is_refused(admin_client, factory):
    # What <form enctype="text/plain" action=".../org/role" method=post> on another site sends.
    body = _role_body(factory)
    form = json.dumps(body)[:-1] + ', "x": "="}'  # name "{...", value "...}" joined by "="
    r = admin_client.post(ROLES, content=form, headers={
        "Content-Type": "text/plain", "Origin": EVIL, "Referer": EVIL + "/win-a-prize.html",
        "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"})
    _refused(r)
    assert body["name"] not in _role_names(admin_client)


@pytest.mark.parametrize("ctype", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
def test_cross_site_form_types_are_refused(admin_client, factory, ctype):
    body = _role_body(factory)
    _refused(admin_client.post(ROLES, content=json.dumps(body), headers={"Content-Type": ctype, "Origin": EVIL}))
    assert body["name"] not in _role_names(admin_client)


def test_cross_site_fetch_with_origin_is_refused_for_every_writing_method(admin_client, factory):
    body = _role_body(factory)
    headers = {"Origin": EVIL, "Content-Type": "application/json"}
    _refused(admin_client.post(ROLES, json=body, headers=headers))
    role_id = admin_client.post(ROLES, json=body).json()["id"]
    _refused(admin_client.put(f"{ROLES}/{role_id}", json={"name": "renamed"}, headers=headers))
    _refused(admin_client.patch(f"{ROLES}/{role_id}", json={"name": "renamed"}, headers=headers))
    _refused(admin_client.delete(f"{ROLES}/{role_id}", headers={"Origin": EVIL}))
    assert admin_client.get(f"{ROLES}/{role_id}").json()["name"] == body["name"]
    # Reading is not refused: the browser's same-origin policy keeps the answer from the other site.
    assert admin_client.get(ROLES, headers={"Origin": EVIL}).status_code == 200


def test_referer_of_another_site_is_refused_when_there_is_no_origin(admin_client, factory):
    body = _role_body(factory)
    _refused(admin_client.post(ROLES, json=body, headers={"Referer": "http://evil.example/page?x=1"}))
    _refused(admin_client.post(ROLES, json=body, headers={"Referer": "not a url"}))
    assert body["name"] not in _role_names(admin_client)


def test_origin_null_is_refused(admin_client, factory):
    # Sandboxed iframes, data: URLs and some redirects send "Origin: null".
    body = _role_body(factory)
    _refused(admin_client.post(ROLES, content=json.dumps(body), headers={"Content-Type": "text/plain", "Origin": "null"}))
    assert body["name"] not in _role_names(admin_client)


def test_login_from_another_site_is_refused(client, tenant, factory):
    r = client.post("/api/rest/authorize", json={"userId": tenant.admin_email, "password": factory.PASSWORD},
                    headers={"Origin": EVIL})
    _refused(r)
    assert "set-cookie" not in r.headers


def test_same_origin_requests_pass(admin_client, factory):
    # The TestClient talks to http://testserver: a page served from there names that origin.
    for headers in ({"Origin": "http://testserver"}, {"Origin": "HTTP://TestServer:80"},
                    {"Referer": "http://testserver/ui/roles"}):
        r = admin_client.post(ROLES, json=_role_body(factory), headers=headers)
        assert r.status_code == 200, (headers, r.text)
    # Another port is another origin.
    _refused(admin_client.post(ROLES, json=_role_body(factory), headers={"Origin": "http://testserver:8080"}))
    _refused(admin_client.post(ROLES, json=_role_body(factory), headers={"Origin": "https://testserver"}))


@pytest.mark.parametrize("ctype", [None, "text/plain", "application/x-www-form-urlencoded", "application/octet-stream"])
def test_api_clients_without_origin_keep_the_lenient_json_body(admin_client, factory, ctype):
    # curl -d, requests.post(data=...), .NET and Java HTTP clients: no Origin, any or no Content-Type.
    body = _role_body(factory)
    headers = {"Content-Type": ctype} if ctype else {}
    r = admin_client.post(ROLES, content=json.dumps(body), headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == body["name"]


def test_allowed_origins_setting(settings, factory, tenant):
    with _app(settings, allowed_origins="https://wfo.example.com, http://localhost:3000/") as app:
        c = TestClient(app, raise_server_exceptions=False)
        factory.login(c, tenant.admin_email, tenant_id=tenant.id)
        for origin in ("https://wfo.example.com", "https://WFO.example.com:443", "http://localhost:3000"):
            assert c.post(ROLES, json=_role_body(factory), headers={"Origin": origin}).status_code == 200, origin
        for origin in ("https://other.example.com", "http://wfo.example.com", "http://localhost:3001"):
            _refused(c.post(ROLES, json=_role_body(factory), headers={"Origin": origin}))
    with pytest.raises(ValueError, match="OPENWFO_ALLOWED_ORIGINS"):
        allowed_origins("wfo.example.com")


def test_origin_compared_with_the_forwarded_host_only_from_a_trusted_proxy(settings, factory, tenant):
    forwarded = {"X-Forwarded-Host": "wfo.example.com", "X-Forwarded-Proto": "https",
                 "X-Forwarded-For": "198.51.100.20", "Origin": "https://wfo.example.com"}
    with _app(settings, trusted_proxies="10.0.0.0/8") as app:
        via_proxy = TestClient(app, raise_server_exceptions=False, client=("10.1.2.3", 5000))
        factory.login(via_proxy, tenant.admin_email, tenant_id=tenant.id)
        r = via_proxy.post(ROLES, json=_role_body(factory), headers=forwarded)
        assert r.status_code == 200, r.text
        # The browser came over HTTPS through the proxy: the cookie is Secure.
        r = via_proxy.post("/api/rest/authorize", json={"userId": tenant.admin_email, "password": factory.PASSWORD,
                                                        "tenantId": str(tenant.id)}, headers=forwarded)
        assert r.headers["set-cookie"].endswith("; Path=/; HttpOnly; SameSite=Lax; Secure")
        # Anyone else's X-Forwarded-Host is not believed.
        direct = TestClient(app, raise_server_exceptions=False, client=("203.0.113.5", 5000))
        factory.login(direct, tenant.admin_email, tenant_id=tenant.id)
        _refused(direct.post(ROLES, json=_role_body(factory), headers=forwarded))


def test_session_cookie_is_samesite_lax(client, tenant, factory):
    r = client.post("/api/rest/authorize", json={"userId": tenant.admin_email, "password": factory.PASSWORD})
    assert r.headers["set-cookie"] == f"hazelcast.sessionId={r.json()['sessionId']}; Path=/; HttpOnly; SameSite=Lax"
    r = client.delete("/api/rest/authorize")
    assert r.headers["set-cookie"] == "hazelcast.sessionId=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"


# ------------------------------------------------------------------ login lock behind a load balancer


def _bad_logins(client, factory, n: int, headers: dict | None = None) -> list[int]:
    return [client.post("/api/rest/authorize", json={"userId": f"guess-{factory.unique()}@x.test", "password": "x"},
                        headers=headers or {}).status_code for _ in range(n)]


def test_address_lock_behind_a_trusted_load_balancer_locks_only_the_attacker(settings, factory, tenant):
    p = factory.person(tenant.id)
    good = {"userId": p.email, "password": factory.PASSWORD}
    with _app(settings, login_address_max_failures=5, trusted_proxies="10.0.0.5, 192.168.0.0/16") as app:
        lb = TestClient(app, raise_server_exceptions=False, client=("10.0.0.5", 40000))
        attacker = {"X-Forwarded-For": "203.0.113.66"}
        assert _bad_logins(lb, factory, 5, attacker) == [401] * 5
        assert lb.post("/api/rest/authorize", json=good, headers=attacker).status_code == 429
        # Everyone else behind the same load balancer still logs in.
        assert lb.post("/api/rest/authorize", json=good, headers={"X-Forwarded-For": "198.51.100.7"}).status_code == 200
        # A client cannot escape by writing its own X-Forwarded-For: the right-most untrusted hop counts,
        # and hops that are trusted proxies (192.168.x.x) are skipped.
        spoofed = {"X-Forwarded-For": "1.2.3.4, 203.0.113.66, 192.168.1.1"}
        assert lb.post("/api/rest/authorize", json=good, headers=spoofed).status_code == 429
        # RFC 7239 Forwarded works too.
        fwd = {"Forwarded": 'for="[2001:db8::66]:4711";proto=https'}
        assert _bad_logins(lb, factory, 5, fwd) == [401] * 5
        assert lb.post("/api/rest/authorize", json=good, headers=fwd).status_code == 429
        assert lb.post("/api/rest/authorize", json=good, headers={"Forwarded": "for=2001:db8::67"}).status_code == 200


def test_forwarded_headers_from_untrusted_peers_are_ignored(settings, factory, tenant):
    p = factory.person(tenant.id)
    good = {"userId": p.email, "password": factory.PASSWORD}
    # Default: no trusted proxies, so rotating X-Forwarded-For does not dodge the per-address lock.
    with _app(settings, login_address_max_failures=5) as app:
        attacker = TestClient(app, raise_server_exceptions=False, client=("203.0.113.19", 4000))
        for i in range(5):
            assert _bad_logins(attacker, factory, 1, {"X-Forwarded-For": f"198.51.100.{i}"}) == [401]
        assert attacker.post("/api/rest/authorize", json=good, headers={"X-Forwarded-For": "198.51.100.99"}).status_code == 429
    # A peer outside the trusted networks is not believed either.
    with _app(settings, login_address_max_failures=5, trusted_proxies="10.0.0.0/8") as app:
        attacker = TestClient(app, raise_server_exceptions=False, client=("203.0.113.10", 4000))
        for i in range(5):
            assert _bad_logins(attacker, factory, 1, {"X-Forwarded-For": f"10.9.9.{i}"}) == [401]
        assert attacker.post("/api/rest/authorize", json=good).status_code == 429


def test_forwarded_parsing():
    proxies = TrustedProxies("10.0.0.0/8, ::1, 192.0.2.7")
    assert proxies.trusts("10.200.0.1") and proxies.trusts("::1") and proxies.trusts("::ffff:10.0.0.1")
    assert not proxies.trusts("192.0.2.8") and not proxies.trusts("testclient") and not proxies.trusts(None)
    resolve = proxies.resolve
    assert resolve("203.0.113.1", {b"x-forwarded-for": b"198.51.100.1"}) == ("203.0.113.1", None, None)
    assert resolve("10.0.0.1", {b"x-forwarded-for": b"198.51.100.1:5555, 10.0.0.9"}) == ("198.51.100.1", None, None)
    assert resolve("10.0.0.1", {b"x-forwarded-for": b"10.0.0.3, 10.0.0.2"})[0] == "10.0.0.3"  # all trusted
    assert resolve("10.0.0.1", {b"x-forwarded-for": b"unknown"})[0] == "unknown"
    assert resolve("10.0.0.1", {})[0] == "10.0.0.1"
    assert resolve("::1", {b"forwarded": b'for="[2001:db8::1]:80";proto=HTTPS;host=wfo.example.com, for=10.0.0.2'}) == (
        "2001:db8::1", "https", "wfo.example.com")
    assert resolve("10.0.0.1", {b"x-forwarded-proto": b"https, http", b"x-forwarded-host": b"a.example, b"})[1:] == (
        "https", "a.example")
    assert resolve("10.0.0.1", {b"x-forwarded-proto": b"javascript"})[1] is None
    assert not TrustedProxies("") and not TrustedProxies(" , ")
    with pytest.raises(ValueError, match="OPENWFO_TRUSTED_PROXIES"):
        TrustedProxies("10.0.0.0/8, lb.internal")
    assert normalise_origin("HTTPS://Example.COM:443/") == "https://example.com"
    assert normalise_origin("http://[::1]:8080") == "http://[::1]:8080"
    assert normalise_origin("ftp://example.com") is None and normalise_origin("http://x:99999") is None
