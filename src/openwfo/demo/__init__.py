"""The demo tenant: a small, believable contact centre, seeded idempotently.

Each area adds a seeder to SEEDERS (in order; later seeders may rely on earlier ones). A seeder
takes (db, tenant) on a tenant-bound session and must be safe to run again on seeded data.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from ..models import Tenant
from . import analytics as analytics_demo
from . import evaluations as evaluations_demo
from . import foundation
from . import historical as historical_demo
from . import org as org_demo
from . import planning as planning_demo
from . import qm_live as qm_live_demo
from . import realtime as realtime_demo
from . import recording as recording_demo
from . import reports as reports_demo
from . import schedules as schedules_demo
from . import wfm as wfm_demo

DEMO_TENANT = "Demo Contact Centre"
DEMO_ADMIN = "admin@demo.openwfo.test"
DEMO_PASSWORD = "demo-password"

SEEDERS: list[Callable[[Session, Tenant], None]] = [
    foundation.seed,
    org_demo.seed,
    recording_demo.seed,
    evaluations_demo.seed,  # after the contacts it evaluates
    qm_live_demo.seed,  # a survey with results on the demo contacts; a live call for recording controls
    wfm_demo.seed,
    schedules_demo.seed,  # after the WFM configuration: it schedules its queues and agents
    historical_demo.seed,  # after the WFM queues: thirteen weeks of their interval history
    reports_demo.seed,  # after the WFM queues: their interval history; a saved report definition
    planning_demo.seed,  # after the interval history and schedules: forecasts and a generated, published fortnight
    realtime_demo.seed,  # after the (generated) schedules: a simulated ACD feed replays agents' shifts
    analytics_demo.seed,  # after the agents: categories, phrases, emails and chats with hits
]


def seed_demo(database) -> Tenant:
    from ..org.provision import get_or_create_tenant, upsert_administrator

    with database.session() as db:
        tenant = get_or_create_tenant(db, DEMO_TENANT)
        upsert_administrator(db, tenant, DEMO_ADMIN, DEMO_PASSWORD, "Dana", "Admin")
        tenant_id = tenant.id
    for seeder in SEEDERS:
        with database.session(tenant_id) as db:
            seeder(db, db.get(Tenant, tenant_id))
    with database.session() as db:
        return db.get(Tenant, tenant_id)
