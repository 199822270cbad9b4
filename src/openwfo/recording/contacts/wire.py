"""Contacts as the Contact API shows them: `$ref` links to the person, team, group, workflows,
metadata and events, which `expand` turns into embedded data and `exclude` back into links.

Expanded metadata is, under each name, `{"key": name, "value": value}` (clients read
`metadata.<name>.value`, as on the deployed service); `expand=eventCalculations` adds the totals of
the contact's events.

Contacts are rendered from plain row tuples (`repository.ROW`) by a `Renderer`, which looks up
what a batch of rows refers to (agents, evaluators, teams, groups, evaluation forms) once per batch
and keeps the small objects it built for them across batches, so the streamed search does little
more per row than build one dict."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ...kit.violations import Violations
from . import repository
from .access import QUALITY_REASONS
from .search import CONTACT_KIND_OF_MEDIUM

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


def parse_shape(expand: list[str], exclude: list[str], v: Violations | None = None) -> Shape:
    """What expand/exclude ask for; unknown values are added to `v` (or a 400 at once without one)."""
    own = v is None
    v = v if v is not None else Violations("expand/exclude")
    shape = Shape()
    for raw in [x for item in expand for x in item.split(",")]:
        value = raw.strip()
        if value in ("event", "events"):
            shape.events = True
        elif value == "eventCalculations":
            shape.event_calculations = True
        elif value == "metadata":
            shape.metadata_all = True
        elif value.startswith("metadata.") and len(value) > 9:
            shape.metadata_keys.add(value[9:])
        elif value:
            v.add("expand", f"takes event, metadata, metadata.<key> or eventCalculations, not {value!r}")
    for raw in [x for item in exclude for x in item.split(",")]:
        value = raw.strip()
        if value in ("event", "events"):
            shape.events = False
        elif value == "eventCalculations":
            shape.event_calculations = False
        elif value == "metadata":
            shape.metadata_excluded = True
        elif value.startswith("metadata.") and len(value) > 9:
            shape.metadata_excluded_keys.add(value[9:])
            shape.metadata_keys.discard(value[9:])
        elif value:
            v.add("exclude", f"takes event, metadata, metadata.<key> or eventCalculations, not {value!r}")
    if own:
        v.raise_if_any()
    return shape


def person_ref(p) -> dict:
    return {"$ref": f"{API}/person/{p.id}", "id": p.id, "firstName": p.first_name, "lastName": p.last_name,
            "username": p.email, "displayId": p.display_id}


def load_people(db: Session, ids: set[int]) -> dict[int, object]:
    return {r.id: r for r in repository.people(db, ids)}


def metadata_value(key: str, value: str) -> dict:
    return {"key": key, "value": value}


# eventCalculations: (event kind, the count/total/longest names); hold joins once hold events exist.
CALCULATED = (("silence", "silenceCount", "silenceSeconds", "longestSilenceSeconds"),
              ("talkover", "talkOverCount", "talkOverSeconds", "longestTalkOverSeconds"),
              ("pause", "pauseCount", "pauseSeconds", None))


def event_calculations(db: Session, ids: list[int]) -> dict[int, dict]:
    """Per contact, the count, total and longest of each event kind (seconds, one decimal)."""
    totals: dict[int, dict[str, tuple[int, int, int]]] = {}
    for contact_id, kind, n, total, longest in repository.event_totals(db, ids):
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


def event_json(e) -> dict:
    return {"id": e.id, "type": e.kind, "startOffset": e.start_offset_ms, "duration": e.duration_ms}


# Cached objects per kind are dropped when a cache grows past this (a stream stays flat in memory).
CACHE_LIMIT = 50_000
_QUALITY_REASONS = {rid: {"text": text, "reasonId": rid, "key": key} for rid, (text, key) in QUALITY_REASONS.items()}


class Renderer:
    """Turns batches of contact rows into their wire dicts for one `Shape`; one per answer."""

    def __init__(self, db: Session, shape: Shape):
        self.db = db
        self.shape = shape
        self.people: dict[int, dict | None] = {}
        self.teams: dict[int, dict] = {}
        self.groups: dict[int, dict] = {}
        self.forms: dict[int, dict] = {}
        self.workflows: dict[int, dict] = {}

    def _refresh(self, rows: list) -> None:
        """Look up, once per batch, what the rows refer to and the caches do not hold yet."""
        for cache in (self.people, self.teams, self.groups, self.forms, self.workflows):
            if len(cache) > CACHE_LIMIT:
                cache.clear()
        people, teams, groups, forms = self.people, self.teams, self.groups, self.forms
        want_people = {r[14] for r in rows if r[14] not in people} | {r[23] for r in rows if r[23] not in people}
        want_people.discard(None)
        if want_people:
            for p in repository.people(self.db, want_people):
                people[p.id] = person_ref(p)
            for pid in want_people:
                people.setdefault(pid, None)
        want = {r[15] for r in rows if r[15] is not None and r[15] not in teams}
        if want:
            names = repository.team_names(self.db, want)
            for tid in want:
                teams[tid] = {"name": names.get(tid), "$ref": f"{API}/team/{tid}", "id": tid, "displayId": None}
        want = {r[16] for r in rows if r[16] is not None and r[16] not in groups}
        if want:
            names = repository.group_names(self.db, want)
            for gid in want:
                groups[gid] = {"name": names.get(gid), "$ref": f"{API}/group/{gid}", "id": gid}
        want = {r[22] for r in rows if r[22] is not None and r[22] not in forms}
        if want:
            names = repository.form_names(self.db, want)
            for fid in want:
                forms[fid] = {"name": names.get(fid), "$ref": f"{API}/evalform/{fid}"}

    def _workflow(self, wid: int) -> dict:
        ref = self.workflows.get(wid)
        if ref is None:
            ref = self.workflows[wid] = {"$ref": f"{API}/workflow/{wid}"}
        return ref

    def render(self, rows: list) -> list[dict]:
        """The wire dicts of a batch of `repository.ROW` tuples, in the same order."""
        if not rows:
            return []
        self._refresh(rows)
        shape = self.shape
        ids = [r[0] for r in rows]
        metadata: dict[int, dict[str, str]] = {}
        if shape.needs_metadata:
            metadata = repository.metadata_of(self.db, ids, None if shape.metadata_all else shape.metadata_keys)
        events: dict[int, list[dict]] = {}
        if shape.events:
            for e in repository.events_of(self.db, ids):
                events.setdefault(e.contact_id, []).append(event_json(e))
        people, teams, groups, forms = self.people, self.teams, self.groups, self.forms
        workflow = self._workflow
        kinds = CONTACT_KIND_OF_MEDIUM
        reasons = _QUALITY_REASONS
        plain_links = not shape.events and not shape.needs_metadata
        out = []
        append = out.append
        for (cid, start, tz, duration, ani, dnis, line, call_id, icm_call_id, assoc_call_id, direction, ctype, medium,
             complete, person_id, team_id, group_id, reason_id, evaluation_id, evaluated_ms, eval_state, eval_score,
             form_id, evaluator_id, hr, training, scored, needs_approval, tagged, audio, screen, recorded, archive_wf,
             quality_wf, silence_events, talkover_events, is_root, reconciled, exclusion) in rows:
            base = f"{API}/contact/{cid}"
            if plain_links:
                meta = {"$ref": base + "/metadata"}
                event_part = {"$ref": base + "/event"}
            else:
                meta = _metadata_part(base, metadata.get(cid, {}), shape)
                event_part = events.get(cid, []) if shape.events else {"$ref": base + "/event"}
            append({
                "id": cid,
                "startTime": start,
                "tz": tz,
                "callDuration": duration,
                "ani": ani,
                "dnis": dnis,
                "line": line,
                "callId": call_id,
                "icmCallId": icm_call_id,
                "assocCallId": assoc_call_id,
                "direction": direction,
                "type": ctype,
                "contactType": kinds.get(medium, "TEXT"),
                "isComplete": complete,
                "agent": people.get(person_id) if person_id is not None else None,
                "team": teams.get(team_id) if team_id else None,
                "group": groups.get(group_id) if group_id else None,
                "qualityReason": reasons.get(reason_id) if reason_id else None,
                "evaluation": {"id": evaluation_id, "evaluated": evaluated_ms, "stateId": eval_state, "score": eval_score,
                               "$ref": f"{base}/eval/{evaluation_id}"} if evaluation_id else None,
                "evalForm": forms.get(form_id) if form_id else None,
                "evaluator": people.get(evaluator_id) if evaluator_id is not None else None,
                "hr": hr,
                "training": training,
                "scored": scored,
                "needsApproval": needs_approval,
                "tagged": tagged,
                "audioUploaded": audio,
                "screenUploaded": screen,
                "recordingUrl": base + "/recording" if recorded else None,
                "archiveWF": workflow(archive_wf) if archive_wf else None,
                "qualityWF": workflow(quality_wf) if quality_wf else None,
                "metadata": meta,
                # "event" as the expand/exclude value names it (as "metadata" names the metadata);
                # "events" is kept for clients of the earlier name.
                "event": event_part,
                "events": event_part,
                "silenceEvents": silence_events,
                "talkOverEvents": talkover_events,
                "rootRecording": is_root,
                "reconciled": reconciled,
                "exclusionReason": exclusion,
            })
        if shape.event_calculations:
            calculations = event_calculations(self.db, ids)
            for item in out:
                item["eventCalculations"] = calculations[item["id"]]
        return out


def _metadata_part(base: str, values: dict[str, str], shape: Shape) -> dict:
    if shape.metadata_excluded or not shape.needs_metadata:
        return {"$ref": f"{base}/metadata"}
    meta: dict = {} if shape.metadata_all else {"$ref": f"{base}/metadata"}
    for key, value in values.items():
        meta[key] = ({"$ref": f"{base}/metadata/{key}"} if key in shape.metadata_excluded_keys
                     else metadata_value(key, value))
    return meta


def render_contacts(db: Session, rows: list, shape: Shape) -> list[dict]:
    """The wire form of a page of contact rows (`repository.ROW` tuples)."""
    return Renderer(db, shape).render(rows)
