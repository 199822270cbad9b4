"""User API: the persons in the caller's scope with their login names (filter: acdId). Person
views: which WFM views a person holds and which is the main one."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.deps import mark_person_changed
from ...auth.principal import Principal
from ...errors import NotFound
from ...models import Person, PersonView
from ...org import scope
from ..rules import Violations
from . import repository
from .schemas import PersonViewItem, PersonViewsRead, PersonViewsUpdate, UserRead


def list_users(db: Session, principal: Principal, acd_id: str | None) -> list[UserRead]:
    rows = repository.users(db, scope.visible_person_filter(db, principal), acd_id)
    return [UserRead(id=r.id, user_id=r.email, email=r.email, first_name=r.first_name, last_name=r.last_name,
                     display_id=r.display_id, acd_id=r.acd_id, acd_server_id=r.acd_server_id,
                     enabled_for_scheduling=r.enabled_for_scheduling, deactivated=r.deactivated) for r in rows]


def _person(db: Session, principal: Principal, person_id: int) -> Person:
    person = db.get(Person, person_id)
    if person is None or not scope.person_in_scope(db, principal, person):
        raise NotFound(f"Person {person_id} does not exist")
    return person


def read_person_views(db: Session, principal: Principal, person_id: int) -> PersonViewsRead:
    person = _person(db, principal, person_id)
    return PersonViewsRead(person_id=person.id, views=[
        PersonViewItem(view_id=v.id, name=v.name, main_view=link.main)
        for link, v in repository.person_views(db, person.id)
    ])


def update_person_views(db: Session, principal: Principal, person_id: int, body: PersonViewsUpdate) -> PersonViewsRead:
    person = _person(db, principal, person_id)
    v = Violations("views")
    ids = [item.view_id for item in body.views]
    known = repository.views_by_ids(db, ids)
    seen: set[int] = set()
    for i, item in enumerate(body.views):
        if item.view_id not in known:
            v.add(f"views[{i}].viewId", f"view {item.view_id} does not exist")
        elif item.view_id in seen:
            v.add(f"views[{i}].viewId", f"view {item.view_id} is listed more than once")
        seen.add(item.view_id)
    mains = [item.view_id for item in body.views if item.main_view]
    if len(mains) > 1:
        v.add("views", "only one view can be the main view")
    v.raise_if_any()
    main = mains[0] if mains else (ids[0] if ids else None)
    current = {link.view_id: link for link, _v in repository.person_views(db, person.id)}
    for vid, link in current.items():
        if vid not in seen:
            db.delete(link)
    for vid in ids:
        link = current.get(vid) or PersonView(person_id=person.id, view_id=vid)
        link.main = vid == main
        db.add(link)
    db.flush()
    db.expire(person, ["views"])
    mark_person_changed(db, person.id)
    return read_person_views(db, principal, person.id)
