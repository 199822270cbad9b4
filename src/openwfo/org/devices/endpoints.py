"""Device association import (POST /api/rest/fileimport/devices) and a person's devices (extensions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest
from ...imports.fileimport.schemas import FileImportResult
from ...imports.parts import UPLOAD_BODY, Part, file_part, read_parts
from ...imports.service import ImportFailed
from ...kit.schemas import WireModel
from ..persons.service import visible_person
from ..wire import PathId
from . import service

router = APIRouter(tags=["org", "extension"])


class DeviceRead(WireModel):
    id: int
    device_name: str
    device_type: str | None
    extensions: list[str]
    virtual_device_id: str | None
    virtual_device_name: str | None
    telephony_group: str | None
    monitor_server: str | None
    recording_cluster: str | None
    recording_type: str | None
    person_id: int


@router.post("/api/rest/fileimport/devices", response_model=FileImportResult,
             summary="Import device associations from CSV", openapi_extra={"requestBody": UPLOAD_BODY})
def import_devices(principal: Requires("Bulk Import"), db: DbSession,
                   parts: Annotated[list[Part], Depends(read_parts)]) -> FileImportResult:
    """Associate phones and their extensions with persons (multipart field `file`; header DeviceName,
    DeviceType,Extensions,VirtualDeviceId,VirtualDeviceName,TelephonyGroup,DisplayID,Username,DomainName,
    LastName,FirstName,MonitorServer,RecordingCluster,RecordingType). All rows or none."""
    part = file_part(parts)
    if part is None:
        raise BadRequest("Error in file import, line 1! Send the CSV file as the multipart field 'file'")
    try:
        service.import_devices(db, principal, part.data)
    except ImportFailed as failed:
        raise service.import_failure(failed) from None
    return FileImportResult(status="SUCCESS", response_text="The file was successfully imported")


@router.get("/api/rest/org/person/{person_id}/devices", response_model=list[DeviceRead],
            summary="A person's devices and extensions")
def person_devices(person_id: PathId, principal: Requires("ViewOrg"), db: DbSession):
    """The devices associated with the person (by the device association import)."""
    person = visible_person(db, principal, person_id)
    return [service.device_read(d) for d in service.devices_of(db, person.id)]
