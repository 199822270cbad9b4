"""GET /api/rest/recording/media/energy/{contactId}: the audio's energy envelope, stored once."""

from __future__ import annotations

from sqlalchemy import func, select

from openwfo.kit.clock import clock
from openwfo.models import MediaEnergy

from .media import post_json_contacts, wav_bytes

URL = "/api/rest/recording/media/energy"


def _import(client, org, media: dict, audio: str | None):
    row = {"AgentId": str(org.agent_a.id), "ContactStartTimeMs": clock.now_ms() - 3_600_000, "CallId": "e1"}
    if audio:
        row["Audio"] = [{"Location": audio}]
    body = post_json_contacts(client, [row], media).json()
    assert body["status"] == "SUCCESS", body
    return body["contacts"][0]["contactId"]


def test_stereo_energy_two_channels_normalised_and_stored(admin_client, org, app, tenant):
    # 4 s stereo: the right channel silent in the second half, everything silent in the last second.
    audio = wav_bytes(seconds=4.0, channels=2, silent=((3.0, 4.0),), right_silent=((2.0, 3.0),))
    cid = _import(admin_client, org, {"s.wav": audio}, "s.wav")
    r = admin_client.get(f"{URL}/{cid}?dataPoints=8")
    assert r.status_code == 200, r.text
    body = r.json()
    assert set(body) == {"channel_0", "channel_1"}
    left, right = body["channel_0"], body["channel_1"]
    assert len(left) == len(right) == 8
    assert max(left + right) == 100.0 and all(0 <= v <= 100 for v in left + right)
    assert left[6] == left[7] == right[6] == right[7] == 0.0  # the silent last second
    assert right[4] == right[5] == 0.0 and left[4] > 50
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(MediaEnergy)) == 1
    again = admin_client.get(f"{URL}/{cid}?dataPoints=8").json()
    assert again == body
    assert len(admin_client.get(f"{URL}/{cid}?dataPoints=3000").json()["channel_0"]) == 3000
    assert len(admin_client.get(f"{URL}/{cid}").json()["channel_0"]) == 1000
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(MediaEnergy)) == 1  # computed once
    assert admin_client.get(f"{URL}/{cid}?dataPoints=0").status_code == 400
    assert admin_client.get(f"{URL}/{cid}?dataPoints=10001").status_code == 400


def test_mono_gives_one_channel(admin_client, org):
    cid = _import(admin_client, org, {"m.wav": wav_bytes(seconds=1.0)}, "m.wav")
    body = admin_client.get(f"{URL}/{cid}?dataPoints=10").json()
    assert list(body) == ["channel_0"] and len(body["channel_0"]) == 10


def test_unknown_out_of_scope_or_no_audio_is_404(admin_client, org, login_with):
    no_audio = _import(admin_client, org, {}, None)
    r = admin_client.get(f"{URL}/{no_audio}")
    assert r.status_code == 404 and r.json()["errorMessage"]
    assert admin_client.get(f"{URL}/987654321").status_code == 404
    cid = _import(admin_client, org, {"m.wav": wav_bytes(seconds=1.0)}, "m.wav")
    outsider = login_with("Search Contacts", scope_all=False, scope_groups=[org.group_b])
    assert outsider.get(f"{URL}/{cid}").status_code == 404
    assert login_with("Record Voice").get(f"{URL}/{cid}").status_code == 403
