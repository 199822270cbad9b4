"""Playback with HTTP Range, and the Single Contact Export formats (decoded back and checked)."""

from __future__ import annotations

import io
import time

import av
import pytest

from .media import post_json_contacts, wav_bytes, webm_bytes

T0 = 1447100000000
EXPORT = "/api/rest/recording/media/export/contact/{}"


@pytest.fixture
def recorded(admin_client, org):
    """A contact with stereo audio (starting 1 s in) and a screen recording."""
    audio = wav_bytes(2, channels=2)
    body = post_json_contacts(admin_client, [{
        "AgentId": str(org.agent_a.id), "ContactStartTimeMs": T0,
        "Audio": [{"Location": "call.wav", "StartTimeMs": T0 + 1000}],
        "Screen": [{"Location": "call.webmv", "StartTimeMs": T0}]}],
        {"call.wav": audio, "call.webmv": webm_bytes(audio=False, seconds=2)}).json()
    return body["contacts"][0]["contactId"], audio


def test_full_and_ranged_playback(admin_client, recorded):
    cid, audio = recorded
    url = f"/api/rest/recording/contact/{cid}/recording"
    r = admin_client.get(url)
    assert r.status_code == 200 and r.content == audio
    assert r.headers["content-type"] == "audio/wav" and r.headers["accept-ranges"] == "bytes"
    r = admin_client.get(url, headers={"Range": "bytes=0-99"})
    assert r.status_code == 206 and r.content == audio[:100]
    assert r.headers["content-range"] == f"bytes 0-99/{len(audio)}" and r.headers["content-length"] == "100"
    r = admin_client.get(url, headers={"Range": "bytes=1000-"})
    assert r.status_code == 206 and r.content == audio[1000:]
    r = admin_client.get(url, headers={"Range": "bytes=-10"})
    assert r.status_code == 206 and r.content == audio[-10:]
    r = admin_client.get(url, headers={"Range": f"bytes={len(audio)}-"})
    assert r.status_code == 416 and r.headers["content-range"] == f"bytes */{len(audio)}"
    r = admin_client.get(url, headers={"Range": "pages=1-2"})
    assert r.status_code == 200 and len(r.content) == len(audio)
    screen = admin_client.get(url + "?media=screen")
    assert screen.status_code == 200 and screen.headers["content-type"] == "video/webm"
    assert admin_client.get(url + "?media=bogus").status_code == 400


def test_playback_of_contact_without_recording_is_404(admin_client, org):
    body = post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id)}]).json()
    cid = body["contacts"][0]["contactId"]
    assert admin_client.get(f"/api/rest/recording/contact/{cid}/recording").status_code == 404


