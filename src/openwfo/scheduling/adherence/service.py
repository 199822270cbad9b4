"""Adherence reads: the Adherence and Conformance API (a page of agents for a date), one agent's day,
and adherence per interval for an agent or a team.

Who: with Edit Schedules, the scheduling-enabled agents in the caller's views and org scope (not
deactivated before the day starts); anyone may read their own day. Days are midnight to midnight in
the tenant's time zone; today is measured up to now.
"""

from __future__ import annotations

import datetime as dt
import gc
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.clock import now_ms
from ...models import Person, Team
from ...org import scope
from ..agent_states.service import state_columns
from ..rules import fail, parse_date
from ..schedules import days
from ..schedules import repository as schedule_repo
from ..schedules import service as schedules
from . import compute
from .rules import tenant_rules

EDIT_SCHEDULES = perms.BY_NAME["Edit Schedules"].id
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 25
SUBJECT = "adherence request"


@dataclass
class DayBounds:
    date: dt.date
    start: int
    end: int


def day_of(db: Session, value: str | None) -> DayBounds:
    day = parse_date(value) if isinstance(value, str) and len(value.strip()) == 10 else None
    if day is None:
        raise fail(SUBJECT, "date", "is required, as YYYY-MM-DD")
    if not 1900 <= day.year <= 9998:
        raise fail(SUBJECT, "date", "must be between 1900 and 9998")
    tz = days.zone(schedule_repo.tenant_time_zone(db))
    start, end = days.day_bounds(day, day, tz)
    return DayBounds(day, start, end)


def page_args(page_size: int | None, page_number: int | None) -> tuple[int, int]:
    size = DEFAULT_PAGE_SIZE if page_size is None else page_size
    number = 1 if page_number is None else page_number
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise fail(SUBJECT, "pageSize", f"must be 1-{MAX_PAGE_SIZE}")
    if number < 1:
        raise fail(SUBJECT, "pageNumber", "must be 1 or more")
    return size, number


def _agents(db: Session, principal: Principal, day: DayBounds, ids=None) -> list[tuple]:
    """(id, employee id, zone) of the agents whose adherence the caller may read (among ids)."""
    own = [] if ids is not None and principal.person_id not in ids else \
        schedule_repo.agents(db, [principal.person_id], None, day.start)
    if not principal.has(EDIT_SCHEDULES):
        return own
    seen = schedules.visible_agents(db, principal, ids, active_at=day.start)
    return sorted({*seen, *own})


def compute_days(db: Session, agent_ids: list[int], day: DayBounds,
                 pieces: bool = False) -> tuple[dict[int, compute.Day], dict]:
    """Each agent's adherence day (and their activities touching it): two reads, activities and states,
    whatever the agent count. The days' pieces only when asked for (interval adherence reads them)."""
    with _collector_paused():
        rules = tenant_rules(db)
        activities: dict[int, list[tuple]] = {a: [] for a in agent_ids}
        for row in schedule_repo.overlapping(db, agent_ids, day.start, day.end):
            activities[row[schedule_repo.PERSON]].append(
                (row[schedule_repo.TYPE], row[schedule_repo.START], row[schedule_repo.END]))
        history = state_columns(db, agent_ids, day.start, day.end)
        now = now_ms()
        none = ((), (), ())
        sweep = compute.agent_day_of_columns
        return {a: sweep(activities[a], *history.get(a, none), day.start, day.end, now, rules, pieces)
                for a in agent_ids}, activities


_paused = 0
_paused_lock = threading.Lock()


@contextmanager
def _collector_paused():
    """Python's cycle collector paused while a page of days is read and swept: it would otherwise walk
    the growing heap again and again as half a million rows and answers are made (a sixth of the time),
    and none of them form cycles. Process-wide, so counted: the last one out turns it back on (if it
    was on)."""
    global _paused
    with _paused_lock:
        if _paused == 0 and not gc.isenabled():
            _paused = -1  # off already, by someone else: leave it so
        if _paused >= 0:
            _paused += 1
            gc.disable()
    try:
        yield
    finally:
        with _paused_lock:
            if _paused > 0:
                _paused -= 1
                if _paused == 0:
                    gc.enable()
            elif _paused == -1:
                _paused = 0


