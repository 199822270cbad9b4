"""POST /api/rest/fileimport/schedules?dryRun=true: the file checked as the import would, nothing written."""

from __future__ import annotations

from .helpers import BY_AGENT, ok

IMPORT = "/api/rest/fileimport/schedules"


def _post(client, text: str, dry: bool):
    return client.post(
        IMPORT + ("?dryRun=true" if dry else ""), files={"file": ("schedules.csv", text.encode(), "text/csv")}
    )


def test_a_dry_run_checks_the_file_and_writes_no_shift(admin_client, wfm):
    q = wfm.queue()
    a = wfm.agent()
    text = f"agentId,date,activityType,serviceQueueId,startTime,endTime\n{a.id},2024-07-16,in_service,{q},08:00,12:00\n"
    assert ok(_post(admin_client, text, True)) == {
        "status": "VALID",
        "responseText": "The file can be imported: 1 activities on 1 dates for 1 agents",
    }
    shifts = ok(
        admin_client.get(f"{BY_AGENT}/{a.id}", params={"fromDate": "2024-07-16", "toDate": "2024-07-16"})
    )
    assert shifts["activitiesByDate"][0]["scheduledActivities"] == []
    bad = text + f"{a.id},2024-07-16,lunch,,11:30,yesterday\n"
    checked, applied = _post(admin_client, bad, True), _post(admin_client, bad, False)
    assert checked.status_code == applied.status_code == 400
    assert checked.json()["errors"] == applied.json()["errors"]
    assert ok(_post(admin_client, text, False))["status"] == "SUCCESS"
