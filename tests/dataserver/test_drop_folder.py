"""The data-server drop folder: CONTACT.*.csv plus media in gis/<tenant>/, imported once stable."""

from __future__ import annotations

import json
import os
import time

import pytest

from openwfo.dataserver.watcher import DropFolderWatcher

from ..recording.media import wav_bytes

T0 = 1447100000000


@pytest.fixture
def drop(app, settings, tenant):
    folder = settings.data_dir / "gis" / str(tenant.id)
    folder.mkdir(parents=True, exist_ok=True)
    watcher = DropFolderWatcher(app.state.database, settings, settle_seconds=0)
    return folder, watcher


def _scan_twice(watcher):
    first = watcher.scan()
    return first + watcher.scan()


def _mine(reports, tenant):
    return [r for r in reports if r["tenantId"] == tenant.id]


def test_csv_and_media_are_imported_and_moved_aside(drop, tenant, admin_client):
    folder, watcher = drop
    (folder / "call1.wav").write_bytes(wav_bytes())
    (folder / "CONTACT.batch.csv").write_text(
        f"AgentId,ContactStartTimeMs,CallingAddress,Recording1\n{tenant.admin_id},{T0},5551234,call1.wav\n")
    (folder / "unrelated.txt").write_text("left alone")
    assert _mine(watcher.scan(), tenant) == []  # first sight: not yet known to be stable
    reports = _mine(watcher.scan(), tenant)
    assert len(reports) == 1 and reports[0]["status"] == "SUCCESS" and reports[0]["file"] == "CONTACT.batch.csv"
    cid = reports[0]["contacts"][0]["contactId"]
    c = admin_client.get(f"/api/rest/recording/contact/{cid}").json()
    assert c["ani"] == "5551234" and c["audioUploaded"] is True
    assert not (folder / "CONTACT.batch.csv").exists() and not (folder / "call1.wav").exists()
    processed = sorted(p.name for p in (folder / "processed").iterdir())
    assert any(n.endswith("-CONTACT.batch.csv") for n in processed)
    assert any(n.endswith("-call1.wav") for n in processed)
    report = json.loads(next((folder / "processed").glob("*.report.json")).read_text())
    assert report["imported"] == 1
    assert (folder / "unrelated.txt").exists()
    assert _mine(_scan_twice(watcher), tenant) == []  # nothing imported twice


def test_prefix_is_case_sensitive_and_temporary_names_wait(drop, tenant):
    folder, watcher = drop
    (folder / "contact.lower.csv").write_text(f"AgentId\n{tenant.admin_id}\n")
    (folder / "CONTACT.copying.csv.part").write_text(f"AgentId\n{tenant.admin_id}\n")
    (folder / ".CONTACT.hidden.csv").write_text(f"AgentId\n{tenant.admin_id}\n")
    assert _mine(_scan_twice(watcher), tenant) == []
    assert (folder / "contact.lower.csv").exists()


def test_half_copied_file_is_not_taken_until_it_stops_changing(drop, tenant):
    folder, watcher = drop
    path = folder / "CONTACT.growing.csv"
    path.write_text(f"AgentId,ContactStartTimeMs\n{tenant.admin_id},{T0}\n")
    watcher.scan()
    with open(path, "a") as f:  # still being copied
        f.write(f"{tenant.admin_id},{T0 + 1}\n")
    assert _mine(watcher.scan(), tenant) == []
    reports = _mine(watcher.scan(), tenant)
    assert len(reports) == 1 and reports[0]["imported"] == 2


def test_settle_time_and_waiting_for_media(drop, tenant, app, settings):
    folder, _ = drop
    watcher = DropFolderWatcher(app.state.database, settings, settle_seconds=30)
    (folder / "CONTACT.fresh.csv").write_text(f"AgentId,Recording1\n{tenant.admin_id},late.wav\n")
    assert _mine(_scan_twice(watcher), tenant) == []  # changed less than 30 s ago
    later = time.time() + 60
    assert _mine(watcher.scan(now=later) + watcher.scan(now=later), tenant) == []  # waits for late.wav
    (folder / "late.wav").write_bytes(wav_bytes())
    later = time.time() + 60
    reports = _mine(watcher.scan(now=later) + watcher.scan(now=later), tenant)
    assert len(reports) == 1 and reports[0]["contacts"][0]["recordings"][0]["status"] == "SUCCESS"


def test_missing_media_after_grace_fails_that_contact_and_bad_csv_goes_to_failed(drop, tenant):
    folder, watcher = drop
    (folder / "CONTACT.gone.csv").write_text(f"AgentId,Recording1\n{tenant.admin_id},gone.wav\n")
    very_old = time.time() - 3600
    os.utime(folder / "CONTACT.gone.csv", (very_old, very_old))
    reports = _mine(_scan_twice(watcher), tenant)
    assert reports[0]["status"] == "FAILED" and reports[0]["contacts"][0]["recordings"][0]["status"] == "MISSING"
    assert list((folder / "failed").glob("*CONTACT.gone.csv"))
    (folder / "CONTACT.nohead.csv").write_text("Nope,Columns\n1,2\n")
    reports = _mine(_scan_twice(watcher), tenant)
    assert reports[0]["status"] == "FAILED" and "AgentId" in reports[0]["error"]
    assert list((folder / "failed").glob("*CONTACT.nohead.csv.report.json"))


def test_folder_by_tenant_name_and_unknown_folders(app, settings, factory):
    t = factory.tenant(name=factory.unique("Acme"))
    folder = settings.data_dir / "gis" / t.name
    folder.mkdir(parents=True)
    (settings.data_dir / "gis" / "no-such-tenant").mkdir(exist_ok=True)
    (settings.data_dir / "gis" / "no-such-tenant" / "CONTACT.x.csv").write_text("AgentId\n1\n")
    (folder / "CONTACT.named.csv").write_text(f"AgentId\n{t.admin_id}\n")
    watcher = DropFolderWatcher(app.state.database, settings, settle_seconds=0)
    reports = [r for r in _scan_twice(watcher) if r["tenantId"] == t.id]
    assert len(reports) == 1 and reports[0]["imported"] == 1
    assert (settings.data_dir / "gis" / "no-such-tenant" / "CONTACT.x.csv").exists()


def test_watcher_thread_starts_and_stops_with_the_server(tmp_dir, database_url):
    from fastapi.testclient import TestClient

    from openwfo.app import create_app
    from openwfo.config import Settings

    app = create_app(Settings(data_dir=tmp_dir, database_url=database_url, dataserver_scan_seconds=0.05),
                     run_migrations=False)
    import threading

    with TestClient(app):
        assert any(t.name == "openwfo-dropfolder" for t in threading.enumerate())
    assert not any(t.name == "openwfo-dropfolder" and t.is_alive() for t in threading.enumerate())
