"""Wire shapes of the Group, Common Group, Group by ID (with Teams), Group-Person and Group (with Scope) APIs."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from ...kit.schemas import WireModel
from ..wire import GroupRef, Id, Ms, OrgInput, RefItem

_PARENT = Field(None, validation_alias=AliasChoices("parentGroupId", "ParentGroupId", "parent_group_id"))


class GroupSummary(WireModel):
    """A group in a list; groupId (its own id: teams and groups share one id space) and
    parentGroupId as Calabrio ONE writes them."""

    id: int
    name: str
    group_id: int
    parent_group_id: int | None


class GroupRead(WireModel):
    id: int
    name: str
    activated: int | None
    deactivated: int
    parent_group_id: int | None


class GroupTeam(WireModel):
    id: int
    name: str
    group_id: int
    parent_group_id: int


class GroupWithTeamsRead(GroupRead):
    teams: list[GroupTeam]


class GroupCreate(OrgInput):
    """A new group (or, with a non-zero id, an update of that group as in the bulk import)."""

    id: Id | None = None
    name: str = Field(max_length=200)
    activated: Ms | None = None
    deactivated: Ms | None = None
    parent_group_id: GroupRef | None = _PARENT


class GroupUpdate(OrgInput):
    """Changes to a group: fields left out keep their value."""

    id: Id | None = None
    name: str | None = Field(None, max_length=200)
    activated: Ms | None = None
    deactivated: Ms | None = None
    parent_group_id: GroupRef | None = _PARENT


class CommonGroupCreate(GroupCreate):
    teams: list[RefItem] | None = Field(None, max_length=10000)


class CommonGroupUpdate(GroupUpdate):
    teams: list[RefItem] | None = Field(None, max_length=10000)


class ScopedGroupCreate(OrgInput):
    name: str = Field(max_length=200)
    parent_group_id: GroupRef | None = _PARENT


class GroupPersonRead(WireModel):
    person_id: int
    first_name: str
    last_name: str


class GroupPersonMove(OrgInput):
    person_id: Id
    team_id: Id | None = None
