"""The demo seeder: contacts with metadata, events, real audio and screen recordings; idempotent."""

from __future__ import annotations

import io
import wave

from openwfo.demo import recording as demo
from openwfo.models import Tenant


def test_demo_contacts_seed_once_and_play(app, org, admin_client, monkeypatch):
    monkeypatch.setattr(demo, "CONTACTS", 120)
    monkeypatch.setattr(demo, "WITH_AUDIO", 2)
    monkeypatch.setattr(demo, "WITH_SCREEN", 2)
    for _ in range(2):
        with app.state.database.session(org.tenant.id) as db:
            demo.seed(db, db.get(Tenant, org.tenant.id))
    contacts = admin_client.get("/api/rest/recording/contact?limit=1000&expand=metadata").json()
    assert len(contacts) == 120  # the second run added nothing
    assert all({"accountNumber", "queue", "language"} <= set(c["metadata"]) for c in contacts)
    audio = [c for c in contacts if c["audioUploaded"]]
    assert len(audio) == 2 and sum(c["screenUploaded"] for c in contacts) == 2
    r = admin_client.get(audio[0]["recordingUrl"])
    with wave.open(io.BytesIO(r.content)) as w:
        assert w.getnchannels() == 2 and w.getframerate() == 8000 and w.getnframes() == 15 * 8000
    assert admin_client.get("/api/rest/recording/contact?silenceEvents=1&limit=1000").json()
    lists = admin_client.get("/api/rest/recording/inclusionExclusion").json()
    assert {x["pattern"] for x in lists} >= {"911", "+1900*"}
