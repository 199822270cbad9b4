"""Demo: a survey with results on demo contacts and a live call the recording controls act on."""

from __future__ import annotations

from openwfo.demo import qm_live
from openwfo.demo import recording as demo_contacts
from openwfo.models import Tenant

RC = "/api/rest/recordingcontrols"


def test_demo_survey_and_live_call(app, org, admin_client, monkeypatch):
    monkeypatch.setattr(demo_contacts, "CONTACTS", 120)
    monkeypatch.setattr(demo_contacts, "WITH_AUDIO", 0)
    monkeypatch.setattr(demo_contacts, "WITH_SCREEN", 0)
    monkeypatch.setattr(qm_live, "RESULTS", 20)
    for _ in range(2):  # idempotent
        with app.state.database.session(org.tenant.id) as db:
            tenant = db.get(Tenant, org.tenant.id)
            demo_contacts.seed(db, tenant)
            qm_live.seed(db, tenant)
    (survey,) = [s for s in admin_client.get("/api/rest/recording/survey").json() if s["name"] == qm_live.SURVEY_NAME]
    results = admin_client.get(f"/api/rest/recording/survey/{survey['id']}/result").json()
    assert len(results) == 20 and all(r["score"] is not None for r in results)
    # the live call belongs to agent A (the first agent with an ACD id); the controls act on it
    agent = org.agent_a.id
    state = admin_client.get(f"{RC}/state", params={"personId": str(agent)}).json()
    assert state["activeCall"] is not None
    cid = state["activeCall"]["id"]
    assert admin_client.get(f"/api/rest/recording/contact/{cid}").json()["callId"] == qm_live.LIVE_CALL_ID
    r = admin_client.post(f"{RC}/user/{agent}/metadata", json={"metadata": [{"name": "outcome", "value": "sale"}]})
    assert r.json()["status"] == "APPLIED" and r.json()["contactId"] == cid
    assert admin_client.post(f"{RC}/user/{agent}/pause", json={}).json()["status"] == "APPLIED"
    r = admin_client.post(f"{RC}/user/{agent}/login", json={"extension": qm_live.LIVE_EXTENSION})
    assert r.json()["status"] == "APPLIED"
