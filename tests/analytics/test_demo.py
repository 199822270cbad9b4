"""The analytics demo seeder: categories, phrases, emails and chats with hits, a call that speaks the
phrases (analysed by a job); idempotent."""

from __future__ import annotations

import time

from openwfo.demo import analytics as demo
from openwfo.models import Tenant


def test_demo_seed(app, agents, tenant, admin_client, monkeypatch):
    monkeypatch.setattr(demo, "SPEECH_CALLS", 1)
    for _ in range(2):
        with app.state.database.session(tenant.id) as db:
            demo.seed(db, db.get(Tenant, tenant.id))
    lists = admin_client.get("/api/rest/cas/phraselist").json()
    assert {c["category"] for c in lists["categories"]} == set(demo.CATEGORIES)
    texts = admin_client.get("/api/rest/recording/contact", params={"contactType": "TEXT", "limit": 1000}).json()
    emails = admin_client.get("/api/rest/recording/contact", params={"contactType": "EMAIL", "limit": 1000}).json()
    assert len(texts) + len(emails) == 300
    hits = sum(len(admin_client.get("/api/rest/cas/textview", params={"ccrid": c["id"]}).json()["hits"])
               for c in emails[:20])
    assert hits > 0
    (call,) = admin_client.get("/api/rest/recording/contact", params={"contactType": "CALL"}).json()
    deadline = time.time() + 120
    while time.time() < deadline:
        found = admin_client.get("/api/rest/cas/contact", params={"ccrid": call["id"]}).json()
        if found["status"] in ("done", "failed"):
            break
        time.sleep(0.5)
    assert found["status"] == "done"
    assert {"Cancellation", "Compliance greeting"} <= {h["category"] for h in found["hits"]}
