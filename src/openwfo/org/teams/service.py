"""Team rules: every team is in a group, names are unique in the tenant, scope applies to everything.

A team is deleted only when it is empty and nothing else refers to it (409 otherwise); the default
team (where new persons go) is never deleted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Person, Team
from .. import scope
from ..changes import mark_persons, mark_scoped_persons, mark_team_members
from ..references import references_to
from ..wire import clean_name, deactivated_in, deactivated_out, ref_ids_at, time_zone_out
from . import repository as repo

SUBJECT = "team"


def team_read(db: Session, t: Team) -> dict:
    return {
        "id": t.id,
        "name": t.name,
        "group_id": t.group_id,
        "parent_group_id": t.group_id,
        "activated": t.activated_date,
        "deactivated": deactivated_out(t.deactivated_date),
        "productivity_compilation": bool(t.productivity_compilation),
        "users": repo.member_ids(db, t.id),
    }


def team_summary(t: Team) -> dict:
    return {"id": t.id, "name": t.name, "group_id": t.group_id, "parent_group_id": t.group_id}


def agent_read(p: Person) -> dict:
    return {
        "person_id": p.id,
        "tenant_id": p.tenant_id,
        "acd_id": p.acd_id,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "display_id": p.display_id or f"{p.first_name} {p.last_name}".strip(),
        "group_id": p.team_id,
        "activated": p.activated_date,
        "deactivated": deactivated_out(p.deactivated_date if p.deactivated else None),
        "is_synchronized": bool(p.is_synchronized),
        "time_zone": time_zone_out(p.time_zone),
        "ad_login": p.ad_login,
    }


def visible_team(db: Session, principal: Principal, team_id: int, field: str | None = None) -> Team:
    t = repo.get(db, team_id)
    if t is None or not scope.team_in_scope(db, principal, t.id):
        errors = [{"field": field, "reason": "unknown team"}] if field else None
        raise NotFound(f"Team {team_id} does not exist", errors=errors)
    return t


def list_teams_for_permission(db: Session, principal: Principal, permission_id: int) -> list[Team]:
    """The teams in the caller's scope for that permission: none when the caller lacks it."""
    if not principal.has(permission_id):
        return []
    return repo.list_teams(db, scope.visible_team_ids(db, principal))


def team_agents(db: Session, principal: Principal, team_id: int) -> list[Person]:
    t = visible_team(db, principal, team_id)
    return repo.members(db, t.id)


def _group(db: Session, principal: Principal, group_id: int | str | None):
    from ..groups.service import group_ref, visible_group

    group_id = group_ref(db, principal, group_id)
    if not group_id:
        raise BadRequest("parentGroupId is required", errors=[{"field": "parentGroupId", "reason": "required"}])
    try:
        return visible_group(db, principal, group_id)
    except NotFound:
        raise NotFound(f"Group {group_id} does not exist",
                       errors=[{"field": "parentGroupId", "reason": "unknown group"}]) from None


def _unique(db: Session, name: str, except_id: int | None = None) -> None:
    if repo.name_taken(db, name, except_id):
        raise Conflict(f"A team named '{name}' already exists", errors=[{"field": "name", "reason": "already exists"}])


def _visible_persons(db: Session, principal: Principal, items, v: Violations) -> list[Person]:
    """The persons listed (ids or {id}), each in the caller's scope (a 404 violation for each that is not)."""
    positions = ref_ids_at(items, "users", v)
    ids = [x for _, x in positions]
    if not ids:
        return []
    found = repo.persons_by_id(db, ids)
    visible = scope.visible_team_ids(db, principal)
    out = []
    for i, pid in positions:
        p = found.get(pid)
        if p is None or not (visible is None or p.team_id in visible or p.id == principal.person_id):
            v.collect(NotFound(f"Person {pid} does not exist",
                               errors=[{"field": f"users[{i}]", "reason": "unknown person"}]))
            continue
        out.append(p)
    return out


def _move_in(db: Session, persons: list[Person], t: Team) -> None:
    moved = [p for p in persons if p.team_id != t.id]
    for p in moved:
        p.team_id = t.id
    if moved:
        db.flush()
        for p in moved:
            db.expire(p, ["team"])
        mark_persons(db, [p.id for p in moved])


