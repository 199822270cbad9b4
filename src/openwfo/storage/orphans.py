"""The orphaned-media sweep: stored objects that no row names, older than a grace period, are
deleted (e.g. media written by an import whose process died before it committed).

A key is referenced when any table's `storage_key` column holds it (found from the models, so
areas added later are covered) or when it lies under the `storagePrefix` of a job that has not
finished (a large upload staged for its import job). The grace period covers work in flight:
media are stored before the rows naming them commit.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from ..jobs.registry import JobContext, job_handler
from ..kit.clock import now_ms
from ..models import Base, Job
from .base import StorageError, storage_for

log = logging.getLogger("openwfo.storage.orphans")
JOB_KIND = "storage.orphan_sweep"
BATCH = 500
REPORTED = 200  # keys listed in the job result (all are logged)


def _key_columns():
    return [t.c.storage_key for t in Base.metadata.sorted_tables if "storage_key" in t.c]


def _staged_prefixes(db) -> list[str]:
    rows = db.scalars(select(Job.payload).where(Job.status.in_(("queued", "running"))))
    return [p["storagePrefix"] for p in rows if isinstance(p, dict) and p.get("storagePrefix")]


def _referenced(db, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for column in _key_columns():
        found.update(db.scalars(select(column).where(column.in_(keys))))
    return found


def sweep_orphans(database, storage, grace_ms: int, now: int | None = None) -> dict:
    """Delete unreferenced objects older than grace_ms; answers what was removed."""
    cutoff = (now_ms() if now is None else now) - grace_ms
    removed: list[str] = []
    scanned = failed = 0
    with database.session() as db:
        staged = tuple(_staged_prefixes(db))
    batch: list[str] = []

    def flush() -> None:
        nonlocal failed
        with database.session() as db:
            live = _referenced(db, batch)
        for key in batch:
            if key in live:
                continue
            try:
                storage.delete(key)
            except (StorageError, OSError) as exc:
                failed += 1
                log.warning("orphaned media %s could not be deleted: %s", key, exc)
                continue
            removed.append(key)
            log.info("orphaned media removed: %s", key)
        batch.clear()

    for key, modified_ms in storage.list_objects():
        scanned += 1
        if modified_ms > cutoff or (staged and key.startswith(staged)):
            continue
        batch.append(key)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    if removed:
        log.info("orphaned-media sweep: %s object(s) removed of %s scanned", len(removed), scanned)
    return {"scanned": scanned, "removedCount": len(removed), "removed": removed[:REPORTED], "failed": failed,
            "graceHours": grace_ms / 3_600_000}


@job_handler(JOB_KIND)
def orphan_sweep(ctx: JobContext, payload: dict) -> dict:
    """Remove stored media no row names, older than payload graceHours (default 24)."""
    grace_ms = int(float(payload.get("graceHours", 24)) * 3_600_000)
    return sweep_orphans(ctx.database, storage_for(ctx.database), grace_ms)
