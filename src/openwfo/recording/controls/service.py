"""Recording controls: the rules of each command.

Target person: the caller; or `personId` (a person id, `domain\\user` or an email); or acdId +
acdServerId (+ acdServerType) given in a `metadata` object of the body (or the query). The person
must be in the caller's scope: one outside it answers 404 like a person that does not exist.

The call acted on: the person's **active call** is their most recent in-progress contact (the
real-time contact import's `InProgress` contacts; screen-only recordings aside). `metadata` and
`tag` fall back to the **previous call** (the most recent completed contact) when no call is in
progress, unless `active_call_only=true`. `pause`, `resume` and `segment` act on the active call
only (pause also on a screen-only recording when no call is in progress). A command with nothing to
act on is **ignored** as the reference says: 200 with `"status": "IGNORED"` and the reason, and
nothing changes. So are pause while paused, resume while not paused, a second start_screen,
stop_screen without a screen-only recording, logout when not logged in (to that extension), and a
metadata command naming only keys that are not defined metadata fields (unknown keys are ignored
one by one).

Pauses are `pause` events of the contact (offset from its start; the duration is written on
resume, when the call ends, or when the call is segmented). Playback, the energy envelope and the
export silence every pause span (`media/redaction.py`); an open pause counts up to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import (
    Contact,
    ContactExport,
    ContactMetadata,
    Team,
)
from ...org.scope import team_in_scope
from ...storage import Storage
from ...storage.pending import delete_after_commit
from ..contacts.access import default_workflows, get_visible_contact
from ..imports.parsing import MAX_VALUE
from ..imports.realtime import UPLOAD_AUDIO, UPLOAD_VIDEO
from ..imports.service import refresh_contact
from . import repository as repo
from .schemas import ControlIn

COMMANDS = ("login", "logout", "metadata", "pause", "resume", "segment", "start_screen", "stop_screen", "tag")
_ALIASES = {"startscreen": "start_screen", "screenstart": "start_screen", "stopscreen": "stop_screen",
            "screenstop": "stop_screen"}
ACD_KEYS = {"acdid": "acdId", "acdserverid": "acdServerId", "acdservertype": "acdServerType"}
_TRUE = {"true", "1", "yes", "on", ""}
_FALSE = {"false", "0", "no", "off"}
EXTENSION_MAX = 64
APPLIED, IGNORED = "APPLIED", "IGNORED"


def command_name(text: str) -> str:
    """The canonical command (case-insensitive; start_screen also as start-screen/startscreen); 400 if unknown."""
    key = (text or "").strip().lower().replace("-", "_").replace(" ", "")
    key = _ALIASES.get(key.replace("_", ""), key)
    if key not in COMMANDS:
        raise BadRequest(f"Unknown recording control command {text!r}; one of {', '.join(COMMANDS)}",
                         errors=[{"field": "command", "reason": "unknown command"}])
    return key


def flag(value: str | bool | None, field: str, default: bool = False) -> bool:
    """A boolean given as true/false (any case), 1/0, yes/no; a bare query flag means true."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadRequest(f"{field} must be true or false", errors=[{"field": field, "reason": "true or false"}])


@dataclass
class Acd:
    acd_id: str | None = None
    server: str | None = None
    server_type: str | None = None

    def given(self) -> bool:
        return bool(self.acd_id or self.server or self.server_type)


def acd_of(body: ControlIn | None, query: Acd) -> Acd:
    """acdId / acdServerId / acdServerType from the body's metadata (an object, or entries of the
    metadata list), else from the query."""
    found: dict[str, str] = {}
    meta = body.metadata if body is not None else None
    if isinstance(meta, dict):
        pairs = list(meta.items())
    elif isinstance(meta, list):
        pairs = [(m.name, m.value) for m in meta if m.name]
    else:
        pairs = []
    for name, value in pairs:
        key = ACD_KEYS.get(str(name).strip().lower())
        if key and value is not None and str(value).strip():
            found[key] = str(value).strip()[:200]
    return Acd(found.get("acdId") or query.acd_id, found.get("acdServerId") or query.server,
               found.get("acdServerType") or query.server_type)


# ------------------------------------------------------------------ who

