"""Evaluations of a contact: the state machine, the contact's evaluation fields and links, the list,
comments, search filters on real evaluations, calibration staying out of the contact."""

from __future__ import annotations

from .conftest import contact_url

SEARCH = "/api/rest/recording/contact"


def _eval(client, cid, picker, status=200, **body):
    r = client.post(contact_url(cid) + "/eval", json={"formId": picker.form["id"], **body})
    assert r.status_code == status, r.text
    return r.json()


def _put(client, cid, eid, status=200, **body):
    r = client.put(f"{contact_url(cid)}/eval/{eid}", json=body)
    assert r.status_code == status, r.text
    return r.json()


def test_draft_submit_and_contact_fields(evaluator, admin_client, make_form, make_contact):
    picker = make_form()
    cid = make_contact()
    draft = _eval(evaluator, cid, picker, answers=picker.answers(greet="Y"), state="inProgress",
                  comments="first listen")
    assert draft["state"] == "inProgress" and draft["stateId"] == 2 and draft["evaluated"] is None
    contact = admin_client.get(contact_url(cid)).json()
    assert contact["evaluation"]["$ref"] == f"{contact_url(cid)}/eval/{draft['id']}"
    # submitting with unanswered questions names each
    r = evaluator.put(f"{contact_url(cid)}/eval/{draft['id']}", json={"state": "scored"})
    assert r.status_code == 400 and len(r.json()["errors"]) == 2
    done = _put(evaluator, cid, draft["id"], state="scored", training=True,
                answers=picker.answers(tone="OK", disclosure="Y"))
    assert (done["state"], done["score"], done["training"]) == ("scored", 90.0, True)
    assert done["evaluated"] >= done["created"]
    # the contact's evaluation link resolves to the full evaluation with sections, questions, answers
    contact = admin_client.get(contact_url(cid)).json()
    assert contact["evaluation"]["stateId"] == 1 and contact["evaluation"]["score"] == 90.0
    assert contact["scored"] is True and contact["training"] is True and contact["evaluator"]["id"] == evaluator.person.id
    full = admin_client.get(contact["evaluation"]["$ref"]).json()
    answers = {q["text"]: q["answer"]["label"] for s in full["sections"] for q in s["questions"]}
    assert answers == {"Greeted by name": "Y", "Tone": "OK", "Read the disclosure": "Y"}
    assert full["agent"]["id"] == contact["agent"]["id"] and full["form"]["name"] == picker.form["name"]
    # the list and the comments path
    listed = admin_client.get(contact_url(cid) + "/eval/").json()
    assert [(e["id"], e["state"], e["score"], e["evaluated"]) for e in listed] == [
        (full["id"], "scored", 90.0, full["evaluated"])]
    assert listed[0]["comments"] == f"/api/rest/recording/contact/{cid}/eval/{full['id']}/comment"
    assert listed[0]["evaluator"]["id"] == evaluator.person.id and listed[0]["form"]["id"] == picker.form["id"]
    comments = admin_client.get(listed[0]["comments"]).json()
    assert [c["text"] for c in comments] == ["first listen"] and comments[0]["author"]["id"] == evaluator.person.id
    assert comments[0]["$ref"].startswith(listed[0]["comments"] + "/") and comments[0]["created"] > 0


