"""The web console's page times on a real `openwfo serve` (SQLite): its HTML, and the API calls that feed a
team's day view with 1,000 agents (the organization drill-down and Schedule Details for the day), beside the
whole page drawn in headless Chromium (from choosing the page to every agent's row on screen), when
Debian's chromium and chromium-driver are installed.

The store is `bench.schedules`' (1,000 agents in one team, 31 days of shifts). Targets (from the console's
brief): the HTML under 200 ms, the day view of a 1,000-agent team under 500 ms server time.

The Planning page: one queue (50 of the 1,000 agents on it) gets 94 days of half-hour history (the demo's
generator) and a forecast of the month from the 63 days before it (a forecast job through the API); then
the page's API calls for that month (queue list, forecast, history, requirement, agents scheduled per half
hour), with the server's CPU seconds for them, and the page drawn in Chromium (both month charts, 1,488
intervals each).
Run: `python -m bench.console` (env BENCH_RUNS).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import time
import urllib.request
from pathlib import Path

from .common import (
    chromium_driver,
    cpu_seconds,
    drawn_seconds,
    login_cookie,
    running_server,
    server_pid,
    sign_in,
    write_result,
)
from .schedules import DAYS, FIRST_DAY, _post, _timed, seed

DAY = "2024-03-05"


def _get(base: str, cookie: str | None, path: str) -> bytes:
    req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read()


def _planning_seed(url: str, base: str, cookie: str, queue_id: int) -> dict:
    """94 days of half-hour history on the queue (up to the month's end) and a ready forecast of the month."""
    from sqlalchemy import select

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.demo import historical as demo
    from openwfo.models import Tenant
    from openwfo.scheduling.historical import service as historical
    from openwfo.scheduling.schedules import days

    first = FIRST_DAY - dt.timedelta(days=63)
    database = Database(Settings(database_url=url))
    with database.session() as db:
        tenant = db.scalar(select(Tenant).where(Tenant.name == "bench"))
        tenant_id, zone = tenant.id, days.zone(tenant.time_zone)
    with database.session(tenant_id) as db:
        hours = {d: (420, 1260) for d in range(7)}
        records = demo.records(
            [(queue_id, 1000, "Queue 00", 240, 45, hours)], zone, first, 63 + DAYS, int(time.time() * 1000)
        )
        historical.store_intervals(db, tenant_id, records)
    database.dispose()
    last = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    t0 = time.perf_counter()
    _, raw = _post(
        base,
        cookie,
        "/api/rest/planning/forecast",
        {
            "serviceQueueId": queue_id,
            "fromDate": FIRST_DAY.isoformat(),
            "toDate": last.isoformat(),
            "intervalMinutes": 30,
            "historyDays": 63,
            "holdoutDays": 7,
        },
    )
    row = json.loads(raw)
    while row["status"] in ("queued", "running"):
        time.sleep(0.2)
        row = json.loads(_get(base, cookie, f"/api/rest/planning/forecast/{row['id']}"))
    return {
        "historyIntervals": len(records),
        "forecastStatus": row["status"],
        "forecastWape": row.get("wape"),
        "forecastJobSeconds": round(time.perf_counter() - t0, 2),
    }


def _planning_calls(base: str, cookie: str, queue_id: int) -> dict:
    """The Planning page's API calls for the month on one queue, each timed; the server's CPU for them."""
    month = f"fromDate={FIRST_DAY}&toDate={FIRST_DAY + dt.timedelta(days=DAYS - 1)}"
    calls = {
        "serviceQueues": lambda: _get(base, cookie, "/api/rest/scheduling/service"),
        "forecast": lambda: _get(base, cookie, f"/api/rest/planning/forecast/service/{queue_id}?{month}"),
        "history": lambda: _get(base, cookie, f"/api/rest/scheduling/historical/service/{queue_id}?{month}"),
        "requirement": lambda: _get(
            base, cookie, f"/api/rest/planning/staffing/requirements?serviceQueueId={queue_id}&{month}"
        ),
        "agentsScheduled": lambda: _post(
            base,
            cookie,
            "/api/rest/scheduling/agents/scheduled/by/servicequeue",
            {
                "serviceQueueIds": [queue_id],
                "interval": 30,
                "fromDate": FIRST_DAY.isoformat(),
                "toDate": (FIRST_DAY + dt.timedelta(days=DAYS - 1)).isoformat(),
            },
        )[1],
    }
    out = {}
    pid = server_pid(base)
    cpu0 = cpu_seconds(pid)
    for name, fn in calls.items():
        timing, body = _timed(fn)
        out[name] = {"bytes": len(body), **timing}
    runs = out["forecast"]["runs"]
    out["serverSeconds"] = round(sum(v["medianSeconds"] for v in out.values()), 3)
    out["serverCpuSecondsPerPage"] = round((cpu_seconds(pid) - cpu0) / (runs + 1), 3)  # with the warm-up
    return out


def _browser(
    base: str, email: str, password: str, team_id: int, agents: int, planning: str | None = None
) -> dict | None:
    """The day view drawn in the browser: `agents` rows (those with a schedule) below the axis row."""
    driver = chromium_driver()
    if driver is None:
        return None
    from selenium.common.exceptions import TimeoutException

    def rows(d):
        return d.execute_script("return document.querySelectorAll('.gantt .g-row').length")

    try:
        sign_in(driver, base, email, password)
        try:
            drawn = drawn_seconds(
                driver, f"#/schedules?team={team_id}&date={DAY}", lambda d: rows(d) > agents
            )
        except TimeoutException:
            return {
                "error": "the day view did not draw every agent",
                "rows": rows(driver),
                "page": driver.find_element("id", "page").text[:500],
            }
        bars = driver.execute_script("return document.querySelectorAll('.gantt .bar').length")
        out = {"dayViewDrawnSeconds": drawn, "bars": bars}
        if planning:  # the Planning page for the month: both charts drawn
            try:
                out["planningPageDrawnSeconds"] = drawn_seconds(
                    driver,
                    planning,
                    lambda d: d.execute_script(
                        "return !!document.getElementById('volume-chart') && !!document.getElementById('staffing-chart')"
                    ),
                )
            except TimeoutException:
                out["planning"] = {
                    "error": "the planning page did not draw both charts",
                    "page": driver.find_element("id", "page").text[:500],
                }
                return out
        return out
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
            tree_t, tree = _timed(
                lambda: _get(base, cookie, "/api/rest/org/common/common/permission/ViewOrg")
            )
            teams = [t for g in json.loads(tree) for t in g["teams"] if len(t["agents"]) >= 1000]
            team = teams[0]
            agent_ids = [a["personId"] for a in team["agents"]]
            day_t, day = _timed(
                lambda: _post(
                    base,
                    cookie,
                    f"/api/rest/scheduling/schedule/activity/detail?fromDate={DAY}&toDate={DAY}",
                    {"agentIds": agent_ids},
                )[1]
            )
            activities = sum(
                len(d["scheduledActivities"]) for a in json.loads(day) for d in a["activitiesByDate"]
            )
            queue_id = ids["queues"][0]
            planning_seed = _planning_seed(url, base, cookie, queue_id)
            planning = _planning_calls(base, cookie, queue_id)
            last = FIRST_DAY + dt.timedelta(days=DAYS - 1)
            browser = _browser(
                base,
                email,
                password,
                team["groupId"],
                len(json.loads(day)),
                f"#/planning?queue={queue_id}&from={FIRST_DAY}&to={last}",
            )
    result = {
        "store": "sqlite",
        "agentsInTeam": len(agent_ids),
        "agentsWithASchedule": len(json.loads(day)),
        "date": DAY,
        "activitiesThatDay": activities,
        "html": {"bytes": len(html), **html_t},
        "pageModule": module_t,
        "orgDrillDown": {"bytes": len(tree), **tree_t},
        "scheduleDetailsForTheTeamDay": {"bytes": len(day), **day_t},
        "dayViewServerSeconds": round(tree_t["medianSeconds"] + day_t["medianSeconds"], 3),
        "planningMonthOneQueue": {**planning_seed, **planning},
        "browser": browser or "chromium not installed: skipped",
        "loadAverage": os.getloadavg(),
        "agentsSeeded": len(ids["agents"]),
    }
    write_result("console", result)
    return result


if __name__ == "__main__":
    main()
