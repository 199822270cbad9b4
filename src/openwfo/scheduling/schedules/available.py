"""Available Agents by Service Queue or Skill Mapping: who is working a queue right now.

"Now" is the server clock (openwfo.kit.clock). An agent is listed when their current activity is in
service or overtime on one of the requested queues (directly or through a multi-skill group holding
it), or on a queue of a requested skill mapping the agent has. Only agents, queues and skill
mappings the caller sees count; ids the caller does not see are ignored like unknown ones.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...kit.clock import now_ms
from .. import visibility
from ..rules import fail
from . import activities as acts
from . import days
from . import repository as repo
from .repository import END, GROUP, PERSON, QUEUE, START, TYPE
from .service import load_names, visible_agents


def available_agents(db: Session, principal: Principal, queue_ids: list[int] | None,
                     skill_mapping_ids: list[int] | None) -> list[dict]:
    if not queue_ids and not skill_mapping_ids:
        raise fail("available agents request", "serviceQueueIds", "or skillMappingIds is required")
    views = visibility.caller_views(db, principal.person_id)
    queues = visibility.visible_queue_ids(db, views, queue_ids) if queue_ids else set()
    mappings = visibility.visible_skill_mapping_ids(db, views, skill_mapping_ids) if skill_mapping_ids else set()
    if not queues and not mappings:
        return []
    now = now_ms()
    rows = repo.working_at(db, now, acts.WORKING_TYPES)
    if not rows:
        return []
    agents = {a[0]: a for a in visible_agents(db, principal, {r[PERSON] for r in rows}, active_at=now)}
    rows = [r for r in rows if r[PERSON] in agents]
    group_queues = repo.group_queues(db, {r[GROUP] for r in rows if r[GROUP] is not None})
    agent_mappings = repo.agent_skill_mappings(db, agents)
    visible_mappings = visibility.visible_skill_mapping_ids(db, views, {m for ms in agent_mappings.values()
                                                                        for m in ms})
    mapping_queues = repo.skill_mapping_queues(db, visible_mappings)
    names = load_names(db)
    tenant_zone = repo.tenant_time_zone(db)
    out = []
    for row in sorted(rows, key=lambda r: (r[PERSON], r[START])):
        working = [row[QUEUE]] if row[QUEUE] is not None else group_queues.get(row[GROUP], [])
        working_set = set(working)
        own = sorted(m for m in agent_mappings.get(row[PERSON], ()) if m in mapping_queues
                     and mapping_queues[m] & working_set)
        if not (working_set & queues or set(own) & mappings):
            continue
        agent = agents[row[PERSON]]
        out.append({
            "agentId": agent[0],
            "agentTimeZone": days.zone(agent[2], tenant_zone).key,
            "scheduledActivity": {
                "activityType": row[TYPE],
                "activityTypeLabel": acts.LABELS[row[TYPE]],
                "activityDetailName": names.detail(row),
                "serviceQueueIds": sorted(working),
                "skillMappingIds": own,
                "startTime": row[START],
                "endTime": row[END],
            },
        })
    return out
