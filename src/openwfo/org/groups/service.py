"""Group rules: a tree under the tenant's root group, names unique in the tenant, scope on everything.

A caller sees the groups in their scope (with every group below them); anything else is 404. A
group is deleted only when nothing hangs on it: no subgroups, no teams, nothing of another area
(409 otherwise). The root and the default group are never deleted.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Group, Person, Team
from .. import scope
from ..changes import mark_persons, mark_scoped_persons, mark_team_members
from ..references import references_to
from ..wire import MAX_ID, clean_name, deactivated_in, deactivated_out, ref_ids_at
from . import repository as repo

SUBJECT = "group"


def group_read(g: Group) -> dict:
    return {
        "id": g.id,
        "name": g.name,
        "activated": g.activated_date,
        "deactivated": deactivated_out(g.deactivated_date),
        "parent_group_id": g.parent_id,
    }


def group_summary(g: Group) -> dict:
    return {"id": g.id, "name": g.name, "group_id": g.id, "parent_group_id": g.parent_id}


def group_with_teams(db: Session, principal: Principal, g: Group) -> dict:
    visible = scope.visible_team_ids(db, principal)
    teams = [t for t in repo.teams_of(db, [g.id]) if visible is None or t.id in visible]
    out = group_read(g)
    out["teams"] = [{"id": t.id, "name": t.name, "group_id": t.group_id, "parent_group_id": t.group_id}
                    for t in teams]
    return out


def visible_group(db: Session, principal: Principal, group_id: int) -> Group:
    g = repo.get(db, group_id)
    if g is None or not scope.group_in_scope(db, principal, g.id):
        raise NotFound(f"Group {group_id} does not exist")
    return g


def list_groups(db: Session, principal: Principal) -> list[Group]:
    return repo.list_groups(db, scope.visible_group_ids(db, principal))


def list_groups_for_permission(db: Session, principal: Principal, permission_id: int) -> list[Group]:
    """The groups in the caller's scope for that permission: none when the caller lacks it."""
    if not principal.has(permission_id):
        return []
    return list_groups(db, principal)


