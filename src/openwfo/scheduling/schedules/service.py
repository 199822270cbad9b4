"""Schedule reads: Schedule Details by Agents and Date, Shifts by Agent, Schedule for Timespan.

Who is read: scheduling-enabled persons in the caller's views and org scope (`visible_agents`),
not deactivated before the range read starts; others are treated as nonexistent (left out of
lists, 404 alone). Reads build plain dicts from column tuples — a 1,000-agent read has tens of
thousands of activities.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import NotFound
from ...models import Person
from .. import visibility
from ..rules import fail, parse_date
from . import activities as acts
from . import days
from . import repository as repo
from .repository import (
    COLOR,
    DETAIL,
    END,
    EXCEPTION,
    GROUP,
    METADATA,
    PAID,
    PERSON,
    QUEUE,
    SHIFT_DATE,
    START,
    TYPE,
)

MAX_DATE_RANGE_DAYS = 92
MAX_TIMESPAN_AGENTS = 1000
MULTI_AGENT_SPAN_MS = 9 * days.DAY_MS
SINGLE_AGENT_SPAN_MS = 60 * days.DAY_MS
EDIT_SCHEDULES = perms.BY_NAME["Edit Schedules"].id


@dataclass
class Names:
    """Current names and colours of what activities point at (renames show at once)."""

    queues: dict[int, tuple[str, str]]
    groups: dict[int, str]
    exceptions: dict[int, tuple[str, str, bool]]

    def detail(self, row) -> str | None:
        if row[QUEUE] is not None and row[QUEUE] in self.queues:
            return self.queues[row[QUEUE]][0]
        if row[GROUP] is not None and row[GROUP] in self.groups:
            return self.groups[row[GROUP]]
        if row[EXCEPTION] is not None and row[EXCEPTION] in self.exceptions:
            return self.exceptions[row[EXCEPTION]][0]
        return row[DETAIL]

    def color(self, row) -> str:
        if row[COLOR]:
            return row[COLOR]
        if row[QUEUE] is not None and row[QUEUE] in self.queues:
            return self.queues[row[QUEUE]][1]
        if row[EXCEPTION] is not None and row[EXCEPTION] in self.exceptions:
            return self.exceptions[row[EXCEPTION]][1]
        return acts.DEFAULT_COLORS.get(row[TYPE], "#7399BD")


def load_names(db: Session) -> Names:
    return Names(repo.queue_names(db), repo.group_names(db), repo.exceptions(db))


def date_range(from_value: str | None, to_value: str | None, *, subject: str = "date range",
               max_days: int = MAX_DATE_RANGE_DAYS) -> tuple[dt.date, dt.date]:
    """fromDate..toDate (both included), YYYY-MM-DD, at most max_days days."""
    first, last = parse_date(from_value), parse_date(to_value)
    if first is None:
        raise fail(subject, "fromDate", "is required, as YYYY-MM-DD")
    if last is None:
        raise fail(subject, "toDate", "is required, as YYYY-MM-DD")
    if last < first:
        raise fail(subject, "toDate", "must not be before fromDate")
    if (last - first).days + 1 > max_days:
        raise fail(subject, "toDate", f"the range must not exceed {max_days} days")
    return first, last


def visible_agents(db: Session, principal: Principal, ids=None, *, include_self: bool = False,
                   active_at: int | None = None):
    """(id, employee id, zone name) of the scheduling-enabled agents the caller sees (among ids); with
    active_at (epoch ms), leaving out those deactivated at or before it."""
    views = visibility.caller_views(db, principal.person_id)
    clause = visibility.agent_clause(db, principal, views)
    if include_self:
        own = Person.id == principal.person_id
        clause = own if clause is None else (clause | own)
    return repo.agents(db, ids, clause, active_at)


def detail_activity(row, names: Names) -> dict:
    """An activity in the Schedule Details / Shifts by Agent shape."""
    return {
        "activityType": row[TYPE],
        "activityTypeLabel": acts.LABELS.get(row[TYPE], row[TYPE]),
        "activityDetailName": names.detail(row),
        "serviceQueueId": row[QUEUE],
        "multiSkillGroupId": row[GROUP],
        "startTime": row[START],
        "endTime": row[END],
        "paid": bool(row[PAID]),
        "color": names.color(row),
        "activityMetadata": row[METADATA],
    }


def timespan_activity(row, names: Names) -> dict:
    """An activity in the Schedule for Timespan shape (upper-case type; queue/group ids only when set)."""
    out = {
        "activityType": row[TYPE].upper(),
        "activityTypeLabel": acts.LABELS.get(row[TYPE], row[TYPE]),
        "activityDetailName": names.detail(row),
        "startTime": row[START],
        "endTime": row[END],
        "color": names.color(row),
    }
    if row[QUEUE] is not None:
        out["serviceQueueId"] = row[QUEUE]
    if row[GROUP] is not None:
        out["multiSkillGroupId"] = row[GROUP]
    return out


def _dedupe(ids) -> list[int]:
    return list(dict.fromkeys(ids))


def schedule_details(db: Session, principal: Principal, from_date: str | None, to_date: str | None,
                     agent_ids: list[int] | None) -> list[dict]:
    """Each visible agent's activities per date (tenant time zone); an activity crossing midnight is
    listed whole under every date it touches."""
    first, last = date_range(from_date, to_date)
    wanted = _dedupe(agent_ids) if agent_ids else None
    tenant_tz = days.zone(repo.tenant_time_zone(db))
    bounds = days.day_bounds(first, last, tenant_tz)
    agents = visible_agents(db, principal, wanted, active_at=bounds[0])
    if not agents:
        return []
    if wanted is not None:
        position = {a: i for i, a in enumerate(wanted)}
        agents.sort(key=lambda a: position[a[0]])
    labels = [d.isoformat() for d in days.dates(first, last)]
    rows = repo.overlapping(db, [a[0] for a in agents], bounds[0], bounds[-1])
    names = load_names(db)
    per_agent: dict[int, list[list[dict]]] = {a[0]: [[] for _ in labels] for a in agents}
    n = len(labels)
    for row in rows:
        buckets = per_agent[row[PERSON]]
        activity = detail_activity(row, names)
        i = max(bisect_right(bounds, row[START]) - 1, 0)
        while i < n and bounds[i] < row[END]:
            buckets[i].append(activity)
            i += 1
    return [
        {"agentId": agent_id, "employeeID": employee_id,
         "agentTimeZone": days.zone(zone_name, tenant_tz.key).key,
         "activitiesByDate": [{"date": labels[i], "scheduledActivities": b}
                              for i, b in enumerate(per_agent[agent_id])]}
        for agent_id, employee_id, zone_name in agents
    ]


def shifts_by_agent(db: Session, principal: Principal, agent_id: int, from_date: str | None,
                    to_date: str | None) -> dict:
    """One agent's shifts by shift date: a shift dated in the range comes whole, even past its end;
    every requested date is listed, an unscheduled one with no activities."""
    first, last = date_range(from_date, to_date)
    since = days.day_start_ms(first, days.zone(repo.tenant_time_zone(db)))
    agent = agent_or_404(db, principal, agent_id, active_at=since)
    return shifts_of(db, agent, first, last)


def agent_or_404(db: Session, principal: Principal, agent_id: int,
                 active_at: int | None = None) -> tuple[int, str | None, str]:
    found = visible_agents(db, principal, [agent_id], active_at=active_at)
    if not found:
        raise NotFound(f"Agent {agent_id} not found")
    return found[0]


def shifts_of(db: Session, agent: tuple[int, str | None, str], first: dt.date, last: dt.date) -> dict:
    agent_id, employee_id, zone_name = agent
    tz = days.zone(zone_name, repo.tenant_time_zone(db))
    rows = repo.by_shift_dates(db, [agent_id], first, last)
    names = load_names(db)
    by_date: dict[dt.date, list[dict]] = {d: [] for d in days.dates(first, last)}
    for row in rows:
        by_date[row[SHIFT_DATE]].append(detail_activity(row, names))
    return {
        "agentId": agent_id,
        "employeeID": employee_id,
        "agentTimeZone": days.raw_offset(tz, first),
        "activitiesByDate": [{"date": d.isoformat(), "scheduledActivities": acts_}
                             for d, acts_ in by_date.items()],
    }


def schedule_for_timespan(db: Session, principal: Principal, from_ts: int | None, to_ts: int | None,
                          agent_ids: list[int] | None) -> list[dict]:
    """Activities of the visible agents overlapping [fromTimestamp, toTimestamp), whole. With View
    Schedules only (no Edit Schedules), only the caller's own schedule is read."""
    subject = "timespan request"
    if from_ts is None:
        raise fail(subject, "fromTimestamp", "is required (epoch milliseconds)")
    if to_ts is None:
        raise fail(subject, "toTimestamp", "is required (epoch milliseconds)")
    if to_ts <= from_ts:
        raise fail(subject, "toTimestamp", "must be after fromTimestamp")
    wanted = _dedupe(agent_ids or [])
    if not wanted:
        raise fail(subject, "agentIds", "is required: at least one agent id")
    if len(wanted) > MAX_TIMESPAN_AGENTS:
        raise fail(subject, "agentIds", f"must not list more than {MAX_TIMESPAN_AGENTS} agents")
    limit, what = ((SINGLE_AGENT_SPAN_MS, "60 days for one agent") if len(wanted) == 1
                   else (MULTI_AGENT_SPAN_MS, "9 days for several agents"))
    if to_ts - from_ts > limit:
        raise fail(subject, "toTimestamp", f"the timespan must not exceed {what}")
    if not principal.has(EDIT_SCHEDULES):
        wanted = [a for a in wanted if a == principal.person_id]
        agents = visible_agents(db, principal, wanted, include_self=True, active_at=from_ts)
    else:
        agents = visible_agents(db, principal, wanted, active_at=from_ts)
    if not agents:
        return []
    position = {a: i for i, a in enumerate(wanted)}
    agents.sort(key=lambda a: position[a[0]])
    tenant_zone = repo.tenant_time_zone(db)
    rows = repo.overlapping(db, [a[0] for a in agents], from_ts, to_ts)
    names = load_names(db)
    per_agent: dict[int, list[dict]] = {a[0]: [] for a in agents}
    for row in rows:
        per_agent[row[PERSON]].append(timespan_activity(row, names))
    return [{"agentId": agent_id, "employeeID": employee_id,
             "agentTimeZone": days.zone(zone_name, tenant_zone).key, "activities": per_agent[agent_id]}
            for agent_id, employee_id, zone_name in agents]
