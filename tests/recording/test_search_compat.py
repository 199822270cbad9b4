"""Contact search as Calabrio ONE is deployed: unbounded streamed limit, searchStats, Range slices,
exclusive endDate, HH:MM times, valueless flags, the extra filters, metadata {key, value},
eventCalculations, contactType and the evaluation id/time."""

from __future__ import annotations

import datetime as dt
import threading
import time

import orjson
import pytest
from sqlalchemy import insert, update

from openwfo.kit.clock import clock
from openwfo.models import Contact, ContactEvent, EvalForm
from openwfo.recording.contacts import stream
from openwfo.recording.contacts.wire import Shape

from .media import post_json_contacts

URL = "/api/rest/recording/contact"
DAY = 86_400_000
HOUR = 3_600_000


def _day0() -> dt.date:
    return dt.datetime.fromtimestamp(clock.now_ms() / 1000, dt.UTC).date() - dt.timedelta(days=10)


def _ms(day: dt.date, hours: float = 0) -> int:
    return int(dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC).timestamp() * 1000 + hours * HOUR)


@pytest.fixture
def data(admin_client, org, app, tenant):
    """Contacts on and around day boundaries, each with the flags one filter reads."""
    d = _day0()
    starts = {
        "midnight0": _ms(d), "midnight1": _ms(d + dt.timedelta(days=1)), "noon1": _ms(d + dt.timedelta(days=1), 12.5),
        "morning2": _ms(d + dt.timedelta(days=2), 9.25), "email": _ms(d + dt.timedelta(days=3), 1),
        "chat": _ms(d + dt.timedelta(days=3), 2), "evaluated": _ms(d + dt.timedelta(days=4), 3),
    }
    rows = [{"AgentId": str(org.agent_a.id if i % 2 else org.agent_b.id), "ContactStartTimeMs": ms, "CallId": name,
             "Calling": "612555" + f"{i:04d}", "CustomMetadata": {"QueueLanguage": "SV"} if name == "noon1" else {},
             "ContactType": "archive" if name == "chat" else "quality"}
            for i, (name, ms) in enumerate(starts.items())]
    body = post_json_contacts(admin_client, rows).json()
    assert body["status"] == "SUCCESS", body
    ids = {r["CallId"]: c["contactId"] for r, c in zip(rows, body["contacts"], strict=True)}
    evaluated_at = _ms(d + dt.timedelta(days=5), 10)
    with app.state.database.session(tenant.id) as db:
        db.execute(update(Contact).where(Contact.id == ids["email"]).values(medium="email", has_transcription=True))
        db.execute(update(Contact).where(Contact.id == ids["chat"]).values(medium="chat", tagged=True))
        db.execute(update(Contact).where(Contact.id == ids["noon1"]).values(has_recording=True, needs_approval=True))
        db.execute(update(Contact).where(Contact.id == ids["morning2"]).values(eval_in_progress=True))
        db.execute(update(Contact).where(Contact.id == ids["midnight1"]).values(approved=True))
        db.execute(update(Contact).where(Contact.id == ids["evaluated"]).values(
            scored=True, evaluation_id=4242, evaluated_ms=evaluated_at, evaluator_id=tenant.admin_id, eval_score=87.5))
        db.execute(insert(ContactEvent), [
            {"contact_id": ids["noon1"], "kind": "silence", "start_offset_ms": 0, "duration_ms": 3250},
            {"contact_id": ids["noon1"], "kind": "silence", "start_offset_ms": 9000, "duration_ms": 12040},
            {"contact_id": ids["noon1"], "kind": "talkover", "start_offset_ms": 5000, "duration_ms": 1460},
            {"contact_id": ids["noon1"], "kind": "pause", "start_offset_ms": 30000, "duration_ms": 2000},
        ])
    ids["_day0"] = d
    ids["_evaluated_at"] = evaluated_at
    return ids


def _window(d: dt.date) -> str:
    return f"beginDate={(d - dt.timedelta(days=1)).isoformat()}&endDate={(d + dt.timedelta(days=6)).isoformat()}"


