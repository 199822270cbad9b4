"""Automated QA: questions bound to categories and silence, drafted when analytics finish."""

from __future__ import annotations

from tests.recording.evaluations.conftest import FORMS, Picker, form_body

IMPORT = "/api/rest/cas/importtext"
RULES = "/api/rest/cas/qarule"


def _text(client, agent, text, source_id):
    rec = {"time": 1_700_000_000_000, "username": agent.email, "text": text, "id": source_id}
    r = client.put(IMPORT, json={"textType": "email", "records": [rec]})
    return r.json()["contacts"][0]["contactId"]


def _answers(client, cid, eid):
    full = client.get(f"/api/rest/recording/contact/{cid}/eval/{eid}").json()
    return full, {q["text"]: (q["answer"] or {}).get("label") for s in full["sections"] for q in s["questions"]}


def test_rules_draft_and_confirm(admin_client, agents, categories):
    picker = Picker(admin_client.post(FORMS, json=form_body()).json())
    cancel = next(c["id"] for c in categories["categories"] if c["category"] == "Cancellation")
    greet, tone = picker.q("Greeted by name"), picker.q("Tone")
    r = admin_client.post(RULES, json={"questionId": greet, "kind": "category", "categoryId": cancel,
                                       "optionMetId": picker.o("Greeted by name", "Y"),
                                       "optionNotMetId": picker.o("Greeted by name", "N")})
    assert r.status_code == 200, r.text
    admin_client.post(RULES, json={"questionId": tone, "kind": "silence", "limitMs": 1000,
                                   "optionMetId": picker.o("Tone", "Good"), "optionNotMetId": picker.o("Tone", "Bad")})
    assert len(admin_client.get(RULES).json()) == 2
    bad = admin_client.post(RULES, json={"questionId": greet, "kind": "talkover", "optionMetId": picker.o("Tone", "Good"),
                                         "optionNotMetId": picker.o("Greeted by name", "N")})
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} >= {"limitMs", "optionMetId"}

    hit = _text(admin_client, agents.alice, "Please cancel my account.", "q1")
    miss = _text(admin_client, agents.alice, "Where is my parcel?", "q2")
    (eid,) = admin_client.get("/api/rest/cas/textview", params={"ccrid": hit}).json()["automaticEvaluations"]
    full, answers = _answers(admin_client, hit, eid)
    assert full["state"] == "inProgress" and answers == {"Greeted by name": "Y", "Tone": "Good", "Read the disclosure": None}
    (eid2,) = admin_client.get("/api/rest/cas/textview", params={"ccrid": miss}).json()["automaticEvaluations"]
    assert _answers(admin_client, miss, eid2)[1]["Greeted by name"] == "N"
    # Re-imported text: the draft still in progress follows the new analytics.
    _text(admin_client, agents.alice, "cancel my account now", "q2")
    assert _answers(admin_client, miss, eid2)[1]["Greeted by name"] == "Y"
    # An approver confirms it; later analytics leave a confirmed evaluation alone.
    disclosure = picker.answers(disclosure="Y")
    r = admin_client.put(f"/api/rest/recording/contact/{hit}/eval/{eid}", json={"state": "scored", "answers": disclosure})
    assert r.status_code == 200 and r.json()["state"] == "scored"
    _text(admin_client, agents.alice, "nothing to see", "q1")
    assert _answers(admin_client, hit, eid)[1]["Greeted by name"] == "Y"
    # An evaluator takes a draft over.
    r = admin_client.put(f"/api/rest/cas/qa/evaluation/{eid2}/claim")
    assert r.status_code == 200 and r.json()["evaluatorId"] is not None
    assert admin_client.put("/api/rest/cas/qa/evaluation/987654321/claim").status_code == 404
    rid = admin_client.get(RULES).json()[0]["id"]
    assert admin_client.delete(RULES, params={"id": rid}).json() == {"deleted": 1}
