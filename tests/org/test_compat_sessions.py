"""Login as Calabrio ONE clients send it: userId or username, language or locale, JSON with no or any
Content-Type, or a form-urlencoded body; the session id in the JSON and the hazelcast.sessionId cookie."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

LOGIN = "/api/rest/authorize"


def _cookie_session(response) -> str:
    first = response.headers["set-cookie"].split(";", 1)[0]
    name, _, value = first.partition("=")
    assert name == "hazelcast.sessionId"
    return value


@pytest.mark.parametrize("id_key", ["userId", "username"])
@pytest.mark.parametrize(("lang_key", "lang", "expected"), [("language", "fr", ("fr", "")),
                                                             ("locale", "es_MX", ("es", "MX"))])
@pytest.mark.parametrize("encoding", [None, "application/json", "text/plain", "application/octet-stream", "form"])
def test_login_variants(new_client, factory, tenant, id_key, lang_key, lang, expected, encoding):
    body = {id_key: tenant.admin_email, "password": factory.PASSWORD, lang_key: lang, "tenantId": str(tenant.id)}
    client = new_client()
    if encoding == "form":
        r = client.post(LOGIN, content=urlencode(body),
                        headers={"Content-Type": "application/x-www-form-urlencoded"})
    else:
        r = client.post(LOGIN, content=json.dumps(body), headers={"Content-Type": encoding} if encoding else {})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["sessionId"] and _cookie_session(r) == data["sessionId"]
    assert (data["lang"], data["country"]) == expected
    fresh = new_client()
    fresh.cookies.set("hazelcast.sessionId", data["sessionId"])
    me = fresh.get(LOGIN)
    assert me.status_code == 200 and me.json()["sessionId"] == data["sessionId"] and me.json()["id"] == tenant.admin_id


def test_wrong_password_in_any_variant_is_401(new_client, tenant):
    for body in ({"username": tenant.admin_email, "password": "not-it-at-all"},
                 {"userId": tenant.admin_email, "password": "not-it-at-all", "locale": "de_DE"}):
        r = new_client().post(LOGIN, content=urlencode(body),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert r.status_code == 401 and "set-cookie" not in r.headers
