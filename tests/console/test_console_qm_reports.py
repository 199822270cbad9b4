"""The console's Evaluations and Reports pages in a real headless Chromium against `openwfo serve` on the demo
contact centre: scoring a contact beside its player reaches the Evaluation API, the evaluated person
acknowledges it, automated QA drafts and calibration show, and a report's CSV is the Export API's."""

from __future__ import annotations

import csv
import io
import json
import urllib.request

import pytest
from selenium.webdriver.support.ui import Select

from ..conftest import TEST_DB
from ..processes import call, login
from .browser import ADMIN, PASSWORD
from .test_console import Console, chromium, demo_server

pytestmark = pytest.mark.skipif(TEST_DB != "sqlite", reason="store-independent; runs on the embedded default")
SAM = "sam.supervisor@demo.openwfo.test"


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    server, _data = demo_server(tmp_path_factory)
    shots = tmp_path_factory.mktemp("screenshots")
    try:
        downloads = tmp_path_factory.mktemp("downloads")
        driver = chromium(downloads)
    except BaseException:
        server.stop()
        raise
    c = Console(driver, server, shots)
    c.downloads = downloads
    try:
        c.open()
        c.find("#signin-form")
        c.sign_in()
        c.find("#user-name")
        yield c
    finally:
        driver.quit()
        server.stop()


def _api_session(console) -> str:
    """An API client's own session (not the browser's): what the test checks is what any API client sees."""
    if not getattr(console, "api_sid", None):
        console.api_sid = login(console.base, ADMIN, PASSWORD)["sessionId"]
    return console.api_sid


def _recorded_contact_of(base, sid, person_id) -> int:
    """A complete, recorded quality contact of the person that nobody has evaluated yet."""
    _, contacts = call(
        base,
        f"/api/rest/recording/contact?agent={person_id}&canEvaluate=true&evalState=unscored"
        "&beginDate=2000-01-01&limit=5",
        sid,
    )
    assert contacts, f"no evaluable contact of person {person_id} in the demo"
    return contacts[0]["id"]


