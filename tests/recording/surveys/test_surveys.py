"""Surveys: round trip in the Survey Configuration shape, results by contact id and by call id,
scoring with weights and KPI questions, results on the contact."""

from __future__ import annotations

from openwfo.kit.clock import clock
from openwfo.models import Contact

URL = "/api/rest/recording/survey"
SURVEY = {
    "name": "Post-call", "description": "IVR survey", "providerSurveyId": "PS-1", "surveyProviderConnectionId": 7,
    "statusFK": 2, "metaDataFieldKey": "callId", "properties": {"channel": "ivr"},
    "questions": [
        {"label": "Satisfied?", "description": "", "providerQuestionId": "q1", "type": "scale", "weight": 2.0,
         "isKPI": True, "answers": [{"label": "Yes", "description": "", "providerAnswerId": "a1", "type": "choice",
                                     "weight": 5.0, "value": "1"},
                                    {"label": "No", "description": "", "providerAnswerId": "a2", "type": "choice",
                                     "weight": 0.0, "value": "2"}]},
        {"label": "Would recommend", "description": "", "providerQuestionId": "q2", "type": "scale", "weight": 1.0,
         "isKPI": False, "answers": [{"label": "Likely", "description": "", "providerAnswerId": "b1", "type": "choice",
                                      "weight": 10.0, "value": "10"},
                                     {"label": "Unlikely", "description": "", "providerAnswerId": "b2",
                                      "type": "choice", "weight": 2.0, "value": "2"}]},
        {"label": "Comments", "description": "", "providerQuestionId": "q3", "type": "text", "weight": 1.0,
         "isKPI": False, "answers": []},
    ],
}


def _strip(v):
    if isinstance(v, dict):
        return {k: _strip(x) for k, x in v.items() if k not in ("id", "surveyId", "questionId", "lastModified")}
    if isinstance(v, list):
        return [_strip(x) for x in v]
    return v


def test_survey_round_trip_results_and_scoring(admin_client, app, org, login_with):
    r = admin_client.post(URL, json=SURVEY)
    assert r.status_code == 200, r.text
    survey = r.json()
    assert admin_client.get(f"{URL}/{survey['id']}/").json() == survey
    for key, value in SURVEY.items():
        assert (_strip(survey[key]) if key == "questions" else survey[key]) == value, key
    assert survey["totalPoints"] == 20.0  # 2*5 + 1*10
    with app.state.database.session(org.tenant.id) as db:
        c = Contact(start_ms=clock.now_ms() - 60_000, tz="UTC", person_id=org.agent_a.id, team_id=org.team_a,
                    call_id="CALL-77")
        db.add(c)
        db.flush()
        cid = c.id
    q1, q2, q3 = survey["questions"]
    # by call id (the survey's metadata key), answers by provider ids and by value
    r = admin_client.post(f"{URL}/{survey['id']}/result", json={"metadataValue": "CALL-77", "answers": [
        {"providerQuestionId": "q1", "providerAnswerId": "a1"}, {"questionId": q2["id"], "value": "2"},
        {"questionId": q3["id"], "value": "friendly agent"}]})
    assert r.status_code == 200, r.text
    res = r.json()
    # points 2*5 + 1*2 = 12 of 20 -> 60 %; KPI question only: 10 of 10 -> 100 %
    assert (res["contact"]["id"], res["points"], res["totalPoints"], res["score"], res["kpiScore"]) == (
        cid, 12.0, 20.0, 60.0, 100.0)
    assert res["answers"][2]["value"] == "friendly agent" and res["answers"][2]["points"] is None
    r = admin_client.post(f"{URL}/{survey['id']}/result", json={"contactId": cid, "answers": [
        {"questionId": q1["id"], "answerId": q1["answers"][1]["id"]}]})
    assert r.json()["score"] == 0.0 and r.json()["kpiScore"] == 0.0
    on_contact = admin_client.get(f"/api/rest/recording/contact/{cid}/survey").json()
    assert [x["score"] for x in on_contact] == [60.0, 0.0]
    assert len(admin_client.get(f"{URL}/{survey['id']}/result").json()) == 2
    bad = admin_client.post(f"{URL}/{survey['id']}/result", json={"metadataValue": "nope", "answers": []})
    assert bad.status_code == 404
    bad = admin_client.post(f"{URL}/{survey['id']}/result", json={"contactId": cid, "answers": [
        {"questionId": q1["id"], "answerId": 999999}]})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "answers[0].answerId"
    assert admin_client.post(URL, json={**SURVEY, "name": ""}).status_code == 400
    reader = login_with("Search Contacts")
    assert reader.get(URL).status_code == 403
    viewer = login_with("View Survey Results")
    assert viewer.get(URL).status_code == 200
    assert viewer.post(URL, json=SURVEY).status_code == 403
    assert admin_client.delete(f"{URL}/{survey['id']}").json() == {}
    assert admin_client.get(f"{URL}/{survey['id']}").status_code == 404
