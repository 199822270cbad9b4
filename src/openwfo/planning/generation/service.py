"""Schedule generation: a request (queues or a view, dates) becomes a job (`planning.generate`) that
takes the staffing requirement from the stored forecasts, places shifts for the scheduling-enabled
agents with `engine.generate`, and stores a proposal on the job: the shifts with their activities,
coverage per queue and interval (required vs. scheduled), under- and over-staffing in FTE-hours,
and per agent what they got and why not more. Publishing writes the proposal as ordinary schedules
(`schedules.writes.replace_schedules`: the agents' shifts on those dates are replaced, every reference
read shows them); discarding closes it. Nothing is written before publishing."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, attributes

from ...auth.principal import Principal
from ...errors import Conflict, NotFound
from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Job, Person, ServiceQueue, ViewServiceQueue
from ...models.org import View
from ...scheduling import visibility
from ...scheduling.schedules import days as sdays
from ...scheduling.schedules import repository as sched_repo
from ...scheduling.schedules.writes import ActivityIn, AgentIn, DayIn, replace_schedules
from ..days import date_range
from ..forecast import repository as forecast_repo
from ..staffing import service as staffing
from . import engine, optimizer
from . import repository as repo

JOB_KIND = "planning.generate"
MAX_DAYS = 31
SLOT_MS = engine.SLOT_MIN * 60_000
DEFAULT_WEEKLY_HOURS = 40.0
METHODS = ("optimiser", "greedy")
MAX_TIME_LIMIT = 600.0


@dataclass
class GenerationRequest:
    from_date: str
    to_date: str
    service_queue_ids: list[int] | None = None
    view_id: int | None = None
    paid_hours: float = 8.0
    rest_hours: float = 11.0
    shrinkage_percent: float = 0.0
    method: str = "optimiser"
    time_limit_seconds: float | None = None
    shift_lengths: list[float] | None = None
    under_weight: float = 2.0


def default_lengths(paid_hours: float) -> list[float]:
    """The optimiser's shift lengths when the request names none: the paid hours and two hours either
    side, within 4..12 (8 → 6, 8, 10): mixed lengths fit a day's curve far better than one length."""
    return [x for x in (paid_hours - 2, paid_hours, paid_hours + 2) if 4 <= x <= 12]


def start(db: Session, principal: Principal, req: GenerationRequest, default_time_limit: float = 20.0) -> Job:
    v = Violations("generation request")
    first, last = date_range(v, req.from_date, req.to_date, max_days=MAX_DAYS)
    if not 4 <= req.paid_hours <= 12:
        v.add("paidHours", "from 4 to 12")
    if not 0 <= req.rest_hours <= 24:
        v.add("restHours", "from 0 to 24")
    if not 0 <= req.shrinkage_percent < 100:
        v.add("shrinkagePercent", "from 0 to below 100")
    if req.method not in METHODS:
        v.add("method", " or ".join(METHODS))
    limit = req.time_limit_seconds if req.time_limit_seconds is not None else default_time_limit
    if not 1 <= limit <= MAX_TIME_LIMIT:
        v.add("timeLimitSeconds", f"from 1 to {MAX_TIME_LIMIT}")
    lengths = sorted(set(req.shift_lengths)) if req.shift_lengths else default_lengths(req.paid_hours)
    if req.shift_lengths and (
        not all(4 <= x <= 12 and (x * 4).is_integer() for x in lengths) or len(lengths) > 4
    ):
        v.add("shiftLengths", "up to 4 lengths from 4 to 12 hours, in quarter hours")
    if not 1 <= req.under_weight <= 10:
        v.add("underWeight", "from 1 to 10")
    ids = list(dict.fromkeys(req.service_queue_ids or []))
    if req.view_id is not None:
        view = db.get(View, req.view_id)
        if view is None:
            v.collect(NotFound(f"View {req.view_id} does not exist"), "viewId")
        elif view.is_default:
            ids += [q for q in db.scalars(select(ServiceQueue.id).order_by(ServiceQueue.id)) if q not in ids]
        else:
            ids += [
                q
                for q in db.scalars(
                    select(ViewServiceQueue.service_queue_id).where(ViewServiceQueue.view_id == view.id)
                )
                if q not in ids
            ]
    if not ids and req.view_id is None:
        v.add("serviceQueueIds", "at least one queue, or a viewId")
    queues = forecast_repo.visible_queues(db, principal.person_id, ids)
    for q in ids:
        if q not in queues:
            v.collect(NotFound(f"Service queue {q} does not exist"), "serviceQueueIds")
        elif queues[q].not_allow_forecast:
            v.collect(
                Conflict(f"Service queue {queues[q].name} does not allow schedules to be generated"),
                "serviceQueueIds",
            )
    v.raise_if_any()
    views = visibility.caller_views(db, principal.person_id)
    candidates = sorted(repo.skills(db, ids))
    agent_ids = sorted(visibility.visible_agent_ids(db, principal, views, candidates)) if candidates else []
    return enqueue(
        db,
        JOB_KIND,
        {
            "queueIds": ids,
            "agentIds": agent_ids,
            "fromDate": first.isoformat(),
            "toDate": last.isoformat(),
            "paidHours": req.paid_hours,
            "restHours": req.rest_hours,
            "shrinkagePercent": req.shrinkage_percent,
            "method": req.method,
            "timeLimitSeconds": limit,
            "shiftLengths": lengths,
            "underWeight": req.under_weight,
            "state": "proposed",
        },
        requested_by=principal.person_id,
    )


