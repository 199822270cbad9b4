"""Demo report data: interval history for the demo queues and a saved definition, seeded once; the
saved definition exports with its columns and defaults."""

from __future__ import annotations

from sqlalchemy import func, select

from openwfo.demo import reports as demo_reports
from openwfo.models import HistoricalInterval, ReportDefinition, Tenant

from ..scheduling.schedules.helpers import Wfm
from .conftest import CATALOG, EXPORT, as_dicts, body


def test_demo_report_data_seeds_once(app, factory, tenant, admin_client):
    wfm = Wfm(factory, tenant.id)
    wfm.queue("Inbound Sales")
    wfm.queue("Billing")
    for _ in range(2):
        with app.state.database.session(tenant.id) as db:
            demo_reports.seed(db, db.get(Tenant, tenant.id))
    with app.state.database.session(tenant.id) as db:
        intervals = db.scalar(select(func.count()).select_from(HistoricalInterval))
        assert intervals == 2 * demo_reports.DAYS * 20  # 08:00-18:00 in half hours, each queue and day
        assert db.scalar(select(func.count()).select_from(ReportDefinition)) == 1
    rows = as_dicts(admin_client.post(EXPORT.format(430), json=body(rows=(0, 10_000))))
    assert len(rows) == intervals and all(int(r["Handled"]) <= int(r["Received"]) for r in rows)
    saved = next(r for r in admin_client.get(CATALOG).json() if r["name"] == demo_reports.SAVED_NAME)
    r = admin_client.post(EXPORT.format(saved["qname"]), json=body())
    assert r.status_code == 200 and r.text.startswith("Contact ID,Start Time,Duration (s),Agent,ANI,Evaluation Score")
