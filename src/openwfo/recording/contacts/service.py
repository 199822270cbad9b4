"""Contact reads: search, one contact, its metadata, events and media, and the basic search."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...kit.clock import now_ms
from ...models import Contact, ContactEvent, ContactMedia, ContactMetadata, MetadataField, Person
from ..imports.parsing import MAX_NAME, MAX_VALUE
from ..imports.service import set_metadata
from .access import contact_scope_filter, get_visible_contact
from .search import SearchParams, search_contacts
from .wire import API, Shape, event_json, metadata_value, person_ref, render_contacts


def search(db: Session, principal: Principal, params: SearchParams, shape: Shape) -> list[dict]:
    """One page of the search as wire dicts (the HTTP answer streams the same rows: stream.py)."""
    return render_contacts(db, search_contacts(db, principal, params), shape)


def read_contact(db: Session, principal: Principal, contact_id: int, shape: Shape) -> dict:
    return render_contacts(db, [get_visible_contact(db, principal, contact_id)], shape)[0]


def _metadata_values(db: Session, principal: Principal, contact_id: int) -> dict[str, str]:
    contact = get_visible_contact(db, principal, contact_id)
    rows = db.execute(select(MetadataField.name, ContactMetadata.value)
                      .join(MetadataField, MetadataField.id == ContactMetadata.field_id)
                      .where(ContactMetadata.contact_id == contact.id).order_by(MetadataField.name))
    return {r.name: r.value for r in rows}


def read_metadata(db: Session, principal: Principal, contact_id: int) -> dict[str, dict]:
    """The contact's metadata as the deployed service shows it: {name: {"key": name, "value": v}}."""
    return {k: metadata_value(k, v) for k, v in _metadata_values(db, principal, contact_id).items()}


def _unwrap(value):
    """A value sent as {"key": .., "value": ..} (the shape GET answers) or bare."""
    if isinstance(value, dict) and "value" in value and set(value) <= {"key", "value"}:
        return value["value"]
    return value


def _check_values(values: dict) -> dict[str, str]:
    out, errors = {}, []
    for key, value in values.items():
        value = _unwrap(value)
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_NAME:
            errors.append({"field": str(key)[:60], "reason": f"a field name has 1 to {MAX_NAME} characters"})
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            errors.append({"field": key, "reason": "the value must be a string"})
        elif len(str(value)) > MAX_VALUE:
            errors.append({"field": key, "reason": f"at most {MAX_VALUE} characters"})
        else:
            out[key.strip()] = str(value)
    if errors:
        raise BadRequest(f"Invalid metadata: {errors[0]['field']}: {errors[0]['reason']}", errors=errors)
    return out


def replace_metadata(db: Session, principal: Principal, contact_id: int, values: dict) -> None:
    """Replace every value; the body is {name: value} or {name: {key, value}} (as GET answers)."""
    contact = get_visible_contact(db, principal, contact_id)
    clean = {k: v for k, v in _check_values(values).items() if v != ""}
    set_metadata(db, contact.tenant_id, contact.id, clean, now_ms(), replace=True)
    contact.updated_ms = now_ms()
    db.flush()


def read_metadata_key(db: Session, principal: Principal, contact_id: int, key: str) -> dict[str, str]:
    """One value as {"key": name, "value": v}: what the `$ref` under metadata.<name> resolves to."""
    values = _metadata_values(db, principal, contact_id)
    if key not in values:
        raise NotFound(f"Contact {contact_id} has no metadata {key!r}")
    return metadata_value(key, values[key])


def write_metadata_key(db: Session, principal: Principal, contact_id: int, key: str, body: dict) -> dict[str, str]:
    if key in body:
        value = body[key]
    elif "value" in body and set(body) <= {"key", "value"} and body.get("key", key) == key:
        value = body["value"]
    else:
        raise BadRequest(f"Send {{\"{key}\": value}}", errors=[{"field": key, "reason": "required"}])
    clean = _check_values({key: value})
    contact = get_visible_contact(db, principal, contact_id)
    set_metadata(db, contact.tenant_id, contact.id, clean, now_ms())
    contact.updated_ms = now_ms()
    db.flush()
    return metadata_value(key, clean[key])


