"""Each built-in report: its columns and values on seeded data, and the caller's scope and
permissions as the API that owns the data applies them."""

from __future__ import annotations

from openwfo.reports.catalog import BUILTINS

from ..scheduling.schedules.helpers import Wfm
from .conftest import EXPORT, as_dicts, body, csv_rows, local_ms

ALL = ("ReportAuthoring", "Search Contacts", "Evaluate Contacts", "Edit Schedules", "Administer WFM", "Plan Schedules")


def export(client, report: int, encoded: str = "[]"):
    return as_dicts(client.post(EXPORT.format(report), json=body(encoded=encoded)))


def header(client, report: int) -> list[str]:
    return csv_rows(client.post(EXPORT.format(report), json=body()))[0]


def test_every_report_answers_its_catalog_columns(admin_client, seed):
    catalog = {r["reportId"]: r for r in admin_client.get("/api/rest/dataexplorer/report").json()}
    for report in BUILTINS:
        labels = [c["label"] for c in catalog[report.id]["columns"]]
        assert header(admin_client, report.id) == labels, report.name


def test_contacts_by_team(admin_client, seed):
    rows = {r["Team"]: r for r in export(admin_client, 22)}
    a, b = rows["Team A"], rows["Team B"]
    assert (a["Group"], a["Contacts"], a["Total Duration (s)"], a["Average Duration (s)"]) == ("North", "3", "360",
                                                                                               "120.0")
    assert (a["Evaluated Contacts"], a["Average Evaluation Score"]) == ("1", "87.5")
    assert a["First Contact Start"] == str(local_ms(2026, 3, 2, 9))
    assert (b["Group"], b["Contacts"], b["Evaluated Contacts"], b["Average Evaluation Score"]) == ("South", "2", "0", "")


def test_contact_detail_with_metadata(admin_client, seed):
    rows = {int(r["Contact ID"]): r for r in export(admin_client, 217)}
    first = rows[seed.contacts[0]]
    assert first["Agent"] == "Ann Able" and first["Team"] == "Team A" and first["Group"] == "North"
    assert (first["Direction"], first["Contact Type"], first["Workflow Type"]) == ("inbound", "call", "quality")
    assert (first["Duration (s)"], first["Evaluation Score"], first["Evaluated"]) == ("60", "87.5", "true")
    assert (first["Region"], first["Note"]) == ("West", 'He said "hi", then left')
    assert rows[seed.contacts[3]]["Region"] == "East" and rows[seed.contacts[3]]["Note"] == ""
    assert rows[seed.contacts[1]]["Direction"] == "outbound" and rows[seed.contacts[1]]["Evaluated"] == "false"


def test_evaluation_scores_per_question(admin_client, seed):
    rows = export(admin_client, 301)
    mine = [r for r in rows if r["Evaluation ID"] == str(seed.evaluation_id)]
    assert [(r["Section"], r["Question"], r["Answer"], r["Answer Points"]) for r in mine] == [
        ("Greeting", "Greeted by name", "Y", "10.0"), ("Greeting", "Tone", "Good", "5.0")]
    assert {(r["State"], r["Evaluation Score"], r["Section Score"], r["Agent"], r["Form"]) for r in mine} == {
        ("scored", "87.5", "87.5", "Ann Able", "Care")}
    enc = "[{'name':'pState','value':{'isAll':'false','values':['SCORED']}}]"
    assert len(export(admin_client, 301, enc)) == 3  # the admin (an approver) sees the calibration too


def test_evaluation_scores_hide_blind_calibrations_and_scope(login_as, seed):
    evaluator = login_as("ReportAuthoring", "Evaluate Contacts", scope_all=True)
    assert {r["Evaluation ID"] for r in export(evaluator, 301)} == {str(seed.evaluation_id)}
    scoped = login_as("ReportAuthoring", "Approve Evaluations", scope_teams=[seed.team_b])
    assert {r["Team"] for r in export(scoped, 301)} == {"Team B"}


def test_agent_adherence_per_agent_and_day(admin_client, seed):
    rows = {r["Agent"]: r for r in export(admin_client, 402)}
    ann = rows["Ann Able"]
    # 08:00-16:00 in service, measured to 12:00: ready/talk 08-11 in, not ready 11-12 out
    assert (ann["Date"], ann["Schedule Adherence (%)"], ann["Scheduled (s)"]) == ("2026-03-10", "75.0", "28800")
    assert (ann["Not In Adherence (s)"], ann["ACD Agent ID"], ann["Team"]) == ("3600", "1001", "Team A")
    enc = ("[{'name':'pDay','value':{'relativeDates':[{'periodType':'DayOfMonthPeriod','referenceTime':'NL',"
           "'rangeStart':-1,'rangeEnd':0}]}}]")
    days = [(r["Date"], r["Agent"]) for r in export(admin_client, 402, enc)]
    assert days == [("2026-03-09", "Ann Able"), ("2026-03-09", "Bob Baker"), ("2026-03-10", "Ann Able"),
                    ("2026-03-10", "Bob Baker")]


