"""dryRun=true (an extension) on the org uploads and the schedule import: the import's own answer, nothing written."""

from __future__ import annotations

from .conftest import upload

TEAMS = "id,name,activatedDate,deactivatedDate,parentGroupId,productivityCompilation\n"


def test_a_dry_run_answers_as_the_import_would_and_writes_nothing(admin_client, store, factory):
    name = factory.unique("Dry")
    text = TEAMS + f"0,{name},01/04/2018,,Default Group,True\n"
    data = {"file": ("teams.csv", text.encode(), "text/csv")}
    checked = admin_client.post("/api/upload/teams?dryRun=true", files=data)
    assert checked.status_code == 200, checked.text
    assert checked.json()["created"] == 1 and checked.json()["rows"][0]["status"] == "created"
    assert store.team(name) is None
    applied = upload(admin_client, "teams", text)
    assert applied.status_code == 200 and applied.json()["created"] == 1
    assert store.team(name) is not None
    # Checked again: unchanged, as the import would say.
    again = admin_client.post("/api/upload/teams?dryRun=true", files=data)
    assert again.json()["unchanged"] == 1


def test_a_dry_run_reports_the_same_row_errors(admin_client, store, factory):
    name = factory.unique("Dry")
    text = TEAMS + f"0,{name},01/04/2018,,Default Group,True\n0,Other,01/04/2018,,No Such Group,True\n"
    checked = admin_client.post(
        "/api/upload/teams?dryRun=true", files={"file": ("t.csv", text.encode(), "text/csv")}
    )
    applied = upload(admin_client, "teams", text)
    assert checked.status_code == applied.status_code == 400
    assert checked.json()["errors"] == applied.json()["errors"] and checked.json()["errors"][0]["row"] == 3
    assert store.team(name) is None


def test_a_persons_dry_run_creates_nobody(admin_client, store, factory):
    email = f"{factory.unique('dry')}@example.test"
    text = f"firstName,lastName,email,team\nDry,Run,{email},Default Team\n"
    checked = admin_client.post(
        "/api/upload/persons?dryRun=true", files={"file": ("p.csv", text.encode(), "text/csv")}
    )
    assert checked.status_code == 200, checked.text
    assert checked.json()["created"] == 1
    assert store.person(email) is None
