"""Schedules through the Import API: GET/POST /api/rest/fileimport/schedules.

The CSV has one activity per row. Columns are named by field key or English label (any case; a
`mapping` part as the Import API's — {"mapping": [{"column", "field"}]} — may rename them):
agentId (or employeeId), date (the shift date, YYYY-MM-DD), activityType, startTime, endTime, and
optionally activityDetailName, serviceQueueId, multiSkillGroupId, exceptionId, paid, color,
activityMetadata. Times are epoch milliseconds, ISO 8601 with an offset
(2016-07-15T08:00:00-05:00), a local date and time (2016-07-15 08:00) in the agent's time zone, or
a time of day (HH:MM, HH:MM:SS, or with AM/PM) on the row's date in the agent's time zone. Times of
day of one agent and date make one shift: it starts at the start time that follows the longest gap
of the day's times (so the rows' order does not matter), and a time before it is on the next day
(a night shift 22:00 to 06:00 with a break at 01:00); an end not after its start is on the next day.
A row with an agent and a date but no activity type and no times clears that date.

The rows of one agent and date replace that agent's shift of that date, with every rule of the
schedule writes; problems are reported by row, and nothing is written unless every row is right.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...auth.deps import DbSession, Requires
from ...auth.principal import Principal
from ...errors import BadRequest
from ...imports.fileimport.schemas import DataTypeRead, FileImportResult, ImportFieldRead, ImportFieldsRead
from ...imports.parts import Part, file_part, read_parts
from ...imports.service import DRY_RUN_DESCRIPTION, discard
from ...kit import csv as kcsv
from ...models import Person
from ..rules import parse_date
from . import days, times
from . import repository as repo
from .service import visible_agents
from .writes import ActivityIn, AgentIn, DayIn, Problems, replace_schedules

router = APIRouter(tags=["imports", "extension"])

MAX_ROWS = 200_000
# key: (label, kind, required)
FIELDS: dict[str, tuple[str, str, bool]] = {
    "agentId": ("Agent ID", "integer", False),
    "employeeId": ("Employee ID", "text", False),
    "date": ("Date", "date", True),
    "activityType": ("Activity Type", "text", True),
    "activityDetailName": ("Activity Detail Name", "text", False),
    "serviceQueueId": ("Service Queue ID", "integer", False),
    "multiSkillGroupId": ("Multi-Skill Group ID", "integer", False),
    "exceptionId": ("Exception ID", "integer", False),
    "startTime": ("Start Time", "time", True),
    "endTime": ("End Time", "time", True),
    "paid": ("Paid", "bool", False),
    "color": ("Color", "text", False),
    "activityMetadata": ("Activity Metadata", "text", False),
}
TYPES = {
    "integer": [("Integer", "Number", "1, 2, 3")],
    "text": [("Text", "Text", "Example text")],
    "date": [("YYYY-MM-DD", "ISO Date", "2016-07-04")],
    "time": [("EpochMillis", "Epoch milliseconds", "1468558800000"),
             ("ISO8601", "Date and time with offset", "2016-07-15T08:00:00-05:00"),
             ("LocalDateTime", "Date and time in the agent's time zone", "2016-07-15 08:00"),
             ("TimeOfDay", "Time on the row's date in the agent's time zone (before the shift's start: the next day)",
              "08:00")],
    "bool": [("TrueFalse", "true/false", "true"), ("YesNo", "yes/no", "yes")],
}
TRUE, FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}

POST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {
                "file": {"type": "string", "format": "binary"},
                "mapping": {"type": "string", "description": 'optional JSON: {"mapping": [{"column", "field"}]}'},
            }, "required": ["file"]},
        },
        "text/csv": {"schema": {"type": "string"}},
    },
}


def _fold(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


_BY_NAME = {**{_fold(k): k for k in FIELDS}, **{_fold(v[0]): k for k, v in FIELDS.items()}}


@router.get("/api/rest/fileimport/schedules", response_model=ImportFieldsRead, summary="Fields of a schedule import")
def list_schedule_import_fields(principal: Requires("Bulk Import", "Edit Schedules")) -> ImportFieldsRead:
    """The columns a schedule CSV may have: key, label, required, data types."""
    return ImportFieldsRead(fields=[
        ImportFieldRead(key=k, label=label, required=req, multivalued=False,
                        types=[DataTypeRead(code=c, description=d, format=f) for c, d, f in TYPES[kind]])
        for k, (label, kind, req) in FIELDS.items()
    ])


@router.post("/api/rest/fileimport/schedules", response_model=FileImportResult, summary="Import schedules from CSV",
             openapi_extra={"requestBody": POST_BODY})
def import_schedules(principal: Requires("Bulk Import", "Edit Schedules"), db: DbSession,
                     parts: Annotated[list[Part], Depends(read_parts)],
                     dry_run: Annotated[bool, Query(alias="dryRun", description=DRY_RUN_DESCRIPTION)] = False,
                     ) -> FileImportResult:
    """Replace the agents' shifts on the dates the CSV's rows give (one activity per row; all or nothing)."""
    result = import_csv(db, principal, parts)
    what = f"{result['activities']} activities on {result['dates']} dates for {result['agents']} agents"
    if dry_run:
        discard(db)
        return FileImportResult(status="VALID", response_text=f"The file can be imported: {what}")
    return FileImportResult(status="SUCCESS", response_text=f"The file was successfully imported: {what}")


def _mapping(parts: list[Part]) -> tuple[dict[str, str], Part | None]:
    """Column -> field from a `mapping` part (or any JSON object part with a mapping list)."""
    for part in parts:
        text = part.data.decode("utf-8-sig", errors="replace").strip()
        if not text.startswith("{"):
            continue
        try:
            data = json.loads(text)
        except ValueError:
            raise BadRequest("The mapping part is not valid JSON", errors=[{"field": "mapping", "reason": "invalid JSON"}]) from None
        items = data.get("mapping") if isinstance(data, dict) else None
        if not isinstance(items, list):
            continue
        out = {}
        for i, item in enumerate(items):
            column = item.get("column") if isinstance(item, dict) else None
            target = item.get("field") if isinstance(item, dict) else None
            key = _BY_NAME.get(_fold(target)) if isinstance(target, str) else None
            if not isinstance(column, str) or key is None:
                raise BadRequest(f"mapping[{i}] must name a CSV column and one of the fields: {', '.join(FIELDS)}",
                                 errors=[{"field": f"mapping[{i}]", "reason": "unknown column or field"}])
            out[_fold(column)] = key
        return out, part
    return {}, None


def _columns(header: list[str], mapping: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    problems = Problems("schedule file")
    for i, cell in enumerate(header):
        name = _fold(cell)
        if not name:
            continue
        key = mapping.get(name) or _BY_NAME.get(name)
        if key is None:
            problems.add({"row": 1, "column": cell}, f"unknown column '{cell}'; the columns are: {', '.join(FIELDS)}")
        elif key in found:
            problems.add({"row": 1, "column": cell}, f"column '{cell}' repeats the {key} column")
        else:
            found[key] = i
    for key, (_, _, required) in FIELDS.items():
        if required and key not in found:
            problems.add({"row": 1, "column": key}, f"the {key} column is required")
    if "agentId" not in found and "employeeId" not in found:
        problems.add({"row": 1, "column": "agentId"}, "an agentId or employeeId column is required")
    problems.raise_if_any()
    return found


def import_csv(db: Session, principal: Principal, parts: list[Part]) -> dict:
    mapping, mapping_part = _mapping(parts)
    part = file_part(parts, exclude=mapping_part)
    if part is None:
        raise BadRequest("Send the schedule CSV as the request body or a multipart file part",
                         errors=[{"field": "file", "reason": "missing"}])
    try:
        table = kcsv.read(kcsv.decode(part.data))
    except kcsv.CsvError as exc:
        raise BadRequest(f"Unreadable CSV: {exc}", errors=[{"field": "file", "reason": str(exc)}]) from None
    if len(table.records) > MAX_ROWS:
        raise BadRequest(f"At most {MAX_ROWS} rows per file", errors=[{"field": "file", "reason": "too many rows"}])
    cols = _columns(table.header, mapping)
    problems = Problems("schedule file")

    def cell(rec, key) -> str:
        i = cols.get(key)
        return rec.cells[i].strip() if i is not None and i < len(rec.cells) else ""

    agent_of = _agent_lookup(db, principal, table.records, cols, cell)
    tenant_zone = repo.tenant_time_zone(db)
    by_agent: dict[int, dict[str, DayIn]] = {}
    # Activities given times of day, per agent and date: (activity, start seconds, end seconds).
    relative: dict[tuple[int, str], list[tuple[ActivityIn, int | None, int | None]]] = {}
    for rec in table.records:
        where = {"row": rec.line}
        agent = agent_of(rec)
        if agent is None:
            problems.add({**where, "column": "agentId" if "agentId" in cols else "employeeId"},
                         "no such agent enabled for scheduling (or not in your views)")
            continue
        date_text = cell(rec, "date")
        if parse_date(date_text) is None or len(date_text) != 10:
            problems.add({**where, "column": "date"}, f"'{date_text}' is not a date (YYYY-MM-DD)")
            continue
        day = by_agent.setdefault(agent[0], {}).setdefault(date_text, DayIn({**where, "column": "date"}, date_text))
        kind, start_text, end_text = cell(rec, "activityType"), cell(rec, "startTime"), cell(rec, "endTime")
        if not kind and not start_text and not end_text:
            continue  # the date is cleared (or only has the other rows' activities)
        tz = days.zone(agent[2], tenant_zone)
        values: dict[str, int | None] = {}
        of_day: dict[str, int | None] = {}
        for key in ("startTime", "endTime"):
            of_day[key] = times.time_of_day(cell(rec, key))
            values[key] = 0 if of_day[key] is not None else times.instant(cell(rec, key), tz)
            if values[key] is None or not 0 <= values[key] <= 253_402_300_799_999:
                problems.add({**where, "column": key}, f"'{cell(rec, key)}' is not a time (epoch ms, ISO 8601, "
                                                       "YYYY-MM-DD HH:MM, or HH:MM on the row's date)")
        for key in ("serviceQueueId", "multiSkillGroupId", "exceptionId"):
            text = cell(rec, key)
            values[key] = int(text) if text.isdecimal() and len(text) < 19 else None
            if text and values[key] is None:
                problems.add({**where, "column": key}, f"'{text}' is not an id")
        paid_text = cell(rec, "paid").lower()
        paid = True if paid_text in TRUE else False if paid_text in FALSE else None
        if paid_text and paid is None:
            problems.add({**where, "column": "paid"}, f"'{paid_text}' is not true or false")
        if values["startTime"] is None or values["endTime"] is None:
            continue
        activity = ActivityIn(
            where=where, activity_type=kind, start_time=values["startTime"], end_time=values["endTime"],
            detail_name=cell(rec, "activityDetailName")[:100] or None, service_queue_id=values["serviceQueueId"],
            multi_skill_group_id=values["multiSkillGroupId"], exception_id=values["exceptionId"], paid=paid,
            color=cell(rec, "color")[:50] or None, metadata=cell(rec, "activityMetadata")[:500] or None)
        day.activities.append(activity)
        if of_day["startTime"] is not None or of_day["endTime"] is not None:
            relative.setdefault((agent[0], date_text), []).append(
                (activity, of_day["startTime"], of_day["endTime"]))
    problems.raise_if_any()
    zone_of = {a[0]: a[2] for a in visible_agents(db, principal, list(by_agent))}
    for (agent_id, date_text), items in relative.items():
        times.resolve_times_of_day(parse_date(date_text), days.zone(zone_of[agent_id], tenant_zone), items)
    agents = [AgentIn(agent_id, zone_of[agent_id], list(day_map.values())) for agent_id, day_map in by_agent.items()]
    return replace_schedules(db, principal, agents, "schedule file")


def _agent_lookup(db: Session, principal: Principal, records, cols, cell):
    """A function from a record to its visible scheduling agent (id, employee id, zone), or None."""
    if "agentId" in cols:
        ids = {int(v) for v in (cell(r, "agentId") for r in records) if v.isdecimal() and len(v) < 19}
        agents = {a[0]: a for a in visible_agents(db, principal, ids)}

        def by_id(rec):
            v = cell(rec, "agentId")
            return agents.get(int(v)) if v.isdecimal() and len(v) < 19 else None
        return by_id
    wanted = {cell(r, "employeeId") for r in records} - {""}
    matches = db.execute(select(Person.id, Person.employee_id).where(Person.employee_id.in_(wanted))).all() if wanted else []
    visible = {a[0]: a for a in visible_agents(db, principal, [m[0] for m in matches])}
    by_employee: dict[str, tuple | None] = {}
    for pid, emp in matches:
        if pid in visible:
            by_employee[emp] = None if emp in by_employee else visible[pid]  # ambiguous numbers match nobody

    def by_emp(rec):
        return by_employee.get(cell(rec, "employeeId"))
    return by_emp
