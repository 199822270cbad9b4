"""Import preferences: the five endpoints, per tenant, grouped by type."""

from __future__ import annotations

USER_MAPPING = {
    "name": "My User Mapping",
    "type": "persons",
    "mappings": [
        {"field": "personId", "column": "Person ID", "dataType": "Integer"},
        {"field": "email", "column": "Email", "dataType": "Text"},
    ],
}


def test_create_get_list_update_delete(admin_client):
    r = admin_client.post("/api/rest/importpreference", json=USER_MAPPING)
    assert r.status_code == 200, r.text
    created = r.json()
    assert created == {"id": created["id"], **USER_MAPPING}
    empty = admin_client.post("/api/rest/importpreference", json={"name": "My Empty Mapping", "type": "users",
                                                                  "mappings": []}).json()
    assert empty["type"] == "persons" and empty["mappings"] == []
    group = admin_client.post("/api/rest/importpreference", json={"name": "My Group Mapping", "type": "groups",
                                                                  "mappings": [{"field": "name", "column": "N"}]})
    assert group.json()["mappings"] == [{"field": "name", "column": "N", "dataType": "Text"}]

    assert admin_client.get(f"/api/rest/importpreference/{created['id']}").json() == created
    listing = admin_client.get("/api/rest/importpreference").json()
    assert listing == {"preferences": [{"persons": [created, empty]}, {"groups": [group.json()]}, {"teams": []}]}

    changed = {**USER_MAPPING, "name": "Renamed", "mappings": [{"field": "Email", "column": "Mail"}]}
    r = admin_client.put(f"/api/rest/importpreference/{created['id']}", json={"id": 999, **changed})
    assert r.status_code == 200
    assert r.json() == {"id": created["id"], "name": "Renamed", "type": "persons",
                        "mappings": [{"field": "email", "column": "Mail", "dataType": "Text"}]}

    r = admin_client.delete(f"/api/rest/importpreference/{created['id']}")
    assert r.status_code == 200 and r.json()["name"] == "Renamed"
    assert admin_client.get(f"/api/rest/importpreference/{created['id']}").status_code == 404
    assert admin_client.delete(f"/api/rest/importpreference/{created['id']}").status_code == 404
    assert admin_client.put(f"/api/rest/importpreference/{created['id']}", json=changed).status_code == 404


def test_validation(admin_client):
    bad = [
        {**USER_MAPPING, "type": "contacts"},
        {**USER_MAPPING, "name": ""},
        {**USER_MAPPING, "mappings": [{"field": "shoeSize", "column": "S"}]},
        {**USER_MAPPING, "mappings": [{"field": "email", "column": "E", "dataType": "TrueFalse"}]},
        {**USER_MAPPING, "mappings": [{"field": "email", "column": "E"}, {"field": "email", "column": "F"}]},
        {"type": "persons"},
    ]
    for body in bad:
        r = admin_client.post("/api/rest/importpreference", json=body)
        assert r.status_code == 400, body
        assert r.json()["errorMessage"] and r.json()["requestId"]
    assert admin_client.post("/api/rest/importpreference", json=USER_MAPPING).status_code == 200
    r = admin_client.post("/api/rest/importpreference", json=USER_MAPPING)
    assert r.status_code == 409
    # The same name for another type is fine.
    assert admin_client.post("/api/rest/importpreference", json={**USER_MAPPING, "type": "teams",
                                                                 "mappings": []}).status_code == 200
    assert admin_client.get("/api/rest/importpreference/0").status_code == 400


def test_update_keeps_what_is_left_out(admin_client):
    pref = admin_client.post("/api/rest/importpreference", json=USER_MAPPING).json()
    url = f"/api/rest/importpreference/{pref['id']}"
    r = admin_client.put(url, json={"name": "Only The Name"})
    assert r.status_code == 200 and r.json() == {**pref, "name": "Only The Name"}
    r = admin_client.put(url, json={"mapping": [{"field": "firstName", "column": "Given", "dataType": "Text"}]})
    assert r.status_code == 200
    assert r.json()["mappings"] == [{"field": "firstName", "column": "Given", "dataType": "Text"}]
    assert r.json()["name"] == "Only The Name" and r.json()["type"] == "persons"
    # A new type re-checks the kept mappings: firstName is no group field.
    r = admin_client.put(url, json={"type": "groups"})
    assert r.status_code == 400 and r.json()["errors"] == [{"field": "mappings.0.field", "reason": "unknown field"}]
    assert admin_client.put(url, json={"name": ""}).status_code == 400
    assert admin_client.get(url).json()["name"] == "Only The Name"
