"""WFM visibility: which service queues, skill mappings and agents a caller sees.

Views decide. A person holds views (one of them the main view); a view is a set of service queues,
skill mappings and agents (`wfm_view_*` tables). The tenant's default view, "EnterpriseView"
(`View.is_default`), holds everything, without rows. `mainViewOnly` narrows to the main view.
Agents must in addition be in the caller's org scope (`openwfo.org.scope`). Out of view is
treated like nonexistent: 404 for one item, missing from lists, "does not exist" in a body.

    views = caller_views(db, principal.person_id)
    q = select(ServiceQueue)
    clause = queue_clause(views)          # None: no restriction
    if clause is not None: q = q.where(clause)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..models import (
    Person,
    PersonView,
    ServiceQueue,
    SkillMapping,
    View,
    ViewAgent,
    ViewServiceQueue,
    ViewSkillMapping,
)
from ..org import scope


@dataclass(frozen=True)
class ViewSet:
    """The views a person holds: all of them, the explicit (non-default) ones, and whether the
    default view (which holds everything) is among them."""

    view_ids: frozenset[int]
    explicit_ids: frozenset[int]
    everything: bool

    @property
    def empty(self) -> bool:
        return not self.view_ids


def caller_views(db: Session, person_id: int, *, main_only: bool = False) -> ViewSet:
    q = (select(View.id, View.is_default)
         .join(PersonView, PersonView.view_id == View.id)
         .where(PersonView.person_id == person_id))
    if main_only:
        q = q.where(PersonView.main.is_(True))
    rows = db.execute(q).all()
    return ViewSet(
        view_ids=frozenset(r[0] for r in rows),
        explicit_ids=frozenset(r[0] for r in rows if not r[1]),
        everything=any(r[1] for r in rows),
    )


def _clause(member_col, link_member_col, link_view_col, views: ViewSet):
    if views.everything:
        return None
    if not views.explicit_ids:
        return false()
    return member_col.in_(select(link_member_col).where(link_view_col.in_(views.explicit_ids)))


def queue_clause(views: ViewSet):
    """WHERE clause on ServiceQueue for the queues in these views (None: all of them)."""
    return _clause(ServiceQueue.id, ViewServiceQueue.service_queue_id, ViewServiceQueue.view_id, views)


def skill_mapping_clause(views: ViewSet):
    """WHERE clause on SkillMapping for the skill mappings in these views (None: all of them)."""
    return _clause(SkillMapping.id, ViewSkillMapping.skill_mapping_id, ViewSkillMapping.view_id, views)


def agent_clause(db: Session, principal: Principal, views: ViewSet):
    """WHERE clause on Person for the agents the caller sees: in these views and in org scope."""
    in_view = _clause(Person.id, ViewAgent.person_id, ViewAgent.view_id, views)
    in_scope = scope.visible_person_filter(db, principal)
    clauses = [c for c in (in_view, in_scope) if c is not None]
    if not clauses:
        return None
    out = clauses[0]
    for c in clauses[1:]:
        out = out & c
    return out


def visible_queue_ids(db: Session, views: ViewSet, ids=None) -> set[int]:
    """Ids of the visible queues (among `ids` when given)."""
    q = select(ServiceQueue.id)
    clause = queue_clause(views)
    if clause is not None:
        q = q.where(clause)
    if ids is not None:
        q = q.where(ServiceQueue.id.in_(list(ids)))
    return set(db.scalars(q))


def visible_skill_mapping_ids(db: Session, views: ViewSet, ids=None) -> set[int]:
    q = select(SkillMapping.id)
    clause = skill_mapping_clause(views)
    if clause is not None:
        q = q.where(clause)
    if ids is not None:
        q = q.where(SkillMapping.id.in_(list(ids)))
    return set(db.scalars(q))


def visible_agent_ids(db: Session, principal: Principal, views: ViewSet, ids=None) -> set[int]:
    """Ids of the persons the caller sees as agents (among `ids` when given); scheduling-enabled or not."""
    q = select(Person.id)
    clause = agent_clause(db, principal, views)
    if clause is not None:
        q = q.where(clause)
    if ids is not None:
        q = q.where(Person.id.in_(list(ids)))
    return set(db.scalars(q))


def scoped_person_ids(db: Session, principal: Principal, ids) -> set[int]:
    """Of these person ids, those that exist and are in the caller's org scope (views not consulted)."""
    if not ids:
        return set()
    q = select(Person.id).where(Person.id.in_(list(ids)))
    clause = scope.visible_person_filter(db, principal)
    if clause is not None:
        q = q.where(clause)
    return set(db.scalars(q))


def add_to_views(db: Session, views: ViewSet, *, service_queue_id: int | None = None,
                 skill_mapping_id: int | None = None) -> None:
    """Put a new queue or skill mapping in every explicit view of the set (the default view holds it already)."""
    for view_id in sorted(views.explicit_ids):
        if service_queue_id is not None:
            db.add(ViewServiceQueue(view_id=view_id, service_queue_id=service_queue_id))
        if skill_mapping_id is not None:
            db.add(ViewSkillMapping(view_id=view_id, skill_mapping_id=skill_mapping_id))


def service_queues_in_scope(db: Session, person: Person) -> dict:
    """Session JSON contributor: `serviceQueuesInScope` = the ids of the queues in the person's views."""
    views = caller_views(db, person.id)
    if views.empty:
        return {"serviceQueuesInScope": []}
    return {"serviceQueuesInScope": sorted(visible_queue_ids(db, views))}
