"""Staffing: the calculator (one interval's volume, AHT and target) and the requirement per interval
of queues from their stored forecasts and objectives.

Requirement of an interval (agents on the phones → scheduled FTE):
- interactive queue: N = the fewest agents whose Erlang C service level meets the queue's objective
  (`erlang.agents_needed`); non-interactive: the workload model (`erlang.workload_agents`) with the
  queue's handling threshold and closed-hours redistribution.
- queues of one multi-skill group (interactive, asked together) share agents: their contacts are
  pooled (AHT weighted by contacts, the strictest objective: highest percent, fewest seconds), N is
  computed for the pool and each queue carries the share of N of its workload (contacts × AHT).
- required FTE = N × adjustment factor / productivity / (1 − shrinkage), with the queue's
  forecast staffing adjustment factor, its productivity percent (0 = not set = 100%) and the
  shrinkage percent of the request.
- a virtual queue (`virtual`, with source queues) is staffed for the combined volume of its sources
  (and any forecast of its own): per interval the contacts are summed and the AHT weighted by
  contacts, then N follows as for any queue — the agents working it take any source's contacts, so
  they are pooled (fewer than the sum of the sources' own requirements). Sources forecast at a
  coarser interval are split evenly into the finer one, finer ones summed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.violations import Violations
from ...scheduling.historical.service import local_start, tenant_zone
from ...scheduling.schedules import repository as sched_repo
from .. import erlang
from ..days import date_range
from ..forecast import repository as forecast_repo
from ..forecast import service as forecast_service
from . import repository as repo


@dataclass
class Calculation:
    contacts: float
    interval_minutes: int
    aht_s: float
    sl_percent: float
    sl_seconds: float
    agents: int | None = None
    max_occupancy_percent: float | None = None
    target_asa_s: float | None = None
    interactive: bool = True


def _row(s: erlang.Staffing) -> dict:
    finite = math.isfinite(s.asa_s)
    return {"agents": s.agents, "waitProbability": round(s.wait_probability, 6),
            "serviceLevel": round(s.service_level * 100, 3), "asa": round(s.asa_s, 3) if finite else None,
            "occupancy": round(s.occupancy * 100, 3) if math.isfinite(s.occupancy) else None}


def calculate(c: Calculation) -> dict:
    """Agents needed for one interval, its service level, ASA and occupancy, and the table around it."""
    interval_s = c.interval_minutes * 60
    traffic = erlang.traffic_of(c.contacts, c.aht_s, interval_s)
    erlang.check_traffic(traffic)
    if not c.interactive:
        fte = traffic
        return {"trafficErlangs": round(traffic, 6), "agents": math.ceil(fte - 1e-9), "workloadFte": round(fte, 6),
                "serviceLevel": None, "asa": None, "occupancy": 100.0 if fte else None, "table": []}
    need = erlang.agents_needed(c.contacts, c.aht_s, interval_s, c.sl_percent, c.sl_seconds,
                                max_asa_s=c.target_asa_s,
                                max_occupancy=None if c.max_occupancy_percent is None else c.max_occupancy_percent / 100)
    shown = erlang.evaluate(traffic, c.aht_s, c.agents, c.sl_seconds) if c.agents is not None else need
    low = max(1, math.floor(traffic) + 1, need.agents - 6)
    table = [_row(erlang.evaluate(traffic, c.aht_s, n, c.sl_seconds)) for n in range(low, max(low, need.agents) + 4)] \
        if traffic > 0 else []
    return {"trafficErlangs": round(traffic, 6), "agentsNeeded": need.agents, **_row(shown), "table": table}


@dataclass
class QueueNeed:
    queue: object
    minutes: int
    group_id: int | None = None
    intervals: list[dict] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)  # a virtual queue's source queues


@dataclass
class Volume:
    """One interval's volume, as a stored forecast interval reads (or an intraday reforecast)."""

    start_ms: int
    local_date: dt.date
    period_minute: int
    contacts: float
    aht_s: float