def group_ref(db: Session, principal: Principal, value: int | str | None, field: str = "parentGroupId") -> int | None:
    """The id of a group given as an id, a digit string or its name (any case; only groups in scope)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    if text.isdecimal() and int(text) <= MAX_ID:
        return int(text)
    g = repo.by_name(db, text)
    if g is None or not scope.group_in_scope(db, principal, g.id):
        raise NotFound(f"Group '{text}' does not exist", errors=[{"field": field, "reason": "unknown group"}])
    return g.id


def _parent(db: Session, principal: Principal, parent_id: int | str | None) -> Group:
    parent_id = group_ref(db, principal, parent_id)
    if not parent_id:
        root = repo.root(db)
        if root is not None and scope.group_in_scope(db, principal, root.id):
            return root
        raise BadRequest("parentGroupId is required", errors=[{"field": "parentGroupId", "reason": "required"}])
    try:
        return visible_group(db, principal, parent_id)
    except NotFound:
        raise NotFound(f"Parent group {parent_id} does not exist",
                       errors=[{"field": "parentGroupId", "reason": "unknown group"}]) from None


def _unique(db: Session, name: str, except_id: int | None = None) -> None:
    if repo.name_taken(db, name, except_id):
        raise Conflict(f"A group named '{name}' already exists",
                       errors=[{"field": "name", "reason": "already exists"}])


def create_group(db: Session, principal: Principal, *, name: str | None, parent_id: int | None,
                 activated: int | None = None, deactivated: int | None = None,
                 team_ids: list | None = None) -> Group:
    v = Violations(SUBJECT)
    name = v.attempt(clean_name, name)
    parent = v.attempt(_parent, db, principal, parent_id)
    if name is not None:
        v.attempt(_unique, db, name)
    teams = _visible_teams(db, principal, team_ids, v)
    v.raise_if_any()
    now = now_ms()
    g = Group(name=name, parent_id=parent.id, activated_date=activated if activated is not None else now,
              deactivated_date=deactivated_in(deactivated, now))
    db.add(g)
    db.flush()
    _move_teams(db, teams, g)
    mark_scoped_persons(db)
    return g


def update_group(db: Session, principal: Principal, group_id: int, changes: dict, team_ids: list | None = None) -> Group:
    """Apply the fields present in `changes` (name, parent_group_id, activated, deactivated); every
    violation is collected before anything changes."""
    g = visible_group(db, principal, group_id)
    v = Violations(SUBJECT)
    if changes.get("id") not in (None, 0, group_id):
        v.collect(BadRequest("The body's id is not the group in the path", errors=[{"field": "id", "reason": "mismatch"}]))
    now = now_ms()
    name = parent = None
    if "name" in changes:
        name = v.attempt(clean_name, changes["name"])
        if name is not None and name != g.name:
            v.attempt(_unique, db, name, g.id)
    if "parent_group_id" in changes and changes["parent_group_id"] != g.parent_id:
        if g.is_root:
            if changes["parent_group_id"]:
                v.collect(BadRequest("The root group has no parent",
                                     errors=[{"field": "parentGroupId", "reason": "root"}]))
        else:
            parent = v.attempt(_parent, db, principal, changes["parent_group_id"])
            if parent is not None and parent.id in scope.descendants(db, [g.id]):
                v.collect(BadRequest("A group cannot be moved below itself",
                                     errors=[{"field": "parentGroupId", "reason": "would make a cycle"}]))
                parent = None
    deactivated = g.deactivated_date
    if "deactivated" in changes:
        deactivated = deactivated_in(changes["deactivated"], now)
        if deactivated is not None and g.is_root:
            v.collect(BadRequest("The root group cannot be deactivated",
                                 errors=[{"field": "deactivated", "reason": "root"}]))
    teams = _visible_teams(db, principal, team_ids, v)
    v.raise_if_any()

    renamed = moved = False
    if name is not None and name != g.name:
        g.name, renamed = name, True
    if parent is not None and parent.id != g.parent_id:
        g.parent_id, moved = parent.id, True
    if "activated" in changes and changes["activated"] is not None:
        g.activated_date = changes["activated"]
    g.deactivated_date = deactivated
    db.flush()
    if _move_teams(db, teams, g):
        moved = True
    if renamed:
        mark_team_members(db, [t.id for t in repo.teams_of(db, [g.id])])
    if moved:
        mark_scoped_persons(db)
    return g


def save_group(db: Session, principal: Principal, body: dict, team_ids: list | None = None) -> Group:
    """POST on a collection: a new group, or (id not 0) an update of that group."""
    if body.get("id"):
        return update_group(db, principal, body["id"], body, team_ids)
    return create_group(db, principal, name=body.get("name"), parent_id=body.get("parent_group_id"),
                        activated=body.get("activated"), deactivated=body.get("deactivated"), team_ids=team_ids)


def _visible_teams(db: Session, principal: Principal, items, v: Violations) -> list[Team]:
    """The teams listed (ids or {id}), each in the caller's scope (a 404 violation for each that is not)."""
    positions = ref_ids_at(items, "teams", v)
    ids = [x for _, x in positions]
    if not ids:
        return []
    found = repo.teams_by_id(db, ids)
    visible = scope.visible_team_ids(db, principal)
    out = []
    for i, tid in positions:
        t = found.get(tid)
        if t is None or not (visible is None or t.id in visible):
            v.collect(NotFound(f"Team {tid} does not exist", errors=[{"field": f"teams[{i}]", "reason": "unknown team"}]))
            continue
        out.append(t)
    return out


