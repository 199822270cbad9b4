"""Test data for schedules and exception requests, written straight to the store (fast, and
independent of the configuration APIs), and small builders of schedule bodies."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from sqlalchemy import select

from openwfo.models import (
    AcdServer,
    ExceptionType,
    MultiSkillGroup,
    MultiSkillGroupAgent,
    MultiSkillGroupQueue,
    Person,
    PersonView,
    ScheduleException,
    ServiceQueue,
    ServiceQueueType,
    SkillMapping,
    SkillMappingAgent,
    SkillMappingQueue,
    Tenant,
    View,
    ViewAgent,
    ViewServiceQueue,
    ViewSkillMapping,
    WorkflowCondition,
    WorkflowRule,
)

_seq = itertools.count(1)
CHICAGO = "America/Chicago"
BERLIN = "Europe/Berlin"
DETAIL = "/api/rest/scheduling/schedule/activity/detail"
BY_AGENT = DETAIL + "/by/agent"


def ms(text: str, zone: str = CHICAGO) -> int:
    """Epoch ms of a local "YYYY-MM-DD HH:MM" in a zone."""
    local = dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo(zone))
    return int(local.timestamp() * 1000)


def act(kind: str, start: int, end: int, **extra) -> dict:
    return {"activityType": kind, "startTime": start, "endTime": end, **extra}


def ok(r, status: int = 200):
    assert r.status_code == status, r.text
    return r.json()


class Wfm:
    """WFM configuration and agents of one tenant."""

    def __init__(self, factory, tenant_id: int):
        self.factory = factory
        self.db = factory.database
        self.tenant_id = tenant_id

    def session(self):
        return self.db.session(self.tenant_id)

    def tenant_zone(self, zone: str) -> None:
        with self.session() as db:
            db.get(Tenant, self.tenant_id).time_zone = zone

    def _type_id(self, db, code: int) -> int:
        t = db.scalar(select(ServiceQueueType).where(ServiceQueueType.code == code))
        if t is None:
            t = ServiceQueueType(code=code, name={0: "Voice", 1: "Chat", 2: "Email"}.get(code, f"Type {code}"),
                                 contact_type=0)
            db.add(t)
            db.flush()
        return t.id

    def queue(self, name: str | None = None, *, type_code: int = 0, not_allow_forecast: bool = False,
              color: str = "#7399BD") -> int:
        n = next(_seq)
        with self.session() as db:
            acd = db.scalar(select(AcdServer))
            if acd is None:
                acd = AcdServer(name="ACD", acd_type="Cisco UCCE")
                db.add(acd)
                db.flush()
            q = ServiceQueue(number=9000 + n, name=name or f"Queue {n}", acd_server_id=acd.id, priority=n,
                             color=color, not_allow_forecast=not_allow_forecast, type_id=self._type_id(db, type_code))
            db.add(q)
            db.flush()
            return q.id

    def group(self, queue_ids, name: str | None = None, agents=()) -> int:
        with self.session() as db:
            g = MultiSkillGroup(name=name or f"MSG {next(_seq)}")
            db.add(g)
            db.flush()
            for i, q in enumerate(queue_ids):
                db.add(MultiSkillGroupQueue(group_id=g.id, service_queue_id=q, priority=i + 1))
            for a in agents:
                db.add(MultiSkillGroupAgent(person_id=a, group_id=g.id))
            return g.id

    def skill_mapping(self, queue_ids, agent_ids=(), name: str | None = None) -> int:
        with self.session() as db:
            m = SkillMapping(name=name or f"SM {next(_seq)}")
            db.add(m)
            db.flush()
            for q in queue_ids:
                db.add(SkillMappingQueue(skill_mapping_id=m.id, service_queue_id=q, priority=1))
            for a in agent_ids:
                db.add(SkillMappingAgent(skill_mapping_id=m.id, person_id=a))
            return m.id

    def exception(self, name: str | None = None, *, paid: bool = False, color: str = "#D35400") -> int:
        with self.session() as db:
            e = ScheduleException(name=name or f"Exception {next(_seq)}", paid=paid, color=color)
            db.add(e)
            db.flush()
            return e.id

    def exception_type(self, exception_id: int, name: str | None = None) -> int:
        with self.session() as db:
            t = ExceptionType(name=name or f"Type {next(_seq)}", exception_id=exception_id)
            db.add(t)
            db.flush()
            return t.id

    def agent(self, zone: str = CHICAGO, *, enabled: bool = True, role="agent", **fields) -> Person:
        fields.setdefault("employee_id", f"E{next(_seq):05d}")
        return self.factory.person(self.tenant_id, role=role, time_zone=zone, enabled_for_scheduling=enabled,
                                   first_name=fields.pop("first_name", "Alex"),
                                   last_name=fields.pop("last_name", f"Agent{next(_seq)}"), **fields)

    def view(self, *, queues=(), agents=(), mappings=(), holders=(), main: bool = False) -> int:
        """A view with these members; holders get it (as their only, main view when main=True)."""
        with self.session() as db:
            v = View(name=f"View {next(_seq)}")
            db.add(v)
            db.flush()
            for q in queues:
                db.add(ViewServiceQueue(view_id=v.id, service_queue_id=q))
            for a in agents:
                db.add(ViewAgent(view_id=v.id, person_id=a))
            for m in mappings:
                db.add(ViewSkillMapping(view_id=v.id, skill_mapping_id=m))
            for h in holders:
                person = db.get(Person, h)
                if main:
                    person.views = [PersonView(view_id=v.id, main=True)]
                else:
                    person.views.append(PersonView(view_id=v.id, main=False))
            return v.id

    def rule(self, action: str, *, exception_type_id: int | None = None, priority: int | None = None,
             conditions=(), enabled: bool = True) -> int:
        """conditions: (type, operator, value) or (type, operator, value, service_queue_id)."""
        with self.session() as db:
            n = next(_seq)
            r = WorkflowRule(name=f"Rule {n}", action=action, exception_type_id=exception_type_id,
                             priority=n if priority is None else priority, enabled=enabled)
            r.conditions = [WorkflowCondition(position=i, condition_type=c[0], operator=c[1], value=c[2],
                                              service_queue_id=c[3] if len(c) > 3 else None)
                            for i, c in enumerate(conditions)]
            db.add(r)
            db.flush()
            return r.id

    def login(self, new_client, person: Person):
        client = new_client()
        self.factory.login(client, person.email, tenant_id=self.tenant_id)
        return client


def put_days(client, agent_id: int, days: dict[str, list[dict]], status: int = 200):
    body = {"activitiesByDate": [{"date": d, "scheduledActivities": a} for d, a in days.items()]}
    r = client.put(f"{BY_AGENT}/{agent_id}", json=body)
    assert r.status_code == status, r.text
    return r.json()


def day_shift(queue_id: int, date: str, zone: str = CHICAGO, start="08:00", end="16:30") -> list[dict]:
    """An ordinary day: in service, a break, lunch, in service."""
    d = date
    return [
        act("in_service", ms(f"{d} {start}", zone), ms(f"{d} 10:00", zone), serviceQueueId=queue_id),
        act("break", ms(f"{d} 10:00", zone), ms(f"{d} 10:15", zone), activityDetailName="Break1"),
        act("in_service", ms(f"{d} 10:15", zone), ms(f"{d} 12:00", zone), serviceQueueId=queue_id),
        act("lunch", ms(f"{d} 12:00", zone), ms(f"{d} 12:30", zone)),
        act("in_service", ms(f"{d} 12:30", zone), ms(f"{d} {end}", zone), serviceQueueId=queue_id),
    ]


def errors_of(r) -> list[dict]:
    assert r.status_code == 400, r.text
    return r.json().get("errors", [])
