"""The drill-down: every group in the caller's scope for a permission, its teams in scope, and the
active persons in each team. A group that is not itself in scope still appears when one of its
teams is (holding only those teams), so a caller scoped to single teams sees them too."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...models import Person
from .. import scope
from . import repository as repo


def drill_down(db: Session, principal: Principal, permission_id: int) -> list[dict]:
    if not principal.has(permission_id):
        return []
    group_ids = scope.visible_group_ids(db, principal)
    team_ids = scope.visible_team_ids(db, principal)
    groups = repo.groups_by_id(db)
    teams = repo.teams(db, team_ids)
    agents = defaultdict(list)
    for row in repo.active_person_rows(db, team_ids):
        agents[row.team_id].append({
            "person_id": row.id, "first_name": row.first_name, "last_name": row.last_name,
            "group_id": row.team_id, "tenant_id": row.tenant_id, "email": row.email, "skill_id": None,
        })
    by_group = defaultdict(list)
    for t in teams:
        g = groups[t.group_id]
        by_group[t.group_id].append({
            "group_id": t.id, "name": t.name, "display_id": t.id, "parent_group_id": g.id,
            "parent_group_name": g.name, "agents": agents.get(t.id, []),
        })
    shown = set(groups) if group_ids is None else set(group_ids) | set(by_group)
    out = []
    for gid in sorted(shown):
        g = groups.get(gid)
        if g is None:
            continue
        parent = groups.get(g.parent_id) if g.parent_id else None
        out.append({
            "group_id": g.id, "name": g.name, "display_id": g.id,
            "parent_group_id": parent.id if parent else None,
            "parent_group_name": parent.name if parent else None,
            "teams": by_group.get(g.id, []),
        })
    return out


def _persons_in_scope(db: Session, principal: Principal, team_ids: set[int] | None = None) -> list[Person]:
    """Persons in the caller's scope (themself included), optionally only those of `team_ids`."""
    return repo.persons(db, scope.visible_person_filter(db, principal), team_ids)


def persons_for_permission(db: Session, principal: Principal, permission_id: int) -> list[dict]:
    """The persons in the caller's scope for that permission (none when the caller lacks it)."""
    if not principal.has(permission_id):
        return []
    return [{
        "person_id": p.id, "email": p.email, "ad_login": p.ad_login, "active": not p.deactivated,
        "display_id": p.display_id or f"{p.first_name} {p.last_name}".strip(),
        "first_name": p.first_name, "last_name": p.last_name,
    } for p in _persons_in_scope(db, principal)]


def agents_for_team(db: Session, principal: Principal, team_id: int) -> dict:
    """The persons of one team in scope (404 otherwise), or of every team in scope for team 0."""
    if team_id == 0:
        persons = _persons_in_scope(db, principal)
    else:
        from ..teams.service import visible_team

        persons = _persons_in_scope(db, principal, {visible_team(db, principal, team_id).id})
    return {"agents": [{
        "id": p.id, "first_name": p.first_name, "last_name": p.last_name, "email": p.email, "acd_id": p.acd_id,
        "acd_server_id": p.acd_server_id, "display_id": p.display_id or f"{p.first_name} {p.last_name}".strip(),
        "ad_login": p.ad_login, "team_id": p.team_id, "group_id": p.team_id, "active": not p.deactivated,
        "enabled_for_scheduling": bool(p.enabled_for_scheduling),
    } for p in persons]}
