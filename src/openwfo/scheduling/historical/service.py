"""Interval history imports: the GIS files, and WHIT files turned into GIS service files.

GIS (`POST /api/rest/scheduling/agentStateHistorical/polling`): every file part is read with the
reference's columns; rows are matched to the caller's visible service queues by `serviceNumber`
(the queue's ACD id; of the `acdServerId` when given). Dates and periods are in the tenant's time
zone; a period that does not exist there (the hour skipped by daylight saving time) is an error,
and in the repeated hour a period given twice in one file is its first, then its second occurrence.
The reference gives the agent file and the service file the same columns: both are read; when
both give the same queue and interval, the service file's row is kept. An interval given twice in
one file is an error. Nothing is stored unless every row of every file is right; then each
interval replaces the one stored for the same queue and start.

WHIT (`/api/upload/historicalData`, `/api/rest/fileimport/historicalData`): the CSV's date and period
are in the tenant's time zone (`timeZone=TENANT`, the default) or in UTC (`timeZone=UTC`). The rows
are checked the same way (errors name the WHIT file's lines), then turned into one
`<serviceNumber>_ServiceHistorical.SERVICE` file per queue — the GIS service file format, with
dates and periods in the tenant's time zone — and those files are imported as by the GIS API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ...imports.parts import Part
from ...kit import csv as kcsv
from ...kit.clock import now_ms
from ..schedules import days
from ..schedules import repository as schedules_repo
from ..schedules.writes import Problems
from . import parsing
from . import repository as repo

UTC = dt.UTC
SERVICE_SUFFIX = "_ServiceHistorical.SERVICE"
PARAMETER_PARTS = {"acdserverid", "timezone", "dateformat"}


@dataclass(frozen=True)
class ImportSummary:
    intervals: int
    queues: int
    files: list[str]


def _local_start(day: dt.date, minute: int, zone, fold: int) -> int | None:
    """Epoch ms of the local wall time, None when the zone skips it."""
    local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=zone).replace(fold=fold)
    utc = local.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None, fold=0) != local.replace(tzinfo=None, fold=0):
        return None
    return int(utc.timestamp() * 1000)


def local_start(day: dt.date, minute: int, zone) -> int | None:
    """Epoch ms when the interval of `day` starting `minute` after local midnight begins in `zone` (its
    first occurrence in the hour daylight saving time repeats); None when the zone skips that time."""
    return _local_start(day, minute, zone, 0)


def store_intervals(db: Session, tenant_id: int, records: list[dict]) -> None:
    """Store interval records of the shape `resolve` builds (generated data: the demo's history),
    each replacing the one stored for the same queue and start."""
    repo.replace_intervals(db, tenant_id, records)


def _ambiguous(day: dt.date, minute: int, zone) -> bool:
    return _local_start(day, minute, zone, 0) != _local_start(day, minute, zone, 1)


def resolve(db: Session, principal: Principal, files: list[list[parsing.IntervalRow]], zone,
            acd_server_id: int | None, problems: Problems) -> list[dict]:
    """The rows of the files (first file first: it wins an interval over later ones) as interval
    records for the store; every problem goes to `problems`."""
    numbers = {r.service_number for rows in files for r in rows}
    queues = repo.visible_queues_by_number(db, principal.person_id, numbers, acd_server_id)
    out: dict[tuple[int, int], dict] = {}
    owner: dict[tuple[int, int], int] = {}
    imported = now_ms()
    for index, rows in enumerate(files):
        seen: dict[tuple[int, dt.date, int], tuple[int, int]] = {}
        for row in rows:
            queue = queues.get(row.service_number)
            if queue is None:
                of_server = f" of ACD server {acd_server_id}" if acd_server_id is not None else ""
                problems.add({**row.where, "column": "serviceNumber"},
                             f"no service queue{of_server} has the ACD id {row.service_number} (or it is not in your views)")
                continue
            local_key = (queue[0], row.day, row.minute)
            fold = 0
            if local_key in seen:
                first_line, first_fold = seen[local_key]
                if first_fold == 0 and _ambiguous(row.day, row.minute, zone):
                    fold = 1
                else:
                    problems.add({**row.where, "column": "period"},
                                 f"repeats the interval of line {first_line} (queue {row.service_number}, "
                                 f"{row.day.isoformat()} {row.minute // 60:02d}:{row.minute % 60:02d})")
                    continue
            start = _local_start(row.day, row.minute, zone, fold)
            if start is None:
                problems.add({**row.where, "column": "period"},
                             f"{row.day.isoformat()} {row.minute // 60:02d}:{row.minute % 60:02d} does not exist in "
                             f"the time zone {zone.key if isinstance(zone, ZoneInfo) else 'UTC'} (daylight saving time)")
                continue
            seen[local_key] = (row.line, fold)
            key = (queue[0], start)
            if key in out and owner[key] != index:
                continue  # an earlier (higher-priority) file gives this interval
            owner[key] = index
            v = row.values
            out[key] = {
                "service_queue_id": queue[0], "start_ms": start, "local_date": row.day, "period_minute": row.minute,
                "service_name": row.service_name, "received_calls": v["receivedCalls"],
                "handled_calls": v["handledCalls"], "abandoned_calls": v["abandonedCalls"],
                "transferred_calls": v["transferredCalls"], "avg_talk_s": v["avgTalkTime"],
                "avg_acw_s": v["avgACWTime"], "asa_s": v["ASA"], "contacts_in_queue": v["contactsInQueue"],
                "occupancy_ratio": v["occupancyRatio"], "service_level": v["serviceLevel"],
                "qty_of_agents": v["qtyOfAgents"], "imported_ms": imported,
            }
    return list(out.values())


def _check_acd_server(db: Session, acd_server_id: int | None) -> None:
    if acd_server_id is not None and not repo.acd_server_exists(db, acd_server_id):
        raise BadRequest(f"ACD server {acd_server_id} does not exist",
                         errors=[{"field": "acdServerId", "reason": "does not exist"}])


def tenant_zone(db: Session):
    return days.zone(schedules_repo.tenant_time_zone(db))


def interval_files(parts: list[Part]) -> list[tuple[str, bytes]]:
    """The file parts of a GIS request, the service file(s) first (they win over the agent file)."""
    files = []
    for i, part in enumerate(parts):
        if part.filename is None and part.name.lower() in PARAMETER_PARTS:
            continue
        if not part.data.strip():
            continue
        name = part.filename or part.name or f"part{i + 1}"
        files.append((name, part.data, "agent" in f"{part.name} {part.filename or ''}".lower()))
    files.sort(key=lambda f: f[2])  # stable: service files (and unnamed ones) before agent files
    return [(name, data) for name, data, _ in files]


def import_gis(db: Session, principal: Principal, files: list[tuple[str, bytes]], acd_server_id: int | None,
               date_hint: str | None = None) -> ImportSummary:
    if not files:
        raise BadRequest("Send the GIS agent and/or service file as multipart file parts",
                         errors=[{"field": "file", "reason": "missing"}])
    _check_acd_server(db, acd_server_id)
    problems = Problems("historical data")
    parsed = [parsing.read_file(name, data, problems, date_hint=date_hint) for name, data in files]
    problems.raise_if_any()
    records = resolve(db, principal, parsed, tenant_zone(db), acd_server_id, problems)
    problems.raise_if_any()
    repo.replace_intervals(db, principal.tenant_id, records)
    return ImportSummary(len(records), len({r["service_queue_id"] for r in records}), [n for n, _ in files])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def service_files(rows: list[parsing.IntervalRow], zone, utc: bool) -> list[tuple[str, bytes]]:
    """WHIT rows as one GIS service file per queue, dates and periods in the tenant's zone `zone`."""
    by_queue: dict[int, list[tuple[tuple, list[str]]]] = {}
    for row in rows:
        day, minute = row.day, row.minute
        order: tuple = (day, minute, row.line)
        if utc:
            at = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=UTC)
            local = at.astimezone(zone)
            day, minute, order = local.date(), local.hour * 60 + local.minute, (at, row.line)
        v = row.values
        cells = [_cell(v["abandonedCalls"]), _cell(v["ASA"]), _cell(v["avgACWTime"]), _cell(v["avgTalkTime"]),
                 _cell(v["contactsInQueue"]), day.isoformat(), _cell(v["handledCalls"]), _cell(v["occupancyRatio"]),
                 f"{minute // 60:02d}:{minute % 60:02d}", _cell(v["qtyOfAgents"]), _cell(v["receivedCalls"]),
                 _cell(v["serviceLevel"]), row.service_name, str(row.service_number), _cell(v["transferredCalls"])]
        by_queue.setdefault(row.service_number, []).append((order, cells))
    header = list(parsing.FIELDS)
    return [(f"{number}{SERVICE_SUFFIX}", kcsv.write(header, [c for _, c in sorted(items, key=lambda i: i[0])]).encode())
            for number, items in sorted(by_queue.items())]


def import_whit(db: Session, principal: Principal, name: str, data: bytes, acd_server_id: int | None,
                time_zone: str, mapping: dict[str, str] | None = None, date_hint: str | None = None) -> ImportSummary:
    _check_acd_server(db, acd_server_id)
    utc = time_zone == "UTC"
    zone = tenant_zone(db)
    problems = Problems("historical data")
    rows = parsing.read_file(name, data, problems, mapping=mapping, date_hint=date_hint)
    problems.raise_if_any()
    # Checked as written (lines of the WHIT file), in the zone its times are in.
    resolve(db, principal, [rows], UTC if utc else zone, acd_server_id, problems)
    problems.raise_if_any()
    files = service_files(rows, zone, utc)
    summary = import_gis(db, principal, files, acd_server_id, date_hint="YYYY-MM-DD")
    return summary


def parse_time_zone(value: str | None) -> str:
    mode = (value or "TENANT").strip().upper()
    if mode not in ("UTC", "TENANT"):
        raise BadRequest("timeZone must be UTC or TENANT", errors=[{"field": "timeZone", "reason": "UTC or TENANT"}])
    return mode