def _order_key(criteria: list[tuple[str, bool]], weekly: dict[int, float]):
    def key(p):
        parts = []
        for name, ascending in criteria:
            value = {
                "rank": p.rank,
                "company_start_date": p.company_start_date,
                "department_start_date": p.department_start_date,
            }.get(name, weekly.get(p.id))
            missing = value is None
            number = float(value or 0)
            parts += [missing, number if ascending else -number]
        return (*parts, p.rank is None, p.rank or 0, p.id)

    return key


def plan(db: Session, payload: dict, progress=lambda p: None, should_stop=lambda: False) -> dict:
    """The proposal for the payload of a generation job (reads only)."""
    first, last = dt.date.fromisoformat(payload["fromDate"]), dt.date.fromisoformat(payload["toDate"])
    queue_ids = payload["queueIds"]
    queues = {q.id: q for q in db.scalars(select(ServiceQueue).where(ServiceQueue.id.in_(queue_ids)))}
    queue_ids = [q for q in queue_ids if q in queues]
    index = {q: i for i, q in enumerate(queue_ids)}
    needs = staffing.requirements_for(
        db, [queues[q] for q in queue_ids], first, last, float(payload.get("shrinkagePercent", 0)) / 100
    )
    progress(20)
    zone = sdays.zone(sched_repo.tenant_time_zone(db))
    bounds = sdays.day_bounds(first, last + dt.timedelta(days=1), zone)  # a day more: shifts past midnight
    starts: list[int] = []
    day_slots: dict[dt.date, tuple[int, int]] = {}
    for d in range(len(bounds) - 1):
        lo = len(starts)
        starts += sdays.interval_starts(bounds[d], bounds[d + 1], engine.SLOT_MIN)
        day = first + dt.timedelta(days=d)
        if day <= last:
            day_slots[day] = (lo, len(starts))
    slot_of = {s: i for i, s in enumerate(starts)}
    required = np.zeros((len(queue_ids), len(starts)))
    for need in needs:
        step = need.minutes * 60_000
        for r in need.intervals:
            for s in range(r["startTime"], r["startTime"] + step, SLOT_MS):
                if s in slot_of:
                    required[index[need.queue.id], slot_of[s]] = r["required"]

    skills = repo.skills(db, queue_ids)
    persons = repo.schedulable(db, payload["agentIds"])
    unavailable = repo.approved_exception_dates(db, [p.id for p in persons], first, last)
    weekly = {}
    for p in persons:
        main = queues.get(p.main_service_queue_id) if p.main_service_queue_id else None
        hours = main.fte_hours_per_week if main is not None else 0.0
        if not hours:
            hours = max((queues[q].fte_hours_per_week or 0.0 for q in skills.get(p.id, ())), default=0.0)
        weekly[p.id] = float(hours or DEFAULT_WEEKLY_HOURS)
    criteria = repo.scheduling_order(db, queue_ids[0]) if queue_ids else []
    persons.sort(key=_order_key(criteria, weekly))
    agents = [
        engine.Agent(
            p.id,
            sorted(index[q] for q in skills.get(p.id, ()) if q in index),
            weekly[p.id],
            unavailable.get(p.id, set()),
        )
        for p in persons
    ]
    progress(30)
    paid = float(payload.get("paidHours", 8.0))
    rest = float(payload.get("restHours", 11))
    shifts, scheduled, off = engine.generate(required, day_slots, agents, paid, rest, should_stop)
    greedy_deviation = float(np.abs(required - scheduled).sum()) * engine.SLOT_MIN / 60
    shifts, changes = engine.improve(
        required, scheduled, shifts, agents, day_slots, paid, rest, should_stop=should_stop
    )
    improved_deviation = float(np.abs(required - scheduled).sum()) * engine.SLOT_MIN / 60
    progress(50)
    method = payload.get("method", "greedy")
    solver = None
    # (paid hours, lunch offset) per shift; the greedy's all have the run's paid hours, lunch in the middle
    placed = [(s.agent, s.day, s.queue, s.start, paid, 0) for s in shifts]
    if method == "optimiser":
        lengths = tuple(float(x) for x in payload.get("shiftLengths") or [paid])
        opt = optimizer.Options(
            lengths=lengths,
            rest_hours=rest,
            under_weight=float(payload.get("underWeight", 2.0)),
            time_limit_s=float(payload.get("timeLimitSeconds", 20.0)),
        )
        result = optimizer.optimise(
            required, day_slots, agents, opt, hint=shifts, hint_paid_hours=paid, should_stop=should_stop
        )
        placed = [(s.agent, s.day, s.queue, s.start, s.paid_hours, s.lunch_offset) for s in result.shifts]
        scheduled, off, solver = result.scheduled, result.off, result.solver
    progress(80)
    # a shift is dated by its start in the agent's own time zone (the days above are the tenant's); an
    # agent in another zone may get two shifts starting on one of its dates: the later one is dropped
    tenant_zone = sched_repo.tenant_time_zone(db)
    agent_zones = {i: sdays.zone(p.time_zone, tenant_zone) for i, p in enumerate(persons)}
    out_shifts = []
    taken: set[tuple[int, dt.date]] = set()
    for agent, day, queue, first_slot, hours, lunch in sorted(placed, key=lambda s: (agents[s[0]].id, s[3])):
        own = sdays.local_date(starts[first_slot], agent_zones[agent])
        if (agent, own) in taken:
            template = optimizer.shift_template(hours, lunch)
            scheduled[queue, first_slot : first_slot + len(template)] -= template
            reason = "two shifts on one date in the agent's time zone"
            off[agent][reason] = off[agent].get(reason, 0) + 1
            continue
        taken.add((agent, own))
        day = own
        template = optimizer.shift_template(hours, lunch)
        activities = []
        k = 0
        while k < len(template):
            j = k
            while j < len(template) and template[j] == template[k]:
                j += 1
            start, end = starts[first_slot + k], starts[first_slot + j - 1] + SLOT_MS
            if template[k]:
                activities.append(
                    {
                        "activityType": "in_service",
                        "serviceQueueId": queue_ids[queue],
                        "startTime": start,
                        "endTime": end,
                    }
                )
            else:
                activities.append(
                    {"activityType": "lunch" if j - k >= 2 else "break", "startTime": start, "endTime": end}
                )
            k = j
        out_shifts.append(
            {
                "agentId": agents[agent].id,
                "date": day.isoformat(),
                "paidHours": hours,
                "serviceQueueId": queue_ids[queue],
                "startTime": activities[0]["startTime"],
                "endTime": activities[-1]["endTime"],
                "activities": activities,
            }
        )
    coverage = []
    under = over = 0.0
    for need in needs:
        qi = index[need.queue.id]
        per = max(1, need.minutes // engine.SLOT_MIN)
        rows = []
        for r in need.intervals:
            lo = slot_of.get(r["startTime"])
            if lo is None:
                continue
            sch = float(scheduled[qi, lo : lo + per].mean())
            rows.append({"startTime": r["startTime"], "required": r["required"], "scheduled": round(sch, 3)})
        coverage.append(
            {
                "serviceQueueId": need.queue.id,
                "name": need.queue.name,
                "intervalMinutes": need.minutes,
                "intervals": rows,
            }
        )
        diff = scheduled[qi] - required[qi]
        under += float(np.clip(-diff, 0, None).sum()) * engine.SLOT_MIN / 60
        over += float(np.clip(diff, 0, None).sum()) * engine.SLOT_MIN / 60
    got: dict[int, list] = {}
    for s in out_shifts:
        got.setdefault(s["agentId"], []).append(s)
    agent_rows = [
        {
            "agentId": a.id,
            "order": i + 1,
            "skills": [queue_ids[q] for q in a.skills],
            "weeklyHours": a.weekly_hours,
            "shifts": len(got.get(a.id, [])),
            "paidHours": sum(s["paidHours"] for s in got.get(a.id, [])),
            "daysOff": off[i],
        }
        for i, a in enumerate(agents)
    ]
    return {
        "state": "proposed",
        "fromDate": first.isoformat(),
        "toDate": last.isoformat(),
        "serviceQueueIds": queue_ids,
        "paidHours": paid,
        "method": (
            "optimiser: OR-Tools CP-SAT from the greedy start"
            if method == "optimiser"
            else "greedy, then local search"
        )
        + " (see docs/architecture.md, Planning)",
        "solver": solver,
        "greedyDeviationFteHours": round(greedy_deviation, 3),
        "localSearchDeviationFteHours": round(improved_deviation, 3),
        "improvementChanges": changes,
        "underStaffedFteHours": round(under, 3),
        "overStaffedFteHours": round(over, 3),
        "requiredFteHours": round(float(required.sum()) * engine.SLOT_MIN / 60, 3),
        "shifts": out_shifts,
        "coverage": coverage,
        "agents": agent_rows,
    }


@job_handler(JOB_KIND)
def run_generation(ctx: JobContext, payload: dict) -> dict:
    ctx.progress(5)
    checked = [0.0]

    def cancelled() -> bool:  # asked before each day and pass; reads the job row at most once a second
        now = time.monotonic()
        if now - checked[0] < 1.0:
            return False
        checked[0] = now
        with ctx.database.session(ctx.tenant_id, write=False) as other:
            return other.scalar(select(Job.status).where(Job.id == ctx.job_id)) != "running"

    # A reading unit of work (no progress writes inside it: that would be a second unit of work).
    try:
        with ctx.database.session(ctx.tenant_id, write=False) as db:
            result = plan(db, payload, should_stop=cancelled)
    except engine.Stopped:
        return {"state": "canceled"}  # the row already says so; this outcome is dropped
    ctx.progress(95)
    return result


def proposal(db: Session, principal: Principal, job_id: int) -> Job:
    job = db.get(Job, job_id)
    if job is None or job.kind != JOB_KIND or job.tenant_id != principal.tenant_id:
        raise NotFound(f"Generation {job_id} does not exist")
    return job


def _settle(db: Session, principal: Principal, job_id: int, state: str) -> Job:
    job = proposal(db, principal, job_id)
    if job.status != "succeeded" or not isinstance(job.result, dict):
        raise Conflict(f"Generation {job_id} is {job.status}; only a finished proposal can be {state}")
    if job.result.get("state") != "proposed":
        raise Conflict(f"Generation {job_id} is already {job.result.get('state')}")
    return job


def publish(db: Session, principal: Principal, job_id: int) -> dict:
    """Write the proposal's shifts as the agents' schedules on those dates (all or nothing)."""
    job = _settle(db, principal, job_id, "published")
    tenant_zone = sched_repo.tenant_time_zone(db)
    shifts = job.result["shifts"]
    ids = sorted({s["agentId"] for s in shifts})
    zones = {
        p: z for p, z in db.execute(select(Person.id, Person.time_zone).where(Person.id.in_(ids))).tuples()
    }
    by_agent: dict[int, list[DayIn]] = {}
    for s in shifts:
        # each shift is dated and checked in the agent's own time zone: the date its first activity starts
        zone = sdays.zone(zones.get(s["agentId"]), tenant_zone)
        day = (
            sdays.local_date(min(a["startTime"] for a in s["activities"]), zone) if s["activities"] else None
        )
        day = day or dt.date.fromisoformat(s["date"])
        acts = [
            ActivityIn(
                where={"field": f"agent {s['agentId']} {day}"},
                activity_type=a["activityType"],
                start_time=a["startTime"],
                end_time=a["endTime"],
                service_queue_id=a.get("serviceQueueId"),
            )
            for a in s["activities"]
        ]
        by_agent.setdefault(s["agentId"], []).append(DayIn({"field": day.isoformat()}, day, acts))
    written = replace_schedules(
        db,
        principal,
        [AgentIn(a, sdays.zone(zones.get(a), tenant_zone).key, d) for a, d in sorted(by_agent.items())],
        "generated schedule",
    )
    job.result = {**job.result, "state": "published"}
    attributes.flag_modified(job, "result")
    return {"state": "published", **written}


def cancel(db: Session, principal: Principal, job_id: int) -> Job:
    """Stop a queued or running generation: the job fails with "canceled" (a queued one never starts,
    a running one stops before its next day or pass and its outcome is dropped)."""
    job = proposal(db, principal, job_id)
    if job.status not in ("queued", "running"):
        raise Conflict(f"Generation {job_id} is {job.status}; only a queued or running one can be cancelled")
    job.status, job.error, job.finished_ms, job.lease_until_ms = "failed", "canceled", now_ms(), None
    job.result = {"state": "canceled"}
    return job


def discard(db: Session, principal: Principal, job_id: int) -> dict:
    job = _settle(db, principal, job_id, "discarded")
    job.result = {**job.result, "state": "discarded"}
    attributes.flag_modified(job, "result")
    return {"state": "discarded"}