def _person_key(text: str) -> tuple[str, str]:
    t = text.strip()
    if t.isdecimal() and len(t) <= 18:
        return "id", t
    if "\\" in t:
        return "ad", t
    if "@" in t:
        return "email", t
    raise BadRequest(f"personId {text!r} is not a person id, a domain\\user login or an email address",
                     errors=[{"field": "personId", "reason": "person id, domain\\user or email"}])


def _norm_type(text: str) -> str:
    return re.sub(r"[^a-z]", "", (text or "").lower())


def _type_matches(stored: str, given: str) -> bool:
    s, g = _norm_type(stored), _norm_type(given)
    if not g:
        return True
    if g in ("ucce", "unifiedcce", "cisco", "ciscoucce"):
        return any(k in s for k in ("ucce", "unifiedcce", "cisco"))
    return g in s or (bool(s) and s in g)


def _person_by_acd(db: Session, acd: Acd):
    if not acd.acd_id or not acd.server:
        missing = "acdServerId" if acd.acd_id else "acdId"
        raise BadRequest(f"{missing} is required with {'acdId' if acd.acd_id else 'acdServerId'}",
                         errors=[{"field": f"metadata.{missing}", "reason": "required"}])
    servers = repo.acd_servers(db)
    match = None
    if acd.server.isdecimal():
        match = next((s for s in servers if s.id == int(acd.server)), None)
    if match is None:
        if not acd.server_type:
            raise BadRequest("acdServerType is required when acdServerId is not a stored ACD server id",
                             errors=[{"field": "metadata.acdServerType", "reason": "required"}])
        found = [s for s in servers if (s.peripheral_id or "").strip() == acd.server
                 and _type_matches(s.acd_type, acd.server_type)]
        if len(found) != 1:
            raise NotFound(f"No ACD server {acd.server} of type {acd.server_type}" if not found else
                           f"Several ACD servers have id {acd.server} of type {acd.server_type}")
        match = found[0]
    people = [p for p in repo.persons_with_acd_id(db, acd.acd_id, match.id) if not p.deactivated]
    if not people:
        raise NotFound(f"No active person has ACD id {acd.acd_id} on ACD server {acd.server}")
    if len(people) > 1:
        raise BadRequest(f"Several persons have ACD id {acd.acd_id} on ACD server {acd.server}",
                         errors=[{"field": "metadata.acdId", "reason": "ambiguous"}])
    return people[0]


@dataclass
class _Who:
    id: int
    team_id: int | None = None
    time_zone: str | None = None


def target_person(db: Session, principal: Principal, person_ref: str | None, acd: Acd):
    """The person a command applies to (id, team_id, time_zone); 404 when unknown, deactivated or
    outside the caller's scope."""
    if person_ref is not None and person_ref.strip():
        kind, key = _person_key(person_ref)
        found = [p for p in repo.person_by(db, kind, key) if not p.deactivated]
        if len(found) != 1:
            raise NotFound(f"Person {person_ref} does not exist or is outside your scope")
        person = found[0]
    elif acd.given():
        person = _person_by_acd(db, acd)
    else:  # the caller: authenticated, so an active person of the tenant; details read when needed
        return _Who(principal.person_id)
    if person.id != principal.person_id and not team_in_scope(db, principal, person.team_id):
        raise NotFound(f"Person {person_ref or acd.acd_id} does not exist or is outside your scope")
    return person


# ------------------------------------------------------------------ pauses and exports

def _invalidate_exports(db: Session, storage: Storage | None, contact_id: int, has_recording: bool = True) -> None:
    """A contact's pauses changed: its exports (encoded with the old spans) go, files after commit."""
    if not has_recording:  # only a recorded contact is ever exported
        return
    rows = repo.export_keys(db, contact_id)
    if not rows:
        return
    db.execute(delete(ContactExport).where(ContactExport.id.in_([r[0] for r in rows])),
               execution_options={"synchronize_session": False})
    if storage is not None:
        delete_after_commit(db, storage, [k for _i, k in rows if k])