def test_comments_post_and_read(evaluator, admin_client, make_form, make_contact, login_with, org):
    picker = make_form()
    cid = make_contact()
    ev = _eval(evaluator, cid, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"))
    url = ev["comments"]
    added = evaluator.post(url, json={"text": "Nice opening"})
    assert added.status_code == 200 and added.json()["text"] == "Nice opening"
    assert evaluator.get(added.json()["$ref"]).json() == added.json()
    # the agent reads and answers on their own evaluation
    agent = login_with("View Schedules", person=org.agent_a, scope_all=False)
    assert agent.post(url, json={"text": "Thanks"}).status_code == 200
    assert [c["text"] for c in admin_client.get(url).json()] == ["Nice opening", "Thanks"]
    assert evaluator.post(url, json={"text": "  "}).status_code == 400
    assert evaluator.get(url + "/999999").status_code == 404


def test_approval_flow(evaluator, approver, admin_client, make_form, make_contact):
    picker = make_form(approvalRequired=True)
    cid = make_contact()
    ev = _eval(evaluator, cid, picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"), state="scored")
    assert ev["state"] == "needsApproval" and ev["stateId"] == 3
    c = admin_client.get(contact_url(cid)).json()
    assert c["needsApproval"] is True and c["scored"] is False
    # the evaluator cannot approve; an approver can send it back or approve it
    _put(evaluator, cid, ev["id"], status=403, state="approved")
    back = _put(approver, cid, ev["id"], state="inProgress")
    assert back["state"] == "inProgress" and back["evaluated"] is None
    _put(evaluator, cid, ev["id"], state="scored")
    ok = _put(approver, cid, ev["id"], state="approved")
    assert ok["state"] == "approved" and ok["approver"]["id"] == approver.person.id and ok["approved"] > 0
    c = admin_client.get(contact_url(cid)).json()
    assert c["scored"] is True and c["needsApproval"] is False and c["evaluation"]["stateId"] == 4
    # an approved evaluation changes only through an approver; approving twice is a conflict
    _put(evaluator, cid, ev["id"], status=403, answers=picker.answers(tone="Bad"))
    rescored = _put(approver, cid, ev["id"], answers=picker.answers(tone="Bad"))
    assert rescored["state"] == "approved" and rescored["score"] == 75.0
    scored_form = make_form()
    other = _eval(evaluator, make_contact(), scored_form,
                  answers=scored_form.answers(greet="Y", tone="OK", disclosure="Y"))
    r = approver.put(f"{contact_url(other['contactId'])}/eval/{other['id']}", json={"state": "approved"})
    assert r.status_code == 409


def test_who_may_evaluate(evaluator, login_with, make_form, make_contact, org, factory, tenant):
    picker = make_form()
    own = login_with("Evaluate Contacts", "Search Contacts", person=org.agent_b)
    r = own.post(contact_url(make_contact(agent=org.agent_b)) + "/eval", json={"formId": picker.form["id"]})
    assert r.status_code == 403 and "own" in r.json()["errorMessage"]
    for fields in ({"is_complete": False}, {"contact_type": "archive"}, {"has_recording": False}):
        _eval(evaluator, make_contact(**fields), picker, status=400)
    scoped = login_with("Evaluate Contacts", scope_all=False, scope_teams=[org.team_b])
    r = scoped.post(contact_url(make_contact()) + "/eval", json={"formId": picker.form["id"]})
    assert r.status_code == 404
    reader = login_with("Search Contacts")
    assert reader.post(contact_url(make_contact()) + "/eval", json={"formId": picker.form["id"]}).status_code == 403
    bad = {"formId": picker.form["id"], "answers": [{"questionId": 1, "optionId": 1}]}
    r = evaluator.post(contact_url(make_contact()) + "/eval", json=bad)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "answers[0].questionId"
    mismatched = [{"questionId": picker.q("Tone"), "optionId": picker.o("Greeted by name", "Y")}]
    r = evaluator.post(contact_url(make_contact()) + "/eval", json={"formId": picker.form["id"], "answers": mismatched})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "answers[0].optionId"
    assert evaluator.post(contact_url(make_contact()) + "/eval", json={"formId": 987654321}).status_code == 400
    assert evaluator.post(contact_url(make_contact()) + "/eval",
                          json={"formId": picker.form["id"], "state": "finished"}).status_code == 400
    assert evaluator.get(contact_url(make_contact()) + "/eval/424242").status_code == 404


def test_default_answers_and_get_shape_put(evaluator, make_form, make_contact):
    picker = make_form(defaultForm=True)
    cid = make_contact()
    ev = _eval(evaluator, cid, picker)  # defaults Y / OK / Y: a complete evaluation, scored
    assert ev["state"] == "scored" and ev["score"] == 90.0
    ev["sections"][0]["questions"][1]["answer"] = {"optionId": picker.o("Tone", "Good"), "comment": "warm"}
    changed = _put(evaluator, cid, ev["id"], sections=ev["sections"])
    assert changed["score"] == 100.0 and changed["sections"][0]["questions"][1]["answer"]["comment"] == "warm"
    r = evaluator.put(f"{contact_url(cid)}/eval/{ev['id']}", json={"formId": picker.form["id"] + 1})
    assert r.status_code == 400


def test_search_filters_follow_real_evaluations(evaluator, approver, admin_client, make_form, make_contact):
    picker = make_form()
    approval = make_form(approvalRequired=True)
    full = picker.answers(greet="Y", tone="OK", disclosure="Y")
    scored, draft, pending, plain = make_contact(), make_contact(), make_contact(), make_contact()
    _eval(evaluator, scored, picker, answers=full, hr=True)
    _eval(evaluator, draft, picker, answers=picker.answers(greet="Y"), training=True)
    _eval(evaluator, pending, approval, answers=approval.answers(greet="Y", tone="OK", disclosure="Y"))

    def ids(query):
        r = admin_client.get(f"{SEARCH}?{query}")
        assert r.status_code == 200, r.text
        return {c["id"] for c in r.json()} & {scored, draft, pending, plain}

    assert ids("scored=true") == {scored}
    assert ids("scored=false") == {draft, pending, plain}
    assert ids("inProgress=1") == {draft}
    assert ids("needsApproval=true") == {pending}
    assert ids("hr=true") == {scored}
    assert ids("training=true") == {draft}
    assert ids("canEvaluate=true") == {scored, draft, pending, plain}
    assert evaluator.get(f"{SEARCH}?canEvaluate=true").status_code == 200
    # deleting the evaluation clears the contact's fields
    eid = admin_client.get(contact_url(scored)).json()["evaluation"]["$ref"].rsplit("/", 1)[1]
    assert evaluator.delete(f"{contact_url(scored)}/eval/{eid}").json() == {}
    assert ids("scored=true") == set() and ids("hr=true") == set()
    assert admin_client.get(contact_url(scored)).json()["evaluation"] is None


def test_calibration_is_blind_and_stays_off_the_contact(evaluator, login_with, admin_client, make_form,
                                                        make_contact):
    picker = make_form()
    cid = make_contact()
    full = picker.answers(greet="Y", tone="OK", disclosure="Y")
    mine = _eval(evaluator, cid, picker, answers=full, calibration=True)
    assert mine["calibration"] is True
    c = admin_client.get(contact_url(cid)).json()
    assert c["evaluation"] is None and c["scored"] is False
    other = login_with("Evaluate Contacts", "Search Contacts")
    assert other.get(contact_url(cid) + "/eval").json() == []
    assert other.get(f"{contact_url(cid)}/eval/{mine['id']}").status_code == 404
    _eval(other, cid, picker, answers=picker.answers(greet="N", tone="OK", disclosure="Y"), calibration=True)
    assert len(other.get(contact_url(cid) + "/eval").json()) == 2
    assert len(admin_client.get(contact_url(cid) + "/eval").json()) == 2