def _ids(client, query: str = "", status: int = 200, headers=None) -> list[int]:
    r = client.get(URL + ("?" + query if query else ""), headers=headers)
    assert r.status_code == status, r.text
    if status != 200:
        assert r.json()["errorMessage"] and "requestId" in r.json()
        return []
    return [c["id"] for c in r.json()]


def _iso(d: dt.date, days: int = 0) -> str:
    return (d + dt.timedelta(days=days)).isoformat()


def test_consecutive_windows_return_a_boundary_contact_once(admin_client, data):
    d = data["_day0"]
    first = _ids(admin_client, f"beginDate={_iso(d)}&endDate={_iso(d, 1)}")
    second = _ids(admin_client, f"beginDate={_iso(d, 1)}&endDate={_iso(d, 2)}")
    assert first == [data["midnight0"]]
    assert second == [data["noon1"], data["midnight1"]]
    # Two-day windows, as clients page: every contact exactly once.
    seen = []
    for start in range(0, 6, 2):
        seen += _ids(admin_client, f"beginDate={_iso(d, start)}&endDate={_iso(d, start + 2)}")
    assert sorted(seen) == sorted(v for k, v in data.items() if not k.startswith("_"))


def test_same_begin_and_end_date_is_that_whole_day(admin_client, data):
    d = data["_day0"]
    assert _ids(admin_client, f"beginDate={_iso(d, 1)}&endDate={_iso(d, 1)}") == [data["noon1"], data["midnight1"]]


def test_end_time_is_exclusive_and_times_take_hh_mm(admin_client, data):
    d = data["_day0"]
    base = f"beginDate={_iso(d, 1)}&endDate={_iso(d, 1)}"
    assert _ids(admin_client, base + "&endTime=12:30") == [data["midnight1"]]
    assert _ids(admin_client, base + "&endTime=12:30:01") == [data["noon1"], data["midnight1"]]
    assert _ids(admin_client, base + "&endTime=12%3A30%3A00") == [data["midnight1"]]
    assert _ids(admin_client, f"beginDate={_iso(d, 1)}&beginTime=12:30&endDate={_iso(d, 3)}") == [
        data["morning2"], data["noon1"]]
    assert _ids(admin_client, f"beginDate={_iso(d, 2)}&beginTime=9:16&endDate={_iso(d, 3)}") == []
    assert _ids(admin_client, f"beginDate={_iso(d, 2)}&beginTime=9:15&endDate={_iso(d, 3)}") == [data["morning2"]]
    for bad in (f"beginDate={_iso(d)}&beginTime=12", f"beginDate={_iso(d)}&beginTime=12:3",
                f"beginDate={_iso(d)}&endDate={_iso(d)}&endTime=24:00", f"beginDate={_iso(d, 1)}&endDate={_iso(d)}"):
        _ids(admin_client, bad, 400)


def test_valueless_flags_mean_true(admin_client, data):
    w = _window(data["_day0"])
    assert _ids(admin_client, w + "&hasTranscription") == [data["email"]]
    assert _ids(admin_client, w + "&hasTranscription=true") == [data["email"]]
    assert data["email"] not in _ids(admin_client, w + "&hasTranscription=false")
    assert _ids(admin_client, w + "&hasRecording") == [data["noon1"]]
    assert _ids(admin_client, w + "&tagged&hasTranscription=0") == [data["chat"]]
    _ids(admin_client, w + "&hasTranscription=maybe", 400)


def test_contact_type_filter_and_field(admin_client, data):
    w = _window(data["_day0"])
    everything = _ids(admin_client, w)
    calls = [i for i in everything if i not in (data["email"], data["chat"])]
    assert _ids(admin_client, w + "&contactType=CALL") == calls
    assert _ids(admin_client, w + "&contactType=EMAIL") == [data["email"]]
    assert _ids(admin_client, w + "&contactType=TEXT") == [data["chat"]]
    assert _ids(admin_client, w + "&contactType=EMAIL&contactType=TEXT") == [data["chat"], data["email"]]
    assert _ids(admin_client, w + "&contactType=email,text") == [data["chat"], data["email"]]
    r = admin_client.get(f"{URL}?{w}&contactType=FAX")
    assert r.status_code == 400 and "contactType" in r.json()["errorMessage"]
    kinds = {c["id"]: c["contactType"] for c in admin_client.get(f"{URL}?{w}").json()}
    assert kinds[data["email"]] == "EMAIL" and kinds[data["chat"]] == "TEXT" and kinds[data["noon1"]] == "CALL"


