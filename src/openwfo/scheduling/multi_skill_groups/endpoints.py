"""Multi-skill groups (extension): what a queue's multiSkillGroups and an agent's multiSkillGroupId refer to."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import MultiSkillGroupCreate, MultiSkillGroupRead, MultiSkillGroupUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/multiSkillGroup"
Reader = Requires("Administer WFM", "Plan Schedules", "Edit Schedules")
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[MultiSkillGroupRead], summary="List multi-skill groups")
def list_multi_skill_groups(principal: Reader, db: DbSession):
    """Every multi-skill group with the queues and agents the caller sees."""
    return service.list_groups(db, principal)


@router.post(PATH, response_model=MultiSkillGroupRead, summary="Create a multi-skill group")
def create_multi_skill_group(body: MultiSkillGroupCreate, principal: Admin, db: DbSession):
    """Create a multi-skill group with its queues (priority 0..999) and agents."""
    return service.create_group(db, principal, body)


@router.get(PATH + "/{group_id}", response_model=MultiSkillGroupRead, summary="Read a multi-skill group")
def read_multi_skill_group(group_id: IdPath, principal: Reader, db: DbSession):
    """One multi-skill group."""
    return service.to_read(db, principal, service.get_group(db, group_id))


@router.put(PATH + "/{group_id}", response_model=MultiSkillGroupRead, summary="Update a multi-skill group")
def update_multi_skill_group(group_id: IdPath, body: MultiSkillGroupUpdate, principal: Admin, db: DbSession):
    """Rename a group; services and agents are replaced when present."""
    return service.update_group(db, principal, group_id, body)


@router.delete(PATH + "/{group_id}", summary="Delete a multi-skill group")
def delete_multi_skill_group(group_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a multi-skill group (its queue and agent links go with it)."""
    service.delete_group(db, group_id)
