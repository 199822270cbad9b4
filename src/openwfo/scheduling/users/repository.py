"""Queries for the User API and person views."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Person, PersonView, View

USER_COLUMNS = (Person.id, Person.email, Person.first_name, Person.last_name, Person.display_id, Person.acd_id,
                Person.acd_server_id, Person.enabled_for_scheduling, Person.deactivated)


def users(db: Session, clause, acd_id: str | None) -> list:
    q = select(*USER_COLUMNS)
    if clause is not None:
        q = q.where(clause)
    if acd_id is not None:
        q = q.where(Person.acd_id == acd_id)
    return list(db.execute(q.order_by(Person.last_name, Person.first_name, Person.id)))


def person_views(db: Session, person_id: int) -> list[tuple[PersonView, View]]:
    return list(db.execute(select(PersonView, View).join(View, View.id == PersonView.view_id)
                           .where(PersonView.person_id == person_id)
                           .order_by(PersonView.main.desc(), View.name)).tuples())


def views_by_ids(db: Session, ids) -> set[int]:
    if not ids:
        return set()
    return set(db.scalars(select(View.id).where(View.id.in_(list(ids)))))
