"""Bulk contact uploads above OPENWFO_UPLOAD_JOB_BYTES run as a job (202 + where to watch it);
smaller ones stay synchronous."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from openwfo.app import create_app
from openwfo.kit.clock import now_ms

from .media import post_json_contacts, wav_bytes


def test_a_large_upload_is_imported_by_a_job_and_a_small_one_answers_at_once(settings, factory, tenant):
    app = create_app(settings.model_copy(update={"upload_job_bytes": 20_000}), run_migrations=False)
    try:
        client = TestClient(app, raise_server_exceptions=False)
        factory.login(client, tenant.admin_email, tenant_id=tenant.id)
        small = post_json_contacts(client, [{"AgentId": str(tenant.admin_id), "ContactStartTimeMs": now_ms(),
                                             "CallId": "small"}])
        assert small.status_code == 200 and small.json()["imported"] == 1
        contacts = [{"AgentId": str(tenant.admin_id), "ContactStartTimeMs": now_ms() - i * 1000, "CallId": f"big{i}",
                     "Audio": [{"Location": f"big{i}.wav"}]} for i in range(3)]
        r = post_json_contacts(client, contacts, {f"big{i}.wav": wav_bytes(1) for i in range(3)})
        assert r.status_code == 202, r.text
        body = r.json()
        assert body["status"] == "QUEUED" and body["statusUrl"] == f"/api/rest/jobs/{body['jobId']}"
        assert r.headers["location"] == body["statusUrl"]
        deadline = time.time() + 30
        while time.time() < deadline:
            job = client.get(body["statusUrl"]).json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.1)
        assert job["status"] == "succeeded", job
        assert job["result"]["imported"] == 3 and job["result"]["status"] == "SUCCESS"
        assert all(c["recordings"][0]["status"] == "SUCCESS" for c in job["result"]["contacts"])
        found = client.get("/api/rest/recording/contact", params={"beginDate": "2000-01-01"}).json()
        assert {"big0", "big1", "big2", "small"} <= {c.get("callId") for c in found}
        # A malformed document is still refused in the request.
        bad = client.post("/api/upload/contacts", files={"file": ("c.json", b"{not json" + b" " * 30_000)})
        assert bad.status_code == 400
    finally:
        app.state.jobs.close()
