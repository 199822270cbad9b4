"""Real-time contact import: metadata first (maybe in progress), then audio/video uploads."""

from __future__ import annotations

from openwfo.kit.clock import clock

from .media import wav_bytes, webm_bytes, wmv_bytes

IMPORT = "/api/rest/wfo/contact/import"
AUDIO = "/api/rest/recording/media/upload/audio"
VIDEO = "/api/rest/recording/media/upload/video"


def test_agent_records_own_call_in_progress_then_uploads_and_completes(login_with, org, admin_client):
    agent = login_with("Record Voice", "Record Screen", scope_all=False, person=org.agent_a)
    start = clock.now_ms()
    r = agent.post(IMPORT, json={"ContactStartTimeMs": start, "Calling": "5551000", "Called": "1800",
                                 "InProgress": True, "CustomMetadata": {"ticket": "T-1"},
                                 "Audio": [{"Location": "rec.wav"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    cid = body["contactId"]
    assert body["id"] == cid and body["isComplete"] is False and body["recorded"] is True
    assert body["audioUploadUrl"] == f"{AUDIO}?contactId={cid}" and body["expectedRecordings"] == ["rec.wav"]
    c = admin_client.get(f"/api/rest/recording/contact/{cid}").json()
    assert c["isComplete"] is False and c["agent"]["id"] == org.agent_a.id and c["audioUploaded"] is False
    r = agent.post(body["audioUploadUrl"] + f"&startTimeMs={start + 1500}", content=wav_bytes(2),
                   headers={"Content-Type": "audio/wav"})
    assert r.status_code == 200, r.text
    up = r.json()
    assert up["status"] == "SUCCESS" and up["type"] == "audio" and up["offsetMs"] == 1500 and up["durationMs"] == 2000
    r = agent.post(f"{VIDEO}?contactId={cid}", content=webm_bytes(audio=False), headers={"Content-Type": "video/webm"})
    assert r.status_code == 200 and r.json()["type"] == "screen"
    clock.advance(seconds=30)
    r = agent.post(IMPORT, json={"Id": cid, "CustomMetadata": {"outcome": "sale"}})
    assert r.status_code == 200 and r.json()["status"] == "UPDATED" and r.json()["isComplete"] is True
    c = admin_client.get(f"/api/rest/recording/contact/{cid}?expand=metadata").json()
    assert c["isComplete"] is True and c["audioUploaded"] and c["screenUploaded"]
    assert {k: v["value"] for k, v in c["metadata"].items()} == {"ticket": "T-1", "outcome": "sale"}
    assert c["callDuration"] >= 30000


def test_content_type_must_match_bytes_and_endpoint(login_with, org):
    agent = login_with("Record Voice", scope_all=False, person=org.agent_a)
    cid = agent.post(IMPORT, json={"Calling": "1"}).json()["contactId"]
    r = agent.post(f"{AUDIO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "video/webm"})
    assert r.status_code == 400 and "WEBM" in r.json()["errorMessage"]
    r = agent.post(f"{AUDIO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = agent.post(f"{VIDEO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "audio/wav"})
    assert r.status_code == 415
    r = agent.post(f"{VIDEO}?contactId={cid}", content=webm_bytes(video=False), headers={"Content-Type": "video/webm"})
    assert r.status_code == 400 and "video" in r.json()["errorMessage"]
    r = agent.post(f"{AUDIO}?contactId={cid}", content=b"", headers={"Content-Type": "audio/wav"})
    assert r.status_code == 400
    r = agent.post(f"{AUDIO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "audio/wav"})
    assert r.status_code == 200
    r = agent.post(f"{AUDIO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "audio/x-wav"})
    assert r.status_code == 409
    r = agent.post(f"{VIDEO}?contactId={cid}", content=wmv_bytes(), headers={"Content-Type": "video/x-ms-wmv"})
    assert r.status_code == 200 and r.json()["type"] == "screen"  # the contact already has audio


def test_combined_upload_and_out_of_scope_contact(login_with, org, admin_client):
    agent_a = login_with("Record Voice", scope_all=False, person=org.agent_a)
    agent_b = login_with("Record Voice", scope_all=False, person=org.agent_b)
    cid = agent_a.post(IMPORT, json={}).json()["contactId"]
    r = agent_b.post(f"{AUDIO}?contactId={cid}", content=wav_bytes(), headers={"Content-Type": "audio/wav"})
    assert r.status_code == 404
    assert agent_b.post(IMPORT, json={"Id": cid, "InProgress": False}).status_code == 404
    r = agent_a.post(f"{VIDEO}?contactId={cid}", content=webm_bytes(), headers={"Content-Type": "video/webm"})
    assert r.status_code == 200 and r.json()["type"] == "combined"
    c = admin_client.get(f"/api/rest/recording/contact/{cid}").json()
    assert c["audioUploaded"] and c["screenUploaded"]


def test_agent_cannot_import_for_someone_outside_scope(login_with, org):
    agent = login_with("Record Voice", scope_all=False, person=org.agent_a)
    r = agent.post(IMPORT, json={"AgentId": str(org.agent_b.id)})
    assert r.status_code == 400 and "scope" in r.json()["errorMessage"]


def test_excluded_call_stores_no_media(login_with, org, admin_client):
    admin_client.post("/api/rest/recording/inclusionExclusion",
                      json={"inclusionExclusionType": 2, "inclusionExclusionPatternType": 2, "pattern": "911"})
    agent = login_with("Record Voice", scope_all=False, person=org.agent_a)
    body = agent.post(IMPORT, json={"Called": "911"}).json()
    assert body["recorded"] is False and "exclusion list" in body["reason"]
    r = agent.post(body["audioUploadUrl"], content=wav_bytes(), headers={"Content-Type": "audio/wav"})
    assert r.status_code == 200 and r.json()["status"] == "EXCLUDED" and r.json()["mediaId"] is None
    assert admin_client.get(f"/api/rest/recording/contact/{body['contactId']}").json()["audioUploaded"] is False


def test_permissions_and_bad_bodies(login_with, org, new_client):
    nobody = login_with("Search Contacts")
    assert nobody.post(IMPORT, json={}).status_code == 403
    assert nobody.post(f"{AUDIO}?contactId=1", content=wav_bytes(), headers={"Content-Type": "audio/wav"}).status_code == 403
    assert new_client().post(IMPORT, json={}).status_code == 401
    agent = login_with("Record Screen", scope_all=False, person=org.agent_a)
    assert agent.post(IMPORT, content=b"[1,2]", headers={"Content-Type": "application/json"}).status_code == 400
    assert agent.post(IMPORT, content=b"{nope", headers={"Content-Type": "application/json"}).status_code == 400
    r = agent.post(IMPORT, json={"ContactStartTimeMs": "soon", "Direction": 4})
    assert r.status_code == 400 and "ContactStartTimeMs" in r.json()["errorMessage"]
    assert agent.post(f"{AUDIO}", content=wav_bytes(), headers={"Content-Type": "audio/wav"}).status_code == 400
    assert agent.post(f"{AUDIO}?contactId=987654", content=wav_bytes(),
                      headers={"Content-Type": "audio/wav"}).status_code == 404
