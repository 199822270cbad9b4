"""Recording controls: every command on an agent's live call, the ignored cases, segment with and
without delete, active_call_only, each way of naming the person, and scope refusal."""

from __future__ import annotations

from openwfo.models import AcdServer, Device, DeviceExtension, Person, RecordingControlState
from openwfo.org.devices.service import person_for_extension

from .conftest import RC, end_call, live_call


def _events(client, cid):
    r = client.get(f"/api/rest/recording/contact/{cid}/event")
    assert r.status_code == 200, r.text
    return [e for e in r.json() if e["type"] == "pause"]


def _contact(client, cid, expand=""):
    r = client.get(f"/api/rest/recording/contact/{cid}" + (f"?expand={expand}" if expand else ""))
    return r


def test_pause_and_resume_record_pause_events(agent, admin_client, org, frozen):
    cid = live_call(admin_client, org.agent_a.id)
    frozen.advance(seconds=5)
    r = agent.post(f"{RC}/pause", json={})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "APPLIED" and body["contactId"] == cid and body["offsetMs"] == 5000
    frozen.advance(seconds=1)
    again = agent.post(f"{RC}/PAUSE", json={}).json()  # commands are case-insensitive
    assert again["status"] == "IGNORED" and "already paused" in again["reason"]
    state = agent.get(f"{RC}/state").json()
    assert state["paused"] is True and state["pausedContactId"] == cid and state["activeCall"]["id"] == cid
    frozen.advance(seconds=3)
    r = agent.post(f"{RC}/Resume", json={}).json()
    assert r["status"] == "APPLIED" and r["durationMs"] == 4000 and r["contactId"] == cid
    r = agent.post(f"{RC}/resume", json={}).json()
    assert r["status"] == "IGNORED" and "not paused" in r["reason"]
    frozen.advance(seconds=2)
    agent.post(f"{RC}/pause")  # no body at all is accepted too
    frozen.advance(seconds=1)
    agent.post(f"{RC}/resume", json={})
    events = _events(admin_client, cid)
    assert [(e["startOffset"], e["duration"]) for e in events] == [(5000, 4000), (11000, 1000)]
    c = _contact(admin_client, cid, "eventCalculations").json()
    assert c["eventCalculations"]["pauseCount"] == 2


def test_pause_without_a_call_is_ignored_and_call_end_closes_an_open_pause(agent, admin_client, org, frozen):
    r = agent.post(f"{RC}/pause", json={}).json()
    assert r["status"] == "IGNORED" and r["reason"] == "no call in progress" and r["contactId"] is None
    cid = live_call(admin_client, org.agent_a.id)
    frozen.advance(seconds=2)
    assert agent.post(f"{RC}/pause", json={}).json()["status"] == "APPLIED"
    frozen.advance(seconds=3)
    end_call(admin_client, cid)
    assert agent.get(f"{RC}/state").json()["paused"] is False
    (event,) = _events(admin_client, cid)
    assert event["duration"] == 3000
    assert agent.post(f"{RC}/resume", json={}).json()["status"] == "IGNORED"
    # a pause on the previous call makes no sense: ignored
    assert agent.post(f"{RC}/pause", json={}).json()["status"] == "IGNORED"


def test_tag_active_and_previous_call_and_active_call_only(agent, admin_client, org):
    r = agent.post(f"{RC}/tag", json={}).json()
    assert r["status"] == "IGNORED" and "previous call" in r["reason"]
    first = live_call(admin_client, org.agent_a.id)
    r = agent.post(f"{RC}/tag", json={}).json()
    assert r["status"] == "APPLIED" and r["contactId"] == first and r["activeCall"] is True
    c = _contact(admin_client, first).json()
    assert c["tagged"] is True and c["qualityReason"]["reasonId"] == 6
    end_call(admin_client, first)
    second = live_call(admin_client, org.agent_a.id, ContactStartTimeMs=c["startTime"] + 60_000)
    end_call(admin_client, second)
    r = agent.post(f"{RC}/tag?active_call_only=true", json={}).json()
    assert r["status"] == "IGNORED" and r["reason"] == "no call in progress"
    assert _contact(admin_client, second).json()["tagged"] is False
    r = agent.post(f"{RC}/tag?active_call_only=false", json={}).json()
    assert r["status"] == "APPLIED" and r["contactId"] == second and r["activeCall"] is False
    assert agent.post(f"{RC}/tag?active_call_only=maybe", json={}).status_code == 400