def _wait_ready(client, cid, kind, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        r = client.get(EXPORT.format(cid) + f"?type={kind}")
        if r.status_code != 404:
            return r
        time.sleep(0.1)
    raise AssertionError(f"export {kind} not ready: {r.text}")


def _decode(data: bytes) -> dict:
    with av.open(io.BytesIO(data)) as c:
        streams = {s.type: s.codec_context.name for s in c.streams}
        fmt = c.format.name
        rate = c.streams.audio[0].codec_context.sample_rate if c.streams.audio else None
        channels = c.streams.audio[0].codec_context.channels if c.streams.audio else None
    with av.open(io.BytesIO(data)) as c:
        samples = sum(f.samples for f in c.decode(audio=0)) if c.streams.audio else 0
    with av.open(io.BytesIO(data)) as c:
        frames = sum(1 for _ in c.decode(video=0)) if c.streams.video else 0
    return {"format": fmt, "streams": streams, "rate": rate, "channels": channels, "samples": samples, "frames": frames}


@pytest.mark.parametrize("kind,fmt,streams,ctype", [
    ("WAV", "wav", {"audio": "pcm_s16le"}, "audio/wav"),
    ("OPUS", "ogg", {"audio": "opus"}, "audio/ogg"),
    ("WEBM", "matroska,webm", {"audio": "opus", "video": "vp8"}, "video/webm"),
    ("WEBM_VP8", "matroska,webm", {"audio": "opus", "video": "vp8"}, "video/webm"),
    ("WEBM_VP9", "matroska,webm", {"audio": "opus", "video": "vp9"}, "video/webm"),
])
def test_export_formats_decode_back(admin_client, recorded, kind, fmt, streams, ctype):
    cid, _audio = recorded
    url = EXPORT.format(cid) + f"?type={kind}"
    before = admin_client.get(url)
    if before.status_code == 404:
        assert before.json()["errorMessage"] == (
            f"The following file does not exist or may have expired: c{cid}.{'wav' if kind == 'WAV' else 'opus' if kind == 'OPUS' else 'webm'}")
        assert before.json()["requestId"]
    r = admin_client.post(url)
    assert r.status_code == 200 and r.json() == {"encoding": "true"}
    r = _wait_ready(admin_client, cid, kind)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == ctype and "attachment" in r.headers["content-disposition"]
    info = _decode(r.content)
    assert info["format"] == fmt and info["streams"] == streams
    assert info["channels"] == 2
    if kind == "WAV":
        assert info["rate"] == 8000 and info["samples"] == 16000  # the 2 s of audio, untouched
    elif kind == "OPUS":
        assert info["rate"] == 48000 and abs(info["samples"] - 96000) <= 960 * 4
    else:
        # audio starts 1 s after the screen: 1 s of silence, then 2 s of audio
        assert abs(info["samples"] - 144000) <= 960 * 4 and info["frames"] == 10
    assert admin_client.post(url).json() == {"encoding": "true"}  # already there: no new work


def test_export_rules(admin_client, login_with, org, recorded):
    cid, _ = recorded
    r = admin_client.post(EXPORT.format(987654) + "?type=WAV")
    assert r.status_code == 404 and r.json()["errorMessage"] == "Requested contact does not exist!"
    assert admin_client.get(EXPORT.format(987654) + "?type=WAV").json()["errorMessage"] == \
        "Requested contact does not exist!"
    assert admin_client.post(EXPORT.format(cid) + "?type=MP3").status_code == 400
    silent = post_json_contacts(admin_client, [{"AgentId": str(org.agent_a.id), "Screen": [{"Location": "s.webmv"}]}],
                                {"s.webmv": webm_bytes(audio=False)}).json()["contacts"][0]["contactId"]
    r = admin_client.post(EXPORT.format(silent) + "?type=WAV")
    assert r.status_code == 400 and "no audio" in r.json()["errorMessage"]
    assert login_with("Search Contacts").post(EXPORT.format(cid) + "?type=WAV").status_code == 403
    outsider = login_with("Export Recordings", scope_all=False, scope_teams=[org.team_b])
    assert outsider.post(EXPORT.format(cid) + "?type=WAV").json()["errorMessage"] == "Requested contact does not exist!"


def test_monitoring_counts_last_15_minutes(admin_client, org, login_with):
    from openwfo.kit.clock import clock

    base = admin_client.get("/api/rest/monitoring/contacts/lite").json()["contacts"]
    post_json_contacts(admin_client, [
        {"AgentId": str(org.agent_a.id), "Audio": [{"Location": "a.wav"}]},
        {"AgentId": str(org.agent_a.id), "Screen": [{"Location": "v.webmv"}]},
        {"AgentId": str(org.agent_a.id)},
        {"RootRecording": True, "CallId": "root-1", "Audio": [{"Location": "r.wav"}]},
    ], {"a.wav": wav_bytes(), "v.webmv": webm_bytes(audio=False), "r.wav": wav_bytes()})
    now = admin_client.get("/api/rest/monitoring/contacts/lite").json()["contacts"]
    assert now == {"total": base["total"] + 3, "totalWithAudio": base["totalWithAudio"] + 1,
                   "totalWithVideo": base["totalWithVideo"] + 1}
    post_json_contacts(admin_client, [{"AgentId": str(org.agent_b.id), "CallId": "root-1"}])  # reconciles
    assert admin_client.get("/api/rest/monitoring/contacts/lite").json()["contacts"]["total"] == base["total"] + 4
    clock.advance(minutes=16)
    assert admin_client.get("/api/rest/monitoring/contacts/lite").json()["contacts"]["total"] == 0
    assert login_with("Search Contacts").get("/api/rest/monitoring/contacts/lite").status_code == 403


def test_basic_search(admin_client, org, login_with):
    from openwfo.kit.clock import clock

    now = clock.now_ms()
    post_json_contacts(admin_client, [
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 60000, "Calling": "5550001", "Called": "1800",
         "AssocCallId": "00001007771411573215", "CallDurationMs": 30000, "Audio": [{"Location": "a.wav"}]},
        {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": now - 1000, "Calling": "5550001", "InProgress": True},
        {"RootRecording": True, "ContactStartTimeMs": now - 500, "Calling": "5559999"},
    ], {"a.wav": wav_bytes()})
    url = "/api/rest/recording/contactBasicSearch"
    latest = admin_client.get(f"{url}?ani=5550001").json()
    assert latest["isComplete"] is False and latest["startTime"] == now - 1000
    assert set(latest) == {"id", "assocCallId", "callDuration", "recordingUrl", "isComplete", "startTime", "agent"}
    assert latest["agent"] == {"$ref": f"/api/rest/recording/person/{org.agent_a.id}", "displayId": None,
                               "lastName": "Anders", "firstName": "Alice", "username": org.agent_a.email}
    done = admin_client.get(f"{url}?ani=5550001&dnis=1800").json()
    assert done["assocCallId"] == "00001007771411573215" and done["callDuration"] == 30000 and done["isComplete"]
    assert done["recordingUrl"].endswith(f"/api/rest/recording/contact/{done['id']}/recording")
    assert admin_client.get(f"{url}?firstName=alice&lastName=ANDERS").json()["id"] == latest["id"]
    assert admin_client.get(f"{url}?username={org.agent_a.email}").json()["id"] == latest["id"]
    assert admin_client.get(f"{url}?ani=5559999").json()["agent"] is None  # a gateway recording
    assert admin_client.get(f"{url}?ani=0000").status_code == 404
    assert admin_client.get(f"{url}?username={org.agent_b.email}").status_code == 404
    outsider = login_with("Search Contacts", scope_all=False, scope_teams=[org.team_b])
    assert outsider.get(f"{url}?ani=5550001").status_code == 404
