"""Schedule writes: replace agents' shifts on the dates given (PUT by agent, the bulk load, the CSV
import), after checking every activity.

Rules, each a 400 naming the activity (a field path, or the CSV row):
- the type is one of the reference's; it ends after it starts and lasts at most 25 hours;
- in service / closed service / overtime name an existing (visible) service queue, their `_msg`
  forms an existing multi-skill group, an exception an existing exception (by id or name);
- activities of one shift do not overlap, and a shift does not overlap the agent's shifts of other
  dates (those written in the same request or already stored);
- a shift starts on its shift date in the agent's time zone and spans at most 36 hours.
A date given with no activities clears the agent's shift of that date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ...kit.clock import now_ms
from .. import visibility
from ..rules import parse_date
from . import activities as acts
from . import days
from . import repository as repo
from .service import agent_or_404, shifts_of, visible_agents

MAX_SHIFT_MS = 36 * 3_600_000
MAX_AGENTS_PER_LOAD = 1000
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


class Problems:
    """Every problem of a write, each located by a field path or a CSV row; one 400 at the end."""

    def __init__(self, subject: str):
        self.subject = subject
        self.items: list[dict] = []

    def add(self, where: dict, reason: str) -> None:
        self.items.append({**where, "reason": reason})

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        place = first.get("field") or (f"row {first['row']}" if "row" in first else "")
        more = f" (and {len(self.items) - 1} more)" if len(self.items) > 1 else ""
        raise BadRequest(f"Invalid {self.subject}: {place} {first['reason']}{more}".replace("  ", " "),
                         errors=self.items)


@dataclass
class Catalog:
    """What activities may name, loaded once per write."""

    queues: dict[int, tuple[str, str]]
    groups: dict[int, str]
    exceptions: dict[int, tuple[str, str, bool]]
    exception_by_name: dict[str, int]

    @classmethod
    def load(cls, db: Session, principal: Principal) -> Catalog:
        views = visibility.caller_views(db, principal.person_id)
        visible = visibility.visible_queue_ids(db, views)
        queues = {k: v for k, v in repo.queue_names(db).items() if k in visible}
        exceptions = repo.exceptions(db)
        by_name = {name.strip().lower(): i for i, (name, _, _) in exceptions.items()}
        return cls(queues, repo.group_names(db), exceptions, by_name)


@dataclass
class ActivityIn:
    """One activity as given, from JSON or a CSV row; `where` locates it for errors."""

    where: dict
    activity_type: str | None
    start_time: int
    end_time: int
    detail_name: str | None = None
    service_queue_id: int | None = None
    multi_skill_group_id: int | None = None
    exception_id: int | None = None
    paid: bool | None = None
    color: str | None = None
    metadata: str | None = None


@dataclass
class DayIn:
    where: dict
    date: str | dt.date | None
    activities: list[ActivityIn] = field(default_factory=list)


@dataclass
class AgentIn:
    agent_id: int
    zone_name: str
    days: list[DayIn]


@dataclass
class _Planned:
    where: dict
    shift_date: dt.date
    row: dict


def _describe(where: dict) -> str:
    return where.get("field") or f"row {where.get('row')}"


def _hhmm(ms: int, tz) -> str:
    return days.local_datetime(ms, tz).strftime("%Y-%m-%d %H:%M")


def _check_activity(p: Problems, cat: Catalog, a: ActivityIn) -> dict | None:
    kind = acts.normalize(a.activity_type)
    ok = True
    if kind is None:
        p.add(a.where, f"activityType '{a.activity_type}' is not one of: {', '.join(acts.TYPES)}")
        return None
    if a.end_time <= a.start_time:
        p.add(a.where, "must end after it starts (endTime after startTime)")
        ok = False
    elif a.end_time - a.start_time > repo.MAX_ACTIVITY_MS:
        p.add(a.where, "must not last more than 25 hours")
        ok = False
    row = {"activity_type": kind, "start_ms": a.start_time, "end_ms": a.end_time, "detail_name": None,
           "service_queue_id": None, "multi_skill_group_id": None, "exception_id": None,
           "activity_metadata": a.metadata or None, "color": None}
    default_paid = kind not in acts.UNPAID_BY_DEFAULT
    if kind in acts.QUEUE_TYPES:
        if a.service_queue_id is None:
            p.add(a.where, f"a {kind} activity needs a serviceQueueId")
            ok = False
        elif a.service_queue_id not in cat.queues:
            p.add(a.where, f"serviceQueueId {a.service_queue_id} does not exist")
            ok = False
        else:
            row["service_queue_id"] = a.service_queue_id
            row["detail_name"] = cat.queues[a.service_queue_id][0]
    elif kind in acts.GROUP_TYPES:
        if a.multi_skill_group_id is None:
            p.add(a.where, f"a {kind} activity needs a multiSkillGroupId")
            ok = False
        elif a.multi_skill_group_id not in cat.groups:
            p.add(a.where, f"multiSkillGroupId {a.multi_skill_group_id} does not exist")
            ok = False
        else:
            row["multi_skill_group_id"] = a.multi_skill_group_id
            row["detail_name"] = cat.groups[a.multi_skill_group_id]
    elif kind == acts.EXCEPTION:
        exc_id = a.exception_id
        if exc_id is None and a.detail_name:
            exc_id = cat.exception_by_name.get(a.detail_name.strip().lower())
            if exc_id is None:
                p.add(a.where, f"exception '{a.detail_name}' does not exist")
                ok = False
        elif exc_id is None:
            p.add(a.where, "an exception activity needs an exceptionId or the exception's name as activityDetailName")
            ok = False
        elif exc_id not in cat.exceptions:
            p.add(a.where, f"exceptionId {exc_id} does not exist")
            ok = False
        if ok:
            row["exception_id"] = exc_id
            row["detail_name"] = cat.exceptions[exc_id][0]
            default_paid = cat.exceptions[exc_id][2]
    elif kind in acts.NAMED_TYPES:
        name = (a.detail_name or "").strip()
        row["detail_name"] = name or acts.LABELS[kind]
    if a.color is not None and a.color.strip():
        if not _COLOR.match(a.color.strip()):
            p.add(a.where, f"color '{a.color}' is not an HTML colour code like #7399BD")
            ok = False
        else:
            row["color"] = a.color.strip().upper()
    row["paid"] = default_paid if a.paid is None else bool(a.paid)
    return row if ok else None


def plan_agent(p: Problems, cat: Catalog, agent: AgentIn, tenant_zone: str) -> dict[dt.date, list[_Planned]]:
    """Checked rows of an agent's new shifts, by shift date (problems collected in p)."""
    tz = days.zone(agent.zone_name, tenant_zone)
    out: dict[dt.date, list[_Planned]] = {}
    for day in agent.days:
        shift_date = day.date if isinstance(day.date, dt.date) else parse_date(day.date)
        if shift_date is None or (isinstance(day.date, str) and len(day.date.strip()) != 10):
            p.add(day.where, f"date '{day.date}' is not a date (YYYY-MM-DD)")
            continue
        if shift_date in out:
            p.add(day.where, f"date {shift_date} is given twice for agent {agent.agent_id}")
            continue
        planned = []
        for a in day.activities:
            row = _check_activity(p, cat, a)
            if row is not None:
                planned.append(_Planned(a.where, shift_date, row))
        out[shift_date] = planned
        planned.sort(key=lambda x: x.row["start_ms"])
        if len(planned) != len(day.activities) or not planned:
            continue
        for prev, cur in zip(planned, planned[1:], strict=False):
            if cur.row["start_ms"] < prev.row["end_ms"]:
                p.add(cur.where, f"overlaps {_describe(prev.where)} ({_hhmm(prev.row['start_ms'], tz)} to "
                                 f"{_hhmm(prev.row['end_ms'], tz)}) in the shift of {shift_date}")
        first = planned[0]
        starts_on = days.local_date(first.row["start_ms"], tz)
        if starts_on != shift_date:
            p.add(first.where, f"the shift of {shift_date} starts on {starts_on} in the agent's time zone "
                               f"({tz.key}); a shift belongs to the date it starts")
        if max(x.row["end_ms"] for x in planned) - first.row["start_ms"] > MAX_SHIFT_MS:
            p.add(first.where, f"the shift of {shift_date} spans more than 36 hours")
    return out


