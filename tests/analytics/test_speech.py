"""Speech analysis on a generated stereo 8 kHz call (festival's HTS voice, fixtures/make_call.py):
transcripts with word timings per channel, speech hits in time windows, silence and talk-over as
contact events (and the Contact API filters on them), the transcript and hits APIs."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from openwfo.analytics.speech import audio
from openwfo.analytics.speech.service import _transcript_hits

CALL = Path(__file__).parent / "fixtures" / "call_8k.wav"
T0 = 1_700_000_000_000


def wer(ref: str, hyp: str) -> float:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
    return d[len(h)] / len(r)


def test_voice_activity_silence_and_talkover():
    channels = audio.decode_channels(CALL)
    assert len(channels) == 2 and abs(len(channels[0]) / audio.RATE - 13.5) < 0.5  # upsampled to 16 kHz
    masks = audio.voice_activity(channels)
    agent, customer = (audio.segments(m, pad_ms=0) for m in masks)
    # Each party's speech on its own channel only (the -25 dB bleed is gated out).
    assert [abs(a - x) < 400 for (a, _b), x in zip(agent, [300, 9800], strict=True)] == [True, True]
    assert [abs(a - x) < 400 for (a, _b), x in zip(customer, [3300, 10600], strict=True)] == [True, True]
    events = audio.events(masks, silence_ms=3000, talkover_ms=200)
    kinds = [(k, round(s / 1000, 0)) for k, s, _d in events]
    assert kinds == [("silence", 6.0), ("talkover", 11.0)]
    assert 3500 <= events[0][2] <= 4100 and 300 <= events[1][2] <= 1000


def test_streamed_levels_and_segments_match_the_whole_recording():
    channels = audio.decode_channels(CALL)
    levels, samples = audio.channel_levels(CALL)
    assert samples == len(channels[0])
    assert all(len(a) == len(b) and abs(a - b).max() < 1e-6 for a, b in zip(
        levels, [audio.frame_db(c) for c in channels], strict=True))
    masks = audio.activity(levels)
    segs = [audio.segments(m) for m in masks]
    cut = list(audio.iter_segments(CALL, segs))
    assert sorted((ch, a, b) for ch, a, b, _ in cut) == sorted((ch, a, b) for ch in (0, 1) for a, b in segs[ch])
    for ch, a, b, pcm in cut:
        assert (pcm == channels[ch][a * 16:b * 16]).all()
    # A segment past the end is clipped to it.
    assert [len(p) for *_x, p in audio.iter_segments(CALL, [[(13_000, 99_000)]])] == [len(channels[0]) - 13_000 * 16]


def test_narrowband_calls_get_an_upper_band_fill():
    import numpy as np

    from openwfo.analytics.speech.engine import fill_band

    assert audio.narrowband(CALL) and not audio.narrowband(CALL.with_name("call_16k.wav"))
    pcm = audio.decode_channels(CALL)[0][:16000]
    filled = fill_band(pcm)
    assert filled.dtype == np.int16 and len(filled) == len(pcm) and (fill_band(pcm) == filled).all()  # deterministic
    diff = filled.astype(np.float64) - pcm
    power = np.abs(np.fft.rfft(diff)) ** 2
    freqs = np.fft.rfftfreq(len(diff), 1 / audio.RATE)
    assert power[freqs >= 4000].sum() > 0.9 * power.sum()  # the fill lies above the telephone band
    assert 5 < diff.std() < 40  # and is faint (about -64 dBFS)


def test_transcript_word_matching():
    wl = [("i", 0, 100, 1.0), ("want", 100, 200, 0.8), ("to", 200, 300, 1.0), ("cancel", 300, 400, 0.6)]
    assert _transcript_hits(wl, {"want to cancel": [], "cancel it": []}) == [("want to cancel", 100, 400, pytest.approx(0.8))]


def _wait_job(client, job_id, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        job = client.get(f"/api/rest/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.5)
    raise AssertionError("speech job did not finish")


@pytest.fixture
def analysed_call(admin_client, agents, categories):
    csv = f"AgentId,ContactStartTimeMs,Recording1\n{agents.alice.id},{T0},call_8k.wav\n"
    r = admin_client.post("/api/upload/contacts", files=[("file", ("c.csv", csv.encode(), "text/csv")),
                                                         ("file", ("call_8k.wav", CALL.read_bytes(), "audio/wav"))])
    assert r.status_code == 200 and r.json()["imported"] == 1, r.text
    cid = r.json()["contacts"][0]["contactId"]
    admin_client.post("/api/rest/cas/phrase", json={"phrase": "how can i help you", "category": "Escalation"})
    r = admin_client.post("/api/rest/cas/speech/analyze", json={"ccrids": [cid]})
    assert r.status_code == 202, r.text
    job = _wait_job(admin_client, r.json()["jobs"][0]["id"])
    assert job["status"] == "succeeded", job
    return cid


def test_transcript_hits_and_events(admin_client, analysed_call, agents):
    cid = analysed_call
    out = admin_client.put("/api/rest/cas/speechtextview", json={"ccrid": cid, "isRootRecording": "false"}).json()
    texts = out["texts"]
    by_channel = {ch: " ".join(t["text"] for t in texts if t["channel"] == ch) for ch in (0, 1)}
    assert wer("thank you for calling how can i help you", " ".join(
        t["text"] for t in texts if t["channel"] == 0 and t["start"] < 5000)) <= 0.15
    assert wer("hello i would like to cancel my account please", " ".join(
        t["text"] for t in texts if t["channel"] == 1 and t["start"] < 8000)) <= 0.15, by_channel
    first = texts[0]
    assert first["channel"] == 0 and 300 <= first["start"] <= 900 and first["words"][0]["end"] > first["words"][0]["start"]
    # Hits within 1 s of where the phrase was spoken (c1 starts at 3.3 s; "cancel" about 1.1 s in).
    hits = admin_client.get("/api/rest/cas/contact", params={"ccrid": cid}).json()
    cancel = [h for h in hits["hits"] if h["category"] == "Cancellation"]
    assert len(cancel) == 1 and cancel[0]["channel"] == 1 and abs(cancel[0]["start"] - 4400) <= 1000
    assert hits["firstName"] == "Alice" and hits["team"] == "Care Team" and hits["contactId"] == cid
    assert hits["date"] and all(0 <= h["confidence"] <= 100 for h in hits["hits"])
    greet = [h for h in hits["hits"] if h["phrase"] == "how can i help you"]
    assert greet and greet[0]["channel"] == 0 and abs(greet[0]["start"] - 1900) <= 1000
    assert any(h["category"] == "Cancellation" for t in texts for h in t["hits"])
    assert texts[0]["sentiment"] > 0 and set(out["sentiment"]["byChannel"]) == {"0", "1"}
    same = admin_client.get("/api/rest/cas/speechtextview", params={"ccrid": cid, "isRootRecording": "false"})
    assert same.json() == out
    # Silence (~4 s) and talk-over (< 1 s) are contact events the Contact API filters on.
    c = admin_client.get(f"/api/rest/recording/contact/{cid}").json()
    assert c["silenceEvents"] == 1 and c["talkOverEvents"] == 1
    search = {"beginDate": "2023-11-01", "endDate": "2023-11-30"}
    ids = lambda **p: [x["id"] for x in admin_client.get("/api/rest/recording/contact", params={**search, **p}).json()]  # noqa: E731
    assert cid in ids(silenceDuration=3500) and cid not in ids(silenceDuration=5000)
    assert cid in ids(talkOverEvents=1) and cid not in ids(talkOverEvents=2)
    assert cid in ids(hasTranscription="true")
    assert cid in ids(sentimentAbove=-1)  # the call's mean sentiment is stored for the search filter


def test_phrase_change_respots(admin_client, analysed_call):
    cid = analysed_call
    r = admin_client.post("/api/rest/cas/phraselist", json={"category": "Thanks",
                                                            "phrases": [{"phrase": "thank you"}]})
    assert r.status_code == 200
    jobs = admin_client.get("/api/rest/jobs").json()
    job = next(j for j in (jobs if isinstance(jobs, list) else jobs.get("jobs", [])) if j["kind"] == "analytics.speech")
    assert str(job["id"]) in r.headers["X-OpenWFO-Jobs"].split(",")  # the change names its jobs
    job = _wait_job(admin_client, job["id"])
    assert job["result"] == {"contacts": 1, "analysed": 1, "failed": 0} and job["progress"] == 100  # one job, all calls
    hits = admin_client.get("/api/rest/cas/contact", params={"ccrid": cid}).json()["hits"]
    assert any(h["category"] == "Thanks" and h["channel"] == 0 for h in hits)


def test_no_transcript_and_errors(admin_client, agents):
    csv = f"AgentId,ContactStartTimeMs\n{agents.alice.id},{T0}\n"
    cid = admin_client.post("/api/upload/contacts", files=[("file", ("c.csv", csv.encode(), "text/csv"))]).json()[
        "contacts"][0]["contactId"]
    assert admin_client.put("/api/rest/cas/speechtextview", json={"ccrid": cid, "isRootRecording": False}).json()[
        "texts"] == []
    assert admin_client.put("/api/rest/cas/speechtextview", json={"ccrid": cid, "isRootRecording": True}).status_code == 404
    assert admin_client.put("/api/rest/cas/speechtextview", json={"isRootRecording": False}).status_code == 400
    assert admin_client.put("/api/rest/cas/speechtextview", json={"ccrid": cid, "isRootRecording": "maybe"}).status_code == 400
    assert admin_client.get("/api/rest/cas/contact", params={"ccrid": 987654321}).status_code == 404
    assert admin_client.get("/api/rest/cas/contact", params={"ccrid": cid}).json()["hits"] == []


def test_sweep_queues_new_recordings_once(app, admin_client, agents, tenant):
    from openwfo.analytics.speech.service import queue_new_recordings

    csv = f"AgentId,ContactStartTimeMs,Recording1\n{agents.alice.id},{T0},call_8k.wav\n"
    r = admin_client.post("/api/upload/contacts", files=[("file", ("c.csv", csv.encode(), "text/csv")),
                                                         ("file", ("call_8k.wav", CALL.read_bytes(), "audio/wav"))])
    cid = r.json()["contacts"][0]["contactId"]
    assert queue_new_recordings(app.state.database, tenant_id=tenant.id) == 1
    assert queue_new_recordings(app.state.database, tenant_id=tenant.id) == 0  # claimed once
    deadline = time.time() + 120
    while time.time() < deadline:
        if admin_client.get("/api/rest/cas/contact", params={"ccrid": cid}).json()["status"] == "done":
            break
        time.sleep(0.5)
    assert admin_client.get("/api/rest/cas/contact", params={"ccrid": cid}).json()["hits"] == []  # no phrases
    assert admin_client.put("/api/rest/cas/speechtextview", json={"ccrid": cid}).json()["texts"]


def _upload(admin_client, agents, data: bytes, name="call.wav") -> int:
    csv = f"AgentId,ContactStartTimeMs,Recording1\n{agents.alice.id},{T0},{name}\n"
    r = admin_client.post("/api/upload/contacts", files=[("file", ("c.csv", csv.encode(), "text/csv")),
                                                         ("file", (name, data, "audio/wav"))])
    assert r.json()["imported"] == 1, r.text
    return r.json()["contacts"][0]["contactId"]


def test_mono_call_and_failed_analysis(app, admin_client, agents, categories):
    import io
    import wave

    from openwfo.storage import storage_for

    customer = audio.decode_channels(CALL)[1]  # the customer's side alone, 16 kHz mono
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(customer.tobytes())
    mono = _upload(admin_client, agents, buf.getvalue())
    broken = _upload(admin_client, agents, buf.getvalue(), "other.wav")
    with app.state.database.session(agents.alice.tenant_id) as db:
        from sqlalchemy import select

        from openwfo.models import ContactMedia
        key = db.scalar(select(ContactMedia.storage_key).where(ContactMedia.contact_id == broken))
    storage_for(app.state.database).delete(key)  # the recording is gone: that contact's analysis fails alone
    from tests.recording.evaluations.conftest import FORMS, Picker, form_body

    picker = Picker(admin_client.post(FORMS, json=form_body()).json())  # "No interruptions" <-> talk-over < 1 s
    admin_client.post("/api/rest/cas/qarule", json={
        "questionId": picker.q("Tone"), "kind": "talkover", "limitMs": 1000,
        "optionMetId": picker.o("Tone", "Good"), "optionNotMetId": picker.o("Tone", "Bad")})
    r = admin_client.post("/api/rest/cas/speech/analyze", json={"ccrids": [mono, broken]})
    job = _wait_job(admin_client, r.json()["jobs"][0]["id"])
    assert job["status"] == "succeeded" and job["result"] == {"contacts": 2, "analysed": 1, "failed": 1}
    texts = admin_client.get("/api/rest/cas/speechtextview", params={"ccrid": mono}).json()["texts"]
    assert {t["channel"] for t in texts} == {0} and "cancel my account" in " ".join(t["text"] for t in texts)
    hits = admin_client.get("/api/rest/cas/contact", params={"ccrid": mono}).json()
    assert [h["category"] for h in hits["hits"]][:1] == ["Cancellation"] and hits["status"] == "done"
    assert admin_client.get(f"/api/rest/recording/contact/{mono}").json()["talkOverEvents"] == 0
    (eid,) = hits["automaticEvaluations"]
    full = admin_client.get(f"/api/rest/recording/contact/{mono}/eval/{eid}").json()
    assert full["state"] == "inProgress"
    assert {q["text"]: (q["answer"] or {}).get("label") for s in full["sections"] for q in s["questions"]}["Tone"] == "Good"
    assert admin_client.get("/api/rest/cas/contact", params={"ccrid": broken}).json()["status"] == "failed"
    assert admin_client.post("/api/rest/cas/speech/analyze", json={"ccrids": [987654321]}).status_code == 404
    assert admin_client.post("/api/rest/cas/speech/analyze", json={"ccrids": "x"}).status_code == 400
