"""Multi-skill groups: name (unique), queues with priority 0..999 (default 1), and agents (an agent
works at most one group: listing an agent of another group moves them here). As with skill
mappings, queues and agents outside the caller's views or scope are kept on replace."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...models import MultiSkillGroup, MultiSkillGroupAgent, MultiSkillGroupQueue
from .. import visibility
from ..rules import Violations, check_name, check_range, diff_links, duplicates, name_taken
from ..skill_mappings import repository as sm_repository
from ..wire import AgentRef, PrioritizedRef
from . import repository
from .schemas import MultiSkillGroupCreate, MultiSkillGroupRead, MultiSkillGroupUpdate

SUBJECT = "multi-skill group"


def to_read(db: Session, principal: Principal, g: MultiSkillGroup, views=None) -> MultiSkillGroupRead:
    views = views or visibility.caller_views(db, principal.person_id)
    links = repository.queue_links(db, g.id)
    queue_ids = visibility.visible_queue_ids(db, views, links) if links else set()
    queues = sm_repository.queues(db, queue_ids)
    services = sorted(
        (PrioritizedRef(id=q, number=queues[q].number, name=queues[q].name, priority=links[q].priority)
         for q in queue_ids),
        key=lambda r: (r.priority, r.name or "", r.id),
    )
    agent_ids = repository.agent_links(db, g.id)
    visible_agents = visibility.visible_agent_ids(db, principal, views, agent_ids) if agent_ids else set()
    agents = [AgentRef(id=a.id, number=a.acd_id, last_name=a.last_name, first_name=a.first_name)
              for a in sm_repository.agents(db, visible_agents)]
    return MultiSkillGroupRead(id=g.id, name=g.name, services=services, agents=agents)


def list_groups(db: Session, principal: Principal) -> list[MultiSkillGroupRead]:
    views = visibility.caller_views(db, principal.person_id)
    return [to_read(db, principal, g, views) for g in repository.list_all(db)]


def get_group(db: Session, group_id: int) -> MultiSkillGroup:
    g = repository.get(db, group_id)
    if g is None:
        raise NotFound(f"Multi-skill group {group_id} does not exist")
    return g


def _check(db, principal, views, g: MultiSkillGroup, body: MultiSkillGroupCreate, creating: bool):
    v = Violations(SUBJECT)
    name = None
    if creating or "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=100)
        if name and name_taken(db, MultiSkillGroup, name, g.id):
            v.add("name", f"must be unique: '{name}' is already used")
    services = None
    if body.services is not None:
        ids = [s.id for s in body.services]
        known = visibility.visible_queue_ids(db, views, ids) if ids else set()
        services = {}
        for i, s in enumerate(body.services):
            if s.id not in known:
                v.add(f"services[{i}].id", f"service queue {s.id} does not exist")
            priority = 1 if s.priority is None else s.priority
            check_range(v, f"services[{i}].priority", priority, 0, 999)
            services[s.id] = priority
        for d in duplicates(ids):
            v.add("services", f"service queue {d} is listed more than once")
    agents = None
    if body.agents is not None:
        ids = [a.id for a in body.agents]
        known = visibility.visible_agent_ids(db, principal, views, ids) if ids else set()
        for i, a in enumerate(body.agents):
            if a.id not in known:
                v.add(f"agents[{i}].id", f"agent {a.id} does not exist")
        agents = set(ids)
    v.raise_if_any()
    return name, services, agents


def _write(db, principal, views, g: MultiSkillGroup, services, agents) -> None:
    if services is not None:
        links = repository.queue_links(db, g.id)
        visible = visibility.visible_queue_ids(db, views, links) if links else set()
        _add, remove = diff_links(set(links), set(services), visible)
        for q in remove:
            db.delete(links[q])
        for q, priority in services.items():
            if q in links:
                links[q].priority = priority
            else:
                db.add(MultiSkillGroupQueue(group_id=g.id, service_queue_id=q, priority=priority))
    if agents is not None:
        current = repository.agent_links(db, g.id)
        visible = visibility.visible_agent_ids(db, principal, views, current) if current else set()
        add, remove = diff_links(set(current), agents, visible)
        for pid in remove:
            db.delete(current[pid])
        elsewhere = repository.agent_links_of(db, add)
        for pid in sorted(add):
            if pid in elsewhere:
                elsewhere[pid].group_id = g.id
            else:
                db.add(MultiSkillGroupAgent(person_id=pid, group_id=g.id))
    db.flush()


def create_group(db: Session, principal: Principal, body: MultiSkillGroupCreate) -> MultiSkillGroupRead:
    views = visibility.caller_views(db, principal.person_id)
    g = MultiSkillGroup()
    name, services, agents = _check(db, principal, views, g, body, creating=True)
    g.name = name
    db.add(g)
    db.flush()
    _write(db, principal, views, g, services, agents)
    return to_read(db, principal, g, views)


def update_group(db: Session, principal: Principal, group_id: int, body: MultiSkillGroupUpdate) -> MultiSkillGroupRead:
    views = visibility.caller_views(db, principal.person_id)
    g = get_group(db, group_id)
    name, services, agents = _check(db, principal, views, g, body, creating=False)
    if name:
        g.name = name
    _write(db, principal, views, g, services, agents)
    return to_read(db, principal, g, views)


def delete_group(db: Session, group_id: int) -> None:
    db.delete(get_group(db, group_id))
    db.flush()
