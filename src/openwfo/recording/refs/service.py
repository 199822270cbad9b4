"""The contact `$ref` targets: the agent, team, group and workflows, each only within the caller's scope."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...org.scope import group_in_scope, person_in_scope, team_in_scope
from . import repository

API = "/api/rest/recording"


def _link(kind: str, row) -> dict | None:
    return {"$ref": f"{API}/{kind}/{row.id}", "id": row.id, "name": row.name} if row is not None else None


def person_ref(db: Session, principal: Principal, person_id: int) -> dict:
    row = repository.person_with_team(db, person_id)
    if row is None or not person_in_scope(db, principal, person_id):
        raise NotFound(f"Person {person_id} does not exist")
    return {"$ref": f"{API}/person/{row.id}", "id": row.id, "firstName": row.first_name, "lastName": row.last_name,
            "username": row.email, "displayId": row.display_id, "acdId": row.acd_id,
            "team": {"$ref": f"{API}/team/{row.team_id}", "id": row.team_id, "name": row.team_name}}


def team_ref(db: Session, principal: Principal, team_id: int) -> dict:
    team = repository.team(db, team_id)
    if team is None or not team_in_scope(db, principal, team_id):
        raise NotFound(f"Team {team_id} does not exist")
    return {"$ref": f"{API}/team/{team.id}", "id": team.id, "name": team.name, "displayId": None,
            "group": _link("group", repository.group(db, team.group_id))}


def group_ref(db: Session, principal: Principal, group_id: int) -> dict:
    group = repository.group(db, group_id)
    if group is None or not group_in_scope(db, principal, group_id):
        raise NotFound(f"Group {group_id} does not exist")
    return {"$ref": f"{API}/group/{group.id}", "id": group.id, "name": group.name,
            "parent": _link("group", repository.group(db, group.parent_id))}


def workflow_ref(db: Session, workflow_id: int) -> dict:
    wf = repository.workflow(db, workflow_id)
    if wf is None:
        raise NotFound(f"Workflow {workflow_id} does not exist")
    return {"$ref": f"{API}/workflow/{wf.id}", "id": wf.id, "name": wf.name, "type": wf.kind,
            "isDefault": wf.is_default, "retentionDays": wf.retention_days}
