"""Person API, Person by ID API, Assign Roles to a Person, Person's Time Zone API."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import PathId
from . import service
from .schemas import PersonRead, PersonRolesRead, PersonRolesWrite, PersonWrite, TimeZoneRead

router = APIRouter(tags=["org"])


def _roles(person) -> dict:
    return {"person_id": person.id,
            "roles": [{"id": r.id, "name": r.name} for r in sorted(person.roles, key=lambda r: r.id)]}


@router.post("/api/rest/org/common/person", response_model=PersonRead, summary="Create a person")
def create_person(body: PersonWrite, principal: Requires("UpdateOrg"), db: DbSession):
    """Create a person; role, team, view, time zone and locale default as the reference describes."""
    return service.person_read(db, service.create_person(db, principal, body))


@router.get("/api/rest/org/common/person/{person_id}", response_model=PersonRead, summary="Read a person")
def read_person(person_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """Everything about one person, agent details included."""
    return service.person_read(db, service.visible_person(db, principal, person_id))


@router.put("/api/rest/org/common/person/{person_id}", response_model=PersonRead, summary="Update a person")
def update_person(person_id: PathId, body: PersonWrite, principal: Requires("UpdateOrg"), db: DbSession):
    """Change the fields given (the rest is kept); `deactivated` set to a past time deactivates."""
    return service.person_read(db, service.update_person(db, principal, person_id, body))


@router.delete("/api/rest/org/common/person/{person_id}", response_model=PersonRead, summary="Delete a person")
def delete_person(person_id: PathId, principal: Requires("UpdateOrg"), db: DbSession):
    """Delete a person who owns no data (409 otherwise: deactivate them); answers what was deleted."""
    return service.delete_person(db, principal, person_id)


@router.get("/api/rest/org/common/person/{person_id}/roles", response_model=PersonRolesRead,
            summary="Read a person's roles", tags=["org", "extension"])
def read_person_roles(person_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """The roles the person holds."""
    return _roles(service.visible_person(db, principal, person_id))


@router.put("/api/rest/org/common/person/{person_id}/roles", response_model=PersonRolesRead,
            summary="Assign roles to a person")
def assign_person_roles(person_id: PathId, body: PersonRolesWrite, principal: Requires("UpdateOrg"),
                        db: DbSession):
    """Replace the person's roles with {"roles": [roleId, ...]} (ids, names or {id, name})."""
    return _roles(service.set_roles(db, principal, person_id, body.roles))


@router.get("/api/rest/org/person/{person_id}/timezone", response_model=TimeZoneRead,
            summary="Read a person's time zone")
def read_person_time_zone(person_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """The person's configured time zone: catalogue id and IANA name."""
    return service.person_time_zone(db, principal, person_id)
