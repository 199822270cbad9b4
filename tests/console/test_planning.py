"""The console's Planning page in a real headless Chromium on the demo contact centre: forecast vs. actual
volume, requirement vs. scheduled, a schedule-generation run watched to the end, inspected, published (the
schedules then exist through the API) and another discarded."""

from __future__ import annotations

import datetime as dt

import pytest

from ..conftest import TEST_DB
from ..processes import call
from .browser import chromium, demo_server
from .test_console import Console

pytestmark = pytest.mark.skipif(TEST_DB != "sqlite", reason="store-independent; runs on the embedded default")
GEN = "/api/rest/planning/generation"
QUEUE = 1  # Inbound Sales: the demo's forecast covers the next 14 days, its history the 91 days before


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    server, _data = demo_server(tmp_path_factory)
    try:
        driver = chromium(tmp_path_factory.mktemp("downloads"))
    except BaseException:
        server.stop()
        raise
    try:
        c = Console(driver, server, tmp_path_factory.mktemp("screenshots"))
        c.open()
        c.sign_in()
        c.find("#user-name")
        yield c
    finally:
        driver.quit()
        server.stop()


def _weekday(start: dt.date, step: int) -> str:
    day = start
    while day.weekday() >= 5:
        day += dt.timedelta(days=step)
    return day.isoformat()


def _forecast_start(console) -> dt.date:
    """The first day of the demo's forecast (the tenant's today when the demo was seeded)."""
    _, versions = call(console.base, f"/api/rest/planning/forecast?serviceQueueId={QUEUE}", console.sid())
    return dt.date.fromisoformat(min(v["fromDate"] for v in versions if v["status"] == "ready"))


def test_forecast_vs_actual_volume_and_a_forecast_started_from_the_page(console):
    assert console.find("#top nav a[data-nav=planning]").text == "Planning"
    past = _weekday(_forecast_start(console) - dt.timedelta(days=1), -1)
    console.go(f"#/planning?queue={QUEUE}&from={past}&to={past}")
    assert console.text_of("#volume h2", "Volume") == "Volume: forecast vs. actual, Inbound Sales"
    # A past day: the interval history's volume, no forecast yet.
    assert "No ready forecast covers these dates" in console.text_of("#volume-notes", "forecast")
    console.find("#volume-chart")
    console.find("#forecast-start").click()
    facts = console.text_of("#volume-facts", "WAPE", timeout=60)
    assert facts.startswith("Forecast ") and " %" in facts
    console.driver.execute_script("window.scrollTo(0, 0)")
    console.shot("planning")
    _, versions = call(console.base, f"/api/rest/planning/forecast?serviceQueueId={QUEUE}", console.sid())
    assert any(v["fromDate"] == past and v["status"] == "ready" for v in versions)
    # The forecast gives the day a requirement: the staffing chart reads one interval at a time by keyboard.
    console.text_of("#staffing-facts", "Required")
    chart = console.find("#staffing-chart")
    chart.click()
    from selenium.webdriver.common.keys import Keys

    chart.send_keys(Keys.HOME)
    first = console.text_of("#staffing-chart-readout", "agents scheduled")
    chart.send_keys(Keys.ARROW_RIGHT)
    console.wait(lambda _: console.find("#staffing-chart-readout").text not in ("", first))


