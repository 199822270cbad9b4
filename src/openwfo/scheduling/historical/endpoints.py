"""GIS API (interval history files), WHIT API (upload and mapped import) and the history read (extension)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import Field

from ...auth.deps import DbSession, Requires
from ...errors import BadRequest, NotFound
from ...imports.fileimport.schemas import DataTypeRead, ImportFieldRead, ImportFieldsRead
from ...imports.parts import UPLOAD_BODY, Part, file_part, read_parts
from ...kit.responses import JSON
from ...kit.schemas import WireModel
from ..rules import parse_date
from ..schedules import days
from ..wire import IdPath
from . import parsing, service
from . import repository as repo

router = APIRouter(tags=["scheduling"])

MAX_RANGE_DAYS = 400
GIS = "/api/rest/scheduling/agentStateHistorical/polling"
WHIT_UPLOAD = "/api/upload/historicalData"
WHIT_IMPORT = "/api/rest/fileimport/historicalData"

GIS_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "agentFile": {"type": "string", "format": "binary", "description": "GIS agent file (CSV)"},
        "serviceFile": {"type": "string", "format": "binary", "description": "GIS service file (CSV)"},
    }}}, "text/csv": {"schema": {"type": "string"}}},
}
WHIT_IMPORT_BODY = {
    "required": True,
    "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"},
        "mapping": {"type": "string",
                    "description": 'JSON: {"mapping": [{"column", "field", "dataType"}]}; the date\'s dataType '
                                   "may name its format (YYYY-MM-DD, YYYY/MM/DD, MM/DD/YYYY, DD/MM/YYYY)"},
    }, "required": ["file"]}}},
}


class HistoricalImportResult(WireModel):
    status: str
    response_text: str
    intervals: int = Field(description="Intervals stored (each replaces the one stored for its queue and start)")
    service_queues: int
    files: list[str] = Field(description="The files imported (for WHIT: the *_ServiceHistorical.SERVICE files made)")


class HistoricalIntervalRead(WireModel):
    service_queue_id: int
    service_number: int
    service_name: str
    date: str
    period: str
    start_time: int = Field(description="The interval's start, epoch ms")
    received_calls: int
    handled_calls: int
    abandoned_calls: int
    transferred_calls: int
    avg_talk_time: float
    avg_acw_time: float = Field(alias="avgACWTime")
    asa: float | None = Field(alias="ASA")
    contacts_in_queue: int | None
    occupancy_ratio: float | None
    service_level: float | None
    qty_of_agents: float | None


def _acd_server(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not text.isdecimal() or len(text) > 18:
        raise BadRequest("acdServerId must be an id", errors=[{"field": "acdServerId", "reason": "not an id"}])
    return int(text)


def _date_hint(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    hint = parsing.date_format(value)
    if hint is None:
        raise BadRequest(f"dateFormat must be one of {', '.join(parsing.DATE_FORMATS)}",
                         errors=[{"field": "dateFormat", "reason": "unknown format"}])
    return hint


def _param(parts: list[Part], name: str, query_value: str | None) -> str | None:
    """A query parameter, or the same sent as a form field."""
    if query_value is not None:
        return query_value
    for part in parts:
        if part.filename is None and part.name.lower() == name.lower():
            return part.data.decode("utf-8", errors="replace")
    return None


def _result(summary: service.ImportSummary) -> HistoricalImportResult:
    return HistoricalImportResult(
        status="SUCCESS", intervals=summary.intervals, service_queues=summary.queues, files=summary.files,
        response_text=f"The file was successfully imported: {summary.intervals} intervals of "
                      f"{summary.queues} service queues")


AcdQuery = Query(None, max_length=30, description="The ID of the ACD server")
ZoneQuery = Query(None, max_length=10, description='"UTC" or "TENANT" (default)')
FormatQuery = Query(None, max_length=20, description="Extension: MM/DD/YYYY or DD/MM/YYYY for slash dates")


@router.post(GIS, response_model=HistoricalImportResult, summary="GIS: import interval history files",
             openapi_extra={"requestBody": GIS_BODY})
def gis_import(principal: Requires("Service User", "Bulk Import"), db: DbSession,
               parts: Annotated[list[Part], Depends(read_parts)],
               acdServerId: str | None = AcdQuery, dateFormat: str | None = FormatQuery):  # noqa: N803
    """The agent file and the service file (multipart parts, the reference's columns); all or nothing."""
    acd = _acd_server(_param(parts, "acdServerId", acdServerId))
    hint = _date_hint(_param(parts, "dateFormat", dateFormat))
    return _result(service.import_gis(db, principal, service.interval_files(parts), acd, hint))


@router.post(WHIT_UPLOAD, response_model=HistoricalImportResult, summary="WHIT: upload historical data",
             openapi_extra={"requestBody": UPLOAD_BODY})
def whit_upload(principal: Requires("Service User", "Bulk Import"), db: DbSession,
                parts: Annotated[list[Part], Depends(read_parts)],
                acdServerId: str | None = AcdQuery, timeZone: str | None = ZoneQuery,  # noqa: N803
                dateFormat: str | None = FormatQuery):  # noqa: N803
    """A WHIT CSV with the default columns, turned into GIS service files and imported."""
    acd = _acd_server(_param(parts, "acdServerId", acdServerId))
    mode = service.parse_time_zone(_param(parts, "timeZone", timeZone))
    hint = _date_hint(_param(parts, "dateFormat", dateFormat))
    part = file_part([p for p in parts if p.filename is not None or p.name.lower() not in service.PARAMETER_PARTS])
    if part is None:
        raise BadRequest("Send the CSV as a multipart file part", errors=[{"field": "file", "reason": "missing"}])
    return _result(service.import_whit(db, principal, part.filename or "file", part.data, acd, mode, None, hint))


@router.get(WHIT_IMPORT, response_model=ImportFieldsRead, tags=["imports"], summary="Fields of a WHIT import")
def whit_import_fields(principal: Requires("Service User", "Bulk Import")) -> ImportFieldsRead:
    return ImportFieldsRead(fields=[
        ImportFieldRead(key=k, label=label, required=req, multivalued=False,
                        types=[DataTypeRead(code=c, description=d, format=f) for c, d, f in parsing.TYPES[kind]])
        for k, (label, kind, req) in parsing.FIELDS.items()
    ])


def _mapping(parts: list[Part]) -> tuple[dict[str, str], str | None, Part | None]:
    """Folded column -> key, the date's dataType, and the mapping part."""
    for part in parts:
        text = part.data.decode("utf-8-sig", errors="replace").strip()
        if not text.startswith("{"):
            continue
        try:
            data = json.loads(text)
        except ValueError:
            raise BadRequest("The mapping is not valid JSON", errors=[{"field": "mapping", "reason": "invalid JSON"}]) from None
        items = data.get("mapping", data.get("mappings")) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise BadRequest('The mapping must be {"mapping": [{"column", "field", "dataType"}]}',
                             errors=[{"field": "mapping", "reason": "no mapping list"}])
        out: dict[str, str] = {}
        hint = None
        errors = []
        for i, item in enumerate(items):
            column = item.get("column") if isinstance(item, dict) else None
            target = item.get("field") if isinstance(item, dict) else None
            key = parsing.BY_NAME.get(parsing.fold(target)) if isinstance(target, str) else None
            if not isinstance(column, str) or not column.strip() or key is None:
                errors.append({"field": f"mapping[{i}]",
                               "reason": f"needs a column and one of the fields {', '.join(parsing.FIELDS)}"})
                continue
            out[parsing.fold(column)] = key
            data_type = item.get("dataType")
            if key == "date" and isinstance(data_type, str) and parsing.date_format(data_type):
                hint = parsing.date_format(data_type)
        if errors:
            raise BadRequest(f"Invalid mapping: {errors[0]['field']} {errors[0]['reason']}", errors=errors)
        return out, hint, part
    return {}, None, None


@router.post(WHIT_IMPORT, response_model=HistoricalImportResult, tags=["imports"],
             summary="WHIT: import historical data with a column mapping", openapi_extra={"requestBody": WHIT_IMPORT_BODY})
def whit_import(principal: Requires("Service User", "Bulk Import"), db: DbSession,
                parts: Annotated[list[Part], Depends(read_parts)],
                acdServerId: str | None = AcdQuery, timeZone: str | None = ZoneQuery,  # noqa: N803
                dateFormat: str | None = FormatQuery):  # noqa: N803
    """A CSV and a JSON mapping of its columns to the WHIT fields; turned into GIS service files and imported."""
    acd = _acd_server(_param(parts, "acdServerId", acdServerId))
    mode = service.parse_time_zone(_param(parts, "timeZone", timeZone))
    mapping, mapped_hint, mapping_part = _mapping(parts)
    hint = _date_hint(_param(parts, "dateFormat", dateFormat)) or mapped_hint
    part = file_part([p for p in parts if p is not mapping_part
                      and (p.filename is not None or p.name.lower() not in service.PARAMETER_PARTS)])
    if part is None:
        raise BadRequest("Send the CSV as a multipart file part", errors=[{"field": "file", "reason": "missing"}])
    return _result(service.import_whit(db, principal, part.filename or "file", part.data, acd, mode, mapping, hint))


@router.get("/api/rest/scheduling/historical/service/{queueId}", response_model=list[HistoricalIntervalRead],
            tags=["extension"], summary="Interval history of a service queue")
def read_history(queueId: IdPath, principal: Requires("Plan Schedules", "Administer WFM", "Service User", "Bulk Import"),  # noqa: N803
                 db: DbSession, fromDate: str = Query(max_length=30, description="YYYY-MM-DD, first day"),  # noqa: N803
                 toDate: str = Query(max_length=30, description="YYYY-MM-DD, last day (inclusive)")):  # noqa: N803
    """The stored intervals of the queue on the days fromDate..toDate (tenant time zone), oldest first."""
    first, last = parse_date(fromDate), parse_date(toDate)
    errors = [{"field": name, "reason": "YYYY-MM-DD"} for name, value in (("fromDate", first), ("toDate", last))
              if value is None]
    if not errors and last < first:
        errors.append({"field": "toDate", "reason": "before fromDate"})
    if not errors and (last - first).days >= MAX_RANGE_DAYS:
        errors.append({"field": "toDate", "reason": f"at most {MAX_RANGE_DAYS} days"})
    if errors:
        raise BadRequest(f"Invalid date range: {errors[0]['field']} {errors[0]['reason']}", errors=errors)
    queues = repo.visible_queue_rows(db, principal.person_id, [queueId])
    if queueId not in queues:
        raise NotFound(f"Service queue {queueId} does not exist")
    number, _ = queues[queueId]
    zone = service.tenant_zone(db)
    rows = repo.intervals_for(db, [queueId], days.day_start_ms(first, zone),
                              days.day_start_ms(last + dt.timedelta(days=1), zone))
    return JSON([{
        "serviceQueueId": r.service_queue_id, "serviceNumber": number, "serviceName": r.service_name,
        "date": r.local_date.isoformat(), "period": f"{r.period_minute // 60:02d}:{r.period_minute % 60:02d}",
        "startTime": r.start_ms, "receivedCalls": r.received_calls, "handledCalls": r.handled_calls,
        "abandonedCalls": r.abandoned_calls, "transferredCalls": r.transferred_calls,
        "avgTalkTime": r.avg_talk_s, "avgACWTime": r.avg_acw_s, "ASA": r.asa_s,
        "contactsInQueue": r.contacts_in_queue, "occupancyRatio": r.occupancy_ratio,
        "serviceLevel": r.service_level, "qtyOfAgents": r.qty_of_agents,
    } for r in rows])


def routers() -> list[APIRouter]:
    return [router]