def test_eval_state_filter(admin_client, data):
    w = _window(data["_day0"])
    assert _ids(admin_client, w + "&evalState=scored") == [data["evaluated"]]
    assert _ids(admin_client, w + "&evalState=inProgress") == [data["morning2"]]
    assert _ids(admin_client, w + "&evalState=needsApproval") == [data["noon1"]]
    assert _ids(admin_client, w + "&evalState=approved") == [data["midnight1"]]
    assert _ids(admin_client, w + "&evalState=scored&evalState=approved") == [data["evaluated"], data["midnight1"]]
    assert _ids(admin_client, w + "&evalState=unscored") == [data["chat"], data["email"], data["midnight0"]]
    _ids(admin_client, w + "&evalState=graded", 400)


def test_date_evaluated_window(admin_client, data):
    d = data["_day0"]
    # No beginDate: an evaluation-date bound replaces the default 60-day start window.
    assert _ids(admin_client, f"dateEvaluatedStart={_iso(d, 5)}&dateEvaluatedEnd={_iso(d, 5)}") == [data["evaluated"]]
    assert _ids(admin_client, f"dateEvaluatedStart={_iso(d, 5)}") == [data["evaluated"]]
    assert _ids(admin_client, f"dateEvaluatedEnd={_iso(d, 5)}") == []  # exclusive
    assert _ids(admin_client, f"dateEvaluatedStart={_iso(d, 6)}") == []
    _ids(admin_client, "dateEvaluatedStart=2024-13-01", 400)
    _ids(admin_client, f"dateEvaluatedStart={_iso(d, 6)}&dateEvaluatedEnd={_iso(d, 5)}", 400)


def test_search_scope(admin_client, login_with, org, data):
    w = _window(data["_day0"])
    assert _ids(admin_client, w + "&searchScope=myEvaluations") == [data["evaluated"]]
    assert len(_ids(admin_client, w + "&searchScope=allEvaluations")) == 7
    assert _ids(admin_client, w + "&searchScope=myContacts") == []  # the administrator took no calls
    agent = login_with("Search Contacts", scope_all=True, person=org.agent_a)
    mine = _ids(agent, w + "&searchScope=myContacts")
    assert mine and set(mine) == set(_ids(agent, w + f"&agent={org.agent_a.id}"))
    _ids(admin_client, w + "&searchScope=everyone", 400)


def test_own_evaluated_contacts_without_search_contacts(admin_client, data, org, login_with):
    w = _window(data["_day0"])
    seen = set()
    for person in (org.agent_a, org.agent_b):
        agent = login_with("View Schedules", scope_all=False, person=person)
        _ids(agent, w, 403)  # no Search Contacts: only their own evaluated contacts
        mine = _ids(agent, w + "&searchScope=myContacts")
        assert set(mine) <= set(_ids(admin_client, w + f"&agent={person.id}"))
        seen |= set(mine)
    assert seen == {data["evaluated"], data["midnight1"]}  # the scored and the approved contact


def test_reason_filter(admin_client, data):
    w = _window(data["_day0"])
    assert _ids(admin_client, w + "&reason=recorded") == [data["noon1"]]
    assert _ids(admin_client, w + "&reason=archive") == [data["chat"]]
    assert _ids(admin_client, w + "&reason=tagged") == [data["chat"]]
    assert len(_ids(admin_client, w + "&reason=quality")) == 6
    assert _ids(admin_client, w + "&reason=recorded&reason=archive") == [data["chat"], data["noon1"]]
    _ids(admin_client, w + "&reason=boredom", 400)