def create_team(db: Session, principal: Principal, *, name: str | None, group_id: int | None,
                users=None, activated: int | None = None, deactivated: int | None = None,
                productivity_compilation: bool | None = None, v: Violations | None = None) -> Team:
    v = v or Violations(SUBJECT)
    name = v.attempt(clean_name, name)
    # (groupId and parentGroupId naming different groups is already reported: not "required" on top)
    group = None if v.has("parentGroupId") else v.attempt(_group, db, principal, group_id)
    if name is not None:
        v.attempt(_unique, db, name)
    persons = _visible_persons(db, principal, users, v)
    v.raise_if_any()
    now = now_ms()
    t = Team(name=name, group_id=group.id, activated_date=activated if activated is not None else now,
             deactivated_date=deactivated_in(deactivated, now),
             productivity_compilation=True if productivity_compilation is None else productivity_compilation)
    db.add(t)
    db.flush()
    _move_in(db, persons, t)
    mark_scoped_persons(db)
    return t


def update_team(db: Session, principal: Principal, team_id: int, changes: dict) -> Team:
    """Apply the fields present in `changes`; `users` are moved into the team (others stay). Every
    violation is collected before anything changes."""
    t = visible_team(db, principal, team_id)
    v = Violations(SUBJECT)
    if changes.get("id") not in (None, 0, team_id):
        v.collect(BadRequest("The body's id is not the team in the path", errors=[{"field": "id", "reason": "mismatch"}]))
    name = group = None
    if "name" in changes:
        name = v.attempt(clean_name, changes["name"])
        if name is not None and name != t.name:
            v.attempt(_unique, db, name, t.id)
    wanted = v.attempt(wanted_group, changes, t.group_id)
    if wanted not in (None, "", t.group_id):
        group = v.attempt(_group, db, principal, wanted)
    persons = _visible_persons(db, principal, changes.get("users"), v)
    v.raise_if_any()

    renamed = moved = False
    if name is not None and name != t.name:
        t.name, renamed = name, True
    if group is not None and group.id != t.group_id:
        t.group_id, moved = group.id, True
    if changes.get("activated") is not None:
        t.activated_date = changes["activated"]
    if "deactivated" in changes:
        t.deactivated_date = deactivated_in(changes["deactivated"], now_ms())
    if changes.get("productivity_compilation") is not None:
        t.productivity_compilation = changes["productivity_compilation"]
    db.flush()
    db.expire(t, ["group"])
    _move_in(db, persons, t)
    if renamed or moved:
        mark_team_members(db, [t.id])
    if moved:
        mark_scoped_persons(db)
    return t


def wanted_group(body: dict, stored: int | None):
    """The group a body names by parentGroupId or groupId. Both are sent when a client puts back
    what it read: when one of them still names the stored group, the other (changed) one wins."""
    given = list(dict.fromkeys(v for v in (body.get("parent_group_id"), body.get("group_id")) if v not in (None, "")))
    if len(given) > 1 and stored in given:
        given.remove(stored)
    if len(given) > 1:
        raise BadRequest("groupId and parentGroupId name different groups",
                         errors=[{"field": "parentGroupId", "reason": "differs from groupId"}])
    return given[0] if given else None


def save_team(db: Session, principal: Principal, body: dict) -> Team:
    """POST on the collection: a new team, or (id not 0) an update of that team."""
    if body.get("id"):
        return update_team(db, principal, body["id"], body)
    v = Violations(SUBJECT)
    group_id = v.attempt(wanted_group, body, None)
    return create_team(db, principal, name=body.get("name"), group_id=group_id,
                       users=body.get("users"), activated=body.get("activated"),
                       deactivated=body.get("deactivated"),
                       productivity_compilation=body.get("productivity_compilation"), v=v)


def delete_team(db: Session, principal: Principal, team_id: int) -> dict:
    t = visible_team(db, principal, team_id)
    if t.is_default:
        raise Conflict("The default team cannot be deleted: new persons are placed in it")
    members = repo.count_members(db, t.id)
    if members:
        raise Conflict(f"Team {t.id} still has {members} person(s); move them to another team first")
    refs = references_to(db, "org_team", t.id, frozenset({"org_person", "org_person_scope_team"}))
    if refs:
        raise Conflict(f"Team {t.id} is still used by: {', '.join(refs)}")
    out = team_read(db, t)
    scoped = repo.drop_from_scopes(db, t.id)
    db.delete(t)
    db.flush()
    mark_persons(db, scoped)
    mark_scoped_persons(db)
    return out