def test_the_queue_and_scoring_a_contact_beside_its_player_reach_the_api(console):
    sid = _api_session(console)
    console.go("#/evaluations")
    assert console.find("#tab-todo").get_attribute("aria-current") == "page"
    rows = console.wait(lambda _: console.all("#queue-todo tbody tr") or False)
    assert rows and all("not evaluated" in r.text for r in rows)
    console.shot("evaluations")
    # Sam Okafor's recorded call, scored on the default form (Customer Experience) in the browser.
    contact_id = _recorded_contact_of(console.base, sid, 2)
    console.go(f"#/contact/{contact_id}")
    console.find("#evaluate-link").click()
    console.find("#eval-form")
    console.find("#audio")
    # The default form starts from its default options (as the API would answer them): Yes, and Good of four.
    assert console.text_of("#eval-score", "Score:").startswith("Score: 90.28 · band 3 (7 of 7 answered)")
    questions = console.all("#eval-form .eval-question")
    assert len(questions) == 7
    # The best answer everywhere but "Empathy and tone": Fair (2 of 4 points).
    for q in questions:
        labels = q.find_elements("css selector", ".options label")
        pick = next(x for x in labels if x.text.startswith("Fair")) if "Empathy" in q.text else labels[0]
        pick.click()
    # Automatic weighting: sections 100, 100 and (50 + 100) / 2 = 75 -> 91.67, band 3 (85-100).
    assert console.text_of("#eval-score", "Score:").startswith("Score: 91.67 · band 3 (7 of 7 answered)")
    comment = next(q for q in questions if "Empathy" in q.text).find_element("css selector", ".comment input")
    comment.send_keys("Sounded rushed <b>at the end</b>")
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.shot("evaluate")
    console.find("#eval-submit").click()
    console.text_of("#eval-saved", "Saved")
    _, evaluations = call(console.base, f"/api/rest/recording/contact/{contact_id}/eval", sid)
    assert [(e["state"], e["score"], e["band"], e["evaluator"]["id"]) for e in evaluations] == [
        ("scored", 91.67, 3, 1)
    ]
    _, saved = call(
        console.base, f"/api/rest/recording/contact/{contact_id}/eval/{evaluations[0]['id']}", sid
    )
    answers = {q["text"]: q["answer"] for s in saved["sections"] for q in s["questions"]}
    assert answers["Empathy and tone"]["label"] == "Fair"
    assert answers["Empathy and tone"]["comment"] == "Sounded rushed <b>at the end</b>"
    # The comment is shown as text (user data is never parsed as HTML).
    assert "<b>" in console.find("#eval-form input[name^=c][value*='rushed']").get_attribute("value")
    assert console.all("#eval-form b") == []
    assert "91.67 (band 3)" in console.find("#eval-facts").text
    # Submitting an incomplete evaluation: the API's reason, nothing saved.
    other = _recorded_contact_of(console.base, sid, 4)
    console.go(f"#/evaluate/{other}?form=2")
    assert console.text_of("#eval-score", "Score:").startswith("Score: — (0 of 4 answered)")
    console.find("#eval-form .eval-question .options label").click()
    console.find("#eval-submit").click()
    assert "is not answered" in console.text_of("#eval-form .form-error", "answered")
    assert call(console.base, f"/api/rest/recording/contact/{other}/eval", sid)[1] == []
    # A draft instead (Compliance Review needs approval once submitted): in progress, on the queue as the admin's.
    console.find("#eval-draft").click()
    console.text_of("#eval-saved", "in progress")
    _, drafts = call(console.base, f"/api/rest/recording/contact/{other}/eval", sid)
    assert [d["state"] for d in drafts] == ["inProgress"]
    console.go("#/evaluations?view=progress&since=2000-01-01")
    console.wait(lambda _: console.all(f"#queue-progress tr[data-contact='{other}']") or False)
    assert "you" in console.find(f"#queue-progress tr[data-contact='{other}']").text
    assert console.csp_errors() == []
    console.contact_scored = (contact_id, evaluations[0]["id"])


def test_the_evaluated_person_acknowledges_and_disputes_their_evaluation(console):
    contact_id, eval_id = console.contact_scored
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in(SAM, PASSWORD)
    console.find("#user-name")
    console.go("#/evaluations?view=mine&since=2000-01-01")
    card = console.find(f"#my-evaluations article[data-evaluation='{eval_id}']")
    assert "Customer Experience: 91.67 (band 3)" in card.text
    console.shot("my-evaluations")
    card.find_element("css selector", "button.acknowledge").click()
    console.wait(lambda _: "Acknowledged" in console.find(f"article[data-evaluation='{eval_id}'] .hint").text)
    _, ev = call(
        console.base, f"/api/rest/recording/contact/{contact_id}/eval/{eval_id}", _api_session(console)
    )
    assert ev["acknowledged"]
    # On the evaluation's page: read-only answers, and a dispute with a reason.
    console.go(f"#/evaluate/{contact_id}/{eval_id}")
    console.find("#eval-acknowledge")
    assert console.find("#eval-acknowledge").get_attribute("disabled") is not None
    assert all(not r.is_enabled() for r in console.all("#eval-form input[type=radio]"))
    console.find("#dispute-reason").send_keys("The caller hung up; I was not rushing.")
    console.find("#eval-dispute").click()
    console.text_of("#agent-status", "Disputed")
    _, ev = call(
        console.base, f"/api/rest/recording/contact/{contact_id}/eval/{eval_id}", _api_session(console)
    )
    assert ev["dispute"] == "open"
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in()
    console.find("#user-name")
    # The evaluator sees the dispute and upholds the score.
    console.go(f"#/evaluate/{contact_id}/{eval_id}")
    assert "open" in console.find("#eval-facts").text
    assert "hung up" in console.find("#eval-comments").text
    console.find("#eval-uphold").click()
    console.text_of("#eval-saved", "Saved")
    _, ev = call(
        console.base, f"/api/rest/recording/contact/{contact_id}/eval/{eval_id}", _api_session(console)
    )
    assert ev["dispute"] == "upheld" and ev["score"] == 91.67