def test_search_stats_count(admin_client, data, factory, new_client):
    d = data["_day0"]
    r = admin_client.get(f"{URL}?{_window(d)}&searchStats=true")
    assert r.status_code == 200 and r.json() == {"count": 7}
    assert admin_client.get(f"{URL}?{_window(d)}&searchStats").json() == {"count": 7}
    assert admin_client.get(f"{URL}?{_window(d)}&searchStats&contactType=CALL").json() == {"count": 5}
    assert admin_client.get(f"{URL}?beginDate={_iso(d, 1)}&endDate={_iso(d, 1)}&searchStats=1").json() == {"count": 2}
    assert admin_client.get(f"{URL}?{_window(d)}&searchStats=false").json()[0]["id"] == data["evaluated"]
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(f"{URL}?{_window(d)}&searchStats=true").json() == {"count": 0}


def test_range_header_slices_with_content_range(admin_client, data):
    w = _window(data["_day0"])
    everything = _ids(admin_client, w)
    r = admin_client.get(f"{URL}?{w}&limit=1000", headers={"Range": "items=2-4"})
    assert r.status_code == 200 and [c["id"] for c in r.json()] == everything[2:5]
    assert r.headers["Content-Range"] == "items 2-4/7"
    r = admin_client.get(f"{URL}?{w}&limit=1&offset=3", headers={"Range": "items=5-99"})
    assert [c["id"] for c in r.json()] == everything[5:] and r.headers["Content-Range"] == "items 5-6/7"
    r = admin_client.get(f"{URL}?{w}", headers={"Range": "items=1000-1999"})
    assert r.status_code == 200 and r.json() == [] and r.headers["Content-Range"] == "items */7"
    r = admin_client.get(f"{URL}?{w}", headers={"X-Range": "items=0-0"})
    assert [c["id"] for c in r.json()] == everything[:1] and r.headers["Content-Range"] == "items 0-0/7"
    assert "Content-Range" not in admin_client.get(f"{URL}?{w}").headers
    assert admin_client.get(f"{URL}?{w}", headers={"Range": "items=5-2"}).status_code == 400
    assert admin_client.get(f"{URL}?{w}", headers={"Range": "items=a-b"}).status_code == 400