def _combine(parts: list[tuple[int, list]], minutes: int) -> list[Volume]:
    """Volumes of several queues (each with its interval length) summed on a `minutes` grid: finer
    intervals are summed into the one holding them, coarser ones split evenly."""
    acc: dict[tuple[dt.date, int], list[float]] = {}
    for m, rows in parts:
        for i in rows:
            if m > minutes:
                k = max(1, m // minutes)
                pieces = [(i.start_ms + j * minutes * 60_000, i.period_minute + j * minutes, i.contacts / k)
                          for j in range(k)]
            else:
                lead = i.period_minute % minutes
                pieces = [(i.start_ms - lead * 60_000, i.period_minute - lead, i.contacts)]
            for start, period, contacts in pieces:
                a = acc.setdefault((i.local_date, period), [start, 0.0, 0.0])
                a[0] = min(a[0], start)
                a[1] += contacts
                a[2] += contacts * i.aht_s
    return sorted((Volume(int(a[0]), day, period, a[1], a[2] / a[1] if a[1] > 0 else 0.0)
                   for (day, period), a in acc.items()), key=lambda v: v.start_ms)


def _open(hours: dict, weekday: int, minute: int) -> bool:
    h = hours.get(weekday)
    if h is None or not h.active or h.open_minute is None or h.close_minute is None:
        return False
    if h.close_minute > h.open_minute:
        return h.open_minute <= minute < h.close_minute
    return minute >= h.open_minute or minute < h.close_minute  # over midnight (or 24 hours)


def _factor(queue, shrinkage: float) -> float:
    productivity = (queue.productivity_percent or 100.0) / 100.0
    return (queue.staffing_adjustment_factor if queue.staffing_adjustment_factor is not None else 1.0) \
        / productivity / (1.0 - shrinkage)


def requirements(db: Session, principal: Principal, queue_ids: list[int], from_date: str, to_date: str,
                 shrinkage_percent: float) -> list[QueueNeed]:
    v = Violations("staffing request")
    first, last = date_range(v, from_date, to_date)
    if not queue_ids:
        v.add("serviceQueueId", "at least one queue")
    if not 0 <= shrinkage_percent < 100:
        v.add("shrinkagePercent", "from 0 to below 100")
    queues = forecast_repo.visible_queues(db, principal.person_id, queue_ids)
    for q in queue_ids:
        if q not in queues:
            v.collect(NotFound(f"Service queue {q} does not exist"), "serviceQueueId")
    v.raise_if_any()
    return requirements_for(db, [queues[q] for q in dict.fromkeys(queue_ids)], first, last, shrinkage_percent / 100)


def requirements_for(db: Session, queues: list, first: dt.date, last: dt.date, shrinkage: float,
                     volumes: dict[int, list] | None = None,
                     volume_minutes: dict[int, int] | None = None) -> list[QueueNeed]:
    """Requirements of these queues from their stored forecasts, or from `volumes` (queue id -> intervals
    with start_ms, local_date, period_minute, contacts, aht_s; `volume_minutes` their lengths) where given."""
    ids = [q.id for q in queues]
    zone = tenant_zone(db)
    sources = sched_repo.virtual_sources(db, [q.id for q in queues if q.virtual])
    source_ids = sorted({s for ss in sources.values() for s in ss} - set(ids))
    read_ids = ids + source_ids
    per_queue = forecast_service.intervals_for_days(db, read_ids, first, last)
    minutes = {}
    for f in forecast_repo.ready_covering(db, read_ids, first, last):
        minutes.setdefault(f.service_queue_id, f.interval_minutes)
    for q, rows in (volumes or {}).items():
        per_queue[q] = rows
        minutes[q] = (volume_minutes or {}).get(q, minutes.get(q, 30))
    for v, srcs in sources.items():  # a virtual queue: its own volume and its sources', combined
        if volumes and v in volumes:
            continue  # given already combined
        members = [q for q in [v, *srcs] if per_queue.get(q)]
        if not members:
            continue
        m = min(minutes.get(q, 30) for q in members)
        per_queue[v] = _combine([(minutes.get(q, 30), per_queue[q]) for q in members], m)
        minutes[v] = m
    offline = repo.non_interactive(db, [q.type_id for q in queues])
    opening = repo.hours(db, ids)
    groups = repo.multi_skill_groups(db, ids)
    needs = {q.id: QueueNeed(q, minutes.get(q.id, 30), sources=sources.get(q.id, [])) for q in queues}
    n_days = (last - first).days + 1

    # Non-interactive: the workload model over every interval of the range.
    for q in queues:
        if q.type_id not in offline:
            continue
        m = needs[q.id].minutes
        slots = 1440 // m
        by_start = {i.start_ms: i for i in per_queue[q.id]}
        grid = []
        for d in range(n_days):
            day = first + dt.timedelta(days=d)
            for s in range(slots):
                start = local_start(day, s * m, zone)
                if start is not None:
                    grid.append((start, day, s * m))
        work = [(by_start[g[0]].contacts * by_start[g[0]].aht_s) if g[0] in by_start else 0.0 for g in grid]
        mask = [_open(opening.get(q.id, {}), (g[1].weekday() + 1) % 7, g[2]) for g in grid]
        threshold = max(1, math.ceil((q.handling_threshold or 0) / m))
        fte = erlang.workload_agents(work, m * 60, mask, threshold, q.closed_hours_redistribution_type or 0)
        factor = _factor(q, shrinkage)
        for (start, _day, _minute), w, agents in zip(grid, work, fte, strict=True):
            if agents <= 0 and w <= 0:
                continue
            i = by_start.get(start)
            needs[q.id].intervals.append({
                "startTime": start, "contacts": round(i.contacts, 4) if i else 0.0,
                "aht": round(i.aht_s, 2) if i else None, "agents": round(agents, 4),
                "required": round(agents * factor, 4), "serviceLevel": None, "asa": None, "occupancy": None})

    # Interactive: Erlang C, pooled within a multi-skill group.
    pools: list[list[int]] = []
    grouped: set[int] = set()
    for gid, members in sorted(groups.items()):
        live = [m for m in members if m not in grouped and needs[m].queue.type_id not in offline]
        if len(live) > 1 and len({needs[m].minutes for m in live}) == 1:
            pools.append(live)
            grouped.update(live)
            for m in live:
                needs[m].group_id = gid
    pools += [[q.id] for q in queues if q.id not in grouped and q.type_id not in offline]
    for pool in pools:
        m = needs[pool[0]].minutes
        target_pct = max(needs[q].queue.slo_percent or 80 for q in pool)
        target_s = min(needs[q].queue.slo_seconds if needs[q].queue.slo_seconds is not None else 20 for q in pool)
        starts: dict[int, dict[int, object]] = {}
        for q in pool:
            for i in per_queue[q]:
                starts.setdefault(i.start_ms, {})[q] = i
        for start in sorted(starts):
            parts = starts[start]
            contacts = sum(i.contacts for i in parts.values())
            work = sum(i.contacts * i.aht_s for i in parts.values())
            if contacts <= 0 or work <= 0:
                continue
            aht = work / contacts
            s = erlang.agents_needed(contacts, aht, m * 60, target_pct, target_s)
            for q, i in parts.items():
                share = s.agents * (i.contacts * i.aht_s) / work
                needs[q].intervals.append({
                    "startTime": start, "contacts": round(i.contacts, 4), "aht": round(i.aht_s, 2),
                    "agents": round(share, 4), "required": round(share * _factor(needs[q].queue, shrinkage), 4),
                    "serviceLevel": round(s.service_level * 100, 3),
                    "asa": round(s.asa_s, 3) if math.isfinite(s.asa_s) else None,
                    "occupancy": round(s.occupancy * 100, 3)})
    for n in needs.values():
        n.intervals.sort(key=lambda r: r["startTime"])
    return [needs[q.id] for q in queues]


@dataclass
class GroupNeed:
    group_id: int
    name: str
    queue_ids: list[int]
    minutes: int
    intervals: list[dict] = field(default_factory=list)


def group_requirements(db: Session, principal: Principal, group_ids: list[int], from_date: str, to_date: str,
                       shrinkage_percent: float) -> list[GroupNeed]:
    """A multi-skill group's requirement per interval: its (visible) queues asked together, so they are
    pooled, and their shares summed — the agents the group needs on contacts and the FTE to schedule."""
    from ...models import MultiSkillGroup

    v = Violations("staffing request")
    first, last = date_range(v, from_date, to_date)
    if not group_ids:
        v.add("multiSkillGroupId", "at least one multi-skill group")
    if not 0 <= shrinkage_percent < 100:
        v.add("shrinkagePercent", "from 0 to below 100")
    groups = {g: db.get(MultiSkillGroup, g) for g in dict.fromkeys(group_ids)}
    for g, row in groups.items():
        if row is None:
            v.collect(NotFound(f"Multi-skill group {g} does not exist"), "multiSkillGroupId")
    v.raise_if_any()
    members = repo.group_members(db, list(groups))
    out = []
    for g, row in groups.items():
        queues = forecast_repo.visible_queues(db, principal.person_id, members.get(g, []))
        ordered = [queues[q] for q in members.get(g, []) if q in queues]
        needs = requirements_for(db, ordered, first, last, shrinkage_percent / 100) if ordered else []
        minutes = min((n.minutes for n in needs), default=30)
        acc: dict[int, dict] = {}
        for n in needs:
            for i in n.intervals:
                a = acc.setdefault(i["startTime"], {"startTime": i["startTime"], "contacts": 0.0, "agents": 0.0,
                                                    "required": 0.0})
                a["contacts"] += i["contacts"]
                a["agents"] += i["agents"]
                a["required"] += i["required"]
        rows = [{k: (round(x, 4) if isinstance(x, float) else x) for k, x in acc[s].items()} for s in sorted(acc)]
        out.append(GroupNeed(g, row.name, [q.id for q in ordered], minutes, rows))
    return out