def test_an_agent_without_contact_search_reads_and_acknowledges_their_evaluation_by_its_address(console):
    sid = _api_session(console)
    contact_id = _recorded_contact_of(console.base, sid, 3)  # Alex Lindqvist, the demo agent
    _, form = call(console.base, "/api/rest/recording/evalform/1", sid)
    answers = [
        {"questionId": q["id"], "optionId": q["options"][1]["id"]}
        for s in form["sections"]
        for q in s["questions"]
    ]
    status, ev = call(
        console.base,
        f"/api/rest/recording/contact/{contact_id}/eval",
        sid,
        "POST",
        {"formId": 1, "state": "scored", "answers": answers},
    )
    assert status == 200 and ev["state"] == "scored", ev
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in("alex.agent@demo.openwfo.test", PASSWORD)
    console.find("#user-name")
    console.go(f"#/evaluate/{contact_id}/{ev['id']}")
    # The API refuses the agent the contact search and the recording: the page says so and shows the evaluation.
    assert "Permission required: Search Contacts" in console.text_of(".player", "not shown")
    assert console.text_of("#eval-score", "Score:").startswith(f"Score: {ev['score']} · band {ev['band']}")
    assert console.all("#eval-submit") == []
    console.find("#eval-acknowledge").click()
    console.text_of("#agent-status", "Acknowledged")
    _, seen = call(console.base, f"/api/rest/recording/contact/{contact_id}/eval/{ev['id']}", sid)
    assert seen["acknowledged"]
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.shot("evaluation-agent")
    console.find("#signout").click()
    console.text_of("#signin-notice", "signed out")
    console.sign_in()
    console.find("#user-name")


def test_an_automated_qa_draft_shows_as_such_and_calibration_results_show(console):
    sid = _api_session(console)
    contact_id, eval_id = console.contact_scored
    _, form = call(console.base, "/api/rest/recording/evalform/1", sid)
    question = form["sections"][2]["questions"][1]  # "Avoided long silences"
    yes, no = question["options"][0]["id"], question["options"][1]["id"]
    status, rule = call(
        console.base,
        "/api/rest/cas/qarule",
        sid,
        "POST",
        {
            "questionId": question["id"],
            "kind": "silence",
            "limitMs": 5000,
            "optionMetId": yes,
            "optionNotMetId": no,
        },
    )
    assert status == 200, rule
    target = _recorded_contact_of(console.base, sid, 3)
    status, queued = call(console.base, "/api/rest/cas/speech/analyze", sid, "POST", {"ccrids": [target]})
    assert status in (200, 202), queued
    for job in queued["jobs"]:
        console.wait(
            lambda _, j=job: call(console.base, j["statusUrl"], sid)[1]["status"] in ("succeeded", "failed"),
            timeout=120,
        )
    _, evs = call(console.base, f"/api/rest/recording/contact/{target}/eval", sid)
    auto = next(e for e in evs if e["evaluator"] is None)
    console.go(f"#/evaluate/{target}/{auto['id']}")
    assert console.text_of("#auto-note", "Automatic draft").startswith("Automatic draft")
    marked = console.all("#eval-form .eval-question.auto")
    assert len(marked) == 1 and "Avoided long silences" in marked[0].text
    assert "automatic" in marked[0].find_element("css selector", ".comment input").get_attribute("value")
    console.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", marked[0])
    console.shot("evaluate-automatic")
    # A calibration of the contact scored earlier: the report shows each evaluator against the reference.
    answers = [
        {"questionId": q["id"], "optionId": q["options"][0]["id"]}
        for s in form["sections"]
        for q in s["questions"]
    ]
    status, cal = call(
        console.base,
        f"/api/rest/recording/contact/{contact_id}/eval",
        sid,
        "POST",
        {"formId": 1, "state": "scored", "calibration": True, "answers": answers},
    )
    assert status == 200, cal
    console.go(f"#/evaluate/{contact_id}/{eval_id}")
    table = console.find("#calibration table")
    assert "Dana Admin" in table.text and "+8.33" in table.text
    assert "reference score 91.67" in console.find("#calibration .hint").text
    console.driver.execute_script("document.getElementById('calibration').scrollIntoView()")
    console.shot("calibration")


