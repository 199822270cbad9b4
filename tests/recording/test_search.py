"""Contact API search: every parameter alone and combined, wildcards, OR, dates, paging, shape, scope."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from openwfo.kit.clock import clock
from openwfo.models import Contact

from .media import post_json_contacts, wav_bytes

URL = "/api/rest/recording/contact"
DAY = 86_400_000


@pytest.fixture
def data(admin_client, org, app):
    """Six contacts over the last days, with numbers, metadata, events, agents in two teams."""
    now = clock.now_ms()
    rows = [
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 1 * DAY, "Calling": "6125550101",
         "Called": "1800", "Line": "2001", "Direction": 1, "AssocCallId": "A-1", "CallId": "c1",
         "CustomMetadata": {"account": "12345", "lang": "en"},
         "Events": [{"Type": "silence", "StartOffsetMs": 0, "DurationMs": 12000},
                    {"Type": "silence", "StartOffsetMs": 20000, "DurationMs": 11000},
                    {"Type": "talkover", "StartOffsetMs": 5000, "DurationMs": 6000}],
         "Audio": [{"Location": "a.wav"}]},
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 2 * DAY, "Calling": "6125550199",
         "Called": "1900", "Line": "2002", "Direction": 0, "AssocCallId": "A-1", "CallId": "c2",
         "CustomMetadata": {"account": "99999"}, "Events": [{"Type": "silence", "DurationMs": 4000}]},
        {"AgentId": str(org.agent_b.id), "ContactStartTimeMs": now - 3 * DAY, "Calling": "7635550101",
         "Called": "1800", "Line": "3001", "CallId": "c3", "CustomMetadata": {"lang": "de", "account": "123"},
         "ContactType": "archive", "Audio": [{"Location": "b.wav"}]},
        {"AgentId": str(org.agent_b.id), "ContactStartTimeMs": now - 4 * DAY, "Calling": "+4420794600",
         "Called": "1801", "Line": "3002", "CallId": "c4"},
        {"AgentId": str(org.agent_b.id), "ContactStartTimeMs": now - 70 * DAY, "Calling": "6125550101",
         "CallId": "c5-old"},
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 5 * DAY, "Calling": "6125550101",
         "CallId": "c6", "InProgress": True},
    ]
    body = post_json_contacts(admin_client, rows, {"a.wav": wav_bytes(), "b.wav": wav_bytes()}).json()
    assert body["status"] == "SUCCESS", body
    ids = {r["CallId"]: c["contactId"] for r, c in zip(rows, body["contacts"], strict=True)}
    with app.state.database.session(org.tenant.id) as db:
        db.execute(update(Contact).where(Contact.id == ids["c1"]).values(hr=True, scored=True, tagged=True))
        db.execute(update(Contact).where(Contact.id == ids["c2"]).values(training=True, needs_approval=True,
                                                                          eval_in_progress=True))
    return ids


def _ids(client, query: str = "", status: int = 200) -> list[int]:
    r = client.get(URL + ("?" + query if query else ""))
    assert r.status_code == status, r.text
    return [c["id"] for c in r.json()] if status == 200 else []


def test_default_last_60_days_newest_first(admin_client, data):
    assert _ids(admin_client) == [data[k] for k in ("c1", "c2", "c3", "c4", "c6")]


def test_date_parameters(admin_client, data):
    today = dt.datetime.fromtimestamp(clock.now_ms() / 1000, dt.UTC).date()
    old = (today - dt.timedelta(days=71)).isoformat()
    assert data["c5-old"] in _ids(admin_client, f"beginDate={old}")
    end = (today - dt.timedelta(days=3)).isoformat()
    got = _ids(admin_client, f"beginDate={old}&endDate={end}")
    assert data["c1"] not in got and data["c5-old"] in got and data["c4"] in got
    assert _ids(admin_client, f"beginDate={today.isoformat()}&beginTime=23:59:59") == []
    assert set(_ids(admin_client, f"endDate={end}&endTime=00:00:00")) <= {data["c4"], data["c6"]}
    for bad in ("beginDate=2024-13-01", "beginDate=yesterday", "endTime=10:00:00", "beginDate=2024-01-01&beginTime=25:00",
                "beginDate=2024-02-01&endDate=2024-01-01"):
        _ids(admin_client, bad, 400)


def test_number_wildcards_and_or(admin_client, data):
    assert _ids(admin_client, "ani=6125550101") == [data["c1"], data["c6"]]
    assert _ids(admin_client, "ani=612*") == [data["c1"], data["c2"], data["c6"]]
    assert _ids(admin_client, "ani=61255501?9") == [data["c2"]]
    assert _ids(admin_client, "ani=*0101") == [data["c1"], data["c3"], data["c6"]]
    assert _ids(admin_client, "ani=6125550199&ani=7635550101") == [data["c2"], data["c3"]]
    assert _ids(admin_client, "ani=%2B44*") == [data["c4"]]
    assert _ids(admin_client, "dnis=1800") == [data["c1"], data["c3"]]
    assert _ids(admin_client, "dnis=18??&dnis=1900") == [data["c1"], data["c2"], data["c3"], data["c4"]]
    assert _ids(admin_client, "line=200*") == [data["c1"], data["c2"]]
    assert _ids(admin_client, "number=1900&number=3002") == [data["c2"], data["c4"]]
    assert _ids(admin_client, "number=2001") == [data["c1"]]
    assert _ids(admin_client, "assocCallId=A-1") == [data["c1"], data["c2"]]
    assert _ids(admin_client, "ani=6%25") == [] and _ids(admin_client, "ani=6_25550101") == []  # SQL wildcards are literal


def test_agent_team_group_and_names(admin_client, org, data):
    assert _ids(admin_client, f"agent={org.agent_b.id}") == [data["c3"], data["c4"]]
    assert len(_ids(admin_client, f"Agent={org.agent_b.id}")) == 5  # capital A is not the parameter: every agent
    assert _ids(admin_client, f"team={org.team_a}") == [data["c1"], data["c2"], data["c6"]]
    assert _ids(admin_client, f"group={org.group_b}") == [data["c3"], data["c4"]]
    assert _ids(admin_client, f"team={org.team_a}&team={org.team_b}&ani=7*") == [data["c3"]]
    assert _ids(admin_client, "firstName=ali*") == [data["c1"], data["c2"], data["c6"]]
    assert _ids(admin_client, "lastName=Br?wn&lastName=Nobody") == [data["c3"], data["c4"]]
    assert _ids(admin_client, "firstName=Alice&lastName=Brown") == []
    _ids(admin_client, "agent=abc", 400)


def test_metadata_filters(admin_client, data):
    assert _ids(admin_client, "metadata=lang") == [data["c1"], data["c3"]]
    assert _ids(admin_client, "metadata=account~equals~12345") == [data["c1"]]
    assert _ids(admin_client, "metadata=account~beginsWith~123") == [data["c1"], data["c3"]]
    assert _ids(admin_client, "metadata=account~endsWith~99") == [data["c2"]]
    assert _ids(admin_client, "metadata=account~contains~234") == [data["c1"]]
    assert _ids(admin_client, "metadata=account~equals~1*5") == [data["c1"]]
    assert _ids(admin_client, "metadata=account~contains~*") == [data["c1"], data["c2"], data["c3"]]
    assert _ids(admin_client, "metadata=account~equals~") == [data["c1"], data["c2"], data["c3"]]
    assert _ids(admin_client, "metadata=lang~equals~de&metadata=account~equals~99999") == [data["c2"], data["c3"]]
    assert _ids(admin_client, "metadata=nosuchkey") == []
    assert _ids(admin_client, "metadata=Lang") == []  # keys match exactly
    _ids(admin_client, "metadata=account~like~1", 400)
    _ids(admin_client, "metadata=account~1", 400)


def test_recording_type_flags_and_events(admin_client, data):
    assert _ids(admin_client, "hasRecording=true") == [data["c1"], data["c3"]]
    assert _ids(admin_client, "hasRecording=false") == [data["c2"], data["c4"], data["c6"]]
    assert _ids(admin_client, "type=archive") == [data["c3"]]
    assert data["c3"] not in _ids(admin_client, "type=quality")
    _ids(admin_client, "type=gold", 400)
    assert _ids(admin_client, "hr=true") == [data["c1"]] and _ids(admin_client, "hr=1") == [data["c1"]]
    assert data["c1"] not in _ids(admin_client, "hr=0")
    assert _ids(admin_client, "training=true") == [data["c2"]]
    assert _ids(admin_client, "scored=true") == [data["c1"]]
    assert _ids(admin_client, "needsApproval=1") == [data["c2"]]
    assert _ids(admin_client, "inProgress=true") == [data["c2"]]
    assert _ids(admin_client, "tagged=true") == [data["c1"]]
    _ids(admin_client, "hr=maybe", 400)
    assert _ids(admin_client, "silenceDuration=5000") == [data["c1"]]
    assert _ids(admin_client, "silenceDuration=4000") == [data["c1"], data["c2"]]
    assert _ids(admin_client, "silenceEvents=2") == [data["c1"]]
    assert _ids(admin_client, "silenceEvents=2&silenceDuration=10000") == [data["c1"]]
    assert _ids(admin_client, "silenceEvents=2&silenceDuration=11500") == []  # only one event that long
    assert _ids(admin_client, "talkOverDuration=6000") == [data["c1"]]
    assert _ids(admin_client, "talkOverEvents=1&talkOverDuration=7000") == []
    assert _ids(admin_client, "talkOverEvents=1&hasRecording=true&agent=999999") == []
    _ids(admin_client, "silenceDuration=-1", 400)


def test_can_evaluate(admin_client, login_with, org, data):
    evaluator = login_with("Search Contacts", "Evaluate Contacts")
    assert _ids(evaluator, "canEvaluate=true") == [data["c1"]]  # recorded, complete, quality
    assert data["c1"] not in _ids(evaluator, "canEvaluate=false")
    searcher = login_with("Search Contacts")
    assert _ids(searcher, "canEvaluate=true") == []
    own = login_with("Search Contacts", "Evaluate Contacts", person=org.agent_a)
    assert _ids(own, "canEvaluate=true") == []  # nobody evaluates their own calls


def test_paging(admin_client, data):
    assert _ids(admin_client, "limit=2") == [data["c1"], data["c2"]]
    assert _ids(admin_client, "limit=2&offset=2") == [data["c3"], data["c4"]]
    _ids(admin_client, "limit=0", 400)
    assert len(_ids(admin_client, "limit=1001")) == 5  # no upper bound (streamed)


def test_expand_and_exclude(admin_client, data):
    cid = data["c1"]
    c = admin_client.get(f"{URL}/{cid}").json()
    assert c["metadata"] == {"$ref": f"{URL}/{cid}/metadata"} and c["events"] == {"$ref": f"{URL}/{cid}/event"}
    c = admin_client.get(f"{URL}/{cid}?expand=metadata&expand=event").json()
    assert c["metadata"] == {"account": {"key": "account", "value": "12345"}, "lang": {"key": "lang", "value": "en"}}
    assert [(e["type"], e["startOffset"], e["duration"]) for e in c["events"]] == [
        ("silence", 0, 12000), ("talkover", 5000, 6000), ("silence", 20000, 11000)]
    c = admin_client.get(f"{URL}/{cid}?expand=metadata.lang").json()
    assert c["metadata"] == {"$ref": f"{URL}/{cid}/metadata", "lang": {"key": "lang", "value": "en"}}
    c = admin_client.get(f"{URL}/{cid}?expand=metadata&exclude=metadata.account").json()
    assert c["metadata"] == {"account": {"$ref": f"{URL}/{cid}/metadata/account"}, "lang": {"key": "lang", "value": "en"}}
    c = admin_client.get(f"{URL}/{cid}?expand=metadata&exclude=metadata&expand=event&exclude=event").json()
    assert c["metadata"] == {"$ref": f"{URL}/{cid}/metadata"} and c["events"] == {"$ref": f"{URL}/{cid}/event"}
    listed = admin_client.get(f"{URL}?expand=metadata&ani=612*").json()
    assert listed[0]["metadata"]["account"]["value"] == "12345" and listed[2]["metadata"] == {}
    assert admin_client.get(f"{URL}?expand=everything").status_code == 400
    assert admin_client.get(f"{URL}/{cid}?exclude=bogus").status_code == 400


def test_contact_shape_and_refs_resolve(admin_client, org, data):
    c = admin_client.get(f"{URL}/{data['c1']}").json()
    assert c["agent"] == {"$ref": f"/api/rest/recording/person/{org.agent_a.id}", "id": org.agent_a.id,
                          "firstName": "Alice", "lastName": "Anders", "username": org.agent_a.email, "displayId": None}
    assert c["team"]["name"] == "Sales Team" and c["group"]["name"] == "Sales"
    assert c["recordingUrl"] == f"{URL}/{data['c1']}/recording" and c["audioUploaded"] is True
    assert (c["hr"], c["training"], c["silenceEvents"], c["talkOverEvents"]) == (True, False, 2, 1)
    for ref in (c["agent"]["$ref"], c["team"]["$ref"], c["group"]["$ref"], c["archiveWF"]["$ref"],
                c["qualityWF"]["$ref"], c["metadata"]["$ref"], c["events"]["$ref"], c["recordingUrl"]):
        assert admin_client.get(ref).status_code == 200, ref
    wf = admin_client.get(c["qualityWF"]["$ref"]).json()
    assert wf["type"] == "quality" and wf["isDefault"] is True
    assert admin_client.get(c["team"]["$ref"]).json()["group"]["id"] == org.group_a
    assert admin_client.get(f"{URL}/{data['c1']}/metadata/lang").json() == {"key": "lang", "value": "en"}
    assert admin_client.get(f"{URL}/{data['c1']}/metadata/nope").status_code == 404
    media = admin_client.get(f"{URL}/{data['c1']}/media").json()
    assert media[0]["type"] == "audio" and media[0]["contentType"] == "audio/wav"


def test_unknown_id_is_an_error_not_an_empty_list(admin_client, data):
    r = admin_client.get(f"{URL}/987654321")
    assert r.status_code == 404 and r.json()["errorMessage"]


def test_scope_and_tenant_isolation(login_with, org, data, factory, new_client):
    sales = login_with("Search Contacts", scope_all=False, scope_groups=[org.group_a])
    assert _ids(sales) == [data["c1"], data["c2"], data["c6"]]
    assert sales.get(f"{URL}/{data['c3']}").status_code == 404
    assert sales.get(f"/api/rest/recording/person/{org.agent_b.id}").status_code == 404
    assert sales.get(f"/api/rest/recording/team/{org.team_b}").status_code == 404
    assert sales.get(f"/api/rest/recording/group/{org.group_b}").status_code == 404
    assert sales.get(f"{URL}/{data['c3']}/recording").status_code == 404
    own = login_with("Search Contacts", scope_all=False, person=org.agent_b)
    assert _ids(own) == [data["c3"], data["c4"]]  # an agent sees their own calls
    assert login_with("Record Voice").get(URL).status_code == 403
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(URL).json() == [] and c.get(f"{URL}/{data['c1']}").status_code == 404
    assert c.get(f"{URL}/{data['c1']}/metadata").status_code == 404
    assert c.get(f"/api/rest/recording/person/{org.agent_a.id}").status_code == 404


def test_metadata_write(admin_client, login_with, data):
    cid = data["c2"]
    r = admin_client.put(f"{URL}/{cid}/metadata", json={"account": "1", "new": "field"})
    assert r.status_code == 200 and r.content == b""
    r = admin_client.put(f"{URL}/{cid}/metadata/note", json={"note": "called back"})
    assert r.json() == {"key": "note", "value": "called back"}
    assert admin_client.get(f"{URL}?metadata=note~contains~back").json()[0]["id"] == cid
    assert admin_client.delete(f"{URL}/{cid}/metadata/note").status_code == 200
    assert admin_client.get(f"{URL}/{cid}/metadata").json() == {"account": {"key": "account", "value": "1"},
                                                                "new": {"key": "new", "value": "field"}}
    assert admin_client.put(f"{URL}/{cid}/metadata", json={"x" * 40: "v"}).status_code == 400
    assert admin_client.put(f"{URL}/{cid}/metadata/k", json={"other": "v"}).status_code == 400
    assert login_with("Search Contacts").put(f"{URL}/{cid}/metadata", json={}).status_code == 403
