"""Single Contact Export API: encode a contact to WEBM / WEBM_VP8 / WEBM_VP9 / WAV / OPUS, then download it."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from ...auth.deps import DbSession, Requires
from ...kit.wire import PathId
from ..contacts.playback import stream_object
from ..deps import get_storage
from . import service
from .transcode import FORMATS

router = APIRouter(tags=["recording"])
ExportRecordings = Requires("Export Recordings")
PATH = "/api/rest/recording/media/export/contact/{contact_id}"
_TYPE = "WEBM (default), WEBM_VP8, WEBM_VP9, WAV or OPUS"


class ExportStarted(BaseModel):
    encoding: str


@router.post(PATH, response_model=ExportStarted, summary="Start encoding a contact for download")
def start_contact_export(contact_id: PathId, request: Request, principal: ExportRecordings, db: DbSession,
                         type: str | None = Query(None, max_length=12, description=_TYPE)):
    """Starts the encoding in the background and answers {"encoding": "true"}."""
    storage = get_storage(request)  # also binds the store's media storage for the background job
    return service.start_export(db, principal, contact_id, service.check_type(type), storage)


@router.get(PATH, summary="Download an encoded contact", response_class=Response,
            responses={200: {"content": {"video/webm": {}, "audio/wav": {}, "audio/ogg": {}}},
                       404: {"description": "not encoded yet, expired, or no such contact"}})
def download_contact_export(contact_id: PathId, request: Request, principal: ExportRecordings, db: DbSession,
                            type: str | None = Query(None, max_length=12, description=_TYPE)):
    """The encoded file once ready; before that the reference's {errorMessage, requestId}."""
    kind = service.check_type(type)
    row = service.ready_export(db, principal, contact_id, kind)
    return stream_object(get_storage(request), row.storage_key, FORMATS[kind][4], request.headers.get("range"),
                         filename=service.file_name(contact_id, kind))