def _move_teams(db: Session, teams: list[Team], g: Group) -> bool:
    moving = [t for t in teams if t.group_id != g.id]
    for t in moving:
        t.group_id = g.id
    if moving:
        db.flush()
        mark_team_members(db, [t.id for t in moving])
    return bool(moving)


def delete_group(db: Session, principal: Principal, group_id: int) -> dict:
    g = visible_group(db, principal, group_id)
    if g.is_root:
        raise Conflict("The root group cannot be deleted")
    if g.is_default:
        raise Conflict("The default group cannot be deleted: new teams and persons fall back to it")
    children = repo.count_children(db, g.id)
    if children:
        raise Conflict(f"Group {g.id} still has {children} subgroup(s); move or delete them first")
    teams = repo.teams_of(db, [g.id])
    if teams:
        raise Conflict(f"Group {g.id} still has {len(teams)} team(s); move or delete them first")
    refs = references_to(db, "org_group", g.id, frozenset({"org_person_scope_group"}))
    if refs:
        raise Conflict(f"Group {g.id} is still used by: {', '.join(refs)}")
    out = group_with_teams(db, principal, g)
    scoped = repo.drop_from_scopes(db, g.id)
    db.delete(g)
    db.flush()
    mark_persons(db, scoped)
    mark_scoped_persons(db)
    return out


def _team_as_group(db: Session, principal: Principal, group_id: int) -> Team | None:
    """The team with this id when no group has it: groups and teams share one id space, and the
    reference calls a team's id a groupId, so a group path may name a team."""
    if repo.get(db, group_id) is not None:
        return None
    from ..teams.service import visible_team

    try:
        return visible_team(db, principal, group_id)
    except NotFound:
        raise NotFound(f"Group {group_id} does not exist") from None


def group_persons(db: Session, principal: Principal, group_id: int) -> list[Person]:
    """The persons of the group's own teams (or of the team with that id) that the caller may see."""
    team = _team_as_group(db, principal, group_id)
    if team is not None:
        team_ids = [team.id]
    else:
        g = visible_group(db, principal, group_id)
        team_ids = [t.id for t in repo.teams_of(db, [g.id])]
    return repo.persons_in_teams(db, team_ids, scope.visible_person_filter(db, principal))


def move_person_to_group(db: Session, principal: Principal, group_id: int, person_id: int,
                         team_id: int | None = None) -> list[Person]:
    """Put the person in a team of the group (the one named, else their current one if it is in the
    group, else the group's default team, else its first team); answer the group's persons."""
    from ..persons.service import visible_person

    team = _team_as_group(db, principal, group_id)
    if team is not None:
        person = visible_person(db, principal, person_id, field="personId")
        if team_id and team_id != team.id:
            raise BadRequest(f"Team {team_id} is not team {team.id}",
                             errors=[{"field": "teamId", "reason": "not the team in the path"}])
        _move_person(db, person, team)
        return group_persons(db, principal, team.id)
    g = visible_group(db, principal, group_id)
    person = visible_person(db, principal, person_id, field="personId")
    teams = repo.teams_of(db, [g.id])
    visible = scope.visible_team_ids(db, principal)
    teams = [t for t in teams if visible is None or t.id in visible]
    if team_id:
        target = next((t for t in teams if t.id == team_id), None)
        if target is None:
            raise BadRequest(f"Team {team_id} is not a team of group {g.id}",
                             errors=[{"field": "teamId", "reason": "not in this group"}])
    elif any(t.id == person.team_id for t in teams):
        target = next(t for t in teams if t.id == person.team_id)
    else:
        if not teams:
            raise Conflict(f"Group {g.id} has no team to put the person in; create a team first")
        target = next((t for t in teams if t.is_default), teams[0])
    _move_person(db, person, target)
    return group_persons(db, principal, g.id)


def _move_person(db: Session, person: Person, target: Team) -> None:
    if person.team_id != target.id:
        person.team_id = target.id
        db.flush()
        db.expire(person, ["team"])
        mark_persons(db, [person.id])