def _open_pause(db: Session, storage: Storage | None, tenant_id: int, state: repo.State, contact: repo.Call,
                now: int) -> tuple[int, int]:
    """A pause event from now on the contact: (event id, offset)."""
    offset = max(0, now - contact.start_ms)
    event_id = repo.add_pause_event(db, tenant_id, contact.id, offset)
    state.paused, state.pause_contact_id, state.pause_event_id, state.paused_ms = True, contact.id, event_id, now
    repo.touch(db, tenant_id, contact.id, now)
    _invalidate_exports(db, storage, contact.id, contact.has_recording)
    return event_id, offset


def _close_pause(db: Session, storage: Storage | None, tenant_id: int, state: repo.State,
                 now: int) -> tuple[int, int, int] | None:
    """End the open pause at `now` (or at its call's end, when the call has ended before):
    (event id, offset, duration), or None when its event or contact is gone."""
    ev = repo.pause_event(db, tenant_id, state.pause_event_id)
    contact = repo.call(db, tenant_id, state.pause_contact_id)
    out = None
    if ev is not None and contact is not None and ev[1] == contact.id:
        end = now
        if contact.is_complete and contact.duration_ms:
            end = min(now, contact.start_ms + contact.duration_ms)
        duration = max(0, end - contact.start_ms - ev[2])
        repo.set_event_duration(db, tenant_id, ev[0], duration)
        repo.touch(db, tenant_id, contact.id, now)
        _invalidate_exports(db, storage, contact.id, contact.has_recording)
        out = (ev[0], ev[2], duration)
    state.paused, state.pause_contact_id, state.pause_event_id, state.paused_ms = False, None, None, None
    return out


def on_contact_completed(db: Session, contact: Contact) -> None:
    """A call ended (real-time or bulk import): a pause still open on it ends with it."""
    now = now_ms()
    end = contact.start_ms + contact.duration_ms if contact.duration_ms else now
    tenant_id = contact.tenant_id
    for person_id in repo.paused_on(db, tenant_id, contact.id):
        state, before = repo.locked_state(db, tenant_id, person_id, now)
        _close_pause(db, None, tenant_id, state, end)
        state.updated_ms = now
        repo.save_state(db, tenant_id, state, before)


# ------------------------------------------------------------------ the commands

@dataclass
class Ctx:
    db: Session
    principal: Principal
    storage: Storage | None
    person: Any  # (id, team_id, time_zone, ...)
    state: repo.State
    body: ControlIn
    active_call_only: bool
    now: int

    @property
    def tenant_id(self) -> int:
        return self.principal.tenant_id


def _result(command: str, status: str, person_id: int, contact=None, reason: str | None = None, **extra) -> dict:
    out = {"command": command, "status": status, "personId": person_id,
           "contactId": contact.id if contact is not None else None}
    if reason:
        out["reason"] = reason
    out.update(extra)
    return out


def _no_call(ctx: Ctx, command: str, fallback: bool) -> dict:
    if fallback and not ctx.active_call_only:
        why = "no call in progress and no previous call"
    else:
        why = "no call in progress"
    return _result(command, IGNORED, ctx.person.id, reason=why)


def _screen(ctx: Ctx) -> repo.Call | None:
    c = repo.call(ctx.db, ctx.tenant_id, ctx.state.screen_contact_id)
    return c if c is not None and not c.is_complete and c.person_id == ctx.person.id else None


def _call_or_previous(ctx: Ctx) -> tuple[repo.Call | None, bool]:
    call = repo.active_call(ctx.db, ctx.tenant_id, ctx.person.id)
    if call is not None:
        return call, True
    if ctx.active_call_only:
        return None, False
    return repo.previous_call(ctx.db, ctx.tenant_id, ctx.person.id), False


def _pause(ctx: Ctx) -> dict:
    target = repo.active_call(ctx.db, ctx.tenant_id, ctx.person.id) or _screen(ctx)
    if target is None:
        return _no_call(ctx, "pause", False)
    state = ctx.state
    if state.paused:
        if state.pause_contact_id == target.id:
            return _result("pause", IGNORED, ctx.person.id, target, "the recording is already paused",
                           eventId=state.pause_event_id)
        _close_pause(ctx.db, ctx.storage, ctx.tenant_id, state, ctx.now)  # left open on a call that has ended
    event_id, offset = _open_pause(ctx.db, ctx.storage, ctx.tenant_id, state, target, ctx.now)
    return _result("pause", APPLIED, ctx.person.id, target, eventId=event_id, offsetMs=offset)


