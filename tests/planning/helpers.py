"""Planning test setup shared by the planning tests: the tenant's zone and ready forecasts stored directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from openwfo.models import Tenant
from openwfo.planning.forecast import repository as forecast_repo
from openwfo.scheduling.historical.service import local_start
from openwfo.scheduling.schedules import days


def zone_of(app, tenant_id):
    with app.state.database.session(tenant_id) as db:
        return days.zone(db.get(Tenant, tenant_id).time_zone)


def store_ready_forecast(
    app,
    tenant_id,
    queue_id,
    first: dt.date,
    last: dt.date,
    intervals: Iterable[tuple[dt.date, int, float, float]],
):
    """A ready 30-minute forecast of first..last with these (local date, minute of day, contacts, AHT s)."""
    with app.state.database.session(tenant_id) as db:
        zone = days.zone(db.get(Tenant, tenant_id).time_zone)
        f = forecast_repo.add(
            db, queue_id, first, last, status="ready", history_days=14, holdout_days=0, method="test"
        )
        rows = [
            {
                "start_ms": local_start(day, minute, zone),
                "local_date": day,
                "period_minute": minute,
                "contacts": contacts,
                "aht_s": aht,
            }
            for day, minute, contacts, aht in intervals
        ]
        forecast_repo.replace_intervals(db, f.id, rows)
