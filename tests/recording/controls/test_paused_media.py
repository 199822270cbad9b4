"""Paused audio is not exposed: playback, the energy envelope and the export silence pause spans."""

from __future__ import annotations

import io
import time
import wave

import av
import numpy as np

from ..media import wav_bytes, webm_bytes
from .conftest import RC, end_call, live_call

AUDIO = "/api/rest/recording/media/upload/audio"
EXPORT = "/api/rest/recording/media/export/contact/{}"
RATE = 8000


def _samples(data: bytes) -> np.ndarray:
    with wave.open(io.BytesIO(data)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)


def _paused_call(agent, admin_client, org, frozen, audio: bytes, ctype: str = "audio/wav", resume: bool = True) -> int:
    """A 4 s call with its recording from the start, paused from 1.0 s to 2.5 s."""
    start = frozen.now_ms()
    cid = live_call(admin_client, org.agent_a.id, ContactStartTimeMs=start)
    frozen.advance(seconds=1)
    assert agent.post(f"{RC}/pause", json={}).json()["status"] == "APPLIED"
    frozen.advance(seconds=1.5)
    if resume:
        assert agent.post(f"{RC}/resume", json={}).json()["durationMs"] == 1500
    r = agent.post(f"{AUDIO}?contactId={cid}&startTimeMs={start}", content=audio, headers={"Content-Type": ctype})
    assert r.status_code == 200, r.text
    return cid


def test_playback_and_energy_silence_the_pause(agent, admin_client, org, frozen):
    audio = wav_bytes(4, rate=RATE)
    cid = _paused_call(agent, admin_client, org, frozen, audio)
    url = f"/api/rest/recording/contact/{cid}/recording"
    r = admin_client.get(url)
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav" and len(r.content) == len(audio)
    got, original = _samples(r.content), _samples(audio)
    assert not got[RATE:int(2.5 * RATE)].any()
    assert np.array_equal(got[:RATE], original[:RATE]) and np.array_equal(got[int(2.5 * RATE):],
                                                                           original[int(2.5 * RATE):])
    part = admin_client.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == r.content[:100]
    energy = admin_client.get(f"/api/rest/recording/media/energy/{cid}?dataPoints=40").json()["channel_0"]
    assert all(v == 0 for v in energy[10:25]) and all(v > 0 for v in energy[:10] + energy[25:])


def test_an_open_pause_silences_to_the_end_and_export_honours_pauses(agent, admin_client, org, frozen):
    audio = wav_bytes(4, rate=RATE)
    cid = _paused_call(agent, admin_client, org, frozen, audio, resume=False)
    got = _samples(admin_client.get(f"/api/rest/recording/contact/{cid}/recording").content)
    assert not got[RATE:].any() and got[:RATE].any()
    frozen.advance(seconds=1.5)
    end_call(admin_client, cid)  # the call ends at 4 s: its pause ends with it
    (pause,) = [e for e in admin_client.get(f"/api/rest/recording/contact/{cid}/event").json() if e["type"] == "pause"]
    assert (pause["startOffset"], pause["duration"]) == (1000, 3000)
    assert admin_client.post(EXPORT.format(cid) + "?type=WAV").status_code == 200
    deadline = time.time() + 60
    while (r := admin_client.get(EXPORT.format(cid) + "?type=WAV")).status_code == 404 and time.time() < deadline:
        time.sleep(0.1)
    assert r.status_code == 200, r.text
    exported = _samples(r.content)
    assert len(exported) == 4 * RATE and not exported[RATE:].any() and exported[:RATE].any()


def test_other_formats_are_reencoded_with_the_pause_silenced(agent, admin_client, org, frozen):
    data = webm_bytes(video=False, seconds=4)
    cid = _paused_call(agent, admin_client, org, frozen, data, ctype="audio/webm")
    r = admin_client.get(f"/api/rest/recording/contact/{cid}/recording")
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    with av.open(io.BytesIO(r.content)) as c:
        rate = c.streams.audio[0].codec_context.sample_rate
        pcm = np.concatenate([f.to_ndarray().reshape(-1) for f in c.decode(audio=0)])
    inside = pcm[int(1.05 * rate):int(2.45 * rate)]
    assert not np.abs(inside).any() and np.abs(pcm[:int(0.9 * rate)]).max() > 0


def test_screen_recording_is_black_while_paused(agent, admin_client, org, frozen):
    start = frozen.now_ms()
    cid = live_call(admin_client, org.agent_a.id, ContactStartTimeMs=start)
    frozen.advance(seconds=1)
    agent.post(f"{RC}/pause", json={})
    frozen.advance(seconds=1.5)
    agent.post(f"{RC}/resume", json={})
    r = agent.post(f"/api/rest/recording/media/upload/video?contactId={cid}&startTimeMs={start}",
                   content=webm_bytes(audio=False, seconds=4), headers={"Content-Type": "video/webm"})
    assert r.status_code == 200, r.text
    r = admin_client.get(f"/api/rest/recording/contact/{cid}/recording?media=screen")
    assert r.status_code == 200 and r.headers["content-type"] == "video/webm"
    with av.open(io.BytesIO(r.content)) as c:
        frames = [(float(f.time), f.to_ndarray(format="gray").mean()) for f in c.decode(video=0)]
    inside = [m for t, m in frames if 1.05 <= t < 2.45]
    outside = [m for t, m in frames if t < 0.95 or t >= 2.55]
    assert inside and max(inside) < 20 and max(outside) > 40
