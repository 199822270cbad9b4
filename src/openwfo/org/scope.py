"""Scope: which groups, teams and persons a caller may see.

A person's scope is tenant-wide, or a set of groups (with every group and team under them) plus a
set of teams. Every area asks here — never re-derives it — so the rule lives in one place:

    visible = visible_team_ids(db, principal)      # None means "every team of the tenant"
    if not person_in_scope(db, principal, person): raise NotFound(...)
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..models import Group, Person, Team


def _group_children(db: Session) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for gid, parent in db.execute(select(Group.id, Group.parent_id)):
        children[parent].append(gid)
    return children


def descendants(db: Session, group_ids, children=None) -> set[int]:
    """The groups given plus every group below them."""
    children = children if children is not None else _group_children(db)
    out: set[int] = set()
    stack = list(group_ids)
    while stack:
        g = stack.pop()
        if g in out:
            continue
        out.add(g)
        stack.extend(children.get(g, ()))
    return out


def visible_group_ids(db: Session, principal: Principal) -> set[int] | None:
    """Groups in scope (with their subgroups), or None for tenant-wide scope."""
    if principal.scope_all:
        return None
    return descendants(db, principal.scope_group_ids)


def visible_team_ids(db: Session, principal: Principal) -> set[int] | None:
    """Teams in scope: the scoped teams plus every team in a scoped group; None for tenant-wide."""
    if principal.scope_all:
        return None
    groups = visible_group_ids(db, principal) or set()
    teams = set(principal.scope_team_ids)
    if groups:
        teams.update(db.scalars(select(Team.id).where(Team.group_id.in_(groups))))
    return teams


def group_in_scope(db: Session, principal: Principal, group_id: int) -> bool:
    groups = visible_group_ids(db, principal)
    return groups is None or group_id in groups


def team_in_scope(db: Session, principal: Principal, team_id: int) -> bool:
    teams = visible_team_ids(db, principal)
    return teams is None or team_id in teams


def person_in_scope(db: Session, principal: Principal, person: Person | int) -> bool:
    """A person is in scope when their team is, and a caller always sees themself."""
    if principal.scope_all:
        return True
    if isinstance(person, int):
        if person == principal.person_id:
            return True
        person = db.get(Person, person)
        if person is None:
            return False
    if person.id == principal.person_id:
        return True
    return team_in_scope(db, principal, person.team_id)


def visible_person_filter(db: Session, principal: Principal):
    """A WHERE clause limiting Person rows to the caller's scope (None: no limit)."""
    teams = visible_team_ids(db, principal)
    if teams is None:
        return None
    return Person.team_id.in_(teams) | (Person.id == principal.person_id)