def _check_neighbours(db: Session, p: Problems, agent_id: int, planned: dict[dt.date, list[_Planned]], tz) -> None:
    """No activity of a new shift overlaps a shift of another date (new or kept)."""
    if not planned:
        return
    first, last = min(planned) - dt.timedelta(days=2), max(planned) + dt.timedelta(days=2)
    items: list[tuple[int, int, dt.date, dict | None]] = []
    for row in repo.by_shift_dates(db, [agent_id], first, last):
        if row[repo.SHIFT_DATE] not in planned:
            items.append((row[repo.START], row[repo.END], row[repo.SHIFT_DATE], None))
    for shift_date, rows in planned.items():
        for x in rows:
            items.append((x.row["start_ms"], x.row["end_ms"], shift_date, x.where))
    items.sort(key=lambda i: (i[0], i[1]))
    latest: tuple[int, dt.date, dict | None] | None = None  # (end, date, where) reaching furthest so far
    for start, end, shift_date, where in items:
        if latest is not None and start < latest[0] and shift_date != latest[1]:
            if where is not None:
                p.add(where, f"overlaps the agent's shift of {latest[1]} (at {_hhmm(start, tz)})")
            elif latest[2] is not None:
                p.add(latest[2], f"overlaps the agent's shift of {shift_date} (at {_hhmm(start, tz)})")
        if latest is None or end > latest[0]:
            latest = (end, shift_date, where)


