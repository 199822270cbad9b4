"""The Bulk Report Data Export API: run a report with its parameters and paging, answer the CSV at
once when it is small, otherwise queue a job and let the caller poll its request id.

Every POST writes a `report_export` row (the rate limit counts them). Flow of an export:
1. the report (id or qname; the body's qname must name the same report), the caller's permission for
   the data (the owning API's), the request rate (over it: BLACKLISTED, 429, for a while);
2. parameters: the saved definition's defaults, then the body's encodedParamValues (by name);
3. paging: rows offset/limit (at most MAX_RECORDS rows; more is truncated and said so in
   `X-Records-Truncated`), columns offset/limit over the report's columns;
4. estimated rows × the report's cost within SYNC_BUDGET (and no `Prefer: respond-async`): the CSV
   now, with `Content-Extent: <total rows>,<total columns>`; else `{"requestId","status":"QUEUED"}`
   and a job (`jobs.py`) that writes the CSV to storage.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from operator import itemgetter

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..errors import BadRequest, Forbidden, NotFound
from ..jobs.service import enqueue
from ..kit import csv as kit_csv
from ..kit.clock import now_ms
from ..kit.violations import Violations
from ..models import ReportExport
from ..storage import Storage, StorageError
from . import limits, params
from .definitions import Resolved, normalize_qname, resolve, tenant_zone
from .repository import RunContext
from .schemas import ExportRequest

log = logging.getLogger("openwfo.reports")
JOB_KIND = "reports.export"

QUEUED, PROCESSING, DONE, FAILED = "QUEUED", "PROCESSING", "DONE", "FAILED"
CANCELED, EXPIRED, BLACKLISTED = "CANCELED", "EXPIRED", "BLACKLISTED"
OPEN = (QUEUED, PROCESSING)


@dataclass
class Plan:
    """What one export runs: the report, its filters and the slice of rows and columns."""

    resolved: Resolved
    filters: params.Filters
    row_offset: int
    row_limit: int  # rows asked for, capped at MAX_RECORDS
    capped: bool  # the caller asked for more than MAX_RECORDS (or for everything)
    col_offset: int
    col_limit: int | None


@dataclass
class Outcome:
    """A finished export: the CSV and its extent."""

    text: str
    total_rows: int
    total_columns: int
    rows_written: int
    truncated: bool


def compact(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"))


def _check_qname(req: ExportRequest, resolved: Resolved) -> None:
    for where, given in (("state.qname", req.qname), ("paramValues.qnameContent", req.qname_content)):
        if given and not resolve_same(resolved, given):
            raise BadRequest(f"{where} {given!r} does not name report {resolved.id} ({resolved.qname})",
                             errors=[{"field": where, "reason": "another report than the path's reportId"}])


def resolve_same(resolved: Resolved, qname: str) -> bool:
    """Whether a body's qname names the path's report (by its id: the reference's examples misspell
    their own suffixes)."""
    text = normalize_qname(qname)
    parts = text.split("_")
    return len(parts) >= 2 and parts[1].isdecimal() and int(parts[1]) == resolved.id


def plan(db: Session, principal: Principal, report_ref: str, req: ExportRequest) -> Plan:
    resolved = resolve(db, report_ref)
    _check_qname(req, resolved)
    if not resolved.runnable_by(principal):
        raise Forbidden(f"Report {resolved.name} needs one of the permissions "
                        + ", ".join(resolved.report.permissions))
    v = Violations("export request")
    try:
        entries = params.decode(req.encoded)
    except ValueError as exc:
        v.add("paramValues.encodedParamValues", str(exc))
        entries = []
    zone = tenant_zone(db)
    now = now_ms()
    report_params = list(resolved.report.params)
    defaults = params.parse(resolved.defaults, report_params, zone, now, Violations("saved defaults"))
    given = params.parse(entries, report_params, zone, now, v, "paramValues.encodedParamValues")
    v.raise_if_any()
    filters = params.Filters({**defaults.values, **given.values}, {**defaults.dates, **given.dates})
    for entry in entries:  # isAll given in the body clears a saved default
        name = entry.get("name") if isinstance(entry, dict) else None
        value = entry.get("value") if isinstance(entry, dict) else None
        if isinstance(name, str) and isinstance(value, dict) and str(value.get("isAll", "")).lower() == "true":
            folded = params.fold(name)
            for p in report_params:
                if folded in (params.fold(a) for a in (p.name, *p.aliases)):
                    filters.values.pop(p.name, None)
                    filters.dates.pop(p.name, None)
    asked = req.rows.limit
    capped = asked is None or asked > limits.MAX_RECORDS
    return Plan(resolved, filters, req.rows.offset, limits.MAX_RECORDS if capped else asked, capped,
                req.columns.offset, req.columns.limit)


def context(db: Session, principal: Principal) -> RunContext:
    return RunContext(principal, tenant_zone(db), now_ms())


def estimate(db: Session, principal: Principal, p: Plan) -> float:
    total = p.resolved.report.estimate(db, context(db, principal), p.filters)
    return max(0, min(total - p.row_offset, p.row_limit)) * p.resolved.report.cost


def run(db: Session, principal: Principal, p: Plan) -> Outcome:
    """Run the report and write the CSV (header of column labels, then the rows)."""
    report = p.resolved.report
    all_columns = report.all_columns(db)
    position = {c.key: i for i, c in enumerate(all_columns)}
    chosen = p.resolved.columns[p.col_offset:]
    if p.col_limit is not None:
        chosen = chosen[:p.col_limit]
    total, rows = report.run(db, context(db, principal), p.filters, p.row_offset, p.row_limit)
    text = kit_csv.write([c.label for c in chosen], _cells(rows, [position[c.key] for c in chosen],
                                                         [j for j, c in enumerate(chosen) if c.type == "boolean"]))
    truncated = p.capped and total - p.row_offset > limits.MAX_RECORDS
    return Outcome(text, total, len(p.resolved.columns), len(rows), truncated)


def _cells(rows, picks: list[int], flags: list[int]):
    """The chosen columns of each row (C-speed itemgetter), booleans written as true/false."""
    if not picks:
        return ([] for _ in rows)
    get = itemgetter(*picks)
    single = len(picks) == 1
    for row in rows:
        cells = [get(row)] if single else list(get(row))
        for j in flags:
            value = cells[j]
            if isinstance(value, bool):
                cells[j] = "true" if value else "false"
        yield cells


def extent_headers(total_rows: int, total_columns: int, rows_written: int, truncated: bool, offset: int = 0) -> dict:
    headers = {"Content-Extent": f"{total_rows},{total_columns}", "X-Total-Rows": str(total_rows),
               "X-Total-Columns": str(total_columns), "X-Rows-Returned": str(rows_written)}
    if truncated:
        headers["X-Records-Truncated"] = (f"At most {limits.MAX_RECORDS} records per export: rows {offset + 1}-"
                                          f"{offset + rows_written} of {total_rows} returned; export the rest with "
                                          "pageSpecification offsets or narrower parameters")
    return headers


def new_request_id() -> str:
    return uuid.uuid4().hex


def _snapshot(principal: Principal) -> dict:
    return {"sessionId": principal.session_id, "personId": principal.person_id,
            "permissionIds": sorted(principal.permission_ids), "scopeAll": principal.scope_all,
            "scopeGroupIds": sorted(principal.scope_group_ids), "scopeTeamIds": sorted(principal.scope_team_ids),
            "locale": principal.locale}


def principal_of(tenant_id: int, snap: dict) -> Principal:
    return Principal(session_id=snap.get("sessionId", ""), tenant_id=tenant_id, person_id=int(snap["personId"]),
                     permission_ids=frozenset(snap.get("permissionIds", ())), scope_all=bool(snap.get("scopeAll")),
                     scope_group_ids=frozenset(snap.get("scopeGroupIds", ())),
                     scope_team_ids=frozenset(snap.get("scopeTeamIds", ())), locale=snap.get("locale") or "en")


def plan_spec(p: Plan, req: ExportRequest, principal: Principal) -> dict:
    return {"encodedParamValues": req.encoded if isinstance(req.encoded, list) else params.decode(req.encoded),
            "rows": [req.rows.offset, req.rows.limit], "columns": [req.columns.offset, req.columns.limit],
            "caller": _snapshot(principal)}


def request_from_spec(spec: dict, qname: str) -> ExportRequest:
    from .schemas import Page

    return ExportRequest(qname=qname, encoded=spec.get("encodedParamValues") or [],
                         rows=Page(*spec.get("rows", [0, None])), columns=Page(*spec.get("columns", [0, None])))


# ---------------------------------------------------------------- rate limit

def blacklisted(db: Session, principal: Principal, now: int) -> int | None:
    """Until when (epoch ms) the caller is blacklisted, counting this request; None when not."""
    until = db.scalar(select(func.max(ReportExport.blacklisted_until_ms)).where(
        ReportExport.person_id == principal.person_id, ReportExport.blacklisted_until_ms > now))
    if until is not None:
        return int(until)
    recent = db.scalar(select(func.count()).select_from(ReportExport).where(
        ReportExport.person_id == principal.person_id, ReportExport.created_ms > now - 60_000,
        ReportExport.status != BLACKLISTED)) or 0
    if recent >= limits.RATE_PER_MINUTE:
        return now + limits.BLACKLIST_S * 1000
    return None


def record(db: Session, principal: Principal, report_id: int, qname: str, status: str, *, synchronous: bool = False,
           spec: dict | None = None, blacklisted_until: int | None = None) -> ReportExport:
    now = now_ms()
    row = ReportExport(request_id=new_request_id(), report_id=report_id, qname=qname[:100],
                       person_id=principal.person_id, status=status, synchronous=synchronous, spec=spec or {},
                       truncated=False, created_ms=now, blacklisted_until_ms=blacklisted_until)
    if synchronous:
        row.finished_ms = now
    db.add(row)
    db.flush()
    return row


# ---------------------------------------------------------------- status and expiry

def _expired(row: ReportExport, now: int) -> bool:
    if row.status == DONE and not row.synchronous:
        return (row.finished_ms or 0) + limits.RESULT_KEEP_S * 1000 <= now
    if row.status == QUEUED:
        return row.created_ms + limits.QUEUE_TIMEOUT_S * 1000 <= now
    return False


def expire(db: Session, row: ReportExport, storage: Storage | None, now: int) -> None:
    key, row.status, row.storage_key = row.storage_key, EXPIRED, None
    row.finished_ms = row.finished_ms or now
    if key and storage is not None:
        try:
            storage.delete(key)
        except (StorageError, OSError) as exc:
            log.warning("could not delete expired report export %s: %s", key, exc)


def sweep(db: Session, storage: Storage | None, limit: int = 200) -> int:
    """Expire finished exports past their keep time (file deleted) and queued ones never started;
    delete synchronous rows older than the rate window. Runs on the caller's (tenant) session."""
    now = now_ms()
    keep = now - limits.RESULT_KEEP_S * 1000
    stale = list(db.scalars(select(ReportExport).where(
        ((ReportExport.status == DONE) & ReportExport.synchronous.is_(False) & (ReportExport.finished_ms <= keep))
        | ((ReportExport.status == QUEUED) & (ReportExport.created_ms <= now - limits.QUEUE_TIMEOUT_S * 1000)))
        .order_by(ReportExport.id).limit(limit)))
    for row in stale:
        expire(db, row, storage, now)
    db.execute(delete(ReportExport).where(ReportExport.synchronous.is_(True),
                                          ReportExport.created_ms < now - limits.SYNC_ROWS_KEEP_S * 1000))
    db.flush()
    return len(stale)


