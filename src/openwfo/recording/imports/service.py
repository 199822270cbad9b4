"""Contact import: the rules shared by the bulk API, the real-time API and the data-server drop folder.

Every contact is checked on its own and succeeds or fails whole: its agent, its values, its
recordings (present in the upload, of the type their name declares, one audio and one screen at
most). Inclusion/exclusion lists decide whether its recordings are kept. Accepted contacts are
written with bulk inserts; an import with a CallId the tenant already has for the same agent and
start time merges into that contact, and an agent's contact with the CallId of an unreconciled
root (gateway) recording reconciles that recording instead of creating a second contact.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...kit.clock import now_ms
from ...models import Contact, ContactEvent, ContactMedia, ContactMetadata
from ...org.scope import visible_team_ids
from ...storage import Storage, StorageError
from ...storage.pending import stored_in_transaction
from ..contacts.access import default_workflows
from ..inclusion_lists.matching import RecordingRules
from ..media import analysis
from ..media.probe import MediaError, MediaInfo, format_of_name, probe
from . import repository as repo
from .parsing import ContactSpec, MediaRef
from .repository import insert_returning_ids  # noqa: F401 - the demo and bulk evaluations insert with it
from .timezones import resolve_zone

log = logging.getLogger("openwfo.recording.import")
CHUNK = 500
AUDIO_ONLY = {"wav", "webma", "spx"}


@dataclass
class ImportContext:
    tenant_id: int
    storage: Storage
    source: str  # bulk | realtime | dataserver | demo
    principal: Principal | None = None  # None: a system import (drop folder), tenant-wide
    caller_id: int | None = None  # JSON contacts without AgentId belong to the caller
    analyse_audio: bool = True
    now: int = field(default_factory=now_ms)


@dataclass
class AgentInfo:
    id: int
    team_id: int
    group_id: int


@dataclass
class PlannedMedia:
    ref: MediaRef
    path: Path
    info: MediaInfo
    kind: str  # audio | screen | combined
    offset_ms: int
    start_ms: int


@dataclass
class Outcome:
    spec: ContactSpec
    status: str = "SUCCESS"  # SUCCESS | MERGED | RECONCILED | FAILED
    reason: str | None = None
    contact_id: int | None = None
    agent: AgentInfo | None = None
    recorded: bool = True
    recordings: list[dict] = field(default_factory=list)
    media: list[PlannedMedia] = field(default_factory=list)
    row: dict | None = None
    target: dict | None = None  # the existing contact merged into

    def fail(self, reason: str) -> None:
        self.status, self.reason = "FAILED", reason

    def as_json(self) -> dict:
        out = {"row": self.spec.row, "source": self.spec.source, "status": self.status,
               "contactId": self.contact_id, "callId": self.spec.call_id,
               "agentId": self.agent.id if self.agent else None, "recorded": self.recorded and self.status != "FAILED"}
        if self.reason:
            out["reason"] = self.reason
        out["recordings"] = self.recordings
        return out


# ------------------------------------------------------------------ agents

def _agent_key(text: str) -> tuple[str, str]:
    t = text.strip()
    if t.isdecimal():
        return "id", t
    if "@" in t:
        return "email", t.lower()
    if "\\" in t or "/" in t:
        return "ad", t.replace("/", "\\").lower()
    return "bad", t


def resolve_agents(db: Session, texts: set[str], principal: Principal | None) -> dict[str, AgentInfo | str]:
    """AgentId text -> the person (with their team and group), or why it cannot be used."""
    out: dict[str, AgentInfo | str] = {}
    by_kind: dict[str, dict[str, list[str]]] = {"id": {}, "email": {}, "ad": {}}
    for text in texts:
        kind, key = _agent_key(text)
        if kind == "bad":
            out[text] = f"AgentId {text!r} is not a person id, a domain\\user login or an email address"
        else:
            by_kind[kind].setdefault(key, []).append(text)
    found: list = []
    for kind in ("id", "email", "ad"):
        keys = list(by_kind[kind])
        for i in range(0, len(keys), CHUNK):
            part = keys[i:i + CHUNK]
            values = [int(k) for k in part if len(k) < 18] if kind == "id" else part
            if values:
                found += [(kind, r) for r in repo.agents_by(db, kind, values)]
    teams = visible_team_ids(db, principal) if principal is not None else None
    for kind, r in found:
        key = str(r.id) if kind == "id" else (r.email or "").lower() if kind == "email" else (r.ad_login or "").lower()
        for text in by_kind[kind].get(key, ()):
            if teams is not None and r.team_id not in teams and r.id != principal.person_id:
                out[text] = f"AgentId {text!r} does not exist or is outside your scope"
            else:
                out[text] = AgentInfo(r.id, r.team_id, r.group_id)
    for kind in by_kind.values():
        for texts in kind.values():
            for text in texts:
                out.setdefault(text, f"AgentId {text!r} does not exist or is outside your scope")
    return out


# ------------------------------------------------------------------ media planning

def _plan_media(outcome: Outcome, files: dict[str, Path], start_ms: int, probes: dict) -> None:
    """Check each named recording; decide audio/screen/combined and its offset. Fails the contact
    (not the import) when a recording is missing or is not what its name declares."""
    spec = outcome.spec
    planned: list[PlannedMedia] = []
    recording1 = next((m for m in spec.media if m.role == "recording1"), None)
    for ref in spec.media:
        entry = {"name": ref.name, "status": "SUCCESS"}
        outcome.recordings.append(entry)
        fmt = format_of_name(ref.name)
        path = files.get(ref.name)
        if fmt is None:
            entry.update(status="FAILED", reason="the name has no supported extension "
                                                 "(WAV, WEBM, WEBMA, WEBMV, SPX, WMV)")
        elif path is None:
            entry.update(status="MISSING", reason="the recording is not in the upload")
        else:
            if ref.name not in probes:
                try:
                    probes[ref.name] = probe(path, fmt)
                except MediaError as exc:
                    probes[ref.name] = str(exc)
            info = probes[ref.name]
            if isinstance(info, str):
                entry.update(status="FAILED", reason=info)
            else:
                if ref.start_ms is not None:
                    offset = ref.start_ms - start_ms
                elif ref.role == "recording2":
                    offset = ref.offset_ms or 0
                else:
                    offset = 0
                if ref.role == "recording2" and recording1 is not None:
                    offset += 0  # Recording1 starts with the contact; Recording2Offset is from it
                planned.append(PlannedMedia(ref, path, info, "", offset, start_ms + offset))
    failed = [e for e in outcome.recordings if e["status"] != "SUCCESS"]
    if failed:
        outcome.fail(f"recording {failed[0]['name']}: {failed[0]['reason']}")
        return
    audio_only = [p for p in planned if p.info.format in AUDIO_ONLY or (p.info.has_audio and not p.info.has_video)]
    for p in planned:
        if p in audio_only:
            p.kind = "audio"
        elif p.info.has_audio and p.info.has_video and not audio_only and p.ref.role != "screen":
            p.kind = "combined"
        else:
            p.kind = "screen"
        if p.ref.role == "audio" and not p.info.has_audio:
            outcome.fail(f"recording {p.ref.name}: an Audio recording must hold audio")
            return
        if p.ref.role == "screen" and not p.info.has_video:
            outcome.fail(f"recording {p.ref.name}: a Screen recording must hold video")
            return
    audio = [p for p in planned if p.kind in ("audio", "combined")]
    screen = [p for p in planned if p.kind in ("screen", "combined")]
    if len(audio) > 1:
        outcome.fail("only a single audio recording per contact is allowed")
        return
    if len(screen) > 1:
        outcome.fail("only a single screen recording per contact is allowed")
        return
    for p, entry in zip(planned, outcome.recordings, strict=False):
        entry["type"] = p.kind
        entry["offsetMs"] = p.offset_ms
    outcome.media = planned


def store_media(db: Session, ctx: ImportContext, contact_id: int, planned: list[PlannedMedia],
                stored_keys: list[str]) -> tuple[list[dict], list[tuple[str, int, int]]]:
    """Put each file in storage; answer the media rows and the audio events found."""
    rows, events = [], []
    for p in planned:
        key = f"t{ctx.tenant_id}/media/{uuid.uuid4().hex}.{p.info.format}"
        with open(p.path, "rb") as f:
            size = ctx.storage.put_file(key, f, p.info.content_type)
        stored_keys.append(key)
        stored_in_transaction(db, ctx.storage, key)  # removed again if the import is not committed
        rows.append({"contact_id": contact_id, "kind": p.kind, "format": p.info.format,
                     "content_type": p.info.content_type, "storage_key": key, "size_bytes": size,
                     "start_ms": p.start_ms, "offset_ms": p.offset_ms, "duration_ms": p.info.duration_ms,
                     "channels": p.info.channels, "original_name": p.ref.name[:128], "created_ms": ctx.now})
        if ctx.analyse_audio and p.kind in ("audio", "combined"):
            try:
                found = analysis.analyse(p.path, p.info.format)
            except Exception as exc:  # analysis is best effort; the recording itself is fine
                log.warning("audio analysis of %s failed: %s", p.ref.name, exc)
                found = []
            events += [(e.kind, p.offset_ms + e.start_ms, e.duration_ms) for e in found]
    return rows, events


# ------------------------------------------------------------------ metadata

def metadata_field_ids(db: Session, names: set[str], now: int) -> dict[str, int]:
    """Field ids by name, creating the fields not seen before."""
    wanted = sorted(names)
    out = repo.metadata_fields(db, wanted)
    for name in wanted:
        if name not in out:
            out[name] = repo.add_metadata_field(db, name, now)
    return out


def metadata_rows(contact_id: int, values: dict[str, str], field_ids: dict[str, int]) -> list[dict]:
    return [{"contact_id": contact_id, "field_id": field_ids[k], "value": v, "value_prefix": v[:200]}
            for k, v in values.items()]


def set_metadata(db: Session, tenant_id: int, contact_id: int, values: dict[str, str], now: int,
                 replace: bool = False) -> None:
    """Merge (or replace) one contact's metadata. The session is bound to the contact's tenant
    (`tenant_id`): the ORM insert stamps the rows with it."""
    ids = metadata_field_ids(db, set(values), now)
    if replace:
        repo.delete_metadata(db, contact_id)
    elif ids:
        repo.delete_metadata(db, contact_id, list(ids.values()))
    repo.bulk_insert(db, ContactMetadata, metadata_rows(contact_id, values, ids))


# ------------------------------------------------------------------ summaries

def summarize_events(events: list[tuple[str, int, int]]) -> dict:
    out = {"silence_events": 0, "silence_max_ms": 0, "talkover_events": 0, "talkover_max_ms": 0}
    for kind, _start, duration in events:
        if kind in ("silence", "talkover"):
            out[f"{kind}_events"] += 1
            out[f"{kind}_max_ms"] = max(out[f"{kind}_max_ms"], duration)
    return out


def refresh_contact(db: Session, contact: Contact) -> None:
    """Recompute a contact's recording flags, duration and event summaries from its rows."""
    media = repo.media_of(db, contact.id)
    contact.audio_uploaded = any(m.kind in ("audio", "combined") for m in media)
    contact.screen_uploaded = any(m.kind in ("screen", "combined") for m in media)
    contact.has_recording = bool(media)
    events = [(e.kind, e.start_offset_ms, e.duration_ms) for e in repo.events_of(db, contact.id)]
    for k, v in summarize_events(events).items():
        setattr(contact, k, v)
    media_end = max((m.offset_ms + (m.duration_ms or 0) for m in media), default=0)
    if contact.is_complete and media_end > contact.duration_ms:
        contact.duration_ms = media_end