def test_a_generation_run_is_watched_inspected_and_published(console):
    sid = console.sid()
    day = _weekday(_forecast_start(console) + dt.timedelta(days=1), 1)
    console.go(f"#/planning?queue={QUEUE}&from={day}&to={day}")
    console.text_of("#staffing-facts", "Required")
    # No queue ticked: the API's refusal in words.
    box = console.find(f"#gen-queues input[value='{QUEUE}']")
    assert box.is_selected()
    box.click()
    console.find("#gen-start").click()
    assert "queue" in console.text_of("#gen-form .form-error", "queue")
    box.click()
    console.find("#gen-start").click()
    console.wait(lambda _: console.find("#gen-progress").get_attribute("value") == "100", timeout=120)
    assert console.text_of("#gen-progress-label", "succeeded").endswith("succeeded, 100 %")
    job_id = int(console.driver.current_url.rsplit("run=", 1)[1].split("&")[0])
    _, job = call(console.base, f"{GEN}/{job_id}", sid)
    proposal = job["result"]
    assert proposal["state"] == "proposed" and proposal["shifts"]
    # The proposal: its figures, coverage per interval, unmet requirement, violations, and each agent's lot.
    facts = console.find("#gen-facts").text
    assert "Unmet (under-staffed)" in facts and f"{len(proposal['shifts'])}" in facts
    console.find("#gen-coverage-chart")
    assert console.find("#gen-unmet").text
    assert console.find("#gen-violations").text
    rows = console.all("#gen-agents tbody tr")
    assert len(rows) == len(proposal["agents"])
    first = proposal["agents"][0]
    row = console.find(f"#gen-agents tr[data-agent='{first['agentId']}']")
    assert not row.text.startswith("1 Agent ")  # named from the organization, not by id
    assert not console.all("#gen-form .field-error")  # the refusal went with the next try
    console.driver.execute_script("document.getElementById('proposal').scrollIntoView()")
    console.shot("planning-run")
    console.find("#gen-publish").click()
    assert console.text_of("#gen-state", "Published").startswith("Published")
    assert console.find("#gen-publish").get_attribute("disabled") is not None
    # The schedules exist: every published activity is in its agent's schedule (Schedule Details; the days
    # around it too, as the agent's own zone may date a shift otherwise).
    agents = sorted({s["agentId"] for s in proposal["shifts"]})
    around = dt.date.fromisoformat(day)
    status, details = call(
        console.base,
        f"/api/rest/scheduling/schedule/activity/detail?fromDate={around - dt.timedelta(days=1)}"
        f"&toDate={around + dt.timedelta(days=1)}",
        sid,
        "POST",
        {"agentIds": agents},
    )
    assert status == 200, details
    have = {
        (d["agentId"], a["startTime"], a["endTime"], a["activityType"])
        for d in details
        for by_date in d["activitiesByDate"]
        for a in by_date["scheduledActivities"]
    }
    for shift in proposal["shifts"]:
        for a in shift["activities"]:
            assert (shift["agentId"], a["startTime"], a["endTime"], a["activityType"]) in have, (shift, a)
    _, job = call(console.base, f"{GEN}/{job_id}", sid)
    assert job["result"]["state"] == "published"
    # Another run, discarded: nothing written, the run says so.
    console.find("#gen-start").click()
    console.wait(lambda _: f"run={job_id}" not in console.driver.current_url)
    console.wait(lambda _: console.find("#gen-progress").get_attribute("value") == "100", timeout=120)
    console.find("#gen-discard").click()
    assert console.text_of("#gen-state", "Discarded").startswith("Discarded")
    other = int(console.driver.current_url.rsplit("run=", 1)[1].split("&")[0])
    assert call(console.base, f"{GEN}/{other}", sid)[1]["result"]["state"] == "discarded"
    assert console.csp_errors() == []


def test_a_long_run_is_cancelled_from_its_progress_bar(console):
    first = _forecast_start(console) + dt.timedelta(days=1)
    console.go(f"#/planning?queue={QUEUE}&from={first}&to={first + dt.timedelta(days=12)}")
    console.find("#staffing-chart")
    for box in console.all("#gen-queues input"):
        if not box.is_selected():
            box.click()
    before = console.driver.current_url
    console.find("#gen-start").click()
    console.wait(lambda _: console.driver.current_url != before)
    console.find("#gen-cancel").click()
    assert console.text_of("#gen-run .error", "cancelled") == "The run was cancelled; nothing was written."
    job_id = int(console.driver.current_url.rsplit("run=", 1)[1].split("&")[0])
    _, job = call(console.base, f"{GEN}/{job_id}", console.sid())
    assert job["status"] == "failed" and job["error"] == "canceled"