def get_request(db: Session, principal: Principal, request_id: str) -> ReportExport:
    row = db.scalar(select(ReportExport).where(ReportExport.request_id == request_id.strip().lower()[:40]))
    if row is None or row.person_id != principal.person_id or row.synchronous:
        raise NotFound(f"Export request {request_id} does not exist")
    return row


def status_of(db: Session, principal: Principal, request_id: str, storage: Storage | None) -> ReportExport:
    """The caller's request; one past its time turns EXPIRED in a writing unit of work of its own (the
    GET's is a reading one)."""
    row = get_request(db, principal, request_id)
    if _expired(row, now_ms()):
        database = db.info["database"]
        with database.session(principal.tenant_id) as writer:
            fresh = writer.get(ReportExport, row.id)
            if fresh is not None and _expired(fresh, now_ms()):
                expire(writer, fresh, storage, now_ms())
            status, key = (fresh.status, fresh.storage_key) if fresh is not None else (EXPIRED, None)
        db.expunge(row)  # the answer shows the new status; the reading unit of work writes nothing
        row.status, row.storage_key = status, key
    return row


def cancel(db: Session, principal: Principal, request_id: str) -> ReportExport:
    row = get_request(db, principal, request_id)
    if row.status in OPEN:
        row.status, row.finished_ms = CANCELED, now_ms()
        db.flush()
    return row