# ------------------------------------------------------------------ the import

def import_contacts(db: Session, ctx: ImportContext, specs: list[ContactSpec], files: dict[str, Path]) -> dict:
    """Import parsed contacts with the uploaded files; answers the JSON report."""
    default_tz = repo.tenant_time_zone(db, ctx.tenant_id) or "UTC"
    rules = RecordingRules(repo.inclusion_lists(db))
    agent_texts = {s.agent for s in specs if s.agent and not s.errors}
    agents = resolve_agents(db, agent_texts, ctx.principal) if agent_texts else {}
    caller = None
    if ctx.caller_id is not None and any(s.from_json and s.agent is None and not s.root for s in specs):
        caller = resolve_agents(db, {str(ctx.caller_id)}, None).get(str(ctx.caller_id))
    workflows = default_workflows(db)
    outcomes = [Outcome(spec) for spec in specs]
    probes: dict = {}

    for out in outcomes:
        spec = out.spec
        if spec.errors:
            out.fail("; ".join(spec.errors))
            out.recordings = [{"name": m.name, "status": "SKIPPED"} for m in spec.media]
            continue
        if spec.root:
            out.agent = None
        elif spec.agent is None:
            if spec.from_json and isinstance(caller, AgentInfo):
                out.agent = caller
            else:
                out.fail("AgentId is required")
                continue
        else:
            agent = agents.get(spec.agent)
            if not isinstance(agent, AgentInfo):
                out.fail(agent or f"AgentId {spec.agent!r} does not exist")
                out.recordings = [{"name": m.name, "status": "SKIPPED"} for m in spec.media]
                continue
            out.agent = agent
        tz = resolve_zone(spec.tz) if spec.tz else default_tz
        if tz is None:
            out.fail(f"unknown time zone {spec.tz!r}")
            continue
        start = spec.start_ms if spec.start_ms is not None else ctx.now
        _plan_media(out, files, start, probes)
        if out.status == "FAILED":
            continue
        recorded, why = rules.decide(spec.ani, spec.dnis, spec.line, spec.direction)
        if not recorded:
            out.recorded = False
            for entry in out.recordings:
                entry.update(status="EXCLUDED", reason=why)
            out.media = []
        in_progress = bool(spec.in_progress)
        ctype = spec.contact_type or "quality"
        out.row = {
            "start_ms": start, "tz": tz,
            "duration_ms": spec.duration_ms or 0, "ani": spec.ani, "dnis": spec.dnis, "line": spec.line,
            "call_id": spec.call_id, "icm_call_id": spec.icm_call_id, "assoc_call_id": spec.assoc_call_id,
            "direction": spec.direction, "person_id": out.agent.id if out.agent else None,
            "team_id": out.agent.team_id if out.agent else None, "group_id": out.agent.group_id if out.agent else None,
            "contact_type": ctype, "quality_reason_id": spec.quality_reason_id,
            "quality_workflow_id": workflows["quality"] if ctype == "quality" else None,
            "archive_workflow_id": workflows["archive"],
            "is_complete": not in_progress, "is_root": spec.root, "reconciled": not spec.root,
            "exclusion_reason": None if recorded else why[:200], "source": ctx.source,
            "created_ms": ctx.now, "updated_ms": ctx.now,
        }
        if not recorded:
            out.reason = why

    _match_existing(db, outcomes)
    stored: list[str] = []
    try:
        _write(db, ctx, outcomes, stored)
    except BaseException:
        for key in stored:
            try:
                ctx.storage.delete(key)
            except (StorageError, OSError):
                pass
        raise

    referenced = {m.name for s in specs for m in s.media}
    statuses = [o.status for o in outcomes]
    ok = sum(1 for s in statuses if s != "FAILED")
    report = {
        "status": "SUCCESS" if ok == len(outcomes) else ("FAILED" if ok == 0 and outcomes else "PARTIAL"),
        "total": len(outcomes), "imported": ok, "failed": len(outcomes) - ok,
        "excluded": sum(1 for o in outcomes if o.status != "FAILED" and not o.recorded),
        "contacts": [o.as_json() for o in outcomes],
        "ignoredFiles": sorted(set(files) - referenced),
    }
    return report


