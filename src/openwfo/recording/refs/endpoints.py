"""The resources a contact's `$ref`s point to: its agent, team, group and workflows."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from ...auth.deps import DbSession, Requires
from ...kit.wire import IdPath
from . import service

router = APIRouter(tags=["recording"])
SearchContacts = Requires("Search Contacts")
API = service.API


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
def read_recording_person(person_id: IdPath, principal: SearchContacts, db: DbSession):
    """The person a contact's agent/evaluator $ref names (in the caller's scope)."""
    return service.person_ref(db, principal, person_id)


@router.get(API + "/team/{team_id}", response_model=TeamRefRead, summary="A contact's team")
def read_recording_team(team_id: IdPath, principal: SearchContacts, db: DbSession):
    """The team a contact's team $ref names (in the caller's scope)."""
    return service.team_ref(db, principal, team_id)


@router.get(API + "/group/{group_id}", response_model=GroupRefRead, summary="A contact's group")
def read_recording_group(group_id: IdPath, principal: SearchContacts, db: DbSession):
    """The group a contact's group $ref names (in the caller's scope)."""
    return service.group_ref(db, principal, group_id)


@router.get(API + "/workflow/{workflow_id}", response_model=WorkflowRead, summary="A contact's QM workflow")
def read_recording_workflow(workflow_id: IdPath, principal: SearchContacts, db: DbSession):
    """The quality or archive workflow a contact's qualityWF/archiveWF $ref names."""
    return service.workflow_ref(db, workflow_id)