def _acd_ids(db: Session, agent_ids: list[int]) -> dict[int, str | None]:
    out: dict[int, str | None] = {}
    for i in range(0, len(agent_ids), 10_000):
        q = select(Person.id, Person.acd_id).where(Person.id.in_(agent_ids[i:i + 10_000]))
        out.update((person_id, acd_id) for person_id, acd_id in db.execute(q).tuples())
    return out


def _wire(db: Session, agent_ids: list[int], day: DayBounds) -> list[dict]:
    computed, _ = compute_days(db, agent_ids, day)
    acd = _acd_ids(db, agent_ids)
    return [{"agentId": a, "acdAgentId": acd.get(a), **computed[a].summary} for a in agent_ids]


def adherence_page(db: Session, principal: Principal, date: str | None, page_size: int | None,
                   page_number: int | None) -> list[dict]:
    """The Adherence and Conformance API: a page of the readable agents (by id) for the date."""
    size, number = page_args(page_size, page_number)
    day = day_of(db, date)
    agents = _agents(db, principal, day)
    page = [a[0] for a in agents[(number - 1) * size:number * size]]
    return _wire(db, page, day) if page else []


def adherence_of(db: Session, principal: Principal, agent_id: int, date: str | None) -> dict:
    """One agent's day, as one element of the list; 404 for an agent the caller may not read."""
    day = day_of(db, date)
    if not _agents(db, principal, day, [agent_id]):
        raise NotFound(f"Agent {agent_id} not found")
    return _wire(db, [agent_id], day)[0]


def interval_adherence(db: Session, principal: Principal, agent_id: int | None, team_id: int | None,
                       date: str | None, interval: int | None) -> dict:
    """Adherence per 15- or 30-minute interval of an agent's or a team's (its readable agents') day."""
    minutes = 15 if interval is None else interval
    if minutes not in (15, 30):
        raise fail(SUBJECT, "interval", "must be 15 or 30")
    if (agent_id is None) == (team_id is None):
        raise fail(SUBJECT, "agentId", "give either agentId or teamId")
    day = day_of(db, date)
    if agent_id is not None:
        agents = _agents(db, principal, day, [agent_id])
        if not agents:
            raise NotFound(f"Agent {agent_id} not found")
        head = {"agentId": agent_id}
    else:
        if db.get(Team, team_id) is None or not scope.team_in_scope(db, principal, team_id):
            raise NotFound(f"Team {team_id} not found")
        members = list(db.scalars(select(Person.id).where(Person.team_id == team_id)))
        agents = _agents(db, principal, day, members) if members else []
        head = {"teamId": team_id}
    ids = [a[0] for a in agents]
    computed, acts = compute_days(db, ids, day, pieces=True) if ids else ({}, {})
    starts = days.interval_starts(day.start, day.end, minutes)
    totals = [[0, 0, 0] for _ in starts]
    for a in ids:
        for slot, (s, i, o) in zip(totals, compute.by_interval(computed[a].pieces, acts[a], starts, day.end),
                                   strict=True):
            slot[0] += s
            slot[1] += i
            slot[2] += o
    return {**head, "date": day.date.isoformat(), "interval": minutes, "agentIds": ids,
            "intervals": [{"startTime": start, "scheduledSeconds": compute.seconds(s),
                           "inAdherenceSeconds": compute.seconds(i), "outOfAdherenceSeconds": compute.seconds(o),
                           "scheduleAdherence": compute.percent(i, i + o)}
                          for start, (s, i, o) in zip(starts, totals, strict=True)]}
