"""Queries of the Agent API (column selects: agent lists can be long)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...models import (
    AgentException,
    AgentWorkShift,
    MultiSkillGroupAgent,
    MultiSkillGroupQueue,
    Person,
    PersonView,
    ScheduleException,
    SkillMapping,
    SkillMappingAgent,
    SkillMappingQueue,
    Team,
    View,
    WorkShift,
)

AGENT_COLUMNS = (
    Person.id, Person.first_name, Person.last_name, Person.employee_id, Person.acd_id, Person.acd_server_id,
    Person.agent_active, Person.deactivated, Person.company_start_date, Person.department_start_date,
    Person.termination_date, Person.wfm_read_only, Person.main_service_queue_id, Person.work_condition_profile,
    Person.team_id, Team.name.label("team_name"), Person.time_zone, Person.rank, Person.enabled_for_scheduling,
)


def agents(db: Session, clause, *, acd_id: str | None, active_agent: bool, active_user: bool,
           today_ms: int, agent_id: int | None = None) -> list:
    q = (select(*AGENT_COLUMNS).join(Team, Team.id == Person.team_id)
         .where(Person.enabled_for_scheduling.is_(True)))
    if clause is not None:
        q = q.where(clause)
    if agent_id is not None:
        q = q.where(Person.id == agent_id)
    if acd_id is not None:
        q = q.where(Person.acd_id == acd_id)
    if active_agent:
        q = q.where(Person.agent_active.is_(True),
                    or_(Person.termination_date.is_(None), Person.termination_date >= today_ms))
    if active_user:
        q = q.where(Person.deactivated.is_(False))
    return list(db.execute(q.order_by(Person.last_name, Person.first_name, Person.id)))


def _grouped(rows) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for key, value in rows:
        out[key].append(value)
    return out


def skill_mappings_by_agent(db: Session, person_ids) -> dict[int, list[int]]:
    return _grouped(db.execute(select(SkillMappingAgent.person_id, SkillMappingAgent.skill_mapping_id)
                               .where(SkillMappingAgent.person_id.in_(list(person_ids)))
                               .order_by(SkillMappingAgent.skill_mapping_id)))


def queues_by_skill_mapping(db: Session, skill_mapping_ids) -> dict[int, list[int]]:
    return _grouped(db.execute(select(SkillMappingQueue.skill_mapping_id, SkillMappingQueue.service_queue_id)
                               .where(SkillMappingQueue.skill_mapping_id.in_(list(skill_mapping_ids)))))


def group_by_agent(db: Session, person_ids) -> dict[int, int]:
    rows = db.execute(select(MultiSkillGroupAgent.person_id, MultiSkillGroupAgent.group_id)
                      .where(MultiSkillGroupAgent.person_id.in_(list(person_ids))))
    return {person_id: group_id for person_id, group_id in rows}


def queues_by_group(db: Session, group_ids) -> dict[int, list[int]]:
    return _grouped(db.execute(select(MultiSkillGroupQueue.group_id, MultiSkillGroupQueue.service_queue_id)
                               .where(MultiSkillGroupQueue.group_id.in_(list(group_ids)))))


def exceptions_by_agent(db: Session, person_ids) -> dict[int, list[int]]:
    return _grouped(db.execute(select(AgentException.person_id, AgentException.exception_id)
                               .where(AgentException.person_id.in_(list(person_ids)))
                               .order_by(AgentException.exception_id)))


def named_skill_mappings(db: Session, person_id: int) -> list[tuple[int, str]]:
    return list(db.execute(select(SkillMapping.id, SkillMapping.name)
                           .join(SkillMappingAgent, SkillMappingAgent.skill_mapping_id == SkillMapping.id)
                           .where(SkillMappingAgent.person_id == person_id).order_by(SkillMapping.name)).tuples())


def named_exceptions(db: Session, person_id: int) -> list[tuple[int, str]]:
    return list(db.execute(select(ScheduleException.id, ScheduleException.name)
                           .join(AgentException, AgentException.exception_id == ScheduleException.id)
                           .where(AgentException.person_id == person_id).order_by(ScheduleException.name)).tuples())


def work_shifts(db: Session, person_id: int) -> list:
    return list(db.execute(select(AgentWorkShift.work_shift_id, WorkShift.name, AgentWorkShift.shift_week_start)
                           .join(WorkShift, WorkShift.id == AgentWorkShift.work_shift_id)
                           .where(AgentWorkShift.person_id == person_id)
                           .order_by(AgentWorkShift.shift_week_start, WorkShift.name)))


def views(db: Session, person_id: int) -> list:
    return list(db.execute(select(View.id, View.name, PersonView.main)
                           .join(PersonView, PersonView.view_id == View.id)
                           .where(PersonView.person_id == person_id).order_by(PersonView.main.desc(), View.name)))