def replace_schedules(db: Session, principal: Principal, agents: list[AgentIn], subject: str) -> dict:
    """Check everything, then replace each agent's shifts on the dates given. Nothing is written when
    anything is wrong."""
    p = Problems(subject)
    cat = Catalog.load(db, principal)
    tenant_zone = repo.tenant_time_zone(db)
    plans: list[tuple[AgentIn, dict[dt.date, list[_Planned]]]] = []
    for agent in agents:
        before = len(p.items)
        planned = plan_agent(p, cat, agent, tenant_zone)
        if len(p.items) == before:
            _check_neighbours(db, p, agent.agent_id, planned, days.zone(agent.zone_name, tenant_zone))
        plans.append((agent, planned))
    p.raise_if_any()
    total = dates = 0
    for agent, planned in plans:
        repo.delete_shifts(db, agent.agent_id, planned.keys())
        rows = []
        for shift_date, items in planned.items():
            for x in items:
                rows.append({**x.row, "person_id": agent.agent_id, "shift_date": shift_date})
        repo.insert_activities(db, rows)
        total += len(rows)
        dates += len(planned)
    return {"agents": len(plans), "dates": dates, "activities": total}



def put_agent(db: Session, principal: Principal, agent_id: int, body) -> dict:
    """PUT by agent: replace the agent's shifts on the dates given; answers those dates as Shifts by Agent."""
    from .wire import agent_in

    agent = agent_or_404(db, principal, agent_id)
    if body.agent_id is not None and body.agent_id != agent_id:
        raise BadRequest(f"agentId {body.agent_id} does not match the agent of the path ({agent_id})",
                         errors=[{"field": "agentId", "reason": "does not match the path"}])
    given = agent_in(body, agent[0], agent[2])
    replace_schedules(db, principal, [given], "schedule")
    written = sorted(d for d in (parse_date(day.date) for day in given.days) if d is not None)
    if not written:
        today = days.local_date(now_ms(), days.zone(agent[2], repo.tenant_time_zone(db)))
        return {**shifts_of(db, agent, today, today), "activitiesByDate": []}
    out = shifts_of(db, agent, written[0], written[-1])
    wanted = {d.isoformat() for d in written}
    out["activitiesByDate"] = [d for d in out["activitiesByDate"] if d["date"] in wanted]
    return out


def load_agents(db: Session, principal: Principal, body: list) -> dict:
    """The bulk load: every agent listed once, visible and enabled for scheduling; all or nothing."""
    from .wire import agent_in

    p = Problems("schedule load")
    if len(body) > MAX_AGENTS_PER_LOAD:
        p.add({"field": "body"}, f"must not list more than {MAX_AGENTS_PER_LOAD} agents")
        p.raise_if_any()
    ids = [item.agent_id for item in body if item.agent_id is not None]
    known = {a[0]: a for a in visible_agents(db, principal, ids)}
    seen: set[int] = set()
    agents = []
    for i, item in enumerate(body):
        where = {"field": f"[{i}].agentId"}
        if item.agent_id is None:
            p.add(where, "is required")
        elif item.agent_id in seen:
            p.add(where, f"agent {item.agent_id} is listed twice")
        elif item.agent_id not in known:
            p.add(where, f"agent {item.agent_id} does not exist or is not enabled for scheduling")
        else:
            seen.add(item.agent_id)
            agents.append(agent_in(item, item.agent_id, known[item.agent_id][2], prefix=f"[{i}]."))
    p.raise_if_any()
    return replace_schedules(db, principal, agents, "schedule load")
