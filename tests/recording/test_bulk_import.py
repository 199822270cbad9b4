"""Bulk Contact Import API: CSV, JSON, ZIP, recordings, agents, failures that stay per contact."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from openwfo.models import Contact, ContactMedia

from .media import multipart, post_csv, post_json_contacts, wav_bytes, webm_bytes, wmv_bytes

T0 = 1447100000000


def _contact(app, tenant_id, contact_id) -> Contact:
    with app.state.database.session(tenant_id) as db:
        return db.get(Contact, contact_id)


def _media(app, tenant_id, contact_id) -> list[ContactMedia]:
    with app.state.database.session(tenant_id) as db:
        return list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact_id)
                               .order_by(ContactMedia.id)))


def test_csv_full_example_any_order_quotes_metadata_and_two_recordings(admin_client, org, app):
    csv = (
        "Recording2Offset, AgentId, ContactStartTimeMs, TimeZone, AssocCallId, CallId, CalledAddress, Line, "
        "CallingAddress, Direction, Recording1, Recording2, metadata.accountNumber, metadata.note\n"
        f'5000,{org.agent_a.email},{T0},America/Chicago,103585664793210000,30611848,1801,1800,1800,1,'
        f'call1.webmv,call1.wav,1234567890,"hello, world"\n'
        f'"",CORP\\bob,{T0 + 10000},,,30611849,1801,,1800,0,call2.wav,,,\n'
    )
    r = post_csv(admin_client, csv, {"call1.webmv": webm_bytes(audio=False), "call1.wav": wav_bytes(2),
                                     "call2.wav": wav_bytes(1)})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "SUCCESS" and body["imported"] == 2 and body["failed"] == 0
    first, second = body["contacts"]
    assert first["agentId"] == org.agent_a.id and second["agentId"] == org.agent_b.id
    assert {x["name"]: x["type"] for x in first["recordings"]} == {"call1.webmv": "screen", "call1.wav": "audio"}
    assert all(x["status"] == "SUCCESS" and x["mediaId"] for x in first["recordings"])
    c = _contact(app, org.tenant.id, first["contactId"])
    assert (c.start_ms, c.tz, c.ani, c.dnis, c.line, c.direction) == (T0, "America/Chicago", "1800", "1801", "1800", 1)
    assert c.assoc_call_id == "103585664793210000" and c.call_id == "30611848"
    assert c.team_id == org.team_a and c.group_id == org.group_a
    assert c.audio_uploaded and c.screen_uploaded and c.has_recording
    media = {m.original_name: m for m in _media(app, org.tenant.id, c.id)}
    assert media["call1.wav"].offset_ms == 5000 and media["call1.webmv"].offset_ms == 0
    assert c.duration_ms == 7000  # the audio ends 5 s + 2 s after the start
    meta = admin_client.get(f"/api/rest/recording/contact/{c.id}/metadata").json()
    assert {k: v["value"] for k, v in meta.items()} == {"accountNumber": "1234567890", "note": "hello, world"}
    c2 = _contact(app, org.tenant.id, second["contactId"])
    assert c2.tz == "America/Chicago"  # tenant default
    assert c2.ani == "1800" and c2.line is None and c2.direction == 0


def test_csv_short_example_with_person_ids_and_metadata_only_rows(admin_client, org):
    csv = f"AgentId,ContactStartTimeMs,Recording1\n{org.agent_a.id},{T0},\n{org.agent_b.id},,\n"
    body = post_csv(admin_client, csv).json()
    assert body["imported"] == 2
    c = admin_client.get(f"/api/rest/recording/contact/{body['contacts'][1]['contactId']}").json()
    assert c["startTime"] > T0  # no start time: the upload time
    assert c["audioUploaded"] is False and c["recordingUrl"] is None


def test_missing_recording_fails_that_contact_only_and_unreferenced_file_is_ignored(admin_client, org):
    csv = f"AgentId,ContactStartTimeMs,Recording1\n{org.agent_a.id},{T0},there.wav\n{org.agent_a.id},{T0},gone.wav\n"
    body = post_csv(admin_client, csv, {"there.wav": wav_bytes(), "extra.wav": wav_bytes()}).json()
    assert body["status"] == "PARTIAL" and body["imported"] == 1 and body["failed"] == 1
    ok, bad = body["contacts"]
    assert ok["status"] == "SUCCESS" and bad["status"] == "FAILED" and bad["contactId"] is None
    assert bad["recordings"][0]["status"] == "MISSING" and "gone.wav" in bad["reason"]
    assert body["ignoredFiles"] == ["extra.wav"]


def test_agent_id_forms_and_unknown_agents(admin_client, org, factory, tenant):
    other = factory.tenant()
    stranger = factory.person(other.id, email="stranger@example.test")
    csv = ("AgentId,ContactStartTimeMs\n"
           f"{org.agent_a.id},{T0}\n{org.agent_a.email.upper()},{T0}\ncorp\\ALICE,{T0}\ncorp/alice,{T0}\n"
           f"nobody@example.test,{T0}\njust-a-name,{T0}\n{stranger.id},{T0}\nstranger@example.test,{T0}\n,{T0}\n")
    body = post_csv(admin_client, csv).json()
    statuses = [(c["status"], c["agentId"]) for c in body["contacts"]]
    assert statuses[:4] == [("SUCCESS", org.agent_a.id)] * 4
    assert all(s == "FAILED" for s, _ in statuses[4:])
    reasons = [c["reason"] for c in body["contacts"][4:]]
    assert "does not exist" in reasons[0] and "domain\\user" in reasons[1]
    assert "does not exist" in reasons[2] and "does not exist" in reasons[3]  # another tenant's person
    assert "AgentId is required" in reasons[4]


def test_row_errors_stay_per_row(admin_client, org):
    csv = ("AgentId,ContactStartTimeMs,Direction,CallId,metadata.x\n"
           f"{org.agent_a.id},notanumber,1,a,\n{org.agent_a.id},{T0},7,b,\n{org.agent_a.id},{T0},1,{'c' * 129},\n"
           f"{org.agent_a.id},{T0},1\n{org.agent_a.id},{T0},1,ok,{'v' * 2057}\n{org.agent_a.id},{T0},1,fine,\n")
    body = post_csv(admin_client, csv).json()
    reasons = [c.get("reason", "") for c in body["contacts"]]
    assert "ContactStartTimeMs" in reasons[0] and "Direction" in reasons[1] or "direction" in reasons[1]
    assert "128" in reasons[2] and "columns" in reasons[3] and "2056" in reasons[4]
    assert body["contacts"][5]["status"] == "SUCCESS" and body["imported"] == 1


def test_metadata_name_limit_is_a_header_problem_for_every_row(admin_client, org):
    csv = f"AgentId,metadata.{'n' * 40}\n{org.agent_a.id},x\n"
    body = post_csv(admin_client, csv).json()
    assert body["failed"] == 1 and "39" in body["contacts"][0]["reason"]


def test_csv_without_agent_column_or_metadata_is_400(admin_client, org):
    r = post_csv(admin_client, f"ContactStartTimeMs\n{T0}\n")
    assert r.status_code == 400 and "AgentId" in r.json()["errorMessage"]
    r = admin_client.post("/api/upload/contacts", files=multipart({}, {"a.wav": wav_bytes()}))
    assert r.status_code == 400 and "CSV or JSON" in r.json()["errorMessage"]


def test_json_full_example_audio_screen_custom_metadata_and_caller_default(admin_client, org, tenant):
    contacts = [{
        "AgentId": org.agent_a.email, "AssocCallId": "103585664793254280", "CallId": "30611848",
        "Called": "1801", "Calling": "1800", "ClientTimeZone": "Central Standard Time",
        "ContactStartTimeMs": 1447075073000, "Direction": 1,
        "Audio": [{"Location": "25.wav", "StartTimeMs": 1447075080000}],
        "Screen": [{"Location": "25.webm", "StartTimeMs": 1447075075000}],
        "CustomMetadata": {"accountNumber": "123456", "department": "sales"},
    }, {"ContactStartTimeMs": T0, "Calling": "5551234"}]
    r = post_json_contacts(admin_client, contacts, {"25.wav": wav_bytes(1), "25.webm": webm_bytes(audio=False)})
    body = r.json()
    assert r.status_code == 200 and body["status"] == "SUCCESS", body
    first, second = body["contacts"]
    offsets = {x["name"]: (x["type"], x["offsetMs"]) for x in first["recordings"]}
    assert offsets == {"25.wav": ("audio", 7000), "25.webm": ("screen", 2000)}
    c = admin_client.get(f"/api/rest/recording/contact/{first['contactId']}?expand=metadata").json()
    assert c["tz"] == "America/Chicago" and c["dnis"] == "1801" and c["ani"] == "1800"
    assert {k: v["value"] for k, v in c["metadata"].items()} == {"accountNumber": "123456", "department": "sales"}
    assert second["agentId"] == tenant.admin_id  # JSON without AgentId: the caller


def test_json_rules_one_audio_type_check_and_bad_json(admin_client, org):
    contacts = [
        {"AgentId": str(org.agent_a.id), "Audio": [{"Location": "a.wav"}, {"Location": "b.wav"}]},
        {"AgentId": str(org.agent_a.id), "Audio": [{"Location": "v.webmv"}]},
        {"AgentId": str(org.agent_a.id), "Audio": [{"Location": "a.wav"}], "Screen": [{"Location": "a2.wav"}]},
    ]
    body = post_json_contacts(admin_client, contacts, {"a.wav": wav_bytes(), "b.wav": wav_bytes(),
                                                       "a2.wav": wav_bytes(), "v.webmv": webm_bytes(audio=False)}).json()
    reasons = [c["reason"] for c in body["contacts"]]
    assert "single audio" in reasons[0] and "must hold audio" in reasons[1] and "must hold video" in reasons[2]
    r = admin_client.post("/api/upload/contacts", files=multipart({"x.json": "{not json"}))
    assert r.status_code == 400 and "JSON" in r.json()["errorMessage"]


def test_bad_files_are_refused_by_content_not_name(admin_client, org):
    csv = ("AgentId,ContactStartTimeMs,Recording1\n"
           f"{org.agent_a.id},{T0},fake.wav\n{org.agent_a.id},{T0},audio.webmv\n{org.agent_a.id},{T0},call.mp3\n"
           f"{org.agent_a.id},{T0},screen.wmv\n{org.agent_a.id},{T0},voice.spx\n{org.agent_a.id},{T0},both.webm\n")
    body = post_csv(admin_client, csv, {
        "fake.wav": b"RIFF\x00\x00\x00\x00WAVEjunkjunkjunk", "audio.webmv": webm_bytes(video=False),
        "call.mp3": b"ID3", "screen.wmv": wmv_bytes(), "voice.spx": wav_bytes(), "both.webm": webm_bytes()}).json()
    status = [(c["status"], c["recordings"][0]["status"]) for c in body["contacts"]]
    assert status[0] == ("FAILED", "FAILED") and status[1] == ("FAILED", "FAILED")
    assert status[2] == ("FAILED", "FAILED") and "extension" in body["contacts"][2]["reason"]
    assert status[3] == ("SUCCESS", "SUCCESS") and body["contacts"][3]["recordings"][0]["type"] == "combined"
    assert status[4] == ("FAILED", "FAILED") and "SPX" in body["contacts"][4]["reason"]
    assert status[5] == ("SUCCESS", "SUCCESS") and body["contacts"][5]["recordings"][0]["type"] == "combined"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_is_flattened_and_mixes_with_loose_files(admin_client, org):
    csv = f"AgentId,ContactStartTimeMs,Recording1\n{org.agent_a.id},{T0},call1.wav\n{org.agent_b.id},{T0},call2.wav\n"
    archive = _zip({"batch/meta/batch.csv": csv.encode(), "deep/er/call1.wav": wav_bytes(), "__MACOSX/._call1.wav": b"x"})
    r = admin_client.post("/api/upload/contacts", files=[("file", ("batch.zip", archive, "application/zip")),
                                                          ("file", ("call2.wav", wav_bytes(), "audio/wav"))])
    body = r.json()
    assert r.status_code == 200 and body["status"] == "SUCCESS", body
    assert [c["recordings"][0]["status"] for c in body["contacts"]] == ["SUCCESS", "SUCCESS"]


def test_zip_bomb_and_broken_zip_are_refused(admin_client, org):
    bomb = _zip({"big.wav": b"\0" * (8 * 1024 * 1024)})  # compresses far more than 200:1
    r = admin_client.post("/api/upload/contacts", files=[("file", ("b.zip", bomb, "application/zip"))])
    assert r.status_code == 413
    r = admin_client.post("/api/upload/contacts", files=[("file", ("b.zip", b"PK\x03\x04broken", "application/zip"))])
    assert r.status_code == 400 and "ZIP" in r.json()["errorMessage"]


def test_duplicate_file_names_are_refused(admin_client, org):
    csv = f"AgentId,Recording1\n{org.agent_a.id},a.wav\n"
    r = admin_client.post("/api/upload/contacts", files=multipart({"c.csv": csv}) + [
        ("file", ("x/a.wav", wav_bytes(), "audio/wav")), ("file", ("y/a.wav", wav_bytes(), "audio/wav"))])
    assert r.status_code == 400 and "twice" in r.json()["errorMessage"]


def test_reimport_merges_and_root_recordings_reconcile(admin_client, org, app):
    row = {"AgentId": str(org.agent_a.id), "CallId": "merge-1", "ContactStartTimeMs": T0, "CustomMetadata": {"a": "1"}}
    first = post_json_contacts(admin_client, [row]).json()["contacts"][0]
    again = post_json_contacts(admin_client, [{**row, "CustomMetadata": {"b": "2"}, "Audio": [{"Location": "m.wav"}]}],
                               {"m.wav": wav_bytes()}).json()["contacts"][0]
    assert again["status"] == "MERGED" and again["contactId"] == first["contactId"]
    meta = admin_client.get(f"/api/rest/recording/contact/{first['contactId']}/metadata").json()
    assert {k: v["value"] for k, v in meta.items()} == {"a": "1", "b": "2"}
    assert _contact(app, org.tenant.id, first["contactId"]).audio_uploaded
    root = post_json_contacts(admin_client, [{"RootRecording": True, "CallId": "gw-9", "ContactStartTimeMs": T0,
                                              "Audio": [{"Location": "gw.wav"}]}], {"gw.wav": wav_bytes()}).json()
    rid = root["contacts"][0]["contactId"]
    c = admin_client.get(f"/api/rest/recording/contact/{rid}").json()
    assert c["agent"] is None and c["rootRecording"] is True and c["reconciled"] is False
    rec = post_json_contacts(admin_client, [{"AgentId": str(org.agent_b.id), "CallId": "gw-9",
                                             "ContactStartTimeMs": T0 + 500}]).json()["contacts"][0]
    assert rec["status"] == "RECONCILED" and rec["contactId"] == rid
    c = admin_client.get(f"/api/rest/recording/contact/{rid}").json()
    assert c["agent"]["id"] == org.agent_b.id and c["reconciled"] is True and c["team"]["id"] == org.team_b


def test_exclusion_list_keeps_recordings_out(admin_client, org, app):
    r = admin_client.post("/api/rest/recording/inclusionExclusion", json={
        "inclusionExclusionType": 2, "inclusionExclusionPatternType": 1, "pattern": "612*",
        "inclusionExclusionCallDirection": 3})
    list_id = r.json()["inclusionExclusionListId"]
    csv = (f"AgentId,ContactStartTimeMs,CallingAddress,Recording1\n{org.agent_a.id},{T0},6125550101,x.wav\n"
           f"{org.agent_a.id},{T0},7635550101,y.wav\n")
    body = post_csv(admin_client, csv, {"x.wav": wav_bytes(), "y.wav": wav_bytes()}).json()
    excluded, kept = body["contacts"]
    assert body["excluded"] == 1 and excluded["recorded"] is False and kept["recorded"] is True
    assert excluded["recordings"][0]["status"] == "EXCLUDED"
    assert f"exclusion list {list_id}" in excluded["recordings"][0]["reason"]
    assert _media(app, org.tenant.id, excluded["contactId"]) == []
    assert len(_media(app, org.tenant.id, kept["contactId"])) == 1
    c = admin_client.get(f"/api/rest/recording/contact/{excluded['contactId']}").json()
    assert c["audioUploaded"] is False and "exclusion list" in c["exclusionReason"]


def test_bulk_import_needs_administer_tenant_and_bulk_import(login_with, org):
    csv = f"AgentId\n{org.agent_a.id}\n"
    only_admin = login_with("Administer Tenant")
    assert post_csv(only_admin, csv).status_code == 403
    only_bulk = login_with("Bulk Import")
    assert post_csv(only_bulk, csv).status_code == 403
    both = login_with("Administer Tenant", "Bulk Import")
    assert post_csv(both, csv).status_code == 200


def test_bulk_import_agents_limited_to_scope(login_with, org):
    c = login_with("Administer Tenant", "Bulk Import", scope_all=False, scope_teams=[org.team_a])
    body = post_csv(c, f"AgentId\n{org.agent_a.id}\n{org.agent_b.id}\n").json()
    assert [x["status"] for x in body["contacts"]] == ["SUCCESS", "FAILED"]


def test_plain_json_body_and_form_field_documents(admin_client, org):
    r = admin_client.post("/api/upload/contacts", json=[{"AgentId": str(org.agent_a.id), "ContactStartTimeMs": T0}])
    assert r.status_code == 200 and r.json()["imported"] == 1
    r = admin_client.post("/api/upload/contacts", data={"metadata": f"AgentId,ContactStartTimeMs\n{org.agent_a.id},{T0}\n"},
                          files=[("file", ("a.wav", wav_bytes(), "audio/wav"))])
    assert r.status_code == 200 and r.json()["imported"] == 1 and r.json()["ignoredFiles"] == ["a.wav"]
    assert json.loads(json.dumps(r.json()))["ignoredColumns"] == []