def _resume(ctx: Ctx) -> dict:
    state = ctx.state
    if not state.paused:
        return _result("resume", IGNORED, ctx.person.id, reason="the recording is not paused")
    contact_id = state.pause_contact_id
    closed = _close_pause(ctx.db, ctx.storage, ctx.tenant_id, state, ctx.now)
    out = _result("resume", APPLIED, ctx.person.id)
    out["contactId"] = contact_id
    if closed is not None:
        out.update(eventId=closed[0], offsetMs=closed[1], durationMs=closed[2])
    return out


def _tag(ctx: Ctx) -> dict:
    target, active = _call_or_previous(ctx)
    if target is None:
        return _no_call(ctx, "tag", True)
    repo.touch(ctx.db, ctx.tenant_id, target.id, ctx.now, tagged=True)
    return _result("tag", APPLIED, ctx.person.id, target, activeCall=active)


def _metadata_values(body: ControlIn) -> dict[str, str]:
    """name -> value of the metadata command's body (acd* entries name the person, not metadata)."""
    meta = body.metadata
    if meta is None:
        raise BadRequest("metadata is required: [{\"name\": key, \"value\": value}]",
                         errors=[{"field": "metadata", "reason": "required"}])
    v = Violations("metadata")
    values: dict[str, str] = {}
    pairs = list(meta.items()) if isinstance(meta, dict) else [(m.name, m.value) for m in meta]
    for i, (name, value) in enumerate(pairs):
        field = f"metadata[{i}]" if isinstance(meta, list) else f"metadata.{name}"
        key = (str(name).strip() if name is not None else "")
        if not key:
            v.add(f"{field}.name", "required")
            continue
        if key.lower() in ACD_KEYS:
            continue
        if isinstance(value, dict | list):
            v.add(f"{field}.value", "must be text or a number")
            continue
        text = "" if value is None else (str(value).lower() if isinstance(value, bool) else str(value))
        if len(text) > MAX_VALUE:
            v.add(f"{field}.value", f"at most {MAX_VALUE} characters")
            continue
        values[key] = text
    v.raise_if_any()
    return values


def _apply_metadata(db: Session, tenant_id: int, contact_id: int, values: dict[str, str], now: int) -> dict:
    known = repo.metadata_fields(db, tenant_id, set(values))
    applied = {known[k.lower()]: val for k, val in values.items() if k.lower() in known}
    ignored = sorted(k for k in values if k.lower() not in known)
    if applied:
        repo.set_values(db, tenant_id, contact_id, {field_id: val for (field_id, _n), val in applied.items()})
        repo.touch(db, tenant_id, contact_id, now)
    applied = {name: val for (_i, name), val in applied.items()}
    return {"appliedKeys": sorted(applied), "ignoredKeys": ignored}


def _metadata(ctx: Ctx) -> dict:
    values = _metadata_values(ctx.body)
    target, active = _call_or_previous(ctx)
    if target is None:
        return _no_call(ctx, "metadata", True)
    keys = _apply_metadata(ctx.db, ctx.tenant_id, target.id, values, ctx.now)
    if not keys["appliedKeys"]:
        return _result("metadata", IGNORED, ctx.person.id, target, "no defined metadata key given", activeCall=active,
                       **keys)
    return _result("metadata", APPLIED, ctx.person.id, target, activeCall=active, **keys)


def metadata_for_contact(db: Session, principal: Principal, contact_id: int, body: ControlIn | None) -> dict:
    """POST /recordingcontrols/metadata?ccrId=: metadata on that contact (in scope), active or not."""
    values = _metadata_values(body or ControlIn())
    contact = get_visible_contact(db, principal, contact_id)
    now = now_ms()
    keys = _apply_metadata(db, principal.tenant_id, contact.id, values, now)
    status = APPLIED if keys["appliedKeys"] else IGNORED
    return _result("metadata", status, contact.person_id if contact.person_id is not None else principal.person_id,
                   contact, None if keys["appliedKeys"] else "no defined metadata key given",
                   activeCall=not contact.is_complete, **keys)


