"""WFM views: name (unique) and members. The default view ("EnterpriseView") holds everything and
can be renamed only. Member lists replace what the caller can see; the rest stays. Holders of a
changed view get their serviceQueuesInScope refreshed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.deps import mark_person_changed
from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...models import View, ViewAgent, ViewServiceQueue, ViewSkillMapping
from .. import visibility
from ..rules import Violations, check_name, diff_links, name_taken
from . import repository
from .schemas import ViewCreate, ViewRead, ViewUpdate

SUBJECT = "view"


def to_read(db: Session, principal: Principal, view: View, caller=None) -> ViewRead:
    caller = caller or visibility.caller_views(db, principal.person_id)
    queues, mappings, agents = repository.member_ids(db, view)
    return ViewRead(
        id=view.id, name=view.name, is_default=view.is_default,
        service_queue_ids=sorted(visibility.visible_queue_ids(db, caller, queues)) if queues else [],
        skill_mapping_ids=sorted(visibility.visible_skill_mapping_ids(db, caller, mappings)) if mappings else [],
        agent_ids=sorted(visibility.visible_agent_ids(db, principal, caller, agents)) if agents else [],
    )


def list_views(db: Session, principal: Principal) -> list[ViewRead]:
    caller = visibility.caller_views(db, principal.person_id)
    return [to_read(db, principal, v, caller) for v in repository.list_all(db)]


def get_view(db: Session, view_id: int) -> View:
    view = repository.get(db, view_id)
    if view is None:
        raise NotFound(f"View {view_id} does not exist")
    return view


def _check(db, principal, caller, view: View, body: ViewCreate, creating: bool):
    v = Violations(SUBJECT)
    name = None
    if creating or "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=200)
        if name and name_taken(db, View, name, view.id):
            v.add("name", f"must be unique: '{name}' is already used")
    lists = {}
    for field, wire, known_fn in (
        ("service_queue_ids", "serviceQueueIds", lambda ids: visibility.visible_queue_ids(db, caller, ids)),
        ("skill_mapping_ids", "skillMappingIds", lambda ids: visibility.visible_skill_mapping_ids(db, caller, ids)),
        ("agent_ids", "agentIds", lambda ids: visibility.visible_agent_ids(db, principal, caller, ids)),
    ):
        ids = getattr(body, field)
        if ids is None:
            continue
        if view.is_default:
            v.add(wire, "the default view holds everything: its members cannot be changed")
            continue
        known = known_fn(ids) if ids else set()
        for i, x in enumerate(ids):
            if x not in known:
                v.add(f"{wire}[{i}]", f"{x} does not exist")
        lists[field] = set(ids)
    v.raise_if_any()
    return name, lists


def _write(db, principal, caller, view: View, lists: dict) -> None:
    queues, mappings, agents = repository.member_ids(db, view)
    for field, current, model, col, visible_fn, make in (
        ("service_queue_ids", queues, ViewServiceQueue, ViewServiceQueue.service_queue_id,
         lambda ids: visibility.visible_queue_ids(db, caller, ids),
         lambda x: ViewServiceQueue(view_id=view.id, service_queue_id=x)),
        ("skill_mapping_ids", mappings, ViewSkillMapping, ViewSkillMapping.skill_mapping_id,
         lambda ids: visibility.visible_skill_mapping_ids(db, caller, ids),
         lambda x: ViewSkillMapping(view_id=view.id, skill_mapping_id=x)),
        ("agent_ids", agents, ViewAgent, ViewAgent.person_id,
         lambda ids: visibility.visible_agent_ids(db, principal, caller, ids),
         lambda x: ViewAgent(view_id=view.id, person_id=x)),
    ):
        if field not in lists:
            continue
        visible = visible_fn(current) if current else set()
        add, remove = diff_links(current, lists[field], visible)
        if remove:
            repository.delete_members(db, model, view.id, col, remove)
        db.add_all(make(x) for x in sorted(add))
    db.flush()
    if lists.get("service_queue_ids") is not None:
        for pid in repository.holder_ids(db, view.id):
            mark_person_changed(db, pid)


def create_view(db: Session, principal: Principal, body: ViewCreate) -> ViewRead:
    caller = visibility.caller_views(db, principal.person_id)
    view = View(is_default=False)
    name, lists = _check(db, principal, caller, view, body, creating=True)
    view.name = name
    db.add(view)
    db.flush()
    _write(db, principal, caller, view, lists)
    return to_read(db, principal, view, caller)


def update_view(db: Session, principal: Principal, view_id: int, body: ViewUpdate) -> ViewRead:
    caller = visibility.caller_views(db, principal.person_id)
    view = get_view(db, view_id)
    name, lists = _check(db, principal, caller, view, body, creating=False)
    if name:
        view.name = name
    _write(db, principal, caller, view, lists)
    return to_read(db, principal, view, caller)


def delete_view(db: Session, view_id: int) -> None:
    view = get_view(db, view_id)
    if view.is_default:
        raise BadRequest("The default view cannot be deleted", errors=[{"field": "id", "reason": "default view"}])
    for pid in repository.holder_ids(db, view.id):
        mark_person_changed(db, pid)
    db.delete(view)
    db.flush()
