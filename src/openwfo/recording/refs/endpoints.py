"""The resources a contact's `$ref`s point to: its agent, team, group and workflows."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ...auth.deps import DbSession, Requires
from ...errors import NotFound
from ...models import Group, Person, RecordingWorkflow, Team
from ...org.scope import group_in_scope, person_in_scope, team_in_scope

router = APIRouter(tags=["recording"])
SearchContacts = Requires("Search Contacts")
API = "/api/rest/recording"


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class LinkRead(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str | None = None


class PersonRefRead(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    firstName: str  # noqa: N815 - the reference's names
    lastName: str  # noqa: N815
    username: str
    displayId: str | None = None  # noqa: N815
    acdId: str | None = None  # noqa: N815
    team: LinkRead | None = None


class TeamRefRead(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str
    displayId: str | None = None  # noqa: N815
    group: LinkRead | None = None


class GroupRefRead(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str
    parent: LinkRead | None = None


class WorkflowRead(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str
    type: str
    isDefault: bool  # noqa: N815
    retentionDays: int | None = None  # noqa: N815


@router.get(API + "/person/{person_id}", response_model=PersonRefRead, summary="A contact's agent or evaluator")
def read_recording_person(person_id: int, principal: SearchContacts, db: DbSession):
    """The person a contact's agent/evaluator $ref names (in the caller's scope)."""
    row = db.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.display_id,
                            Person.acd_id, Person.team_id, Team.name.label("team_name"))
                     .join(Team, Team.id == Person.team_id).where(Person.id == person_id)).first()
    if row is None or not person_in_scope(db, principal, person_id):
        raise NotFound(f"Person {person_id} does not exist")
    return {"$ref": f"{API}/person/{row.id}", "id": row.id, "firstName": row.first_name, "lastName": row.last_name,
            "username": row.email, "displayId": row.display_id, "acdId": row.acd_id,
            "team": {"$ref": f"{API}/team/{row.team_id}", "id": row.team_id, "name": row.team_name}}


@router.get(API + "/team/{team_id}", response_model=TeamRefRead, summary="A contact's team")
def read_recording_team(team_id: int, principal: SearchContacts, db: DbSession):
    """The team a contact's team $ref names (in the caller's scope)."""
    team = db.get(Team, team_id)
    if team is None or not team_in_scope(db, principal, team_id):
        raise NotFound(f"Team {team_id} does not exist")
    group = db.get(Group, team.group_id)
    return {"$ref": f"{API}/team/{team.id}", "id": team.id, "name": team.name, "displayId": None,
            "group": {"$ref": f"{API}/group/{group.id}", "id": group.id, "name": group.name} if group else None}


@router.get(API + "/group/{group_id}", response_model=GroupRefRead, summary="A contact's group")
def read_recording_group(group_id: int, principal: SearchContacts, db: DbSession):
    """The group a contact's group $ref names (in the caller's scope)."""
    group = db.get(Group, group_id)
    if group is None or not group_in_scope(db, principal, group_id):
        raise NotFound(f"Group {group_id} does not exist")
    parent = db.get(Group, group.parent_id) if group.parent_id else None
    return {"$ref": f"{API}/group/{group.id}", "id": group.id, "name": group.name,
            "parent": {"$ref": f"{API}/group/{parent.id}", "id": parent.id, "name": parent.name} if parent else None}


@router.get(API + "/workflow/{workflow_id}", response_model=WorkflowRead, summary="A contact's QM workflow")
def read_recording_workflow(workflow_id: int, principal: SearchContacts, db: DbSession):
    """The quality or archive workflow a contact's qualityWF/archiveWF $ref names."""
    wf = db.get(RecordingWorkflow, workflow_id)
    if wf is None:
        raise NotFound(f"Workflow {workflow_id} does not exist")
    return {"$ref": f"{API}/workflow/{wf.id}", "id": wf.id, "name": wf.name, "type": wf.kind,
            "isDefault": wf.is_default, "retentionDays": wf.retention_days}
