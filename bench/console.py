"""The web console's page times on a real `openwfo serve` (SQLite): its HTML, and the API calls that feed a
team's day view with 1,000 agents (the organization drill-down and Schedule Details for the day), beside the
whole page drawn in headless Chromium (from choosing the page to every agent's row on screen), when
Debian's chromium and chromium-driver are installed.

The store is `bench.schedules`' (1,000 agents in one team, 31 days of shifts). Targets (from the console's
brief): the HTML under 200 ms, the day view of a 1,000-agent team under 500 ms server time.
Run: `python -m bench.console` (env BENCH_RUNS).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import login_cookie, running_server, write_result
from .schedules import _post, _timed, seed

DAY = "2024-03-05"


def _get(base: str, cookie: str | None, path: str) -> bytes:
    req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read()


def _browser(base: str, email: str, password: str, team_id: int, agents: int) -> dict | None:
    """The day view drawn in the browser: `agents` rows (those with a schedule) below the axis row."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return None
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    try:
        driver.get(base + "/")
        driver.find_element("id", "userId").send_keys(email)
        driver.find_element("id", "password").send_keys(password)
        driver.find_element("css selector", "#signin-form button").click()
        WebDriverWait(driver, 30).until(lambda d: d.find_elements("id", "user-name"))
        times = []
        for _ in range(3):
            driver.execute_script("location.hash = '#/org'")
            WebDriverWait(driver, 60).until(lambda d: d.find_elements("css selector", ".tree"))
            t0 = time.perf_counter()
            driver.execute_script("location.hash = arguments[0]", f"#/schedules?team={team_id}&date={DAY}")
            try:
                WebDriverWait(driver, 120, poll_frequency=0.02).until(
                    lambda d: d.execute_script("return document.querySelectorAll('.gantt .g-row').length") > agents)
            except TimeoutException:
                return {"error": "the day view did not draw every agent",
                        "rows": driver.execute_script("return document.querySelectorAll('.gantt .g-row').length"),
                        "page": driver.find_element("id", "page").text[:500]}
            times.append(time.perf_counter() - t0)
        bars = driver.execute_script("return document.querySelectorAll('.gantt .bar').length")
        return {"dayViewDrawnSeconds": {"median": round(sorted(times)[1], 3), "min": round(min(times), 3), "runs": 3},
                "bars": bars}
    finally:
        driver.quit()


def main() -> dict:
    with tempfile.TemporaryDirectory(prefix="openwfo-bench-console-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'console.db'}"
        with running_server({"OPENWFO_DATABASE_URL": url}) as (base, email, password):
            ids = seed(url)
            cookie = login_cookie(base, email, password)
            html_t, html = _timed(lambda: _get(base, None, "/"))
            module_t, _ = _timed(lambda: _get(base, None, "/console/pages/schedules.js"))
            tree_t, tree = _timed(lambda: _get(base, cookie, "/api/rest/org/common/common/permission/ViewOrg"))
            teams = [t for g in json.loads(tree) for t in g["teams"] if len(t["agents"]) >= 1000]
            team = teams[0]
            agent_ids = [a["personId"] for a in team["agents"]]
            day_t, day = _timed(lambda: _post(base, cookie, f"/api/rest/scheduling/schedule/activity/detail"
                                                            f"?fromDate={DAY}&toDate={DAY}", {"agentIds": agent_ids})[1])
            activities = sum(len(d["scheduledActivities"]) for a in json.loads(day) for d in a["activitiesByDate"])
            browser = _browser(base, email, password, team["groupId"], len(json.loads(day)))
    result = {
        "store": "sqlite", "agentsInTeam": len(agent_ids), "agentsWithASchedule": len(json.loads(day)), "date": DAY, "activitiesThatDay": activities,
        "html": {"bytes": len(html), **html_t},
        "pageModule": module_t,
        "orgDrillDown": {"bytes": len(tree), **tree_t},
        "scheduleDetailsForTheTeamDay": {"bytes": len(day), **day_t},
        "dayViewServerSeconds": round(tree_t["medianSeconds"] + day_t["medianSeconds"], 3),
        "browser": browser or "chromium not installed: skipped",
        "agentsSeeded": len(ids["agents"]),
    }
    write_result("console", result)
    return result


if __name__ == "__main__":
    main()
