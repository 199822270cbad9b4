"""The WFM fields of the Person APIs: `skillMappings`, `exceptions` and `workShifts` (registered in
openwfo.org.person_extensions by scheduling.wfm_config).

Read: `{"skillMappings": [id, ...], "exceptions": [id, ...], "workShifts": [{"workShiftId",
"workShiftName", "shiftWeekStart"}]}`. Written from the request body's top level or from its
`agentDetail` / `agentDetails` object (the reference shows both). A field left out (or null) is
left as it is; a list replaces. Items may be ids or `{"id": n}` objects (`{"workShiftId": n,
"shiftWeekStart": "YYYY-MM-DD"}` for work shifts).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import BadRequest
from ...models import (
    AgentException,
    AgentWorkShift,
    Person,
    ScheduleException,
    SkillMapping,
    SkillMappingAgent,
    WorkShift,
)
from ..rules import parse_date
from ..wire import MAX_INT64
from . import repository

FIELDS = ("skillMappings", "exceptions", "workShifts")


def _section(body: dict) -> dict:
    """The WFM fields of a body: top level first, then agentDetail(s)."""
    out: dict[str, Any] = {}
    if not isinstance(body, dict):
        return out
    for key in ("agentDetails", "agentDetail"):
        detail = body.get(key)
        if isinstance(detail, dict):
            out.update({f: detail[f] for f in FIELDS if detail.get(f) is not None})
    out.update({f: body[f] for f in FIELDS if body.get(f) is not None})
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
    if isinstance(item, str) and item.strip().isdigit():
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
    return parsed, errors


def _existing(db: Session, model, ids) -> set[int]:
    if not ids:
        return set()
    return set(db.scalars(select(model.id).where(model.id.in_(list(ids)))))


class WfmPersonFields:
    """Person extension for skill mappings, assigned exceptions and work shifts."""

    fields = FIELDS

    def read(self, db: Session, person: Person) -> dict:
        return {
            "skillMappings": [i for i, _n in repository.named_skill_mappings(db, person.id)],
            "exceptions": [i for i, _n in repository.named_exceptions(db, person.id)],
            "workShifts": [{"workShiftId": w, "workShiftName": n, "shiftWeekStart": s.isoformat() if s else None}
                           for w, n, s in repository.work_shifts(db, person.id)],
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
        db.flush()


PERSON_FIELDS = WfmPersonFields()