def _match_existing(db: Session, outcomes: list[Outcome]) -> None:
    """Find the contacts a row merges into (same CallId, agent and start) or reconciles (root).
    A row repeating an earlier row of the same upload merges into that row's contact."""
    call_ids = sorted({o.row["call_id"] for o in outcomes if o.row and o.row["call_id"]})
    existing: dict[str, list] = {}
    for r in repo.contacts_with_call_ids(db, call_ids):
        existing.setdefault(r.call_id, []).append(r)
    first_of: dict[tuple, Outcome] = {}
    for o in outcomes:
        if not o.row or not o.row["call_id"]:
            continue
        for r in existing.get(o.row["call_id"], ()):
            if r.person_id == o.row["person_id"] and r.start_ms == o.row["start_ms"] and not (r.is_root and not r.reconciled):
                o.target, o.status = {"id": r.id}, "MERGED"
                break
            if r.is_root and not r.reconciled and o.row["person_id"] is not None:
                o.target, o.status = {"id": r.id}, "RECONCILED"
                break
        key = (o.row["call_id"], o.row["person_id"], o.row["start_ms"])
        if o.target is None and key in first_of:
            o.target, o.status = {"outcome": first_of[key]}, "MERGED"
        elif o.status != "RECONCILED":
            first_of.setdefault(key, o)


