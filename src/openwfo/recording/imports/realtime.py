"""Real-time contact import: metadata first (the call may still be in progress), media later."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from ...errors import BadRequest, Conflict
from ...models import ContactEvent, ContactMedia
from ..contacts.access import get_visible_contact
from ..deps import UnsupportedMediaType
from ..media.probe import MediaError, probe
from . import repository as repo
from .parsing import ContactSpec, parse_json_contact
from .service import ImportContext, PlannedMedia, import_contacts, refresh_contact, set_metadata, store_media
from .timezones import resolve_zone

UPLOAD_AUDIO = "/api/rest/recording/media/upload/audio"
UPLOAD_VIDEO = "/api/rest/recording/media/upload/video"

# Content-Type of an upload -> the declared media type, per endpoint.
AUDIO_TYPES = {"audio/wav": "wav", "audio/x-wav": "wav", "audio/wave": "wav", "audio/vnd.wave": "wav",
               "audio/webm": "webma", "video/webm": "webm", "audio/ogg": "spx", "audio/speex": "spx",
               "audio/x-speex": "spx", "video/x-ms-wmv": "wmv", "video/x-ms-asf": "wmv"}
VIDEO_TYPES = {"video/webm": "webm", "video/x-ms-wmv": "wmv", "video/x-ms-asf": "wmv"}


def _urls(contact_id: int) -> dict:
    return {"audioUploadUrl": f"{UPLOAD_AUDIO}?contactId={contact_id}",
            "videoUploadUrl": f"{UPLOAD_VIDEO}?contactId={contact_id}"}


def import_metadata(db: Session, ctx: ImportContext, body) -> dict:
    """Create a contact from one JSON object, or update (and complete) the one it names by Id."""
    spec = parse_json_contact(body, "request")
    if spec.contact_id is not None:
        return _update(db, ctx, spec)
    expected = [m.name for m in spec.media]
    spec.media = []  # their files come later through the upload endpoints
    report = import_contacts(db, ctx, [spec], {})
    result = report["contacts"][0]
    if result["status"] == "FAILED":
        raise BadRequest(result.get("reason") or "The contact cannot be imported",
                         errors=[{"field": "contact", "reason": result.get("reason") or "invalid"}])
    out = {"id": result["contactId"], "contactId": result["contactId"], "status": result["status"],
           "recorded": result["recorded"], "isComplete": not bool(spec.in_progress), **_urls(result["contactId"]),
           "expectedRecordings": expected}
    if result.get("reason"):
        out["reason"] = result["reason"]
    return out


def _update(db: Session, ctx: ImportContext, spec: ContactSpec) -> dict:
    if spec.errors:
        raise BadRequest("; ".join(spec.errors))
    contact = get_visible_contact(db, ctx.principal, spec.contact_id)
    for name in ("ani", "dnis", "line", "call_id", "icm_call_id", "assoc_call_id", "direction", "quality_reason_id"):
        value = getattr(spec, name)
        if value is not None:
            setattr(contact, name, value)
    if spec.tz:
        tz = resolve_zone(spec.tz)
        if tz is None:
            raise BadRequest(f"unknown time zone {spec.tz!r}", errors=[{"field": "ClientTimeZone", "reason": "unknown"}])
        contact.tz = tz
    if spec.start_ms is not None:
        contact.start_ms = spec.start_ms
    if spec.contact_type:
        contact.contact_type = spec.contact_type
    completing = not contact.is_complete and not spec.in_progress
    if spec.in_progress is not None or completing:
        contact.is_complete = not spec.in_progress
    if spec.duration_ms is not None:
        contact.duration_ms = spec.duration_ms
    elif completing:
        contact.duration_ms = max(0, ctx.now - contact.start_ms)
    if spec.metadata:
        set_metadata(db, ctx.tenant_id, contact.id, spec.metadata, ctx.now)
    for kind, start, duration in spec.events:
        db.add(ContactEvent(contact_id=contact.id, kind=kind, start_offset_ms=start, duration_ms=duration))
    contact.updated_ms = ctx.now
    db.flush()
    refresh_contact(db, contact)
    if completing:
        from ..controls.service import on_contact_completed  # a pause still open ends with the call

        on_contact_completed(db, contact)
    return {"id": contact.id, "contactId": contact.id, "status": "UPDATED", "recorded": contact.exclusion_reason is None,
            "isComplete": contact.is_complete, **_urls(contact.id)}


def attach_media(db: Session, ctx: ImportContext, contact_id: int, endpoint: str, content_type: str, path: Path,
                 start_ms: int | None, name: str | None) -> dict:
    """Store an uploaded recording on a contact: the Content-Type declares its type, and the bytes
    must agree. A contact keeps one audio and one screen recording."""
    contact = get_visible_contact(db, ctx.principal, contact_id)
    ctype = (content_type or "").split(";")[0].strip().lower()
    table = AUDIO_TYPES if endpoint == "audio" else VIDEO_TYPES
    fmt = table.get(ctype)
    if fmt is None:
        raise UnsupportedMediaType(f"Content-Type {ctype or '(none)'} is not a supported {endpoint} type "
                                   f"({', '.join(sorted(table))})")
    try:
        info = probe(path, fmt)
    except MediaError as exc:
        raise BadRequest(f"The upload is not valid {fmt.upper()} media: {exc}") from None
    if endpoint == "audio" and not info.has_audio:
        raise BadRequest("An audio upload must hold audio")
    if endpoint == "video" and not info.has_video:
        raise BadRequest("A video upload must hold video")
    if contact.exclusion_reason:
        return {"contactId": contact.id, "status": "EXCLUDED", "reason": contact.exclusion_reason}
    existing = repo.media_kinds_of(db, contact.id)
    has_audio = any(k in ("audio", "combined") for k in existing)
    has_screen = any(k in ("screen", "combined") for k in existing)
    if endpoint == "audio":
        kind = "combined" if info.has_video and not has_screen else "audio"
    else:
        kind = "combined" if info.has_audio and not has_audio else "screen"
    if (kind in ("audio", "combined") and has_audio) or (kind in ("screen", "combined") and has_screen):
        raise Conflict(f"Contact {contact.id} already has its {'audio' if endpoint == 'audio' else 'screen'} recording")
    offset = (start_ms - contact.start_ms) if start_ms is not None else 0
    planned = PlannedMedia(ref=_Ref(name or f"upload.{fmt}"), path=path, info=info, kind=kind, offset_ms=offset,
                           start_ms=contact.start_ms + offset)
    stored: list[str] = []
    try:
        rows, found = store_media(db, ctx, contact.id, [planned], stored)
        media = ContactMedia(**rows[0])
        db.add(media)
        for k, s, d in found:
            db.add(ContactEvent(contact_id=contact.id, kind=k, start_offset_ms=s, duration_ms=d))
        db.flush()
    except BaseException:
        for key in stored:
            ctx.storage.delete(key)
        raise
    refresh_contact(db, contact)
    contact.updated_ms = ctx.now
    db.flush()
    return {"contactId": contact.id, "mediaId": media.id, "status": "SUCCESS", "type": kind, "format": fmt,
            "offsetMs": offset, "durationMs": info.duration_ms, "sizeBytes": media.size_bytes}


class _Ref:
    def __init__(self, name: str):
        self.name = name
        self.role = "upload"
