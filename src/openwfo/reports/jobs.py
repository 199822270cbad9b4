"""The background run of a large or slow export (job kind `reports.export`).

The job reads its `report_export` row: canceled or expired before it started, it stops; otherwise
the row turns PROCESSING, the report runs with the caller's permissions and scope as they were
when the request was made (a snapshot on the row), the CSV goes to storage
(`t<tenant>/reports/<requestId>.csv`) and the row turns DONE with the extent. A request canceled
while it ran keeps CANCELED and its file is deleted. A failure turns the row FAILED with the reason.
Idempotent: a retried job finds a DONE row (its file present) and stops. The periodic maintenance
runs `reports.expiry_sweep` over every tenant (a POST also sweeps its own tenant).
"""

from __future__ import annotations

import logging

from ..jobs.registry import JobContext, job_handler
from ..kit.clock import now_ms
from ..models import ReportExport
from ..storage import storage_for
from ..system.maintenance import periodic
from . import limits, service

log = logging.getLogger("openwfo.reports")


def _key(tenant_id: int, request_id: str) -> str:
    return f"t{tenant_id}/reports/{request_id}.csv"


@job_handler(service.JOB_KIND)
def run_export(ctx: JobContext, payload: dict) -> dict:
    export_id = int(payload["exportId"])
    storage = storage_for(ctx.database)
    with ctx.session() as db:
        row = db.get(ReportExport, export_id)
        if row is None:
            return {"skipped": "export row gone"}
        if row.status == service.DONE and row.storage_key and storage.exists(row.storage_key):
            return {"requestId": row.request_id, "status": row.status}
        if row.status not in service.OPEN:
            return {"requestId": row.request_id, "status": row.status}
        now = now_ms()
        if row.created_ms + limits.QUEUE_TIMEOUT_S * 1000 <= now:
            service.expire(db, row, storage, now)
            return {"requestId": row.request_id, "status": row.status}
        row.status, row.started_ms = service.PROCESSING, now
        request_id, tenant_id, spec, qname, report_id = row.request_id, row.tenant_id, dict(row.spec), row.qname, \
            row.report_id
    key = _key(tenant_id, request_id)
    try:
        ctx.progress(10)
        # A reading unit of work: on SQLite it neither waits for nor blocks writers while it runs.
        with ctx.database.session(tenant_id, write=False) as db:
            principal = service.principal_of(tenant_id, spec["caller"])
            req = service.request_from_spec(spec, qname)
            plan = service.plan(db, principal, str(report_id), req)
            outcome = service.run(db, principal, plan)
        ctx.progress(80)
        size = storage.put_bytes(key, outcome.text.encode("utf-8"), "text/csv")
    except Exception as exc:
        with ctx.session() as db:
            row = db.get(ReportExport, export_id)
            if row is not None and row.status in service.OPEN:
                row.status, row.finished_ms = service.FAILED, now_ms()
                row.error = (getattr(exc, "message", None) or str(exc) or type(exc).__name__)[:2000]
        raise
    with ctx.session() as db:
        row = db.get(ReportExport, export_id)
        if row is None or row.status != service.PROCESSING:
            storage.delete(key)  # canceled (or gone) while it ran
            return {"requestId": request_id, "status": row.status if row else "gone"}
        row.status, row.storage_key, row.finished_ms = service.DONE, key, now_ms()
        row.total_rows, row.total_columns = outcome.total_rows, outcome.total_columns
        row.rows_written, row.truncated = outcome.rows_written, outcome.truncated
    log.info("report export %s: %s rows, %s bytes", request_id, outcome.rows_written, size)
    return {"requestId": request_id, "status": service.DONE, "rows": outcome.rows_written, "bytes": size}


SWEEP_KIND = "reports.expiry_sweep"


@job_handler(SWEEP_KIND)
def expiry_sweep(ctx: JobContext, payload: dict) -> dict:
    """Every tenant's finished exports past their keep time (files deleted) and queued ones never
    started turn EXPIRED; old rows of synchronous requests are deleted (system housekeeping: unbound)."""
    storage = storage_for(ctx.database)
    expired = 0
    while True:
        with ctx.database.session() as db:
            done = service.sweep(db, storage)
        expired += done
        if done < 200:
            return {"expired": expired}


periodic("report-exports", SWEEP_KIND, lambda settings: {})