def test_agent_adherence_scope_like_the_adherence_api(login_as, seed):
    editor = login_as(*ALL, scope_teams=[seed.team_a])
    assert [r["Agent"] for r in export(editor, 402)] == ["Ann Able"]
    agent_self = login_as("ReportAuthoring", team_id=seed.team_b, enabled_for_scheduling=True)
    assert [r["Agent ID"] for r in export(agent_self, 402)] == [str(agent_self.person.id)]


def test_agent_adherence_range_limit(admin_client, seed):
    enc = f"[{{'name':'pDay','value':{{'start':{local_ms(2025, 1, 1)},'end':{local_ms(2026, 1, 1)}}}}}]"
    r = admin_client.post(EXPORT.format(402), json=body(encoded=enc))
    assert r.status_code == 400 and "92 days" in r.json()["errorMessage"]


def test_agent_state_detail(admin_client, seed):
    rows = [r for r in export(admin_client, 405) if r["Agent"] == "Ann Able"]
    assert [(r["State"], r["GIS State"], r["Reason Code"], r["Duration (s)"]) for r in rows] == [
        ("READY_WAITING", "3", "", "3900"), ("TALK", "4", "", "600"), ("READY_WAITING", "3", "", "6600"),
        ("NOT_READY_BUSY", "2", "11", "3600")]
    assert rows[-1]["End Time"] == "" and rows[0]["End Time"] == str(local_ms(2026, 3, 10, 9))
    enc = "[{'name':'pState','value':{'isAll':'false','values':['talk']}}]"
    assert [r["State"] for r in export(admin_client, 405, enc)] == ["TALK", "TALK"]


def test_schedule_activities(admin_client, seed):
    rows = export(admin_client, 410)
    assert [(r["Agent"], r["Shift Date"], r["Activity Type"], r["Service Queue"], r["Duration (min)"])
            for r in rows] == [("Ann Able", "2026-03-10", "in_service", "Sales", "480.0"),
                               ("Bob Baker", "2026-03-10", "in_service", "Sales", "480.0")]
    enc = "[{'name':'pActivityTime','value':{'start':%s}}]" % (local_ms(2026, 3, 9) // 1000)  # noqa: UP031
    assert len(export(admin_client, 410, enc)) == 4


def test_exception_requests(admin_client, seed):
    rows = export(admin_client, 420)
    assert [(r["Agent"], r["Exception Type"], r["Status"], r["Entire Day"]) for r in rows] == [
        ("Ann Able", "Doctor", "pending", "false"), ("Bob Baker", "Vacation", "approved", "true")]
    enc = "[{'name':'pStatus','value':{'isAll':'false','values':['APPROVED']}}]"
    assert [r["Agent"] for r in export(admin_client, 420, enc)] == ["Bob Baker"]


def test_service_queue_history(admin_client, seed):
    rows = export(admin_client, 430)
    assert len(rows) == 8
    assert (rows[0]["Service"], rows[0]["Period"], rows[0]["Received"], rows[0]["Average Talk (s)"]) == (
        "Sales", "08:00", "10", "120.5")
    enc = "[{'name':'pServiceQueue','value':{'isAll':'false','values':[%s]}}]" % seed.other_queue_id  # noqa: UP031
    assert {r["Service"] for r in export(admin_client, 430, enc)} == {"Support"}


def test_wfm_reports_honour_org_scope(login_as, seed):
    sup = login_as(*ALL, scope_teams=[seed.team_a])
    for report in (405, 410, 420):
        assert {r["Agent"] for r in export(sup, report)} == {"Ann Able"}, report
    for report in (22, 217):
        assert {r["Team"] for r in export(sup, report)} == {"Team A"}, report


def test_queue_history_honours_views(login_as, seed, factory, tenant):
    planner = login_as("ReportAuthoring", "Plan Schedules", scope_all=True)
    Wfm(factory, tenant.id).view(queues=[seed.queue_id], holders=[planner.person.id], main=True)
    assert {r["Service"] for r in export(planner, 430)} == {"Sales"}


def test_reports_refuse_callers_without_the_datas_permission(login_as, seed):
    author = login_as("ReportAuthoring", scope_all=True)
    for report in (22, 217, 301, 405, 410, 420, 430, 500):
        r = author.post(EXPORT.format(report), json=body())
        assert r.status_code == 403, report


def test_text_and_speech_hits(admin_client, seed, login_as):
    rows = export(admin_client, 500)
    assert [(int(r["Contact ID"]), r["Source"], r["Category"], r["Phrase"], r["Channel"], r["Offset"], r["Length"],
             r["Confidence"]) for r in rows] == [
        (seed.contacts[0], "speech", "Cancellation", "cancel my account", "1", "4000", "1500", "0.82"),
        (seed.contacts[3], "speech", "Cancellation", "cancel my account", "2", "1000", "800", "0.6"),
        (seed.contacts[2], "text", "Cancellation", "cancel my account", "", "14", "17", "")]
    enc = "[{'name':'pSource','value':{'isAll':'false','values':['TEXT']}}]"
    assert [r["Source"] for r in export(admin_client, 500, enc)] == ["text"]
    scoped = login_as("ReportAuthoring", "View Audio Analytics", scope_teams=[seed.team_b])
    assert [r["Agent"] for r in export(scoped, 500)] == ["Bob Baker"]
