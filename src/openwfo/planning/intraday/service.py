"""Intraday: the rest of a day reforecast from the volume that arrived so far, requirement vs. scheduled
vs. agents actually available per interval, and the moves that close the largest gaps.

Reforecast. Contacts arrive as a Poisson process whose rate is the forecast's times an unknown day
factor r. With a Gamma prior on r centred on 1 (the forecast is right) worth K contacts, the
posterior mean after the intervals observed so far is

    r = (K + sum w·actual) / (K + sum w·forecast)

so a few contacts early in the day move the forecast little (20 contacts carry ±22 % Poisson noise)
and a morning's worth moves it almost fully; w favours recent intervals (half-life two hours, scaled
to average 1 so the evidence keeps its mass) so a change in the afternoon shows quickly. K = 30 contacts. AHT the same way: the handled-weighted ratio
of observed to forecast AHT, shrunk towards 1 with the same weight. Observed intervals keep what
arrived; the remaining ones are the forecast × r (AHT × the AHT ratio). An interval counts as
observed once it has ended and its interval history (GIS) is stored. A virtual queue reads the
combined volume of its sources.

Requirement: the staffing service on the stored forecast and on the reforecast (same objectives,
multi-skill pooling, shrinkage). Scheduled: FTE on the queue per interval from the schedules (a
multi-skill group counts 1/n per queue, a virtual queue adds its sources'). Available: for past
time, the fraction of the interval each of the queue's agents spent in a state the tenant's
`in_service` adherence rule accepts (a group agent counted 1/n); for the rest of the day, the
schedule, except for agents absent now — scheduled to work now but logged out (or never logged in).

Suggestions (greedy, best first, on 15-minute slots from 15 minutes after now): move a break or lunch
of a queue agent (same length, same shift, over working time, within `break_window` minutes of where
it is) from a short interval to a quieter one; offer overtime right before a shift starts or after it
ends (up to `max_overtime` minutes, skilled agents with a shift that day, kept only if at least half
of it is useful). Each suggestion's gain is the understaffing (FTE-hours) it removes; overtime counts
at 80 % against a free break move. Each names the intervals whose gap it narrows.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import HistoricalInterval, ScheduleActivity
from ...scheduling import visibility
from ...scheduling.adherence import rules as adherence_rules
from ...scheduling.agent_states import repository as states_repo
from ...scheduling.agent_states.states import name_of
from ...scheduling.rules import parse_date
from ...scheduling.schedules import days
from ...scheduling.schedules import repository as sched_repo
from ...scheduling.schedules.activities import WORKING_TYPES
from ..forecast import repository as forecast_repo
from ..forecast import service as forecast_service
from ..generation import repository as generation_repo
from ..staffing import service as staffing
from ..staffing.service import Volume

PRIOR_CONTACTS = 30.0
HALF_LIFE_MIN = 120.0
SLOT_MIN = 15
SLOT_MS = SLOT_MIN * 60_000
LEAD_MS = 15 * 60_000
OVERTIME_WEIGHT = 0.8
MIN_GAIN_FTE_SLOTS = 0.25  # a move must remove at least a quarter agent-slot of understaffing
MINUTE = 60_000


@dataclass
class Request:
    queue_ids: list[int]
    date: str | None = None
    shrinkage_percent: float = 0.0
    break_window_minutes: int = 60
    max_overtime_minutes: int = 120
    max_suggestions: int = 10


# ---------------------------------------------------------------- reforecast


@dataclass
class Reforecast:
    ratio: float = 1.0
    aht_ratio: float = 1.0
    observed: int = 0
    actual_contacts: float = 0.0
    forecast_contacts: float = 0.0
    rows: list[Volume] = field(default_factory=list)  # the reforecast volume per interval
    actual: dict[int, tuple[float, float]] = field(default_factory=dict)  # start -> (contacts, aht) observed


def reforecast(
    forecast: list[Volume], actual: dict[int, tuple[float, float, float]], minutes: int, now: int
) -> Reforecast:
    """The reforecast of one queue's day. forecast: its intervals; actual: interval start -> (received,
    handled, AHT) for the intervals observed (ended, history stored)."""
    out = Reforecast()
    step = minutes * MINUTE
    seen = []  # (weight, forecast contacts, forecast AHT, received, handled, AHT)
    for f in forecast:
        got = actual.get(f.start_ms)
        if got is None or f.start_ms + step > now:
            continue
        seen.append(
            (0.5 ** ((now - (f.start_ms + step)) / (HALF_LIFE_MIN * MINUTE)), f.contacts, f.aht_s, *got)
        )
        out.observed += 1
        out.actual_contacts += got[0]
        out.forecast_contacts += f.contacts
    # Recency weights scaled to average 1: they shift the mix towards recent intervals, not the evidence's mass.
    scale = len(seen) / sum(x[0] for x in seen) if seen else 0.0
    sum_wa = sum(x[0] * scale * x[3] for x in seen)
    sum_wf = sum(x[0] * scale * x[1] for x in seen)
    useful = [x for x in seen if x[4] > 0 and x[5] > 0 and x[2] > 0]
    sum_wh = sum(x[0] * scale * x[4] for x in useful)
    sum_wr = sum(x[0] * scale * x[4] * x[5] / x[2] for x in useful)
    out.ratio = (PRIOR_CONTACTS + sum_wa) / (PRIOR_CONTACTS + sum_wf)
    out.aht_ratio = (PRIOR_CONTACTS + sum_wr) / (PRIOR_CONTACTS + sum_wh)
    for f in forecast:
        got = actual.get(f.start_ms)
        if got is not None and f.start_ms + step <= now:
            aht = got[2] if got[2] > 0 else f.aht_s * out.aht_ratio
            out.actual[f.start_ms] = (float(got[0]), aht)
            out.rows.append(Volume(f.start_ms, f.local_date, f.period_minute, float(got[0]), aht))
        else:
            out.rows.append(
                Volume(
                    f.start_ms, f.local_date, f.period_minute, f.contacts * out.ratio, f.aht_s * out.aht_ratio
                )
            )
    return out


def _history(
    db: Session, queue_ids: list[int], lo: int, hi: int, starts: list[int], minutes: int
) -> dict[int, tuple[float, float, float]]:
    """These queues' interval history of [lo, hi) summed on the interval grid `starts` (coarser history
    split evenly): start -> (received, handled, AHT weighted by handled)."""
    rows = list(
        db.execute(
            select(
                HistoricalInterval.start_ms,
                HistoricalInterval.period_minute,
                HistoricalInterval.service_queue_id,
                HistoricalInterval.received_calls,
                HistoricalInterval.handled_calls,
                HistoricalInterval.avg_talk_s,
                HistoricalInterval.avg_acw_s,
            ).where(
                HistoricalInterval.service_queue_id.in_(queue_ids),
                HistoricalInterval.start_ms >= lo,
                HistoricalInterval.start_ms < hi,
            )
        ).tuples()
    )
    by_queue: dict[int, list] = {}
    for r in rows:
        by_queue.setdefault(r[2], []).append(r)
    acc: dict[int, list[float]] = {}
    step = minutes * MINUTE
    for qrows in by_queue.values():
        periods = sorted({r[1] for r in qrows})
        gaps = [b - a for a, b in zip(periods, periods[1:], strict=False) if b > a]
        length = min(gaps) if gaps else 30
        for start, _p, _q, received, handled, talk, acw in qrows:
            k = max(1, length // minutes)
            for j in range(k):
                s = start + j * step
                i = bisect_right(starts, s) - 1
                if i < 0:
                    continue
                a = acc.setdefault(starts[i], [0.0, 0.0, 0.0])
                a[0] += (received or 0) / k
                a[1] += (handled or 0) / k
                a[2] += (handled or 0) / k * ((talk or 0) + (acw or 0))
    return {s: (a[0], a[1], a[2] / a[1] if a[1] > 0 else 0.0) for s, a in acc.items()}


# ---------------------------------------------------------------- agents


@dataclass
class AgentDay:
    person_id: int
    activities: list[tuple]  # schedule repository rows (COLUMNS), by start
    states: list[tuple] = field(
        default_factory=list
    )  # (ts, state, reason), by time; the first may be before the day
    home_weight: float = 0.0
    absent: bool = False
    sched: list[float] = field(default_factory=list)  # FTE on the queue per slot, as scheduled
    plan: list[float] = field(default_factory=list)  # the same with the suggestions applied


def _weight(row, members: set[int], groups: dict[int, list[int]]) -> float:
    """What a working activity counts for a queue whose members (itself and a virtual queue's sources) are given."""
    if row[sched_repo.TYPE] not in WORKING_TYPES:
        return 0.0
    q, g = row[sched_repo.QUEUE], row[sched_repo.GROUP]
    if q is not None:
        return 1.0 if q in members else 0.0
    if g is not None and g in groups:
        return sum(1 for m in groups[g] if m in members) / len(groups[g])
    return 0.0


def _working_fraction(states: list[tuple], lo: int, hi: int, allowed: frozenset[str]) -> float:
    """The part of [lo, hi) spent in an allowed state (name, or NAME:reason)."""
    if hi <= lo:
        return 0.0
    total = 0
    for k, (ts, state, reason) in enumerate(states):
        end = states[k + 1][0] if k + 1 < len(states) else hi
        a, b = max(ts, lo), min(end, hi)
        if b <= a:
            continue
        name = name_of(state)
        if name in allowed or (reason is not None and f"{name}:{reason}" in allowed):
            total += b - a
    return total / (hi - lo)


def _state_at(states: list[tuple], at: int) -> tuple | None:
    i = bisect_right([s[0] for s in states], at)
    return states[i - 1] if i else None


# ---------------------------------------------------------------- the day of one queue


@dataclass
class QueueDay:
    queue: object
    members: set[int]
    minutes: int
    starts: list[int]  # interval starts of the day (the queue's grid)
    slot_starts: list[int]  # 15-minute slots of the day
    agents: list[AgentDay]
    required: list[float]  # per slot, from the reforecast
    supply: list[float]  # per slot: available (past) or projected (future), suggestions applied
    available: list[float] = field(default_factory=list)  # the same before any suggestion


def _slot_sched(agent: AgentDay, slot_starts: list[int], members, groups) -> list[float]:
    out = [0.0] * len(slot_starts)
    for row in agent.activities:
        w = _weight(row, members, groups)
        if not w:
            continue
        lo, hi = row[sched_repo.START], row[sched_repo.END]
        i = max(0, bisect_right(slot_starts, lo) - 1)
        while i < len(slot_starts) and slot_starts[i] < hi:
            s = slot_starts[i]
            overlap = min(hi, s + SLOT_MS) - max(lo, s)
            if overlap > 0:
                out[i] += w * overlap / SLOT_MS
            i += 1
    return out


def _interval_mean(values: list[float], slot_starts: list[int], start: int, minutes: int) -> float:
    lo = bisect_right(slot_starts, start - 1)
    hi = bisect_right(slot_starts, start + minutes * MINUTE - 1)
    part = values[lo:hi]
    return sum(part) / len(part) if part else 0.0


def run(db: Session, principal: Principal, req: Request) -> dict:
    v = Violations("intraday request")
    zone = days.zone(sched_repo.tenant_time_zone(db))
    now = now_ms()
    day = days.local_date(now, zone) if req.date in (None, "") else parse_date(req.date)
    if day is None:
        v.add("date", "YYYY-MM-DD")
    elif not dt.date(1971, 1, 1) <= day <= dt.date(2999, 12, 30):
        v.add("date", "from 1971-01-01 to 2999-12-30")
        day = None
    if not req.queue_ids:
        v.add("serviceQueueId", "at least one queue")
    for name, value, lo, hi in (
        ("shrinkagePercent", req.shrinkage_percent, 0, 99.999),
        ("breakWindowMinutes", req.break_window_minutes, 0, 240),
        ("maxOvertimeMinutes", req.max_overtime_minutes, 0, 480),
        ("maxSuggestions", req.max_suggestions, 0, 100),
    ):
        if not lo <= value <= hi:
            v.add(name, f"from {lo} to {hi}")
    ids = list(dict.fromkeys(req.queue_ids))
    queues = forecast_repo.visible_queues(db, principal.person_id, ids)
    for q in ids:
        if q not in queues:
            v.collect(NotFound(f"Service queue {q} does not exist"), "serviceQueueId")
    v.raise_if_any()
    ordered = [queues[q] for q in ids]
    bounds = days.day_bounds(day, day, zone)
    d0, d1 = bounds[0], bounds[1]
    slot_starts = days.interval_starts(d0, d1, SLOT_MIN)

    # Volumes: the stored forecast (a virtual queue: with its sources'), what arrived, the reforecast.
    sources = sched_repo.virtual_sources(db, [q.id for q in ordered if q.virtual])
    members = {q.id: {q.id, *sources.get(q.id, [])} for q in ordered}
    read_ids = sorted({m for ms in members.values() for m in ms})
    per_queue = forecast_service.intervals_for_days(db, read_ids, day, day)
    minutes: dict[int, int] = {}
    for f in forecast_repo.ready_covering(db, read_ids, day, day):
        minutes.setdefault(f.service_queue_id, f.interval_minutes)
    forecast_rows: dict[int, list[Volume]] = {}
    volume_minutes: dict[int, int] = {}
    for q in ordered:
        parts = [
            (minutes.get(m, 30), per_queue.get(m, [])) for m in sorted(members[q.id]) if per_queue.get(m)
        ]
        m = min((p[0] for p in parts), default=minutes.get(q.id, 30))
        forecast_rows[q.id] = staffing._combine(parts, m) if parts else []
        volume_minutes[q.id] = m
    refc: dict[int, Reforecast] = {}
    for q in ordered:
        m = volume_minutes[q.id]
        grid = days.interval_starts(d0, d1, m)
        observed = _history(db, sorted(members[q.id]), d0, min(d1, now), grid, m)
        refc[q.id] = reforecast(forecast_rows[q.id], observed, m, now)
    shrink = req.shrinkage_percent / 100
    before = {
        n.queue.id: n
        for n in staffing.requirements_for(db, ordered, day, day, shrink, forecast_rows, volume_minutes)
    }
    after = {
        n.queue.id: n
        for n in staffing.requirements_for(
            db, ordered, day, day, shrink, {q: r.rows for q, r in refc.items()}, volume_minutes
        )
    }

    # Agents: everyone with working time today on a queue (or a group holding it); their states.
    groups_all = sched_repo.groups_with_queues(db, read_ids)
    persons = _queue_agents(db, read_ids, list(groups_all), d0, d1)
    rows = sched_repo.overlapping(db, persons, d0, d1) if persons else []
    by_person: dict[int, list[tuple]] = {}
    for r in rows:
        by_person.setdefault(r[sched_repo.PERSON], []).append(r)
    upto = min(now, d1)
    states: dict[int, list[tuple]] = {p: [] for p in persons}
    if persons and upto > d0:
        for p, row in states_repo.last_before(db, persons, d0).items():
            states[p].append((row[1], row[2], row[3]))
        for p, ts, state, reason in states_repo.history(db, persons, d0, upto):
            states[p].append((ts, state, reason))
    rules = adherence_rules.tenant_rules(db)
    allowed = adherence_rules.in_service_states(rules)
    views = visibility.caller_views(db, principal.person_id)
    visible = visibility.visible_agent_ids(db, principal, views, persons) if persons else set()
    skills = generation_repo.skills(db, read_ids)

    days_of = []
    for q in ordered:
        qd = _queue_day(
            q,
            members[q.id],
            volume_minutes[q.id],
            slot_starts,
            persons,
            by_person,
            states,
            groups_all,
            allowed,
            now,
            after[q.id],
            d0,
            d1,
        )
        days_of.append((qd, {p for p, qs in skills.items() if qs & members[q.id]}))
    suggestions = _suggest(days_of, now, req, visible) if req.max_suggestions else []
    out_queues = [
        _queue_out(qd, refc[qd.queue.id], before[qd.queue.id], after[qd.queue.id], now, allowed)
        for qd, _ in days_of
    ]
    return {
        "date": day.isoformat(),
        "now": now,
        "queues": out_queues,
        "suggestions": suggestions,
        "method": "see docs/architecture.md, Planning: intraday",
    }


def _queue_agents(db: Session, queue_ids: list[int], group_ids: list[int], d0: int, d1: int) -> list[int]:
    A = ScheduleActivity
    target = [A.service_queue_id.in_(queue_ids)]
    if group_ids:
        target.append(A.multi_skill_group_id.in_(group_ids))
    q = (
        select(A.person_id)
        .distinct()
        .where(
            A.start_ms >= d0 - sched_repo.MAX_ACTIVITY_MS,
            A.start_ms < d1,
            A.end_ms > d0,
            A.activity_type.in_(list(WORKING_TYPES)),
            or_(*target),
        )
    )
    return sorted(db.scalars(q))


def _queue_day(
    q, members, minutes, slot_starts, persons, by_person, states, groups, allowed, now, need, d0, d1
) -> QueueDay:
    agents = []
    n = len(slot_starts)
    supply = [0.0] * n
    for p in persons:
        acts = by_person.get(p, [])
        weights = [_weight(r, members, groups) for r in acts]
        if not any(weights):
            continue
        a = AgentDay(p, acts, states.get(p, []), home_weight=max(weights))
        working_now = any(
            w and r[sched_repo.START] <= now < r[sched_repo.END] for r, w in zip(acts, weights, strict=True)
        )
        st = _state_at(a.states, now)
        if working_now and (st is None or name_of(st[1]) == "LOGGED_OUT"):
            a.absent = True
        a.sched = _slot_sched(a, slot_starts, members, groups)
        a.plan = list(a.sched)  # what the suggestions change
        for i, s in enumerate(slot_starts):
            e = s + SLOT_MS
            if s < now:  # measured up to now: time in an in-service state, weighted for this queue
                w = a.sched[i] if a.sched[i] else a.home_weight
                measured = _working_fraction(a.states, s, min(e, now), allowed) * (min(e, now) - s) / SLOT_MS
                rest = 0.0 if e <= now or a.absent else a.sched[i] * (e - now) / SLOT_MS
                supply[i] += w * measured + rest
            elif not a.absent:
                supply[i] += a.sched[i]
        agents.append(a)
    required = [0.0] * n
    step = need.minutes * MINUTE
    for r in need.intervals:
        lo = bisect_right(slot_starts, r["startTime"] - 1)
        hi = bisect_right(slot_starts, r["startTime"] + step - 1)
        for i in range(lo, hi):
            required[i] = r["required"]
    return QueueDay(
        q,
        members,
        minutes,
        days.interval_starts(d0, d1, need.minutes),
        slot_starts,
        agents,
        required,
        supply,
        list(supply),
    )


def _queue_out(qd: QueueDay, rf: Reforecast, before, after, now: int, allowed) -> dict:
    m = after.minutes
    step = m * MINUTE
    fc = {r["startTime"]: r for r in before.intervals}
    ra = {r["startTime"]: r for r in after.intervals}
    sched = [sum(a.sched[i] for a in qd.agents) for i in range(len(qd.slot_starts))]
    base = {v.start_ms: v for v in rf.rows}
    rows = []
    for s in qd.starts:
        f, r = fc.get(s), ra.get(s)
        vol = base.get(s)
        scheduled = _interval_mean(sched, qd.slot_starts, s, m)
        available = _interval_mean(qd.available, qd.slot_starts, s, m)
        if f is None and r is None and scheduled == 0 and available == 0:
            continue
        status = "past" if s + step <= now else ("current" if s <= now else "future")
        required = r["required"] if r else 0.0
        row = {
            "startTime": s,
            "endTime": s + step,
            "status": status,
            "forecastContacts": f["contacts"] if f else 0.0,
            "forecastAht": f["aht"] if f else None,
            "actualContacts": round(rf.actual[s][0], 3) if s in rf.actual else None,
            "reforecastContacts": round(vol.contacts, 3) if vol else 0.0,
            "reforecastAht": round(vol.aht_s, 2) if vol else None,
            "required": f["required"] if f else 0.0,
            "reforecastRequired": required,
            "scheduled": round(scheduled, 3),
            "available": round(available, 3),
            "gap": round(required - available, 3),
        }
        if status == "future":
            after_moves = _interval_mean(qd.supply, qd.slot_starts, s, m)
            row["availableAfterSuggestions"] = round(after_moves, 3)
            row["gapAfterSuggestions"] = round(required - after_moves, 3)
        rows.append(row)
    present = [a for a in qd.agents if _state_at(a.states, now) is not None]
    available_now = sum(a.home_weight for a in present if _is_working(_state_at(a.states, now), allowed))
    return {
        "serviceQueueId": qd.queue.id,
        "name": qd.queue.name,
        "intervalMinutes": m,
        "virtualSourceIds": sorted(qd.members - {qd.queue.id}),
        "reforecast": {
            "observedIntervals": rf.observed,
            "actualContacts": round(rf.actual_contacts, 3),
            "forecastContacts": round(rf.forecast_contacts, 3),
            "volumeRatio": round(rf.ratio, 4),
            "ahtRatio": round(rf.aht_ratio, 4),
            "priorContacts": PRIOR_CONTACTS,
            "halfLifeMinutes": HALF_LIFE_MIN,
        },
        "agentsAvailableNow": round(available_now, 3),
        "absentAgentIds": sorted(a.person_id for a in qd.agents if a.absent),
        "intervals": rows,
    }


def _is_working(st, allowed) -> bool:
    if st is None:
        return False
    name = name_of(st[1])
    return name in allowed or (st[2] is not None and f"{name}:{st[2]}" in allowed)


# ---------------------------------------------------------------- suggestions


def _short(required: list[float], supply: list[float], i: int) -> float:
    return max(required[i] - supply[i], 0.0)


def _gain(qd: QueueDay, changes: dict[int, float]) -> float:
    """Understaffing removed (agent-slots) by adding these supply changes per slot."""
    g = 0.0
    for i, d in changes.items():
        g += _short(qd.required, qd.supply, i) - max(qd.required[i] - qd.supply[i] - d, 0.0)
    return g


def _slot_range(qd: QueueDay, lo: int, hi: int) -> range:
    return range(bisect_right(qd.slot_starts, lo - 1), bisect_right(qd.slot_starts, hi - 1))


def _break_moves(qd: QueueDay, a: AgentDay, earliest: int, window_ms: int, used: set):
    shift_lo = min(r[sched_repo.START] for r in a.activities)
    shift_hi = max(r[sched_repo.END] for r in a.activities)
    working = [
        (r[sched_repo.START], r[sched_repo.END]) for r in a.activities if r[sched_repo.TYPE] in WORKING_TYPES
    ]
    for r in a.activities:
        kind = r[sched_repo.TYPE]
        lo, hi = r[sched_repo.START], r[sched_repo.END]
        if kind not in ("break", "lunch") or lo < earliest or ("break", a.person_id, lo) in used:
            continue
        if (hi - lo) % SLOT_MS or (lo - qd.slot_starts[0]) % SLOT_MS:
            continue
        back = _slot_range(qd, lo, hi)
        for k in range(-(window_ms // SLOT_MS), window_ms // SLOT_MS + 1):
            if k == 0:
                continue
            nlo, nhi = lo + k * SLOT_MS, hi + k * SLOT_MS
            if nlo < earliest or nlo < shift_lo or nhi > shift_hi:
                continue
            moved = _slot_range(qd, nlo, nhi)
            changes: dict[int, float] = {}
            ok = True
            for i in moved:
                if i in back:
                    continue
                s = qd.slot_starts[i]
                if not any(w0 <= s and s + SLOT_MS <= w1 for w0, w1 in working):
                    ok = False  # the break would land on another break, lunch or non-queue work
                    break
                changes[i] = changes.get(i, 0.0) - a.plan[i]
            if not ok:
                continue
            for i in back:
                if i not in moved:
                    changes[i] = changes.get(i, 0.0) + a.home_weight
            yield r, nlo, nhi, changes


def _overtime(qd: QueueDay, a: AgentDay, earliest: int, max_ms: int, used: set):
    lo = min(r[sched_repo.START] for r in a.activities)
    hi = max(r[sched_repo.END] for r in a.activities)
    steps = max_ms // SLOT_MS
    for side in ("after", "before"):
        if (side, a.person_id) in used:
            continue
        for k in range(1, steps + 1):
            span = (hi, hi + k * SLOT_MS) if side == "after" else (lo - k * SLOT_MS, lo)
            if span[0] < earliest or span[0] < qd.slot_starts[0] or span[1] > qd.slot_starts[-1] + SLOT_MS:
                continue
            slots = _slot_range(qd, *span)
            if len(slots) != k:
                continue
            yield side, span, {i: 1.0 for i in slots}


def _best(qd: QueueDay, earliest: int, req: Request, visible: set[int], skilled: set[int], used: set):
    """The queue's best move now: (score, kind, agent, slot changes, detail, key) or None."""
    best = None
    for a in qd.agents:
        if a.absent or a.person_id not in visible:
            continue
        for r, nlo, nhi, changes in _break_moves(qd, a, earliest, req.break_window_minutes * MINUTE, used):
            g = _gain(qd, changes)
            if g >= MIN_GAIN_FTE_SLOTS and (best is None or g > best[0]):
                detail = {
                    "activityType": r[sched_repo.TYPE],
                    "fromStartTime": r[sched_repo.START],
                    "fromEndTime": r[sched_repo.END],
                    "startTime": nlo,
                    "endTime": nhi,
                }
                best = (g, "moveBreak", a, changes, detail, ("break", a.person_id, r[sched_repo.START]))
        if a.person_id not in skilled or not req.max_overtime_minutes:
            continue
        for side, span, changes in _overtime(qd, a, earliest, req.max_overtime_minutes * MINUTE, used):
            g = _gain(qd, changes)
            if g < len(changes) / 2 or g < MIN_GAIN_FTE_SLOTS:
                continue  # at least half of the overtime must cover a shortage
            if best is None or g * OVERTIME_WEIGHT > best[0]:
                detail = {"activityType": "overtime", "side": side, "startTime": span[0], "endTime": span[1]}
                best = (g * OVERTIME_WEIGHT, "overtime", a, changes, detail, (side, a.person_id))
    return best


def _suggest(qds: list[tuple[QueueDay, set[int]]], now: int, req: Request, visible: set[int]) -> list[dict]:
    """Greedy over every queue: the best move anywhere, applied, until none helps or enough are found.
    qds: each queue's day and the agents skilled on it."""
    used: set = set()
    earliest = {
        id(qd): -(-(now + LEAD_MS - qd.slot_starts[0]) // SLOT_MS) * SLOT_MS + qd.slot_starts[0]
        for qd, _ in qds
    }
    cached = {id(qd): _best(qd, earliest[id(qd)], req, visible, skilled, used) for qd, skilled in qds}
    out = []
    while len(out) < req.max_suggestions:
        ranked = [(cached[id(qd)], qd, skilled) for qd, skilled in qds if cached[id(qd)] is not None]
        if not ranked:
            break
        best, qd, _ = max(ranked, key=lambda x: x[0][0])
        _, kind, a, changes, detail, key = best
        closes = _closes(qd, changes)
        gained = _gain(qd, changes)
        for i, d in changes.items():
            qd.supply[i] += d
            a.plan[i] += d
        used.add(key)
        out.append(
            {
                "kind": kind,
                "agentId": a.person_id,
                "serviceQueueId": qd.queue.id,
                **detail,
                "understaffingRemovedFteHours": round(gained * SLOT_MIN / 60, 3),
                "closes": closes,
            }
        )
        for other, skilled in qds:  # the queue changed, and any whose best used the same break or shift end
            c = cached[id(other)]
            if other is qd or (c is not None and c[5] == key):
                cached[id(other)] = _best(other, earliest[id(other)], req, visible, skilled, used)
    return out


def _closes(qd: QueueDay, changes: dict[int, float]) -> list[dict]:
    """The queue's intervals whose shortage the changes narrow: start, gap before and after (FTE)."""
    m = qd.minutes
    step = m * MINUTE
    touched = sorted(
        {qd.starts[bisect_right(qd.starts, qd.slot_starts[i]) - 1] for i, d in changes.items() if d > 0}
    )
    out = []
    for s in touched:
        slots = _slot_range(qd, s, s + step)
        req = sum(qd.required[i] for i in slots) / max(1, len(slots))
        have = sum(qd.supply[i] for i in slots) / max(1, len(slots))
        gain = sum(changes.get(i, 0.0) for i in slots) / max(1, len(slots))
        if req - have <= 0:
            continue
        out.append(
            {"startTime": s, "gapBefore": round(req - have, 3), "gapAfter": round(req - have - gain, 3)}
        )
    return out
