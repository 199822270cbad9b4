"""The WFM fields of the Person APIs (registered in openwfo.org.person_extensions by
scheduling.wfm_config): `skillMappings`, `exceptions` and `workShifts`, and the agent details the
Agent API shows under the same names: `serviceQueueId` (main service queue), `multiSkillGroupId`,
`workConditionProfileId` and `readOnly`.

Read: `{"skillMappings": [id, ...], "exceptions": [id, ...], "workShifts": [{"workShiftId",
"workShiftName", "shiftWeekStart"}], "serviceQueueId", "multiSkillGroupId",
"workConditionProfileId", "readOnly"}`. Written from the request body's top level or from its
`agentDetail` / `agentDetails` object (the reference shows both). A list left out (or null) is left
as it is, a list given replaces; items may be ids or `{"id": n}` objects (`{"workShiftId": n,
"shiftWeekStart": "YYYY-MM-DD"}` for work shifts). serviceQueueId, multiSkillGroupId and
workConditionProfileId are cleared by an explicit null.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import (
    AgentException,
    AgentWorkShift,
    MultiSkillGroup,
    MultiSkillGroupAgent,
    Person,
    ScheduleException,
    ServiceQueue,
    SkillMapping,
    SkillMappingAgent,
    WorkShift,
)
from ..rules import parse_date
from ..wire import MAX_INT64
from . import repository

LISTS = ("skillMappings", "exceptions", "workShifts")
NULLABLE = ("serviceQueueId", "multiSkillGroupId", "workConditionProfileId")
FIELDS = (*LISTS, *NULLABLE, "readOnly")


def _pick(source: dict) -> dict:
    out = {f: source[f] for f in LISTS if source.get(f) is not None}
    out.update({f: source[f] for f in NULLABLE if f in source})
    if source.get("readOnly") is not None:
        out["readOnly"] = source["readOnly"]
    return out


def _section(body: dict) -> dict:
    """The WFM fields of a body: top level first, then agentDetail(s)."""
    out: dict[str, Any] = {}
    if not isinstance(body, dict):
        return out
    for key in ("agentDetails", "agentDetail"):
        detail = body.get(key)
        if isinstance(detail, dict):
            out.update(_pick(detail))
    out.update(_pick(body))
    return out


def _id_of(item, *keys) -> int | None:
    if isinstance(item, dict):
        for k in keys:
            if k in item:
                item = item[k]
                break
        else:
            return None
    if isinstance(item, bool):
        return None
    if isinstance(item, str) and item.strip().isdecimal():
        item = int(item.strip())
    if isinstance(item, int) and 0 <= item <= MAX_INT64:
        return item
    return None


def _parse(body: dict) -> tuple[dict, list[dict]]:
    """({field: parsed value}, violations)."""
    parsed: dict[str, Any] = {}
    errors: list[dict] = []
    section = _section(body)
    for field in ("skillMappings", "exceptions"):
        if field not in section:
            continue
        items = section[field]
        if not isinstance(items, list):
            errors.append({"field": field, "reason": "must be a list of ids"})
            continue
        ids = []
        for i, item in enumerate(items):
            value = _id_of(item, "id", "skillMappingId" if field == "skillMappings" else "exceptionId")
            if value is None:
                errors.append({"field": f"{field}[{i}]", "reason": "must be an id"})
            else:
                ids.append(value)
        parsed[field] = ids
    if "workShifts" in section:
        items = section["workShifts"]
        if not isinstance(items, list):
            errors.append({"field": "workShifts", "reason": "must be a list of {workShiftId, shiftWeekStart}"})
        else:
            shifts = []
            for i, item in enumerate(items):
                wid = _id_of(item, "workShiftId", "id")
                start_raw = item.get("shiftWeekStart") if isinstance(item, dict) else None
                start = parse_date(start_raw) if start_raw not in (None, "") else None
                if wid is None:
                    errors.append({"field": f"workShifts[{i}].workShiftId", "reason": "must be an id"})
                elif start_raw not in (None, "") and start is None:
                    errors.append({"field": f"workShifts[{i}].shiftWeekStart", "reason": "must be a date YYYY-MM-DD"})
                else:
                    shifts.append((wid, start))
            parsed["workShifts"] = shifts
    for field in NULLABLE:
        if field in section:
            value = section[field]
            parsed[field] = None if value is None else _id_of(value, "id")
            if value is not None and parsed[field] is None:
                errors.append({"field": field, "reason": "must be an id or null"})
    if "readOnly" in section:
        if isinstance(section["readOnly"], bool):
            parsed["readOnly"] = section["readOnly"]
        else:
            errors.append({"field": "readOnly", "reason": "must be true or false"})
    return parsed, errors


def _existing(db: Session, model, ids) -> set[int]:
    if not ids:
        return set()
    return set(db.scalars(select(model.id).where(model.id.in_(list(ids)))))


class WfmPersonFields:
    """Person extension for skill mappings, assigned exceptions and work shifts."""

    fields = FIELDS

    def read(self, db: Session, person: Person) -> dict:
        profile = person.work_condition_profile
        return {
            "skillMappings": [i for i, _n in repository.named_skill_mappings(db, person.id)],
            "exceptions": [i for i, _n in repository.named_exceptions(db, person.id)],
            "workShifts": [{"workShiftId": w, "workShiftName": n, "shiftWeekStart": s.isoformat() if s else None}
                           for w, n, s in repository.work_shifts(db, person.id)],
            "serviceQueueId": person.main_service_queue_id,
            "multiSkillGroupId": repository.group_by_agent(db, [person.id]).get(person.id),
            "workConditionProfileId": int(profile) if profile and profile.isdecimal() and len(profile) < 19 else None,
            "readOnly": bool(person.wfm_read_only),
        }

    def validate(self, db: Session, body: dict) -> None:
        parsed, errors = _parse(body)
        for field, model, what in (("skillMappings", SkillMapping, "skill mapping"),
                                   ("exceptions", ScheduleException, "exception")):
            ids = parsed.get(field) or []
            known = _existing(db, model, ids)
            errors += [{"field": f"{field}[{i}]", "reason": f"{what} {x} does not exist"}
                       for i, x in enumerate(ids) if x not in known]
        shifts = parsed.get("workShifts") or []
        known = _existing(db, WorkShift, [w for w, _s in shifts])
        errors += [{"field": f"workShifts[{i}].workShiftId", "reason": f"work shift {w} does not exist"}
                   for i, (w, _s) in enumerate(shifts) if w not in known]
        for field, model, what in (("serviceQueueId", ServiceQueue, "service queue"),
                                   ("multiSkillGroupId", MultiSkillGroup, "multi-skill group")):
            value = parsed.get(field)
            if value is not None and not _existing(db, model, [value]):
                errors.append({"field": field, "reason": f"{what} {value} does not exist"})
        if errors:
            first = errors[0]
            raise BadRequest(f"Invalid person: {first['field']} {first['reason']}", errors=errors)

    def write(self, db: Session, person: Person, body: dict) -> None:
        parsed, _errors = _parse(body)
        if parsed and person.id is None:
            db.flush()
        if "skillMappings" in parsed:
            wanted = set(parsed["skillMappings"])
            rows = {r.skill_mapping_id: r for r in db.scalars(
                select(SkillMappingAgent).where(SkillMappingAgent.person_id == person.id))}
            for sid in set(rows) - wanted:
                db.delete(rows[sid])
            db.add_all(SkillMappingAgent(skill_mapping_id=s, person_id=person.id) for s in sorted(wanted - set(rows)))
        if "exceptions" in parsed:
            wanted = set(parsed["exceptions"])
            rows = {r.exception_id: r for r in db.scalars(
                select(AgentException).where(AgentException.person_id == person.id))}
            for eid in set(rows) - wanted:
                db.delete(rows[eid])
            db.add_all(AgentException(person_id=person.id, exception_id=e) for e in sorted(wanted - set(rows)))
        if "workShifts" in parsed:
            wanted = dict(parsed["workShifts"])
            rows = {r.work_shift_id: r for r in db.scalars(
                select(AgentWorkShift).where(AgentWorkShift.person_id == person.id))}
            for wid in set(rows) - set(wanted):
                db.delete(rows[wid])
            for wid, start in wanted.items():
                row = rows.get(wid) or AgentWorkShift(person_id=person.id, work_shift_id=wid)
                row.shift_week_start = start
                db.add(row)
        if "serviceQueueId" in parsed:
            person.main_service_queue_id = parsed["serviceQueueId"]
        if "workConditionProfileId" in parsed:
            value = parsed["workConditionProfileId"]
            person.work_condition_profile = None if value is None else str(value)
        if "readOnly" in parsed:
            person.wfm_read_only = parsed["readOnly"]
        if "multiSkillGroupId" in parsed:
            link = db.get(MultiSkillGroupAgent, person.id)
            group_id = parsed["multiSkillGroupId"]
            if group_id is None and link is not None:
                db.delete(link)
            elif group_id is not None and link is not None:
                link.group_id = group_id
            elif group_id is not None:
                db.add(MultiSkillGroupAgent(person_id=person.id, group_id=group_id))
        db.flush()


PERSON_FIELDS = WfmPersonFields()