def _write(db: Session, ctx: ImportContext, outcomes: list[Outcome], stored: list[str]) -> None:
    new = [o for o in outcomes if o.row is not None and o.target is None]
    # Media are stored and analysed first, so each contact row is inserted complete (flags,
    # duration, event summaries) and the whole import is a handful of bulk inserts.
    pending: list[tuple[Outcome, list[dict], list[tuple[str, int, int]]]] = []
    for o in new:
        rows, found = store_media(db, ctx, 0, o.media, stored) if o.media else ([], [])
        events = list(o.spec.events) + found
        media_end = max((r["offset_ms"] + (r["duration_ms"] or 0) for r in rows), default=0)
        o.row.update(audio_uploaded=any(r["kind"] in ("audio", "combined") for r in rows),
                     screen_uploaded=any(r["kind"] in ("screen", "combined") for r in rows),
                     has_recording=bool(rows), **summarize_events(events))
        if not o.spec.duration_ms and o.row["is_complete"] and media_end:
            o.row["duration_ms"] = media_end
        pending.append((o, rows, events))
    for i in range(0, len(new), CHUNK):
        part = new[i:i + CHUNK]
        ids = repo.insert_returning_ids(db, Contact, [o.row for o in part])
        for o, cid in zip(part, ids, strict=True):
            o.contact_id = cid
    names = {k for o in outcomes if o.row is not None for k in o.spec.metadata}
    field_ids = metadata_field_ids(db, names, ctx.now) if names else {}
    media_rows, event_rows, meta_rows = [], [], []
    for o, rows, events in pending:
        for row, entry in zip(rows, [e for e in o.recordings if e["status"] == "SUCCESS"], strict=False):
            row["contact_id"] = o.contact_id
            entry["_row"] = row
        media_rows += rows
        event_rows += [{"contact_id": o.contact_id, "kind": k, "start_offset_ms": s, "duration_ms": d}
                       for k, s, d in events]
        meta_rows += metadata_rows(o.contact_id, o.spec.metadata, field_ids)
    if media_rows:
        ids = repo.insert_returning_ids(db, ContactMedia, media_rows)
        for row, mid in zip(media_rows, ids, strict=True):
            row["id"] = mid
    for o in new:
        for entry in o.recordings:
            row = entry.pop("_row", None)
            if row is not None:
                entry["mediaId"] = row["id"]
    repo.bulk_insert(db, ContactEvent, event_rows)
    repo.bulk_insert(db, ContactMetadata, meta_rows)
    for o in outcomes:
        if o.target is not None:
            _merge(db, ctx, o, stored)


