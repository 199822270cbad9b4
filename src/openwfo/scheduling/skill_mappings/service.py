"""Skill mappings: listed and read within the caller's views; created into the caller's views.

Agents and services in a body replace the ones the caller can see; those outside the caller's
views or scope are kept. Priorities are 0 (highest) .. 999, default 1.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...models import SkillMapping, SkillMappingAgent, SkillMappingQueue
from .. import visibility
from ..rules import Violations, check_name, check_range, diff_links, duplicates, name_taken
from ..wire import AgentRef, PrioritizedRef
from . import repository
from .schemas import SkillMappingCreate, SkillMappingRead, SkillMappingSummaryRead, SkillMappingUpdate

SUBJECT = "skill mapping"
DEFAULT_PRIORITY = 1


def list_skill_mappings(db: Session, principal: Principal, main_view_only: bool) -> list[SkillMappingSummaryRead]:
    views = visibility.caller_views(db, principal.person_id, main_only=main_view_only)
    clause = visibility.skill_mapping_clause(views)
    return [SkillMappingSummaryRead(id=s.id, name=s.name) for s in repository.list_visible(db, clause)]


def get_visible(db: Session, principal: Principal, skill_mapping_id: int) -> SkillMapping:
    views = visibility.caller_views(db, principal.person_id)
    sm = repository.get(db, skill_mapping_id, visibility.skill_mapping_clause(views))
    if sm is None:
        raise NotFound(f"Skill mapping {skill_mapping_id} does not exist")
    return sm


def read_skill_mapping(db: Session, principal: Principal, sm: SkillMapping) -> SkillMappingRead:
    views = visibility.caller_views(db, principal.person_id)
    agent_ids = visibility.visible_agent_ids(db, principal, views, repository.agent_ids(db, sm.id))
    links = repository.queue_links(db, sm.id)
    queue_ids = visibility.visible_queue_ids(db, views, links) if links else set()
    queues = repository.queues(db, queue_ids)
    services = sorted(
        (PrioritizedRef(id=qid, number=queues[qid].number, name=queues[qid].name, priority=links[qid].priority)
         for qid in queue_ids),
        key=lambda r: (r.priority, r.name or "", r.id),
    )
    agents = [AgentRef(id=a.id, number=a.acd_id, last_name=a.last_name, first_name=a.first_name)
              for a in repository.agents(db, agent_ids)]
    return SkillMappingRead(id=sm.id, name=sm.name, agents=agents, services=services)


def _check_agents(db, principal, views, agents: list[AgentRef] | None, v: Violations) -> set[int] | None:
    if agents is None:
        return None
    ids = [a.id for a in agents]
    known = visibility.visible_agent_ids(db, principal, views, ids) if ids else set()
    for i, a in enumerate(agents):
        if a.id not in known:
            v.add(f"agents[{i}].id", f"agent {a.id} does not exist")
    for d in duplicates(ids):
        v.add("agents", f"agent {d} is listed more than once")
    return set(ids)


def _check_services(db, views, services: list[PrioritizedRef] | None, v: Violations) -> dict[int, int] | None:
    if services is None:
        return None
    ids = [s.id for s in services]
    known = visibility.visible_queue_ids(db, views, ids) if ids else set()
    out: dict[int, int] = {}
    for i, s in enumerate(services):
        if s.id not in known:
            v.add(f"services[{i}].id", f"service queue {s.id} does not exist")
        priority = DEFAULT_PRIORITY if s.priority is None else s.priority
        check_range(v, f"services[{i}].priority", priority, 0, 999)
        out[s.id] = priority
    for d in duplicates(ids):
        v.add("services", f"service queue {d} is listed more than once")
    return out


def _write_links(db: Session, principal: Principal, views, sm: SkillMapping,
                 agent_ids: set[int] | None, services: dict[int, int] | None) -> None:
    if agent_ids is not None:
        current = repository.agent_ids(db, sm.id)
        visible = visibility.visible_agent_ids(db, principal, views, current) if current else set()
        add, remove = diff_links(current, agent_ids, visible)
        for pid in remove:
            db.delete(db.get(SkillMappingAgent, (sm.id, pid)))
        db.add_all(SkillMappingAgent(skill_mapping_id=sm.id, person_id=pid) for pid in sorted(add))
    if services is not None:
        links = repository.queue_links(db, sm.id)
        visible = visibility.visible_queue_ids(db, views, links) if links else set()
        add, remove = diff_links(set(links), set(services), visible)
        for qid in remove:
            db.delete(links[qid])
        for qid, priority in services.items():
            if qid in links:
                links[qid].priority = priority
            else:
                db.add(SkillMappingQueue(skill_mapping_id=sm.id, service_queue_id=qid, priority=priority))
    db.flush()


def create_skill_mapping(db: Session, principal: Principal, body: SkillMappingCreate) -> SkillMappingRead:
    views = visibility.caller_views(db, principal.person_id)
    v = Violations(SUBJECT)
    name = check_name(v, "name", body.name, max_len=100)
    if name and name_taken(db, SkillMapping, name):
        v.add("name", f"must be unique: '{name}' is already used")
    agent_ids = _check_agents(db, principal, views, body.agents, v)
    services = _check_services(db, views, body.services, v)
    v.raise_if_any()
    sm = SkillMapping(name=name)
    db.add(sm)
    db.flush()
    visibility.add_to_views(db, views, skill_mapping_id=sm.id)
    _write_links(db, principal, views, sm, agent_ids, services)
    return read_skill_mapping(db, principal, sm)


def update_skill_mapping(db: Session, principal: Principal, skill_mapping_id: int,
                         body: SkillMappingUpdate) -> SkillMappingRead:
    sm = get_visible(db, principal, skill_mapping_id)
    views = visibility.caller_views(db, principal.person_id)
    v = Violations(SUBJECT)
    name = None
    if "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, SkillMapping, name, sm.id):
            v.add("name", f"must be unique: '{name}' is already used")
    agent_ids = _check_agents(db, principal, views, body.agents, v)
    services = _check_services(db, views, body.services, v)
    v.raise_if_any()
    if name:
        sm.name = name
    _write_links(db, principal, views, sm, agent_ids, services)
    return read_skill_mapping(db, principal, sm)


def delete_skill_mapping(db: Session, principal: Principal, skill_mapping_id: int) -> None:
    sm = get_visible(db, principal, skill_mapping_id)
    db.delete(sm)
    db.flush()
