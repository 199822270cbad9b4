"""Text contacts through the drop folder: TEXTCONTACT.*.csv|json with their TXT files."""

from __future__ import annotations

import json

import pytest

from openwfo.dataserver.watcher import DropFolderWatcher

T0 = 1_700_000_000_000


@pytest.fixture
def drop(app, settings, tenant):
    folder = settings.data_dir / "gis" / str(tenant.id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder, DropFolderWatcher(app.state.database, settings, settle_seconds=0)


def test_textcontact_csv_and_json(drop, tenant, agents, categories, admin_client):
    folder, watcher = drop
    (folder / "mail1.txt").write_text("Hi, I must cancel my account.", encoding="utf-8")
    (folder / "TEXTCONTACT.batch.csv").write_text(
        f"textType,filename,time,username,id\nemail,mail1.txt,{T0},{agents.alice.email},d-1\n", encoding="utf-8")
    (folder / "TEXTCONTACT.more.json").write_text(json.dumps(
        [{"textType": "chat", "time": T0, "username": "CORP\\bob", "text": "supervisor please", "id": "d-2"}]))
    (folder / "textcontact.lower.csv").write_text("textType\nemail\n")  # the prefix is case-sensitive
    assert [r for r in watcher.scan() if r["tenantId"] == tenant.id] == []  # first sight
    reports = sorted((r for r in watcher.scan() if r["tenantId"] == tenant.id), key=lambda r: r["file"])
    assert [(r["file"], r["status"], r["imported"]) for r in reports] == [
        ("TEXTCONTACT.batch.csv", "SUCCESS", 1), ("TEXTCONTACT.more.json", "SUCCESS", 1)]
    cid = reports[0]["contacts"][0]["contactId"]
    view = admin_client.get("/api/rest/cas/textview", params={"ccrid": cid}).json()
    assert view["emailBody"] == "Hi, I must cancel my account." and view["hits"][0]["category"] == "Cancellation"
    assert not (folder / "mail1.txt").exists() and (folder / "textcontact.lower.csv").exists()
    assert any(p.name.endswith("-mail1.txt") for p in (folder / "processed").iterdir())
    # The same file again: its source id is a duplicate, reported in processed/.
    (folder / "mail1.txt").write_text("again", encoding="utf-8")
    (folder / "TEXTCONTACT.again.csv").write_text(
        f"textType,filename,time,username,id\nemail,mail1.txt,{T0},{agents.alice.email},d-1\n", encoding="utf-8")
    watcher.scan()
    again = [r for r in watcher.scan() if r["tenantId"] == tenant.id]
    assert again[0]["duplicates"] == 1