_SEGMENT_COPY = ("tz", "ani", "dnis", "line", "call_id", "icm_call_id", "assoc_call_id", "direction", "person_id",
                 "team_id", "group_id", "contact_type", "quality_reason_id", "quality_workflow_id",
                 "archive_workflow_id", "medium", "exclusion_reason", "source", "tagged")


def _segment(ctx: Ctx) -> dict:
    delete_previous = flag(ctx.body.delete, "delete")
    found = repo.active_call(ctx.db, ctx.tenant_id, ctx.person.id)
    if found is None:
        return _no_call(ctx, "segment", False)
    db, now, state = ctx.db, ctx.now, ctx.state
    paused_here = state.paused and state.pause_contact_id == found.id
    if paused_here:
        _close_pause(db, ctx.storage, ctx.tenant_id, state, now)
    call = db.get(Contact, found.id)
    call.is_complete = True
    call.duration_ms = max(0, now - call.start_ms)
    call.updated_ms = now
    new = Contact(**{k: getattr(call, k) for k in _SEGMENT_COPY}, start_ms=now, duration_ms=0, is_complete=False,
                  is_root=False, reconciled=True, created_ms=now, updated_ms=now)
    db.add(new)
    db.flush()
    meta = [{"tenant_id": ctx.tenant_id, "contact_id": new.id, "field_id": f, "value": v, "value_prefix": p}
            for f, v, p in db.execute(select(ContactMetadata.field_id, ContactMetadata.value,
                                             ContactMetadata.value_prefix).where(ContactMetadata.contact_id == call.id))]
    if meta:
        db.execute(insert(ContactMetadata), meta)
    if paused_here:  # the pause goes on in the new segment
        _open_pause(db, ctx.storage, ctx.tenant_id, state, repo.Call(new.id, new.person_id, now, 0, False, False), now)
    refresh_contact(db, call)
    deleted, why = False, None
    if delete_previous:
        if call.legal_hold:
            why = "the previous segment is under legal hold and was kept"
        else:
            from ..retention.service import purge

            row = {"id": call.id, "tenant_id": call.tenant_id, "call_id": call.call_id, "person_id": call.person_id,
                   "start_ms": call.start_ms}
            db.flush()
            db.expunge(call)
            purge(db, ctx.storage, [row], "segment_delete", requested_by=ctx.principal.person_id)
            deleted = True
    extra = {"previousContactId": found.id, "previousDeleted": deleted,
             "audioUploadUrl": f"{UPLOAD_AUDIO}?contactId={new.id}", "videoUploadUrl": f"{UPLOAD_VIDEO}?contactId={new.id}"}
    return _result("segment", APPLIED, ctx.person.id, new, why, **extra)


def _start_screen(ctx: Ctx) -> dict:
    running = _screen(ctx)
    if running is not None:
        return _result("start_screen", IGNORED, ctx.person.id, running,
                       "a screen-only recording is already in progress")
    db, now, person = ctx.db, ctx.now, ctx.person
    if person.team_id is None:
        person = repo.person_by(db, "id", str(person.id))[0]
    team = db.get(Team, person.team_id)
    workflows = default_workflows(db)
    new = Contact(start_ms=now, tz=person.time_zone or "UTC", duration_ms=0, person_id=person.id,
                  team_id=person.team_id, group_id=team.group_id if team else None, contact_type="quality",
                  quality_workflow_id=workflows["quality"], archive_workflow_id=workflows["archive"],
                  is_complete=False, source=repo.SCREEN_SOURCE, created_ms=now, updated_ms=now)
    db.add(new)
    db.flush()
    ctx.state.screen_contact_id = new.id
    return _result("start_screen", APPLIED, person.id, new, videoUploadUrl=f"{UPLOAD_VIDEO}?contactId={new.id}")