def test_metadata_sets_defined_keys_and_ignores_unknown_ones(agent, admin_client, org):
    cid = live_call(admin_client, org.agent_a.id, CustomMetadata={"ticket": "T-1", "outcome": "open"})
    r = agent.post(f"{RC}/metadata", json={"metadata": [{"name": "Ticket", "value": "T-2"},
                                                         {"name": "outcome", "value": 42},
                                                         {"name": "never-defined", "value": "x"}]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "APPLIED" and body["contactId"] == cid
    assert body["appliedKeys"] == ["outcome", "ticket"] and body["ignoredKeys"] == ["never-defined"]
    meta = admin_client.get(f"/api/rest/recording/contact/{cid}/metadata").json()
    assert {k: v["value"] for k, v in meta.items()} == {"ticket": "T-2", "outcome": "42"}
    r = agent.post(f"{RC}/metadata", json={"metadata": [{"name": "nope", "value": "x"}]}).json()
    assert r["status"] == "IGNORED" and r["ignoredKeys"] == ["nope"]
    assert agent.post(f"{RC}/metadata", json={}).status_code == 400
    assert agent.post(f"{RC}/metadata", json={"metadata": [{"value": "x"}]}).status_code == 400
    end_call(admin_client, cid)
    r = agent.post(f"{RC}/metadata?active_call_only=true", json={"metadata": [{"name": "ticket", "value": "T-3"}]})
    assert r.json()["status"] == "IGNORED"
    r = agent.post(f"{RC}/metadata", json={"metadata": [{"name": "ticket", "value": "T-3"}]}).json()
    assert r["status"] == "APPLIED" and r["contactId"] == cid and r["activeCall"] is False
    assert admin_client.get(f"/api/rest/recording/contact/{cid}/metadata").json()["ticket"]["value"] == "T-3"


def test_metadata_by_contact_id(agent, admin_client, login_with, org):
    mine = live_call(admin_client, org.agent_a.id, CustomMetadata={"ticket": "T-1"})
    end_call(admin_client, mine)
    other = live_call(admin_client, org.agent_b.id)
    r = agent.post(f"{RC}/metadata?ccrId={mine}", json={"metadata": [{"name": "ticket", "value": "T-9"}]}).json()
    assert r["status"] == "APPLIED" and r["contactId"] == mine
    assert admin_client.get(f"/api/rest/recording/contact/{mine}/metadata").json()["ticket"]["value"] == "T-9"
    r = agent.post(f"{RC}/metadata?ccrId={other}", json={"metadata": [{"name": "ticket", "value": "x"}]})
    assert r.status_code == 404  # not in the agent's scope
    assert admin_client.post(f"{RC}/metadata?ccrId=999999999", json={"metadata": []}).status_code == 404


def test_segment_saves_or_deletes_the_previous_segment(agent, admin_client, org, frozen):
    cid = live_call(admin_client, org.agent_a.id, CustomMetadata={"ticket": "T-1"})
    frozen.advance(seconds=10)
    r = agent.post(f"{RC}/segment", json={}).json()
    assert r["status"] == "APPLIED" and r["previousContactId"] == cid and r["previousDeleted"] is False
    second = r["contactId"]
    assert second != cid and r["audioUploadUrl"].endswith(f"contactId={second}")
    old, new = _contact(admin_client, cid, "metadata").json(), _contact(admin_client, second, "metadata").json()
    assert old["isComplete"] is True and old["callDuration"] == 10000
    assert new["isComplete"] is False and new["agent"]["id"] == org.agent_a.id and new["ani"] == old["ani"]
    assert new["startTime"] == old["startTime"] + 10000 and new["metadata"]["ticket"]["value"] == "T-1"
    # pause carries over into the next segment; segment and delete drops the previous one at once
    assert agent.post(f"{RC}/pause", json={}).json()["contactId"] == second
    frozen.advance(seconds=4)
    r = agent.post(f"{RC}/segment", json={"delete": "true"}).json()
    assert r["status"] == "APPLIED" and r["previousContactId"] == second and r["previousDeleted"] is True
    third = r["contactId"]
    assert _contact(admin_client, second).status_code == 404
    assert _contact(admin_client, cid).status_code == 200
    state = agent.get(f"{RC}/state").json()
    assert state["paused"] is True and state["pausedContactId"] == third and state["activeCall"]["id"] == third
    audit = admin_client.get(f"/api/rest/recording/retention/audit?contactId={second}&action=segment_delete")
    assert audit.status_code == 200 and [a["contactId"] for a in audit.json()] == [second]
    assert agent.post(f"{RC}/segment", json={"delete": "perhaps"}).status_code == 400
    end_call(admin_client, third)
    r = agent.post(f"{RC}/segment", json={"delete": True}).json()
    assert r["status"] == "IGNORED" and r["reason"] == "no call in progress"


def test_screen_only_recording(agent, admin_client, org, frozen):
    r = agent.post(f"{RC}/stop_screen", json={}).json()
    assert r["status"] == "IGNORED"
    call = live_call(admin_client, org.agent_a.id)
    r = agent.post(f"{RC}/start_screen", json={}).json()
    assert r["status"] == "APPLIED" and r["contactId"] != call and "upload/video" in r["videoUploadUrl"]
    screen = r["contactId"]
    again = agent.post(f"{RC}/Start_Screen", json={}).json()
    assert again["status"] == "IGNORED" and again["contactId"] == screen
    # the screen-only recording is not the active call: tag still finds the call
    assert agent.post(f"{RC}/tag", json={}).json()["contactId"] == call
    frozen.advance(seconds=7)
    r = agent.post(f"{RC}/stop_screen", json={}).json()
    assert r["status"] == "APPLIED" and r["contactId"] == screen and r["durationMs"] == 7000
    c = _contact(admin_client, screen).json()
    assert c["isComplete"] is True and c["agent"]["id"] == org.agent_a.id
    assert agent.post(f"{RC}/stop_screen", json={}).json()["status"] == "IGNORED"


def test_login_and_logout_hoteling(agent, admin_client, org, factory, tenant):
    with factory.database.session(tenant.id) as db:
        device = Device(name=factory.unique("phone"), person_id=org.agent_b.id)
        device.extensions = [DeviceExtension(extension="4321", position=0)]
        db.add(device)
    assert agent.post(f"{RC}/login", json={}).status_code == 400
    assert agent.post(f"{RC}/login", json={"extension": "9999"}).status_code == 404
    r = agent.post(f"{RC}/login", json={"extension": "4321"}).json()
    assert r["status"] == "APPLIED" and r["extension"] == "4321"
    with factory.database.session(tenant.id) as db:
        assert person_for_extension(db, "4321").id == org.agent_a.id  # hoteling wins over the association
    # another person logging in to the same phone takes it over
    r = admin_client.post(f"{RC}/user/{org.agent_b.id}/login", json={"extension": 4321}).json()
    assert r["status"] == "APPLIED" and r["personId"] == org.agent_b.id
    assert agent.get(f"{RC}/state").json()["extension"] is None
    r = agent.post(f"{RC}/logout", json={"extension": "4321"}).json()
    assert r["status"] == "IGNORED"
    r = admin_client.post(f"{RC}/user/{org.agent_b.id}/logout", json={"extension": "1111"}).json()
    assert r["status"] == "IGNORED" and "1111" in r["reason"]
    r = admin_client.post(f"{RC}/user/{org.agent_b.id}/logout", json={}).json()
    assert r["status"] == "APPLIED" and r["extension"] == "4321"
    with factory.database.session(tenant.id) as db:
        assert person_for_extension(db, "4321").id == org.agent_b.id  # the device's own person again
        assert db.get(RecordingControlState, org.agent_b.id).extension is None


def test_each_way_of_naming_the_person(login_with, admin_client, org, factory, tenant):
    sup = login_with("Recording Controls", scope_all=False, scope_teams=[org.team_a])
    cid = live_call(admin_client, org.agent_a.id)
    by_id = sup.post(f"{RC}/user/{org.agent_a.id}/tag", json={}).json()
    assert by_id["status"] == "APPLIED" and by_id["personId"] == org.agent_a.id and by_id["contactId"] == cid
    by_ad = sup.post(f"{RC}/tag", params={"personId": "corp\\ALICE"}, json={}).json()
    assert by_ad["personId"] == org.agent_a.id and by_ad["contactId"] == cid
    by_email = sup.post(f"{RC}/user/{org.agent_a.email.upper()}/tag", json={}).json()
    assert by_email["personId"] == org.agent_a.id
    assert sup.post(f"{RC}/tag", params={"personId": "alice"}, json={}).status_code == 400
    with factory.database.session(tenant.id) as db:
        server = AcdServer(name=factory.unique("acd"), acd_type="Cisco UCCE", peripheral_id="5000")
        db.add(server)
        db.flush()
        db.get(Person, org.agent_a.id).acd_server_id = server.id
        server_id = server.id
    acd = {"metadata": {"acdId": "1001", "acdServerId": str(server_id)}}
    r = sup.post(f"{RC}/pause", json=acd).json()
    assert r["status"] == "APPLIED" and r["personId"] == org.agent_a.id and r["contactId"] == cid
    r = sup.post(f"{RC}/tag", params={"acdId": "1001", "acdServerId": str(server_id)}, json={}).json()
    assert r["status"] == "APPLIED" and r["personId"] == org.agent_a.id  # the query form
    peripheral = {"metadata": {"acdId": "1001", "acdServerId": "5000", "acdServerType": "UCCE"}}
    r = sup.post(f"{RC}/resume", json=peripheral).json()
    assert r["status"] == "APPLIED" and r["personId"] == org.agent_a.id
    # acd entries may also ride in the metadata command's list; they name the person and are not set
    r = sup.post(f"{RC}/metadata", json={"metadata": [
        {"name": "acdId", "value": "1001"}, {"name": "acdServerId", "value": str(server_id)}]}).json()
    assert r["personId"] == org.agent_a.id and r["status"] == "IGNORED" and r["ignoredKeys"] == []
    assert sup.post(f"{RC}/pause", json={"metadata": {"acdId": "1001"}}).status_code == 400
    assert sup.post(f"{RC}/pause", json={"metadata": {"acdId": "1001", "acdServerId": "5000"}}).status_code == 400
    assert sup.post(f"{RC}/pause", json={"metadata": {"acdId": "7777", "acdServerId": str(server_id)}}).status_code == 404


def test_scope_refusal_changes_nothing(login_with, admin_client, org):
    sup = login_with("Recording Controls", scope_all=False, scope_teams=[org.team_a])
    cid = live_call(admin_client, org.agent_b.id)
    for url, params in ((f"{RC}/user/{org.agent_b.id}/pause", {}), (f"{RC}/pause", {"personId": "CORP\\bob"}),
                        (f"{RC}/user/{org.agent_b.email}/tag", {})):
        r = sup.post(url, params=params, json={})
        assert r.status_code == 404 and "scope" in r.json()["errorMessage"]
    c = admin_client.get(f"/api/rest/recording/contact/{cid}").json()
    assert c["tagged"] is False
    assert admin_client.get(f"{RC}/state", params={"personId": str(org.agent_b.id)}).json()["paused"] is False
    assert sup.post(f"{RC}/user/999999999/pause", json={}).status_code == 404


def test_unknown_command_and_permission(agent, login_with):
    r = agent.post(f"{RC}/explode", json={})
    assert r.status_code == 400 and "Unknown recording control command" in r.json()["errorMessage"]
    assert agent.post(f"{RC}/user/{agent.person.id}/explode", json={}).status_code == 400
    nobody = login_with("View Schedules", scope_all=False)
    assert nobody.post(f"{RC}/pause", json={}).status_code == 403


def test_a_bulk_import_completing_the_call_closes_its_pause(agent, admin_client, org, frozen):
    from ..media import post_json_contacts

    start = frozen.now_ms()
    cid = live_call(admin_client, org.agent_a.id, ContactStartTimeMs=start, CallId="bulk-done-1")
    frozen.advance(seconds=2)
    assert agent.post(f"{RC}/pause", json={}).json()["status"] == "APPLIED"
    frozen.advance(seconds=3)
    r = post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id), "ContactStartTimeMs": start,
                                           "CallId": "bulk-done-1", "InProgress": False, "CallDurationMs": 6000}])
    assert r.status_code == 200 and r.json()["contacts"][0]["status"] == "MERGED", r.text
    assert agent.get(f"{RC}/state").json()["paused"] is False
    (event,) = _events(admin_client, cid)
    assert (event["startOffset"], event["duration"]) == (2000, 4000)  # to the call's end (6 s)


def test_concurrent_pauses_apply_once(login_with, admin_client, org, new_client, factory, tenant):
    """The person's state row is locked per command: of simultaneous pauses exactly one applies
    (also when the row does not exist yet)."""
    import threading

    cid = live_call(admin_client, org.agent_a.id)
    clients = []
    for _ in range(6):
        c = new_client()
        factory.login(c, tenant.admin_email, tenant_id=tenant.id)
        clients.append(c)
    answers, barrier = [], threading.Barrier(len(clients))

    def go(c):
        barrier.wait()
        answers.append(c.post(f"{RC}/user/{org.agent_a.id}/pause", json={}))

    threads = [threading.Thread(target=go, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r.status_code == 200 for r in answers), [r.text for r in answers]
    assert sorted(r.json()["status"] for r in answers) == ["APPLIED"] + ["IGNORED"] * 5
    assert len(_events(admin_client, cid)) == 1
