"""Skill Mapping API (GET/POST) and Skill Mapping ID API (GET/PUT/DELETE)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import SkillMappingCreate, SkillMappingRead, SkillMappingSummaryRead, SkillMappingUpdate

router = APIRouter(tags=["scheduling"])
PATH = "/api/rest/scheduling/skillMapping"


@router.get(PATH, response_model=list[SkillMappingSummaryRead], summary="List skill mappings")
def list_skill_mappings(principal: Requires("Edit Schedules", "Administer Messaging", "Administer WFM"),
                        db: DbSession, main_view_only: bool = Query(False, alias="mainViewOnly")):
    """The skill mappings in the caller's views ({id, name}); mainViewOnly: the main view's only."""
    return service.list_skill_mappings(db, principal, main_view_only)


@router.post(PATH, response_model=SkillMappingRead, summary="Create a skill mapping")
def create_skill_mapping(body: SkillMappingCreate, principal: Requires("Administer WFM"), db: DbSession):
    """Create a skill mapping (with agents and services) and add it to all of the caller's views."""
    return service.create_skill_mapping(db, principal, body)


@router.get(PATH + "/{skill_mapping_id}", response_model=SkillMappingRead, summary="Read a skill mapping")
def read_skill_mapping(skill_mapping_id: IdPath, principal: Requires("View Schedules", "Administer WFM"),
                       db: DbSession):
    """One skill mapping with its agents and services."""
    sm = service.get_visible(db, principal, skill_mapping_id)
    return service.read_skill_mapping(db, principal, sm)


@router.put(PATH + "/{skill_mapping_id}", response_model=SkillMappingRead, summary="Update a skill mapping")
def update_skill_mapping(skill_mapping_id: IdPath, body: SkillMappingUpdate,
                         principal: Requires("Administer WFM"), db: DbSession):
    """Rename a skill mapping; agents and services are replaced when present."""
    return service.update_skill_mapping(db, principal, skill_mapping_id, body)


@router.delete(PATH + "/{skill_mapping_id}", summary="Delete a skill mapping")
def delete_skill_mapping(skill_mapping_id: IdPath, principal: Requires("Administer WFM"), db: DbSession) -> None:
    """Delete a skill mapping (its links to agents, queues and views go with it)."""
    service.delete_skill_mapping(db, principal, skill_mapping_id)
