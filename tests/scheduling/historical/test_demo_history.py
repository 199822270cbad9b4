"""Demo interval history: thirteen weeks for every demo queue, in its opening hours, with daily and
weekly seasonality and a trend; stored once (seeding again changes nothing); readable per queue."""

from __future__ import annotations

import datetime as dt
import statistics

from sqlalchemy import func, select

from openwfo.demo import SEEDERS
from openwfo.demo import historical as demo_history
from openwfo.demo import reports as demo_reports
from openwfo.demo import wfm as wfm_demo
from openwfo.kit.clock import now_ms
from openwfo.models import HistoricalInterval, Tenant
from openwfo.scheduling.schedules import days

from ..helpers import ok


def _seed(app, tenant_id, *seeders):
    for seeder in seeders:
        with app.state.database.session(tenant_id) as db:
            seeder(db, db.get(Tenant, tenant_id))


def test_seeded_before_the_reports_demo_history():
    assert SEEDERS.index(wfm_demo.seed) < SEEDERS.index(demo_history.seed) < SEEDERS.index(demo_reports.seed)


def test_thirteen_weeks_with_weekly_and_daily_seasonality(admin_client, app, tenant):
    _seed(app, tenant.id, wfm_demo.seed, demo_history.seed)
    with app.state.database.session(tenant.id) as db:
        count = db.scalar(select(func.count()).select_from(HistoricalInterval))
        zone = days.zone(db.get(Tenant, tenant.id).time_zone)
    _seed(app, tenant.id, demo_history.seed, demo_reports.seed)  # again, then the reports' 14 days: no change
    with app.state.database.session(tenant.id) as db:
        assert db.scalar(select(func.count()).select_from(HistoricalInterval)) == count > 10_000

    queues = {q["name"]: q for q in ok(admin_client.get("/api/rest/scheduling/service"))}
    today = days.local_date(now_ms(), zone)
    first = today - dt.timedelta(days=demo_history.DAYS)
    rows = ok(admin_client.get(f"/api/rest/scheduling/historical/service/{queues['Tech Support']['id']}",
                               params={"fromDate": first.isoformat(), "toDate": today.isoformat()}))
    per_day: dict[str, int] = {}
    per_period: dict[str, list[int]] = {}
    for r in rows:
        per_day[r["date"]] = per_day.get(r["date"], 0) + r["receivedCalls"]
        per_period.setdefault(r["period"], []).append(r["receivedCalls"])
        assert r["handledCalls"] + r["abandonedCalls"] == r["receivedCalls"]
    assert len(per_day) == demo_history.DAYS  # a 24-hour queue: every day, up to yesterday
    assert min(per_day) == first.isoformat() and max(per_day) == (today - dt.timedelta(days=1)).isoformat()

    # Weekly: every Monday busier than the Saturday and Sunday of its week; by weekday, the mean
    # volume falls from Monday to Sunday.
    by_weekday = [statistics.mean(v for d, v in per_day.items() if dt.date.fromisoformat(d).weekday() == w)
                  for w in range(7)]
    assert by_weekday[0] > by_weekday[2] > by_weekday[5] > by_weekday[6]
    assert by_weekday[0] > 2.5 * by_weekday[6]
    for d, v in per_day.items():
        day = dt.date.fromisoformat(d)
        if day.weekday() == 0 and (day + dt.timedelta(days=6)).isoformat() in per_day:
            assert v > per_day[(day + dt.timedelta(days=5)).isoformat()] > per_day[(day + dt.timedelta(days=6)).isoformat()]
    # Seven-day periodicity: a day is far closer to the same weekday a week later than to the next day.
    values = [per_day[d] for d in sorted(per_day)]
    lag1 = statistics.mean(abs(a - b) for a, b in zip(values, values[1:], strict=False))
    lag7 = statistics.mean(abs(a - b) for a, b in zip(values, values[7:], strict=False))
    assert lag7 < 0.5 * lag1
    # Trend: the last four weeks busier than the first four.
    assert sum(values[-28:]) > 1.05 * sum(values[:28])
    # Daily: mid-morning busiest, the night quietest.
    mean_of = {p: statistics.mean(v) for p, v in per_period.items()}
    assert max(mean_of, key=mean_of.get) in {"09:30", "10:00", "10:30", "11:00"}
    assert mean_of["03:00"] < 0.2 * mean_of["10:00"]

    # A queue closed at weekends has no weekend intervals, and none outside its opening hours.
    billing = ok(admin_client.get(f"/api/rest/scheduling/historical/service/{queues['Billing']['id']}",
                                  params={"fromDate": (today - dt.timedelta(days=14)).isoformat(),
                                          "toDate": (today - dt.timedelta(days=1)).isoformat()}))
    assert billing and all(dt.date.fromisoformat(r["date"]).weekday() < 5 for r in billing)
    assert {r["period"] for r in billing} <= {f"{h:02d}:{m:02d}" for h in range(8, 18) for m in (0, 30)}
