"""Demo planning: every demo queue with interval history (and forecasts allowed) gets a ready forecast
of this week and next at 30 minutes, fitted from its history with held-out accuracy; then the
schedule generation service builds a schedule for those two weeks (its current engine, a short time
limit) and it is published, so the demo's schedules are a generated plan against the forecast.

Publishing goes through the generation service's own publish (a finished run recorded as a
`planning.generate` job, readable and inspectable like any run): the skilled agents' shifts of the two
weeks are replaced by the generated ones; dates with an approved exception request (and the exception
on the hand-made shift) are kept. A shift is dated by its start in the agent's own time zone (as the
proposal and publishing date it). Runs once per fortnight: a tenant whose demo run for this week's
Monday exists is left as it is.

Today's completed half hours get interval history too (the history seeder stops at yesterday), running
about 10 % over the forecast, so the intraday view has a morning to reforecast from; seeding again
later in the day adds the half hours since.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..errors import AppError
from ..kit.clock import now_ms
from ..models import Forecast, HistoricalInterval, Job, Person, ServiceQueue, Tenant
from ..planning.forecast import repository as forecast_repo
from ..planning.forecast import service as forecasts
from ..planning.generation import repository as generation_repo
from ..planning.generation import service as generation
from ..scheduling.historical import service as historical
from ..scheduling.schedules import days
from ..scheduling.schedules import repository as sched_repo
from . import historical as demo_history

DAYS = 14
TIME_LIMIT_S = 8.0
log = logging.getLogger(__name__)


def seed(db: Session, tenant: Tenant) -> None:
    zone = days.zone(tenant.time_zone)
    today = days.local_date(now_ms(), zone)
    monday = today - dt.timedelta(days=today.weekday())
    last = monday + dt.timedelta(days=DAYS - 1)
    _forecasts(db, monday, last)
    _schedule(db, tenant, monday, last)
    _today_so_far(db, tenant, today)


def _forecasts(db: Session, first: dt.date, last: dt.date) -> None:
    with_history = set(db.scalars(select(HistoricalInterval.service_queue_id).distinct()))
    covered = {
        f.service_queue_id
        for f in db.scalars(
            select(Forecast).where(
                Forecast.status == "ready", Forecast.first_day <= first, Forecast.last_day >= last
            )
        )
    }
    for queue in db.scalars(
        select(ServiceQueue).where(ServiceQueue.not_allow_forecast.is_(False)).order_by(ServiceQueue.id)
    ):
        if queue.id not in with_history or queue.id in covered:
            continue
        row = forecast_repo.add(db, queue.id, first, last, status="running", history_days=91, holdout_days=7)
        forecasts.store(db, row, forecasts.compute(db, row))


def _schedule(db: Session, tenant: Tenant, first: dt.date, last: dt.date) -> None:
    for job in db.scalars(select(Job).where(Job.tenant_id == tenant.id, Job.kind == generation.JOB_KIND)):
        if (job.payload or {}).get("demo") and job.payload.get("fromDate") == first.isoformat():
            return
    admin = db.scalar(
        select(Person.id)
        .where(Person.scope_all.is_(True), Person.deactivated.is_(False))
        .order_by(Person.id)
        .limit(1)
    )
    covered = {
        f.service_queue_id
        for f in forecast_repo.ready_covering(db, list(db.scalars(select(ServiceQueue.id))), first, last)
    }
    queue_ids = list(
        db.scalars(
            select(ServiceQueue.id)
            .where(
                ServiceQueue.not_allow_forecast.is_(False),
                ServiceQueue.virtual.is_(False),
                ServiceQueue.id.in_(sorted(covered)),
            )
            .order_by(ServiceQueue.priority, ServiceQueue.id)
        )
    )
    if admin is None or not queue_ids:
        return
    agent_ids = sorted(generation_repo.skills(db, queue_ids))
    req = generation.GenerationRequest(
        first.isoformat(), last.isoformat()
    )  # the service's defaults (engine too)
    payload = {
        "queueIds": queue_ids,
        "agentIds": agent_ids,
        "fromDate": req.from_date,
        "toDate": req.to_date,
        "paidHours": req.paid_hours,
        "restHours": req.rest_hours,
        "shrinkagePercent": req.shrinkage_percent,
        "method": req.method,
        "timeLimitSeconds": TIME_LIMIT_S,
        "shiftLengths": req.shift_lengths or [req.paid_hours],
        "underWeight": req.under_weight,
        "state": "proposed",
        "demo": True,
    }
    result = generation.plan(db, payload)  # each shift dated in its agent's own time zone
    stamp = now_ms()
    job = Job(
        tenant_id=tenant.id,
        requested_by=admin,
        kind=generation.JOB_KIND,
        status="succeeded",
        progress=100,
        payload=payload,
        result=result,
        created_ms=stamp,
        started_ms=stamp,
        finished_ms=stamp,
    )
    db.add(job)
    db.flush()
    job_id = job.id
    principal = Principal(
        session_id="demo", tenant_id=tenant.id, person_id=admin, permission_ids=frozenset(), scope_all=True
    )
    considered = [a["agentId"] for a in result.get("agents", [])]
    kept = generation_repo.approved_exception_dates(db, considered, first, last)
    # The hand-made shifts of the fortnight (and the days either side: a generated shift may start there in
    # the agent's zone) give way to the generated plan; a date with an approved exception stays if it can.
    span = days.dates(first - dt.timedelta(days=1), last + dt.timedelta(days=1))
    attempts = [True, False]
    for n, keep in enumerate(attempts):
        try:
            with db.begin_nested():
                for agent in considered:
                    spare = kept.get(agent, set()) if keep else set()
                    sched_repo.delete_shifts(db, agent, [d for d in span if d not in spare])
                db.flush()
                generation.publish(db, principal, job_id)
            return
        except AppError as e:
            log.warning("demo schedule, attempt %d of %d: %s", n + 1, len(attempts), e)
    with db.begin_nested():  # nothing could be published: the hand-made schedules stay, the run is closed
        job = db.get(Job, job_id)
        job.result = {**result, "state": "discarded"}


TODAY_FACTOR = 1.10  # today runs this much over the history's level


def _today_so_far(db: Session, tenant: Tenant, today: dt.date) -> None:
    queues = demo_history.demo_queues(db)
    if not queues:
        return
    zone = days.zone(tenant.time_zone)
    now = now_ms()
    # `records` starts its trend at the first day it builds: today's level is the history's last day's, +10 %.
    scale = (1 + demo_history.TREND_PER_DAY * demo_history.DAYS) * TODAY_FACTOR
    rows = []
    for r in demo_history.records(queues, zone, today, 1, now):
        if r["start_ms"] + demo_history.PERIOD_MINUTES * 60_000 > now:
            continue
        for key in ("received_calls", "handled_calls", "abandoned_calls", "transferred_calls"):
            r[key] = round(r[key] * scale)
        rows.append(r)
    if rows:
        historical.store_intervals(db, tenant.id, rows)
