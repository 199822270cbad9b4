"""Contact reads and metadata writes: the search (streamed, counted or sliced), one contact, its
metadata, events and media, and the basic search. Queries are in `repository.py`."""

from __future__ import annotations

from fastapi.responses import Response
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.clock import now_ms
from ...kit.responses import JSON
from ...kit.violations import Violations
from ...models import ContactMedia
from ..imports.parsing import MAX_NAME, MAX_VALUE
from ..imports.service import set_metadata
from . import repository
from .access import contact_scope_filter, get_visible_contact
from .search import SearchParams, conditions, parse_flag
from .stream import content_range, parse_items_range, streamed
from .wire import API, Shape, event_json, metadata_value, parse_shape, person_ref, render_contacts


def search(db: Session, principal: Principal, params: SearchParams, shape: Shape) -> list[dict]:
    """One page of the search as wire dicts (the HTTP answer streams the same rows: `search_answer`)."""
    where = conditions(db, principal, params)
    return render_contacts(db, repository.rows(db, where, params.offset, params.limit), shape)


def search_answer(database, db: Session, principal: Principal, params: SearchParams, expand: list[str],
                  exclude: list[str], range_header: str | None, search_stats: str | None) -> Response:
    """The HTTP answer of a search: `{"count": N}` with searchStats, the `Range: items=A-B` slice with
    its Content-Range, or the streamed array of `limit` contacts from `offset`. Every invalid
    parameter (the header and expand/exclude included) is named in one 400."""
    v = Violations("contact search")
    stats = parse_flag(search_stats, "searchStats", v)
    shape = parse_shape(expand, exclude, v)
    items = parse_items_range(range_header, v)
    where = conditions(db, principal, params, v=v)
    if stats:
        return JSON({"count": repository.count(db, where)})
    if items is not None:
        total = repository.count(db, where)
        size = 0 if items.first >= total else (total if items.last is None else items.last + 1) - items.first
        return streamed(database, principal.tenant_id, where, items.first, size, shape,
                        headers={"Content-Range": content_range(items, total)})
    return streamed(database, principal.tenant_id, where, params.offset, params.limit, shape)


def _visible_row(db: Session, principal: Principal, contact_id: int) -> tuple:
    found = repository.row(db, contact_id, contact_scope_filter(db, principal))
    if found is None:
        raise NotFound(f"Contact {contact_id} does not exist")
    return found


def read_contact(db: Session, principal: Principal, contact_id: int, expand: list[str], exclude: list[str]) -> dict:
    v = Violations("contact read")
    shape = parse_shape(expand, exclude, v)
    v.raise_if_any()
    return render_contacts(db, [_visible_row(db, principal, contact_id)], shape)[0]


def _metadata_values(db: Session, principal: Principal, contact_id: int) -> dict[str, str]:
    contact = get_visible_contact(db, principal, contact_id)
    return repository.metadata_values(db, contact.id)


def read_metadata(db: Session, principal: Principal, contact_id: int) -> dict[str, dict]:
    """The contact's metadata as the deployed service shows it: {name: {"key": name, "value": v}}."""
    return {k: metadata_value(k, v) for k, v in _metadata_values(db, principal, contact_id).items()}


def _unwrap(value):
    """A value sent as {"key": .., "value": ..} (the shape GET answers) or bare."""
    if isinstance(value, dict) and "value" in value and set(value) <= {"key", "value"}:
        return value["value"]
    return value


def _check_values(values: dict) -> dict[str, str]:
    out = {}
    v = Violations("metadata")
    for key, value in values.items():
        value = _unwrap(value)
        if not isinstance(key, str) or not key.strip() or len(key) > MAX_NAME:
            v.add(str(key)[:60], f"is not a field name: a field name has 1 to {MAX_NAME} characters")
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool):
            v.add(key, "must be a string")
        elif len(str(value)) > MAX_VALUE:
            v.add(key, f"has more than {MAX_VALUE} characters")
        else:
            out[key.strip()] = str(value)
    v.raise_if_any()
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
        v = Violations("metadata")
        v.add(key, f'is required: send {{"{key}": value}} or {{"key": "{key}", "value": value}}')
        v.raise_if_any()
    clean = _check_values({key: value})
    contact = get_visible_contact(db, principal, contact_id)
    set_metadata(db, contact.tenant_id, contact.id, clean, now_ms())
    contact.updated_ms = now_ms()
    db.flush()
    return metadata_value(key, clean[key])


def delete_metadata_key(db: Session, principal: Principal, contact_id: int, key: str) -> None:
    read_metadata_key(db, principal, contact_id, key)
    repository.delete_metadata_value(db, contact_id, key)


def list_events(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = get_visible_contact(db, principal, contact_id)
    return [event_json(e) for e in repository.events_of(db, [contact.id])]


def list_media(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = get_visible_contact(db, principal, contact_id)
    return [{"id": m.id, "type": m.kind, "format": m.format, "contentType": m.content_type, "startTime": m.start_ms,
             "offset": m.offset_ms, "duration": m.duration_ms, "sizeBytes": m.size_bytes,
             "url": f"{API}/contact/{contact.id}/recording?media={m.id}"} for m in repository.media_of(db, contact.id)]


def media_for_playback(db: Session, principal: Principal, contact_id: int, which: str | None) -> ContactMedia:
    """The recording to play: the audio (or combined) one unless `media` asks for screen or an id."""
    contact = get_visible_contact(db, principal, contact_id)
    media = repository.media_of(db, contact.id)
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
        v = Violations("playback")
        v.add("media", "must be audio, screen or a media id")
        v.raise_if_any()
    if pick is None:
        raise NotFound(f"Contact {contact_id} has no {which} recording")
    return pick


def basic_search(db: Session, principal: Principal, ani: str | None, dnis: str | None, first_name: str | None,
                 last_name: str | None, username: str | None, base_url: str) -> dict:
    """The most recent contact matching every given value (it may still be in progress)."""
    found = repository.latest_matching(db, contact_scope_filter(db, principal), ani, dnis, first_name, last_name,
                                       username)
    if found is None:
        raise NotFound("No contact matches the search")
    agent = None
    if found.person_id:
        people = repository.people(db, [found.person_id])
        if people:
            ref = person_ref(people[0])
            agent = {k: ref[k] for k in ("$ref", "displayId", "lastName", "firstName", "username")}
    return {"id": found.id, "assocCallId": found.assoc_call_id, "callDuration": found.duration_ms,
            "recordingUrl": f"{base_url.rstrip('/')}{API}/contact/{found.id}/recording",
            "isComplete": found.is_complete, "startTime": found.start_ms, "agent": agent}
