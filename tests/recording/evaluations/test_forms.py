"""Evaluation Form API and Evaluation Form ID API: round trip, validation, ids kept, freezing, retiring."""

from __future__ import annotations

from .conftest import FORMS, contact_url, form_body


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k != "id"}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_round_trip_post_then_get_equals_what_was_sent_plus_ids(admin_client, tenant):
    sent = form_body(name="Round trip")
    created = admin_client.post(FORMS, json=sent)
    assert created.status_code == 200, created.text
    form = created.json()
    got = admin_client.get(f"{FORMS}/{form['id']}").json()
    assert got == form
    for key, value in sent.items():
        if key == "sections":
            assert _without_ids(got["sections"]) == value
        elif key == "scoreType":
            assert got[key] == value
        else:
            assert got[key] == value, key
    ids = [form["id"]] + [s["id"] for s in got["sections"]] + [q["id"] for s in got["sections"] for q in s["questions"]] + [
        o["id"] for s in got["sections"] for q in s["questions"] for o in q["options"]]
    assert all(isinstance(i, int) for i in ids) and len(set(ids[1:])) == len(ids) - 1
    assert got["creator"] == str(tenant.admin_id) and got["updater"] == str(tenant.admin_id)
    assert got["created"] > 0 and got["updated"] >= got["created"] and got["createdTZ"] == "America/Chicago"
    listed = admin_client.get(FORMS + "/").json()
    assert [f for f in listed if f["id"] == form["id"]] == [form]


def test_put_keeps_ids_adds_and_removes_items(admin_client, make_form):
    form = make_form().form
    body = {k: v for k, v in form.items()}
    body["name"] = "Renamed"
    body["sections"][0]["questions"][0]["text"] = "Greeted the customer by name"
    removed = body["sections"][0]["questions"].pop(1)
    body["sections"][1]["questions"].append({"text": "Closed politely", "weight": 1,
                                             "options": [{"type": "additive", "label": "Y", "points": 1},
                                                         {"type": "N/A", "label": "NA"}]})
    r = admin_client.put(f"{FORMS}/{form['id']}/", json=body)
    assert r.status_code == 200, r.text
    got = r.json()
    assert got["name"] == "Renamed"
    assert got["sections"][0]["questions"][0]["id"] == form["sections"][0]["questions"][0]["id"]
    assert got["sections"][0]["questions"][0]["text"] == "Greeted the customer by name"
    assert removed["id"] not in [q["id"] for s in got["sections"] for q in s["questions"]]
    new_q = got["sections"][1]["questions"][1]
    assert new_q["text"] == "Closed politely" and [o["type"] for o in new_q["options"]] == ["ADDITIVE", "NOTAPPLICABLE"]
    assert [o["order"] for o in new_q["options"]] == [0, 1]


def test_validation_collects_every_problem(admin_client, make_form):
    bad = form_body()
    bad["name"] = " "
    bad["bandRanges"] = [{"band": 1, "begin": 0, "end": 50}, {"band": 2, "begin": 40, "end": 100}]
    bad["scoreType"] = {"id": 9}
    bad["sections"][0]["questions"][0]["options"][0]["type"] = "BONUS"
    bad["sections"][1]["questions"][0]["options"] = []
    bad["sections"][0]["weight"] = -1
    bad["createdTz"] = "Mars/Olympus"
    r = admin_client.post(FORMS, json=bad)
    assert r.status_code == 400
    body = r.json()
    assert set(body) >= {"errorMessage", "requestId"}
    fields = {e["field"] for e in body["errors"]}
    assert {"name", "bandRanges", "scoreType.id", "sections[0].questions[0].options[0].type",
            "sections[1].questions[0].options", "sections[0].weight", "createdTz"} <= fields
    taken = make_form().form["name"]
    r = admin_client.post(FORMS, json=form_body(name=taken))
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "name"
    assert admin_client.post(FORMS, json={"name": "x", "sections": [{"name": "s", "weight": "heavy"}]}).status_code == 400
    other = make_form().form
    body = form_body(name="Foreign ids")
    body["sections"][0]["id"] = other["sections"][0]["id"]
    mine = make_form().form
    r = admin_client.put(f"{FORMS}/{mine['id']}", json=body)
    assert r.status_code == 400 and "not part of this form" in r.text


def test_unknown_form_and_permissions(admin_client, login_with, make_form):
    assert admin_client.get(f"{FORMS}/999999999").status_code == 404
    assert admin_client.get(f"{FORMS}/99999999999999999999999").status_code in (400, 404)
    reader = login_with("Search Contacts")
    form = make_form().form
    assert reader.get(f"{FORMS}/{form['id']}").status_code == 200
    assert reader.post(FORMS, json=form_body()).status_code == 403
    assert reader.put(f"{FORMS}/{form['id']}", json=form).status_code == 403
    assert reader.delete(f"{FORMS}/{form['id']}").status_code == 403
    nobody = login_with("View Schedules")
    assert nobody.get(FORMS).status_code == 403


def test_forms_are_tenant_private(admin_client, make_form, factory, new_client):
    form = make_form().form
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(f"{FORMS}/{form['id']}").status_code == 404
    assert form["id"] not in [f["id"] for f in c.get(FORMS).json()]


def test_delete_unused_form_and_retire_a_used_one(admin_client, make_form, make_contact, evaluator):
    unused = make_form().form
    assert admin_client.delete(f"{FORMS}/{unused['id']}").json() == {}
    assert admin_client.get(f"{FORMS}/{unused['id']}").status_code == 404

    picker = make_form()
    form = picker.form
    cid = make_contact()
    r = evaluator.post(contact_url(cid) + "/eval", json={"formId": form["id"],
                                                         "answers": picker.answers(greet="Y", tone="OK", disclosure="Y")})
    assert r.status_code == 200, r.text
    body = {**form, "name": "Used form"}
    body["sections"][0]["questions"][0]["options"][0]["label"] = "Yes"
    assert admin_client.put(f"{FORMS}/{form['id']}", json=body).status_code == 200
    heavier = {**body}
    heavier["sections"][0]["weight"] = 9
    r = admin_client.put(f"{FORMS}/{form['id']}", json=heavier)
    assert r.status_code == 409 and "has evaluations" in r.json()["errorMessage"]
    retired = admin_client.delete(f"{FORMS}/{form['id']}")
    assert retired.status_code == 200 and retired.json()["status"] == 2
    assert admin_client.get(f"{FORMS}/{form['id']}").json()["status"] == 2
    assert evaluator.get(contact_url(cid) + "/eval/").json()[0]["form"]["id"] == form["id"]
    r = evaluator.post(contact_url(make_contact()) + "/eval", json={"formId": form["id"]})
    assert r.status_code == 400 and "not active" in r.text