def _stop_screen(ctx: Ctx) -> dict:
    running = _screen(ctx)
    if running is None:
        ctx.state.screen_contact_id = None
        return _result("stop_screen", IGNORED, ctx.person.id, reason="no screen-only recording is in progress")
    if ctx.state.paused and ctx.state.pause_contact_id == running.id:
        _close_pause(ctx.db, ctx.storage, ctx.tenant_id, ctx.state, ctx.now)
    contact = ctx.db.get(Contact, running.id)
    contact.is_complete = True
    contact.duration_ms = max(0, ctx.now - contact.start_ms)
    contact.updated_ms = ctx.now
    refresh_contact(ctx.db, contact)
    ctx.state.screen_contact_id = None
    return _result("stop_screen", APPLIED, ctx.person.id, contact, durationMs=contact.duration_ms)


def _extension(body: ControlIn, required: bool) -> str | None:
    value = body.extension
    text = str(value).strip() if value is not None else ""
    if not text:
        if required:
            raise BadRequest("extension is required", errors=[{"field": "extension", "reason": "required"}])
        return None
    if len(text) > EXTENSION_MAX:
        raise BadRequest(f"extension has at most {EXTENSION_MAX} characters",
                         errors=[{"field": "extension", "reason": f"at most {EXTENSION_MAX} characters"}])
    return text


def _login(ctx: Ctx) -> dict:
    ext = _extension(ctx.body, True)
    if not repo.extension_exists(ctx.db, ext):
        raise NotFound(f"No phone has extension {ext}", errors=[{"field": "extension", "reason": "unknown extension"}])
    repo.release_extension(ctx.db, ctx.tenant_id, ext, ctx.person.id, ctx.now)
    previous = ctx.state.extension
    ctx.state.extension = ext
    return _result("login", APPLIED, ctx.person.id, extension=ext, previousExtension=previous)


def _logout(ctx: Ctx) -> dict:
    ext = _extension(ctx.body, False)
    current = ctx.state.extension
    if current is None:
        return _result("logout", IGNORED, ctx.person.id, reason="not logged in to a phone")
    if ext is not None and ext != current:
        return _result("logout", IGNORED, ctx.person.id, reason=f"not logged in to extension {ext}",
                       extension=current)
    ctx.state.extension = None
    return _result("logout", APPLIED, ctx.person.id, extension=current)


_HANDLERS = {"pause": _pause, "resume": _resume, "tag": _tag, "metadata": _metadata, "segment": _segment,
             "start_screen": _start_screen, "stop_screen": _stop_screen, "login": _login, "logout": _logout}


def run_command(db: Session, principal: Principal, storage: Storage | None, command: str, person_ref: str | None,
                acd: Acd, active_call_only: bool, body: ControlIn | None, ccr_id: int | None = None) -> dict:
    """Carry out one command for its person (see the module's notes); answers what it did."""
    name = command_name(command)
    body = body or ControlIn()
    if name == "metadata" and ccr_id is not None:
        return metadata_for_contact(db, principal, ccr_id, body)
    person = target_person(db, principal, person_ref, acd_of(body, acd))
    now = now_ms()
    state, before = repo.locked_state(db, principal.tenant_id, person.id, now)
    ctx = Ctx(db, principal, storage, person, state, body, active_call_only, now)
    out = _HANDLERS[name](ctx)
    if state.values() != before:  # the row is written only when the state changed (not for tag/metadata)
        state.updated_ms = now
        repo.save_state(db, principal.tenant_id, state, before)
    return out


def state_of(db: Session, principal: Principal, person_ref: str | None, acd: Acd) -> dict:
    """The person's live state (extension): paused, active call, screen-only recording, phone extension."""
    person = target_person(db, principal, person_ref, acd)
    state = repo.read_state(db, person.id)
    call = repo.active_call(db, principal.tenant_id, person.id)
    screen = repo.call(db, principal.tenant_id, state.screen_contact_id) if state is not None else None
    if screen is not None and screen.is_complete:
        screen = None
    return {"personId": person.id, "paused": bool(state and state.paused),
            "pausedSince": state.paused_ms if state and state.paused else None,
            "pausedContactId": state.pause_contact_id if state and state.paused else None,
            "activeCall": {"id": call.id, "startTime": call.start_ms} if call is not None else None,
            "screenRecording": {"id": screen.id, "startTime": screen.start_ms} if screen is not None else None,
            "extension": state.extension if state is not None else None,
            "updated": state.updated_ms if state is not None else None}