_MERGE_FIELDS = ("tz", "duration_ms", "ani", "dnis", "line", "icm_call_id", "assoc_call_id", "direction",
                 "quality_reason_id")


def _merge(db: Session, ctx: ImportContext, o: Outcome, stored: list[str]) -> None:
    """Fold a row into the contact it matched: given values win, metadata merges, new media attach."""
    if "outcome" in o.target:  # an earlier row of this upload, inserted or merged by now
        earlier = o.target["outcome"]
        o.target = {"id": earlier.contact_id}
    contact = repo.contact(db, o.target["id"])
    o.contact_id = contact.id
    spec = o.spec
    given = {"tz": spec.tz and o.row["tz"], "duration_ms": spec.duration_ms, "ani": spec.ani, "dnis": spec.dnis,
             "line": spec.line, "icm_call_id": spec.icm_call_id, "assoc_call_id": spec.assoc_call_id,
             "direction": spec.direction, "quality_reason_id": spec.quality_reason_id}
    for name in _MERGE_FIELDS:
        if given[name] is not None:
            setattr(contact, name, given[name])
    if o.status == "RECONCILED":
        contact.person_id, contact.team_id, contact.group_id = o.agent.id, o.agent.team_id, o.agent.group_id
        contact.reconciled = True
    completing = spec.in_progress is False and not contact.is_complete
    if spec.in_progress is not None:
        contact.is_complete = not spec.in_progress
    if spec.contact_type:
        contact.contact_type = spec.contact_type
    contact.updated_ms = ctx.now
    if spec.metadata:
        set_metadata(db, ctx.tenant_id, contact.id, spec.metadata, ctx.now)
    existing = repo.media_kinds_of(db, contact.id)
    has_audio = any(k in ("audio", "combined") for k in existing)
    has_screen = any(k in ("screen", "combined") for k in existing)
    keep = []
    for p, entry in zip(o.media, [e for e in o.recordings if e["status"] == "SUCCESS"], strict=False):
        clash = (p.kind in ("audio", "combined") and has_audio) or (p.kind in ("screen", "combined") and has_screen)
        if clash:
            entry.update(status="SKIPPED", reason="the contact already has this recording")
        else:
            keep.append((p, entry))
    if keep:
        rows, found = store_media(db, ctx, contact.id, [p for p, _ in keep], stored)
        for row, (_p, entry) in zip(rows, keep, strict=True):
            media = ContactMedia(**row)
            db.add(media)
            db.flush()
            entry["mediaId"] = media.id
    else:
        found = []
    for kind, start, duration in list(spec.events) + found:
        db.add(ContactEvent(contact_id=contact.id, kind=kind, start_offset_ms=start, duration_ms=duration))
    db.flush()
    refresh_contact(db, contact)
    if completing:
        from ..controls.service import on_contact_completed  # a pause still open ends with the call

        on_contact_completed(db, contact)