def test_a_report_s_preview_and_its_csv_download_are_the_export_api_s(console):
    sid = _api_session(console)
    console.go("#/reports")
    rows = console.wait(lambda _: console.all("#report-catalog tbody tr") or False)
    assert any("Contact Detail" in r.text for r in rows)
    console.shot("reports")
    console.go("#/reports/217")
    form = console.find("#report-form")
    form.find_element("css selector", "input[name=pTeam]").send_keys("5")
    console.find("#report-preview-btn").click()
    table = console.find("#report-rows")
    assert "The first 20 rows of" in table.find_element("css selector", "caption").text
    teams = {td.text for td in console.all("#report-rows tbody tr td:nth-child(13)")}
    assert teams == {"Billing"}
    # A wrong value: the API's reason beside the field.
    team = form.find_element("css selector", "input[name=pTeam]")
    team.clear()
    team.send_keys("five")
    console.find("#report-preview-btn").click()
    assert "is not a valid Team" in console.text_of("#report-form .field-error", "valid")
    team.clear()
    team.send_keys("5")
    Select(console.find("select[name='pContactStartTime-mode']")).select_by_value("relative")
    console.find("#report-preview-btn").click()
    console.wait(lambda _: not console.all("#report-form .field-error"))
    console.find("#report-rows")
    console.driver.execute_script(
        "document.getElementById('report-form').scrollIntoView(); window.scrollBy(0, 320)"
    )
    console.shot("report")
    # The CSV in the background: queued, polled with a progress bar, then saved; the same rows as the API's.
    console.find("#report-background").click()
    console.find("#report-download").click()
    link = console.find("#report-file", timeout=60)
    assert link.get_attribute("download") == "Contact-Detail.csv"
    saved = console.downloads / "Contact-Detail.csv"
    console.wait(lambda _: saved.exists() and saved.stat().st_size > 0)
    text = saved.read_text()
    got = list(csv.reader(io.StringIO(text)))
    assert got[0][:3] == ["Contact ID", "Start Time", "Duration (s)"]
    assert {row[12] for row in got[1:]} == {"Billing"}
    body = {
        "action": "EXPORT_CSV",
        "paramValues": {
            "encodedParamValues": json.dumps(
                [
                    {"name": "pTeam", "value": {"isAll": False, "values": [5], "containsNull": False}},
                    {
                        "name": "pContactStartTime",
                        "value": {
                            "relativeDates": [
                                {
                                    "periodType": "DayOfMonthPeriod",
                                    "referenceTime": "NL",
                                    "rangeStart": -7,
                                    "rangeEnd": -1,
                                }
                            ]
                        },
                    },
                ]
            )
        },
    }
    req = urllib.request.Request(
        f"{console.base}/api/rest/dataexplorer/report/217/export",
        method="POST",
        data=json.dumps(body).encode(),
        headers={"Cookie": f"hazelcast.sessionId={sid}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        expected = list(csv.reader(io.StringIO(r.read().decode())))
    assert got == expected
    assert console.text_of("#report-status", "Downloaded").startswith(f"Downloaded {len(expected) - 1} rows")
    assert console.csp_errors() == []