def delete_metadata_key(db: Session, principal: Principal, contact_id: int, key: str) -> None:
    read_metadata_key(db, principal, contact_id, key)
    field_id = db.scalar(select(MetadataField.id).where(MetadataField.name == key))
    db.query(ContactMetadata).filter(ContactMetadata.contact_id == contact_id,
                                     ContactMetadata.field_id == field_id).delete(synchronize_session=False)


def list_events(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = get_visible_contact(db, principal, contact_id)
    rows = db.scalars(select(ContactEvent).where(ContactEvent.contact_id == contact.id)
                      .order_by(ContactEvent.start_offset_ms, ContactEvent.id))
    return [event_json(e) for e in rows]


def list_media(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = get_visible_contact(db, principal, contact_id)
    rows = db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact.id).order_by(ContactMedia.id))
    return [{"id": m.id, "type": m.kind, "format": m.format, "contentType": m.content_type, "startTime": m.start_ms,
             "offset": m.offset_ms, "duration": m.duration_ms, "sizeBytes": m.size_bytes,
             "url": f"{API}/contact/{contact.id}/recording?media={m.id}"} for m in rows]


def media_for_playback(db: Session, principal: Principal, contact_id: int, which: str | None) -> ContactMedia:
    """The recording to play: the audio (or combined) one unless `media` asks for screen or an id."""
    contact = get_visible_contact(db, principal, contact_id)
    media = list(db.scalars(select(ContactMedia).where(ContactMedia.contact_id == contact.id).order_by(ContactMedia.id)))
    if not media:
        raise NotFound(f"Contact {contact_id} has no recording")
    if which is None or which == "audio":
        pick = next((m for m in media if m.kind in ("combined", "audio")), None)
        if pick is None and which is None:
            pick = media[0]
    elif which == "screen":
        pick = next((m for m in media if m.kind in ("combined", "screen")), None)
    elif which.isdecimal():
        pick = next((m for m in media if m.id == int(which)), None)
    else:
        raise BadRequest("media must be audio, screen or a media id", errors=[{"field": "media", "reason": "invalid"}])
    if pick is None:
        raise NotFound(f"Contact {contact_id} has no {which} recording")
    return pick


def basic_search(db: Session, principal: Principal, ani: str | None, dnis: str | None, first_name: str | None,
                 last_name: str | None, username: str | None, base_url: str) -> dict:
    """The most recent contact matching every given value (it may still be in progress)."""
    q = select(Contact)
    scope = contact_scope_filter(db, principal)
    if scope is not None:
        q = q.where(scope)
    if ani:
        q = q.where(Contact.ani == ani)
    if dnis:
        q = q.where(or_(Contact.dnis == dnis, Contact.line == dnis))
    if first_name or last_name or username:
        people = select(Person.id)
        if first_name:
            people = people.where(func.lower(Person.first_name) == first_name.lower())
        if last_name:
            people = people.where(func.lower(Person.last_name) == last_name.lower())
        if username:
            people = people.where(func.lower(Person.email) == username.lower())
        q = q.where(Contact.person_id.in_(people))
    contact = db.scalar(q.order_by(Contact.start_ms.desc(), Contact.id.desc()).limit(1))
    if contact is None:
        raise NotFound("No contact matches the search")
    agent = None
    if contact.person_id:
        p = db.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.display_id)
                       .where(Person.id == contact.person_id)).first()
        if p is not None:
            ref = person_ref(p)
            agent = {k: ref[k] for k in ("$ref", "displayId", "lastName", "firstName", "username")}
    return {"id": contact.id, "assocCallId": contact.assoc_call_id, "callDuration": contact.duration_ms,
            "recordingUrl": f"{base_url.rstrip('/')}{API}/contact/{contact.id}/recording",
            "isComplete": contact.is_complete, "startTime": contact.start_ms, "agent": agent}
