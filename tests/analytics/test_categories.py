"""Categories and Phrases API: shapes, the body forms, validation, deletes, permissions, isolation."""

from __future__ import annotations

CATS = "/api/rest/cas/phraselist"
PHRASES = "/api/rest/cas/phrase"


def _create(client, name="Cancellation", phrases=("cancel my account",)):
    r = client.post(CATS, json={"category": name, "description": f"{name} calls", "languageId": "en-us",
                                "phrases": [{"phrase": p, "confidence": 60} for p in phrases]})
    assert r.status_code == 200, r.text
    return r.json()


def test_create_read_shapes(admin_client):
    out = _create(admin_client, phrases=("cancel my account", "close my account"))
    assert set(out) == {"categories", "phrases", "confidence"}
    cat = out["categories"][0]
    assert cat == {"id": cat["id"], "category": "Cancellation", "description": "Cancellation calls", "languageId": "en-us"}
    assert [p["phrase"] for p in out["phrases"]] == ["cancel my account", "close my account"]
    p = out["phrases"][0]
    assert set(p) == {"phrase", "phonetic", "soundsLike", "confidence", "id", "categoryId", "state"}
    assert p["categoryId"] == cat["id"] and p["confidence"] == 60 and out["confidence"] == 50
    listed = admin_client.get(CATS).json()
    assert cat in listed["categories"] and p in listed["phrases"]
    one = admin_client.get(CATS, params={"id": cat["id"]}).json()
    assert one["categories"] == [cat] and len(one["phrases"]) == 2
    assert admin_client.get(PHRASES, params={"id": p["id"]}).json()["phrases"] == [p]
    assert len(admin_client.get(PHRASES, params={"categoryId": cat["id"]}).json()["phrases"]) == 2
    assert admin_client.get(CATS, params={"id": cat["id"] + 10_000}).status_code == 404


def test_body_forms_and_phrase_by_category_name(admin_client):
    # The GET shape, with lowercase "soundslike" as in the reference's example, and a tenant confidence.
    r = admin_client.post(CATS, json={"categories": [{"category": "Escalation", "description": None}],
                                      "phrases": [{"phrase": "speak to a supervisor", "category": "escalation",
                                                   "soundslike": "talk to a supervisor|speak to your manager"}],
                                      "confidence": 70})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["confidence"] == 70 and out["phrases"][0]["soundsLike"] == "talk to a supervisor|speak to your manager"
    cid = out["categories"][0]["id"]
    r = admin_client.post(PHRASES, json=[{"phrase": "manager please", "categoryId": cid},
                                         {"phrase": "get me your boss", "categoryId": cid, "soundsLike": ["boss now"]}])
    assert r.status_code == 200 and [p["soundsLike"] for p in r.json()["phrases"]] == [None, "boss now"]
    assert admin_client.get(CATS).json()["confidence"] == 70


def test_update(admin_client):
    out = _create(admin_client)
    cat, phrase = out["categories"][0], out["phrases"][0]
    r = admin_client.put(CATS, json={"id": cat["id"], "category": "Churn", "languageId": "en-GB",
                                     "phrases": [{"id": phrase["id"], "confidence": 80}, {"phrase": "quit the service"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["categories"][0]["category"] == "Churn" and body["categories"][0]["languageId"] == "en-gb"
    assert body["categories"][0]["description"] == "Cancellation calls"  # kept
    assert [(p["phrase"], p["confidence"]) for p in body["phrases"]] == [("cancel my account", 80), ("quit the service", None)]
    r = admin_client.put(PHRASES, json={"id": phrase["id"], "phrase": "terminate my account", "state": 2})
    assert r.status_code == 200 and r.json()["phrases"][0]["phrase"] == "terminate my account"
    assert r.json()["phrases"][0]["state"] == 2 and r.json()["phrases"][0]["confidence"] == 80


def test_validation_collects_every_problem(admin_client):
    _create(admin_client, "Billing")
    r = admin_client.post(CATS, json=[{"category": "billing"}, {"description": "no name"},
                                      {"category": "X", "phrases": [{"phrase": "!!!"}]}])
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"categories[0].category", "categories[1].category", "categories[2].phrases[0].phrase"}
    r = admin_client.post(PHRASES, json={"phrase": "hello"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "phrases[0].categoryId"
    r = admin_client.post(PHRASES, json={"phrase": "hello", "categoryId": 987654321})
    assert r.status_code == 400
    r = admin_client.post(PHRASES, json={"phrase": "hello", "categoryId": 1, "confidence": 101})
    assert r.status_code == 400
    assert admin_client.put(CATS, json={"category": "no id"}).status_code == 400
    assert admin_client.put(PHRASES, json={"id": 987654321, "phrase": "x"}).status_code == 400
    assert admin_client.post(CATS, content=b"{not json").status_code == 400
    assert admin_client.post(CATS, json="text").status_code == 400


def test_delete(admin_client):
    out = _create(admin_client, phrases=("a phrase", "another phrase"))
    cid, pid = out["categories"][0]["id"], out["phrases"][0]["id"]
    r = admin_client.delete(PHRASES, params={"id": pid})
    assert r.status_code == 200 and r.json() == {"deleted": 1}
    assert admin_client.delete(PHRASES, params={"id": pid}).status_code == 404
    assert admin_client.delete(CATS, params={"id": cid}).json() == {"deleted": 1}
    assert admin_client.get(CATS).json()["phrases"] == []
    assert admin_client.delete(CATS, params={"id": cid}).status_code == 404
    assert admin_client.delete(CATS).status_code == 400


def test_permissions_and_isolation(admin_client, new_client, factory, tenant):
    out = _create(admin_client, "Secret")
    other = factory.tenant()
    c2 = new_client()
    factory.login(c2, other.admin_email, tenant_id=other.id)
    assert c2.get(CATS).json()["categories"] == []
    assert c2.delete(CATS, params={"id": out["categories"][0]["id"]}).status_code == 404
    assert c2.post(PHRASES, json={"phrase": "x", "categoryId": out["categories"][0]["id"]}).status_code == 400
    role = factory.role(tenant.id, set())
    nobody = factory.person(tenant.id, role=role)
    c = new_client()
    factory.login(c, nobody.email, tenant_id=tenant.id)
    assert c.get(CATS).status_code == 403
    assert c.post(CATS, json={"category": "x"}).status_code == 403