def status_body(row: ReportExport) -> dict:
    out = {"requestId": row.request_id, "status": row.status}
    if row.status == FAILED and row.error:
        out["errorMessage"] = row.error
    if row.status == BLACKLISTED and row.blacklisted_until_ms:
        out["blacklistedUntil"] = row.blacklisted_until_ms
    return out


# ---------------------------------------------------------------- the POST and the GET

def csv_response(text: str, headers: dict):
    from starlette.responses import Response

    return Response(content=text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)


def json_response(data: dict, status_code: int = 200, headers: dict | None = None):
    from starlette.responses import Response

    return Response(content=compact(data), status_code=status_code, media_type="application/json",
                    headers=headers)


def export(database, principal: Principal, report_ref: str, req: ExportRequest, storage: Storage | None,
           prefer_async: bool = False):
    """The POST: CSV now, or {"requestId","status":"QUEUED"} and a job; BLACKLISTED (429) over the rate.

    Three units of work, so a large synchronous export never holds the SQLite write lock while it
    reads: a short write (sweep, rate check, the request's row), the report on a reading unit of work,
    a short write with the outcome (or the queued job)."""
    tenant = principal.tenant_id
    with database.session(tenant) as db:
        sweep(db, storage)
        now = now_ms()
        until = blacklisted(db, principal, now)
        number = report_ref.split("_")[1] if "_" in report_ref else report_ref
        report_id = int(number) if number.isdecimal() and len(number) < 10 else 0
        if until is not None:
            row = record(db, principal, report_id, report_ref[:100], BLACKLISTED, blacklisted_until=until)
            body = {"requestId": row.request_id, "status": BLACKLISTED,
                    "errorMessage": f"More than {limits.RATE_PER_MINUTE} export requests in a minute: blacklisted "
                                    f"for {limits.BLACKLIST_S} seconds"}
            return json_response(body, 429, {"Retry-After": str(max(1, (until - now + 999) // 1000))})
        # Counted at once (the rate); a refused request stays FAILED, a synchronous one DONE.
        row_id = record(db, principal, report_id, report_ref[:100], PROCESSING, synchronous=True).id
    try:
        with database.session(tenant, write=False) as db:
            p = plan(db, principal, report_ref, req)
            queued = prefer_async or estimate(db, principal, p) > limits.SYNC_BUDGET
            outcome = None if queued else run(db, principal, p)
    except Exception as exc:
        with database.session(tenant) as db:
            row = db.get(ReportExport, row_id)
            row.status, row.error = FAILED, (getattr(exc, "message", None) or type(exc).__name__)[:2000]
        raise
    with database.session(tenant) as db:
        row = db.get(ReportExport, row_id)
        row.report_id, row.qname = p.resolved.id, p.resolved.qname
        if queued:
            row.status, row.synchronous, row.finished_ms = QUEUED, False, None
            row.spec = plan_spec(p, req, principal)
            row.job_id = enqueue(db, JOB_KIND, {"exportId": row.id}, requested_by=principal.person_id).id
            return json_response({"requestId": row.request_id, "status": QUEUED})
        row.status = DONE
        row.total_rows, row.total_columns = outcome.total_rows, outcome.total_columns
        row.rows_written, row.truncated = outcome.rows_written, outcome.truncated
    headers = extent_headers(outcome.total_rows, outcome.total_columns, outcome.rows_written, outcome.truncated,
                             p.row_offset)
    return csv_response(outcome.text, headers)


def poll(db: Session, principal: Principal, request_id: str, storage: Storage):
    """The GET: the status until the CSV is ready, then the CSV (kept RESULT_KEEP_S, then EXPIRED)."""
    row = status_of(db, principal, request_id, storage)
    if row.status != DONE:
        return json_response(status_body(row))
    try:
        data = b"".join(storage.read_range(row.storage_key))
    except (StorageError, OSError):
        raise NotFound(f"The result of export request {request_id} is missing from storage") from None
    offset = (row.spec.get("rows") or [0])[0] or 0
    headers = extent_headers(row.total_rows or 0, row.total_columns or 0, row.rows_written or 0, row.truncated, offset)
    from starlette.responses import Response

    return Response(content=data, media_type="text/csv; charset=utf-8", headers=headers)