def test_limit_has_no_ceiling_and_streams_every_row(admin_client, app, tenant, org):
    """2,500 matches (several streamed batches): limit=50000 and 500000 return all, newest first, once each;
    Range pages of 1000 beside limit=1000 tile the same list."""
    base = _ms(_day0() - dt.timedelta(days=30))
    with app.state.database.session(tenant.id) as db:
        db.execute(insert(Contact), [{"start_ms": base + (i // 2) * 60_000, "tz": "UTC", "call_id": f"bulk-{i}",
                                      "team_id": org.team_a, "person_id": org.agent_a.id} for i in range(2500)])
    window = f"beginDate={_iso(_day0(), -31)}&endDate={_iso(_day0(), -20)}"
    for limit in (50000, 500000):
        r = admin_client.get(f"{URL}?{window}&limit={limit}")
        assert r.status_code == 200, r.text
        got = [(c["startTime"], c["id"]) for c in r.json()]
        assert len(got) == 2500 == len(set(got)) and got == sorted(got, reverse=True)
    everything = [i for _, i in got]
    assert _ids(admin_client, f"{window}&limit=1200&offset=1000") == everything[1000:2200]
    paged = []
    for first in range(0, 3000, 1000):
        r = admin_client.get(f"{URL}?{window}&limit=1000", headers={"Range": f"items={first}-{first + 999}"})
        paged += [c["id"] for c in r.json()]
    assert paged == everything
    assert r.headers["Content-Range"] == "items 2000-2499/2500"
    assert admin_client.get(f"{URL}?{window}&searchStats=true").json() == {"count": 2500}
    _ids(admin_client, "limit=0", 400)
    _ids(admin_client, "limit=-5", 400)


def test_expand_metadata_is_key_value_objects(admin_client, data):
    cid = data["noon1"]
    c = admin_client.get(f"{URL}/{cid}?expand=metadata").json()
    assert c["metadata"] == {"QueueLanguage": {"key": "QueueLanguage", "value": "SV"}}
    listed = admin_client.get(f"{URL}?{_window(data['_day0'])}&expand=metadata").json()
    assert {x["id"]: x["metadata"] for x in listed}[cid]["QueueLanguage"]["value"] == "SV"
    c = admin_client.get(f"{URL}/{cid}?expand=metadata.QueueLanguage").json()
    assert c["metadata"]["QueueLanguage"] == {"key": "QueueLanguage", "value": "SV"}
    assert admin_client.get(f"{URL}/{cid}/metadata").json() == {"QueueLanguage": {"key": "QueueLanguage", "value": "SV"}}
    assert admin_client.get(f"{URL}/{cid}/metadata/QueueLanguage").json() == {"key": "QueueLanguage", "value": "SV"}


def test_metadata_put_takes_both_shapes_and_answers_empty(admin_client, data):
    cid = data["midnight0"]
    r = admin_client.put(f"{URL}/{cid}/metadata", json={"QueueLanguage": "FI", "Skill": {"key": "Skill", "value": "7"}})
    assert r.status_code == 200 and r.content == b""
    assert admin_client.get(f"{URL}/{cid}/metadata").json() == {
        "QueueLanguage": {"key": "QueueLanguage", "value": "FI"}, "Skill": {"key": "Skill", "value": "7"}}
    # What GET answered can be sent straight back.
    again = admin_client.get(f"{URL}/{cid}/metadata").json()
    again["Skill"]["value"] = "8"
    assert admin_client.put(f"{URL}/{cid}/metadata", json=again).status_code == 200
    assert admin_client.get(f"{URL}/{cid}/metadata/Skill").json() == {"key": "Skill", "value": "8"}
    r = admin_client.put(f"{URL}/{cid}/metadata/Skill", json={"Skill": {"key": "Skill", "value": "9"}})
    assert r.status_code == 200 and r.json() == {"key": "Skill", "value": "9"}
    r = admin_client.put(f"{URL}/{cid}/metadata/Skill", json={"key": "Skill", "value": "10"})
    assert r.json() == {"key": "Skill", "value": "10"}
    assert admin_client.put(f"{URL}/{cid}/metadata", json={"Skill": {"value": ["x"]}}).status_code == 400
    assert admin_client.get(f"{URL}?{_window(data['_day0'])}&metadata=Skill~equals~10").json()[0]["id"] == cid


def test_expand_event_calculations(admin_client, data):
    cid = data["noon1"]
    c = admin_client.get(f"{URL}/{cid}?expand=eventCalculations&expand=metadata").json()
    assert c["eventCalculations"] == {
        "silenceCount": 2, "silenceSeconds": 15.3, "longestSilenceSeconds": 12.0, "talkOverCount": 1,
        "talkOverSeconds": 1.5, "longestTalkOverSeconds": 1.5, "pauseCount": 1, "pauseSeconds": 2.0}
    assert c["metadata"]["QueueLanguage"]["value"] == "SV"
    listed = admin_client.get(f"{URL}?{_window(data['_day0'])}&expand=eventCalculations,event").json()
    by_id = {x["id"]: x for x in listed}
    assert by_id[cid]["eventCalculations"]["silenceCount"] == 2 and len(by_id[cid]["events"]) == 4
    assert by_id[data["email"]]["eventCalculations"]["silenceCount"] == 0
    assert by_id[data["email"]]["eventCalculations"]["silenceSeconds"] == 0.0
    assert "eventCalculations" not in admin_client.get(f"{URL}/{cid}").json()
    assert "eventCalculations" not in admin_client.get(f"{URL}/{cid}?expand=eventCalculations"
                                                       "&exclude=eventCalculations").json()


def test_evaluation_carries_id_and_time(admin_client, data):
    c = admin_client.get(f"{URL}/{data['evaluated']}").json()
    assert c["evaluation"]["id"] == 4242 and c["evaluation"]["evaluated"] == data["_evaluated_at"]
    assert c["evaluation"]["score"] == 87.5
    assert admin_client.get(f"{URL}/{data['midnight0']}").json()["evaluation"] is None


def test_eval_form_carries_its_name(admin_client, data, app, tenant):
    with app.state.database.session(tenant.id) as db:
        form = EvalForm(name="Call Quality 2026")
        db.add(form)
        db.flush()
        form_id = form.id
        db.execute(update(Contact).where(Contact.id == data["evaluated"]).values(eval_form_id=form_id))
    c = admin_client.get(f"{URL}/{data['evaluated']}").json()
    assert c["evalForm"] == {"name": "Call Quality 2026", "$ref": f"/api/rest/recording/evalform/{form_id}"}
    listed = {x["id"]: x for x in admin_client.get(f"{URL}?{_window(data['_day0'])}&limit=500000").json()}
    assert listed[data["evaluated"]]["evalForm"]["name"] == "Call Quality 2026"
    assert listed[data["midnight0"]]["evalForm"] is None


def test_every_invalid_parameter_is_named_in_one_answer(admin_client, data):
    r = admin_client.get(f"{URL}?beginDate=2024-13-01&contactType=FAX&evalState=graded&hr=maybe&reason=boredom"
                         "&expand=everything", headers={"Range": "items=5-2"})
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert fields == {"beginDate", "contactType", "evalState", "hr", "reason", "expand", "Range"}
    assert "(and 6 more)" in r.json()["errorMessage"]


def test_ids_beyond_the_store_are_400_not_store_errors(admin_client, data):
    huge = 2**70
    for path in (f"{URL}/{huge}", f"{URL}/{huge}/metadata", f"{URL}/{huge}/event", f"{URL}/{huge}/media",
                 f"{URL}/{huge}/recording", f"/api/rest/recording/media/energy/{huge}"):
        r = admin_client.get(path)
        assert r.status_code == 400, (path, r.status_code, r.text)
    assert admin_client.get(f"{URL}?agent={huge}").status_code == 400
    assert admin_client.get(f"{URL}?team=-1").status_code == 400
    assert admin_client.get(f"{URL}/{2**63 - 1}").status_code == 404


def test_event_calculations_count_hold_once_hold_events_exist(admin_client, data, app, tenant):
    cid = data["morning2"]
    with app.state.database.session(tenant.id) as db:
        db.execute(insert(ContactEvent), [
            {"contact_id": cid, "kind": "hold", "start_offset_ms": 1000, "duration_ms": 30040},
            {"contact_id": cid, "kind": "hold", "start_offset_ms": 60000, "duration_ms": 5000}])
    calc = admin_client.get(f"{URL}/{cid}?expand=eventCalculations").json()["eventCalculations"]
    assert (calc["holdCount"], calc["holdSeconds"], calc["longestHoldSeconds"]) == (2, 35.0, 30.0)
    assert calc["silenceCount"] == 0 and calc["pauseSeconds"] == 0.0
    other = admin_client.get(f"{URL}/{data['noon1']}?expand=eventCalculations").json()["eventCalculations"]
    assert "holdCount" not in other


def test_a_streamed_search_never_holds_up_writers(app, tenant, org):
    """While a long answer is being streamed (its cursor open between batches), another request's
    write commits at once: the stream reads on a read-only unit of work."""
    base = _ms(_day0() - dt.timedelta(days=40))
    database = app.state.database
    with database.session(tenant.id) as db:
        db.execute(insert(Contact), [{"start_ms": base + i * 1000, "tz": "UTC", "call_id": f"s-{i}",
                                      "team_id": org.team_a, "person_id": org.agent_a.id}
                                     for i in range(stream.BATCH + 500)])
    answer = stream.rows(database, tenant.id, [Contact.start_ms >= base], 0, 10**6, Shape())
    assert next(answer) == b"["
    first = next(answer)  # the first batch is out; the cursor stays open for the rest
    done = threading.Event()

    def write():
        with database.session(tenant.id) as db:
            db.execute(update(Contact).where(Contact.call_id == "s-0").values(tagged=True))
        done.set()

    started = time.monotonic()
    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=10)
    assert done.is_set() and time.monotonic() - started < 5
    rest = b"".join(answer)
    assert rest.endswith(b"]")
    assert len(orjson.loads(b"[" + first + rest)) == stream.BATCH + 500
