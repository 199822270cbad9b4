"""Keeping live sessions in step with organization changes.

A session carries the person's team and group names and the groups/teams in scope; when the
structure under it changes, the affected people are marked so their sessions are refreshed after
the commit (auth.deps.mark_person_changed).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..auth.deps import mark_person_changed
from ..models import Person, PersonScopeGroup, PersonScopeTeam


def mark_persons(db: Session, person_ids) -> None:
    for pid in person_ids:
        mark_person_changed(db, pid)


def mark_team_members(db: Session, team_ids) -> None:
    """Members of these teams (their session names their team and group)."""
    team_ids = list(team_ids)
    if team_ids:
        mark_persons(db, db.scalars(select(Person.id).where(Person.team_id.in_(team_ids))))


def mark_scoped_persons(db: Session) -> None:
    """Everyone whose scope is tenant-wide or a set of groups/teams: the lists of groups and teams
    in their scope change when groups or teams are added, moved or removed."""
    q = select(Person.id).where(or_(
        Person.scope_all.is_(True),
        Person.id.in_(select(PersonScopeGroup.person_id)),
        Person.id.in_(select(PersonScopeTeam.person_id)),
    ))
    mark_persons(db, db.scalars(q))
