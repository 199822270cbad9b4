"""Duplicate rows in one upload, media of an uncommitted import, expired exports, and the
reference's looser request forms (metadata key~op, POST to delete a list, direction words)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from openwfo.kit.clock import clock
from openwfo.models import Contact, ContactExport, ContactMedia
from openwfo.recording.export.service import KEEP_MS, purge_expired
from openwfo.recording.imports.parsing import parse_json_text
from openwfo.recording.imports.service import ImportContext, import_contacts
from openwfo.storage.local import LocalStorage

from .media import post_csv, post_json_contacts, wav_bytes

T0 = 1447100000000
LISTS = "/api/rest/recording/inclusionExclusion"


def test_same_call_twice_in_one_upload_is_one_contact(admin_client, org, app):
    row = {"AgentId": str(org.agent_a.id), "CallId": "dup-1", "ContactStartTimeMs": T0}
    body = post_json_contacts(admin_client, [
        {**row, "CustomMetadata": {"a": "1"}, "Audio": [{"Location": "one.wav"}]},
        {**row, "CustomMetadata": {"b": "2"}, "Audio": [{"Location": "two.wav"}]},
        {**row, "ContactStartTimeMs": T0 + 1},  # another start: another contact
    ], {"one.wav": wav_bytes(), "two.wav": wav_bytes()}).json()
    first, second, other = body["contacts"]
    assert first["status"] == "SUCCESS" and second["status"] == "MERGED"
    assert second["contactId"] == first["contactId"] and other["contactId"] != first["contactId"]
    assert second["recordings"][0]["status"] == "SKIPPED"  # the contact already has its audio
    with app.state.database.session(org.tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(Contact).where(Contact.call_id == "dup-1")) == 2
        assert db.scalar(select(func.count()).select_from(ContactMedia)
                         .where(ContactMedia.contact_id == first["contactId"])) == 1
    meta = admin_client.get(f"/api/rest/recording/contact/{first['contactId']}/metadata").json()
    assert meta == {"a": {"key": "a", "value": "1"}, "b": {"key": "b", "value": "2"}}
    csv = f"AgentId,CallId,ContactStartTimeMs\n{org.agent_b.id},dup-2,{T0}\n{org.agent_b.id},dup-2,{T0}\n"
    rows = post_csv(admin_client, csv).json()["contacts"]
    assert [r["status"] for r in rows] == ["SUCCESS", "MERGED"] and rows[0]["contactId"] == rows[1]["contactId"]


def test_media_of_an_import_that_does_not_commit_are_removed(org, app, tmp_path):
    storage = LocalStorage(tmp_path / "media")
    wav = tmp_path / "call.wav"
    wav.write_bytes(wav_bytes())
    specs = parse_json_text(f'{{"AgentId": "{org.agent_a.id}", "Audio": [{{"Location": "call.wav"}}]}}', "x.json")
    with pytest.raises(RuntimeError), app.state.database.session(org.tenant.id) as db:
        ctx = ImportContext(tenant_id=org.tenant.id, storage=storage, source="bulk")
        report = import_contacts(db, ctx, specs, {"call.wav": wav})
        assert report["status"] == "SUCCESS"
        assert list((tmp_path / "media").rglob("*.wav"))  # stored before the commit
        raise RuntimeError("the commit does not happen")
    assert not list((tmp_path / "media").rglob("*.wav"))
    with app.state.database.session(org.tenant.id) as db:  # committed: the file stays
        ctx = ImportContext(tenant_id=org.tenant.id, storage=storage, source="bulk")
        import_contacts(db, ctx, specs, {"call.wav": wav})
    assert len(list((tmp_path / "media").rglob("*.wav"))) == 1


def test_expired_exports_are_deleted_with_their_files(admin_client, org, app, tmp_path):
    cid = post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id), "Audio": [{"Location": "a.wav"}]}],
                             {"a.wav": wav_bytes()}).json()["contacts"][0]["contactId"]
    storage = LocalStorage(tmp_path / "media")
    now = clock.now_ms()
    storage.put_bytes("t1/exports/old.wav", b"old")
    storage.put_bytes("t1/exports/new.wav", b"new")
    with app.state.database.session(org.tenant.id) as db:
        db.add(ContactExport(contact_id=cid, format="WAV", status="ready", storage_key="t1/exports/old.wav",
                             created_ms=now - KEEP_MS - 5000, finished_ms=now - KEEP_MS - 1000))
        db.add(ContactExport(contact_id=cid, format="OPUS", status="ready", storage_key="t1/exports/new.wav",
                             created_ms=now - 5000, finished_ms=now - 1000))
    with app.state.database.session(org.tenant.id) as db:
        assert purge_expired(db, storage, now) == 1
    with app.state.database.session(org.tenant.id) as db:
        assert list(db.scalars(select(ContactExport.format))) == ["OPUS"]
    assert not storage.exists("t1/exports/old.wav") and storage.exists("t1/exports/new.wav")


def test_starting_an_export_purges_the_tenants_expired_ones(admin_client, org, app):
    cid = post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id), "Audio": [{"Location": "a.wav"}]}],
                             {"a.wav": wav_bytes()}).json()["contacts"][0]["contactId"]
    old = clock.now_ms() - KEEP_MS - 1000
    with app.state.database.session(org.tenant.id) as db:
        db.add(ContactExport(contact_id=cid, format="OPUS", status="failed", error="x", created_ms=old,
                             finished_ms=old))
    assert admin_client.post(f"/api/rest/recording/media/export/contact/{cid}?type=WAV").json() == {"encoding": "true"}
    with app.state.database.session(org.tenant.id) as db:
        assert "OPUS" not in set(db.scalars(select(ContactExport.format)))


def test_metadata_key_and_operator_without_value_means_has_key(admin_client, org):
    now = clock.now_ms()
    ids = [c["contactId"] for c in post_json_contacts(admin_client, [
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 1000, "CustomMetadata": {"phone": "555-1234"}},
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 2000, "CustomMetadata": {"other": "1"}},
    ]).json()["contacts"]]
    for q in ("metadata=phone~equals", "metadata=phone~equals~", "metadata=phone", "metadata=phone~contains~*"):
        r = admin_client.get(f"/api/rest/recording/contact?{q}")
        assert r.status_code == 200 and [c["id"] for c in r.json()] == [ids[0]], q
    assert admin_client.get("/api/rest/recording/contact?metadata=phone~like").status_code == 400


def test_post_on_a_list_without_a_body_deletes_it(admin_client):
    made = admin_client.post(LISTS, json={"inclusionExclusionType": 2, "inclusionExclusionPatternType": 1,
                                          "pattern": "612*", "inclusionExclusionCallDirection": 3}).json()
    lid = made["inclusionExclusionListId"]
    r = admin_client.post(f"{LISTS}/{lid}", json={**made, "pattern": "763*"})
    assert r.status_code == 200 and r.json()["pattern"] == "763*"
    r = admin_client.post(f"{LISTS}/{lid}", json={"inclusionExclusionType": 9})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "inclusionExclusionType"
    assert admin_client.post(f"{LISTS}/{lid}").status_code == 200
    assert admin_client.get(f"{LISTS}/{lid}").status_code == 404
    assert admin_client.post(f"{LISTS}/{lid}").status_code == 404
    other = admin_client.post(LISTS, json={"inclusionExclusionType": 1}).json()["inclusionExclusionListId"]
    assert admin_client.post(f"{LISTS}/{other}", json={"inclusionExclusionListId": other}).status_code == 200
    assert admin_client.get(f"{LISTS}/{other}").status_code == 404


def test_direction_as_a_word(admin_client, org):
    csv = (f"AgentId,ContactStartTimeMs,Direction\n{org.agent_a.id},{T0},inbound\n"
           f"{org.agent_a.id},{T0 + 1},Outbound\n{org.agent_a.id},{T0 + 2},sideways\n")
    rows = post_csv(admin_client, csv).json()["contacts"]
    assert [r["status"] for r in rows] == ["SUCCESS", "SUCCESS", "FAILED"]
    got = [admin_client.get(f"/api/rest/recording/contact/{r['contactId']}").json()["direction"] for r in rows[:2]]
    assert got == [1, 0]


def test_basic_search_gives_the_playback_link_of_a_call_in_progress(admin_client, org):
    now = clock.now_ms()
    post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 1000,
                                       "Calling": "5557777", "InProgress": True}])
    r = admin_client.get("/api/rest/recording/contactBasicSearch?ani=5557777").json()
    assert r["isComplete"] is False and r["recordingUrl"].endswith(f"/api/rest/recording/contact/{r['id']}/recording")


def test_events_are_named_event_as_expand_and_exclude_name_them(admin_client, org):
    cid = post_json_contacts(admin_client, [{
        "AgentId": str(org.agent_a.id), "ContactStartTimeMs": clock.now_ms() - 1000,
        "Events": [{"Type": "silence", "StartOffsetMs": 100, "DurationMs": 4000}]}]).json()["contacts"][0]["contactId"]
    url = f"/api/rest/recording/contact/{cid}"
    c = admin_client.get(url).json()
    assert c["event"] == {"$ref": f"{url}/event"} == c["events"]
    c = admin_client.get(url + "?expand=event").json()
    assert [(e["type"], e["startOffset"], e["duration"]) for e in c["event"]] == [("silence", 100, 4000)]
    assert admin_client.get(url + "?expand=event&exclude=event").json()["event"] == {"$ref": f"{url}/event"}
    assert admin_client.get(url + "/event").json()[0]["duration"] == 4000
