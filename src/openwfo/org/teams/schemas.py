"""Wire shapes of the Team API, Teams by ID (with Agents) and Team (with Scope)."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from ...kit.schemas import WireModel
from ..wire import GroupRef, Id, Ms, OrgInput, RefItem

_PARENT = Field(None, validation_alias=AliasChoices("parentGroupId", "ParentGroupId", "groupId", "parent_group_id"))
# A team read and written whole carries both groupId and parentGroupId (the same group): read apart,
# so that the one a client changed wins (see service.wanted_group).
_PARENT_ONLY = Field(None, validation_alias=AliasChoices("parentGroupId", "ParentGroupId", "parent_group_id"))
_GROUP = Field(None, validation_alias=AliasChoices("groupId", "group_id"))


class TeamSummary(WireModel):
    """A team in a list: groupId and parentGroupId both name the group it belongs to."""

    id: int
    name: str
    group_id: int
    parent_group_id: int


class TeamRead(WireModel):
    id: int
    name: str
    group_id: int
    parent_group_id: int
    activated: int | None
    deactivated: int
    productivity_compilation: bool
    users: list[int]


class TeamAgentRead(WireModel):
    person_id: int
    tenant_id: int
    acd_id: str | None
    first_name: str
    last_name: str
    email: str
    display_id: str | None
    group_id: int
    activated: int | None
    deactivated: int
    is_synchronized: bool
    time_zone: int | str | None
    ad_login: str | None


class TeamCreate(OrgInput):
    id: Id | None = None
    name: str = Field(max_length=200)
    parent_group_id: GroupRef | None = _PARENT_ONLY
    group_id: GroupRef | None = _GROUP
    users: list[RefItem] | None = Field(None, max_length=10000)
    activated: Ms | None = None
    deactivated: Ms | None = None
    productivity_compilation: bool | None = None


class TeamUpdate(OrgInput):
    """Changes to a team: fields left out keep their value; users listed are moved into the team."""

    id: Id | None = None
    name: str | None = Field(None, max_length=200)
    parent_group_id: GroupRef | None = _PARENT_ONLY
    group_id: GroupRef | None = _GROUP
    users: list[RefItem] | None = Field(None, max_length=10000)
    activated: Ms | None = None
    deactivated: Ms | None = None
    productivity_compilation: bool | None = None


class ScopedTeamCreate(OrgInput):
    name: str = Field(max_length=200)
    parent_group_id: GroupRef | None = _PARENT
