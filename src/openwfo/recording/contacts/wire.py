"""Contacts as the Contact API shows them: `$ref` links to the person, team, group, workflows,
metadata and events, which `expand` turns into embedded data and `exclude` back into links.

Expanded metadata is, under each name, `{"key": name, "value": value}` (clients read
`metadata.<name>.value`, as on the deployed service); `expand=eventCalculations` adds the totals of
the contact's events."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import Contact, ContactEvent, ContactMetadata, Group, MetadataField, Person, Team
from .access import QUALITY_REASONS
from .search import contact_kind

API = "/api/rest/recording"


@dataclass
class Shape:
    """What expand/exclude asked for."""

    metadata_all: bool = False
    metadata_keys: set[str] = field(default_factory=set)
    metadata_excluded_keys: set[str] = field(default_factory=set)
    metadata_excluded: bool = False
    events: bool = False
    event_calculations: bool = False

    @property
    def needs_metadata(self) -> bool:
        return not self.metadata_excluded and (self.metadata_all or bool(self.metadata_keys))


def parse_shape(expand: list[str], exclude: list[str]) -> Shape:
    shape = Shape()
    for raw in [v for item in expand for v in item.split(",")]:
        v = raw.strip()
        if v in ("event", "events"):
            shape.events = True
        elif v == "eventCalculations":
            shape.event_calculations = True
        elif v == "metadata":
            shape.metadata_all = True
        elif v.startswith("metadata.") and len(v) > 9:
            shape.metadata_keys.add(v[9:])
        elif v:
            raise BadRequest(f"expand takes event, metadata, metadata.<key> or eventCalculations, not {v!r}",
                             errors=[{"field": "expand",
                                      "reason": "event | metadata | metadata.<key> | eventCalculations"}])
    for raw in [v for item in exclude for v in item.split(",")]:
        v = raw.strip()
        if v in ("event", "events"):
            shape.events = False
        elif v == "eventCalculations":
            shape.event_calculations = False
        elif v == "metadata":
            shape.metadata_excluded = True
        elif v.startswith("metadata.") and len(v) > 9:
            shape.metadata_excluded_keys.add(v[9:])
            shape.metadata_keys.discard(v[9:])
        elif v:
            raise BadRequest(f"exclude takes event, metadata, metadata.<key> or eventCalculations, not {v!r}",
                             errors=[{"field": "exclude",
                                      "reason": "event | metadata | metadata.<key> | eventCalculations"}])
    return shape


def person_ref(p) -> dict:
    return {"$ref": f"{API}/person/{p.id}", "id": p.id, "firstName": p.first_name, "lastName": p.last_name,
            "username": p.email, "displayId": p.display_id}


def load_people(db: Session, ids: set[int]) -> dict[int, object]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = db.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.display_id)
                      .where(Person.id.in_(ids)))
    return {r.id: r for r in rows}


def metadata_value(key: str, value: str) -> dict:
    return {"key": key, "value": value}


# eventCalculations: (event kind, the count/total/longest names); hold joins once hold events exist.
CALCULATED = (("silence", "silenceCount", "silenceSeconds", "longestSilenceSeconds"),
              ("talkover", "talkOverCount", "talkOverSeconds", "longestTalkOverSeconds"),
              ("pause", "pauseCount", "pauseSeconds", None))


def event_calculations(db: Session, ids: list[int]) -> dict[int, dict]:
    """Per contact, the count, total and longest of each event kind (seconds, one decimal)."""
    totals: dict[int, dict[str, tuple[int, int, int]]] = {}
    rows = db.execute(select(ContactEvent.contact_id, ContactEvent.kind, func.count(), func.sum(ContactEvent.duration_ms),
                             func.max(ContactEvent.duration_ms))
                      .where(ContactEvent.contact_id.in_(ids)).group_by(ContactEvent.contact_id, ContactEvent.kind))
    for contact_id, kind, n, total, longest in rows:
        totals.setdefault(contact_id, {})[kind] = (n, int(total or 0), int(longest or 0))
    out = {}
    for cid in ids:
        kinds = totals.get(cid, {})
        calc: dict = {}
        for kind, count_name, total_name, longest_name in CALCULATED:
            n, total, longest = kinds.get(kind, (0, 0, 0))
            calc[count_name] = n
            calc[total_name] = round(total / 1000, 1)
            if longest_name:
                calc[longest_name] = round(longest / 1000, 1)
        if "hold" in kinds:
            n, total, longest = kinds["hold"]
            calc.update(holdCount=n, holdSeconds=round(total / 1000, 1), longestHoldSeconds=round(longest / 1000, 1))
        out[cid] = calc
    return out


def render_contacts(db: Session, contacts: list[Contact], shape: Shape) -> list[dict]:
    """The wire form of a page of contacts, with a handful of queries for the whole page."""
    if not contacts:
        return []
    ids = [c.id for c in contacts]
    people = load_people(db, {c.person_id for c in contacts} | {c.evaluator_id for c in contacts})
    team_ids = {c.team_id for c in contacts if c.team_id}
    group_ids = {c.group_id for c in contacts if c.group_id}
    teams = {r.id: r.name for r in db.execute(select(Team.id, Team.name).where(Team.id.in_(team_ids)))} if team_ids else {}
    groups = ({r.id: r.name for r in db.execute(select(Group.id, Group.name).where(Group.id.in_(group_ids)))}
              if group_ids else {})
    metadata: dict[int, dict[str, str]] = {}
    if shape.needs_metadata:
        q = (select(ContactMetadata.contact_id, MetadataField.name, ContactMetadata.value)
             .join(MetadataField, MetadataField.id == ContactMetadata.field_id)
             .where(ContactMetadata.contact_id.in_(ids)))
        if not shape.metadata_all:
            q = q.where(MetadataField.name.in_(shape.metadata_keys))
        for r in db.execute(q):
            metadata.setdefault(r.contact_id, {})[r.name] = r.value
    events: dict[int, list[dict]] = {}
    if shape.events:
        for e in db.scalars(select(ContactEvent).where(ContactEvent.contact_id.in_(ids))
                            .order_by(ContactEvent.contact_id, ContactEvent.start_offset_ms, ContactEvent.id)):
            events.setdefault(e.contact_id, []).append(event_json(e))
    calculations = event_calculations(db, ids) if shape.event_calculations else {}
    out = [contact_json(c, people, teams, groups, metadata.get(c.id, {}), events.get(c.id, []), shape)
           for c in contacts]
    if shape.event_calculations:
        for item in out:
            item["eventCalculations"] = calculations[item["id"]]
    return out


def event_json(e: ContactEvent) -> dict:
    return {"id": e.id, "type": e.kind, "startOffset": e.start_offset_ms, "duration": e.duration_ms}


def contact_json(c: Contact, people, teams, groups, metadata: dict[str, str], events: list[dict], shape: Shape) -> dict:
    base = f"{API}/contact/{c.id}"
    agent = people.get(c.person_id) if c.person_id else None
    evaluator = people.get(c.evaluator_id) if c.evaluator_id else None
    reason = QUALITY_REASONS.get(c.quality_reason_id) if c.quality_reason_id else None
    event_part = events if shape.events else {"$ref": f"{base}/event"}
    if shape.metadata_excluded or not shape.needs_metadata:
        meta: dict = {"$ref": f"{base}/metadata"}
    else:
        meta = {} if shape.metadata_all else {"$ref": f"{base}/metadata"}
        for key, value in metadata.items():
            meta[key] = ({"$ref": f"{base}/metadata/{key}"} if key in shape.metadata_excluded_keys
                         else metadata_value(key, value))
    return {
        "id": c.id,
        "startTime": c.start_ms,
        "tz": c.tz,
        "callDuration": c.duration_ms,
        "ani": c.ani,
        "dnis": c.dnis,
        "line": c.line,
        "callId": c.call_id,
        "icmCallId": c.icm_call_id,
        "assocCallId": c.assoc_call_id,
        "direction": c.direction,
        "type": c.contact_type,
        "contactType": contact_kind(c.medium),
        "isComplete": c.is_complete,
        "agent": person_ref(agent) if agent else None,
        "team": {"name": teams.get(c.team_id), "$ref": f"{API}/team/{c.team_id}", "id": c.team_id,
                 "displayId": None} if c.team_id else None,
        "group": {"name": groups.get(c.group_id), "$ref": f"{API}/group/{c.group_id}", "id": c.group_id}
        if c.group_id else None,
        "qualityReason": {"text": reason[0], "reasonId": c.quality_reason_id, "key": reason[1]} if reason else None,
        "evaluation": {"id": c.evaluation_id, "evaluated": c.evaluated_ms, "stateId": c.eval_state,
                       "score": c.eval_score, "$ref": f"{base}/eval/{c.evaluation_id}"} if c.evaluation_id else None,
        "evalForm": {"name": None, "$ref": f"{API}/evalform/{c.eval_form_id}"} if c.eval_form_id else None,
        "evaluator": person_ref(evaluator) if evaluator else None,
        "hr": c.hr,
        "training": c.training,
        "scored": c.scored,
        "needsApproval": c.needs_approval,
        "tagged": c.tagged,
        "audioUploaded": c.audio_uploaded,
        "screenUploaded": c.screen_uploaded,
        "recordingUrl": f"{base}/recording" if c.has_recording else None,
        "archiveWF": {"$ref": f"{API}/workflow/{c.archive_workflow_id}"} if c.archive_workflow_id else None,
        "qualityWF": {"$ref": f"{API}/workflow/{c.quality_workflow_id}"} if c.quality_workflow_id else None,
        "metadata": meta,
        # "event" as the expand/exclude value names it (as "metadata" names the metadata);
        # "events" is kept for clients of the earlier name.
        "event": event_part,
        "events": event_part,
        "silenceEvents": c.silence_events,
        "talkOverEvents": c.talkover_events,
        "rootRecording": c.is_root,
        "reconciled": c.reconciled,
        "exclusionReason": c.exclusion_reason,
    }
