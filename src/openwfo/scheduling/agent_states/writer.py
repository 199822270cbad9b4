"""Group commit for the Real-Time Data Capture API: concurrent small capture requests share one
transaction.

An ACD adapter sends one change per request, often from several connections at once. Each request
queues its changes here and waits; one writer thread per store takes what is queued (up to
`MAX_GROUP` changes), stores it as one `service.ingest` per tenant (one agent lookup, one multi-row
INSERT ... ON CONFLICT DO NOTHING RETURNING) and commits once; only then does each request get its
results. An accepted change is therefore committed before its response, as on the plain path, and the
per-request costs of a unit of work (pool checkout, BEGIN IMMEDIATE, commit) and of the hop to a worker
thread are shared by the group. Should a group's transaction fail, its requests are stored again one by
one, so that one request's failure is its own.

Results are as `service.ingest`'s for the request alone: indexes are the request's own, and a change
sent twice in one group is stored once (the later one is a duplicate, as across two requests).
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from dataclasses import dataclass

from ...db import bind_tenant
from . import service

log = logging.getLogger("openwfo.agent_states")

MAX_GROUP = 2_000     # changes per shared transaction
SMALL = 100           # requests of at most this many changes are grouped; larger batches commit on their own
IDLE_S = 30.0


@dataclass(eq=False)
class _Job:
    tenant_id: int
    items: list
    acd_server_id: int | None
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future


class CaptureWriter:
    def __init__(self, database):
        self.database = database
        self._queue: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def ingest(self, tenant_id: int, items: list, acd_server_id: int | None) -> list[service.Change]:
        """Store the changes (committed when this returns); as `service.ingest`."""
        loop = asyncio.get_running_loop()
        job = _Job(tenant_id, items, acd_server_id, loop, loop.create_future())
        self._queue.put(job)
        self._start()  # after the put: a thread ending for idleness sees the job, or a new one starts
        return await job.future

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="openwfo-capture-writer", daemon=True)
                self._thread.start()

    def _next(self) -> _Job | None:
        """The next job; None once idle for IDLE_S with nothing queued (the thread then ends, and the next
        request starts another: a store that stops capturing holds no thread)."""
        while True:
            try:
                return self._queue.get(timeout=IDLE_S)
            except queue.Empty:
                with self._lock:
                    if self._queue.empty():
                        self._thread = None
                        return None

    def _run(self) -> None:
        while True:
            first = self._next()
            if first is None:
                return
            group = [first]
            size = len(group[0].items)
            while size < MAX_GROUP:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                group.append(job)
                size += len(job.items)
            by_tenant: dict[int, list[_Job]] = {}
            for job in group:
                by_tenant.setdefault(job.tenant_id, []).append(job)
            for tenant_id, jobs in by_tenant.items():
                try:
                    self._store(tenant_id, jobs)
                except Exception:
                    if len(jobs) == 1:
                        _answer(jobs[0], error=True)
                        continue
                    log.warning("a grouped capture transaction failed; storing its requests one by one",
                                exc_info=True)
                    for job in jobs:
                        try:
                            self._store(tenant_id, [job])
                        except Exception:
                            _answer(job, error=True)

    def _store(self, tenant_id: int, jobs: list[_Job]) -> None:
        db = self.database.sessionmaker()
        try:
            bind_tenant(db, tenant_id)
            servers = {job.acd_server_id for job in jobs}
            if len(servers) > 1:  # requests naming different ACD servers: each resolved on its own
                parts = [service.ingest(db, job.items, job.acd_server_id) for job in jobs]
            else:
                changes = service.ingest(db, [item for job in jobs for item in job.items], servers.pop())
                parts, at = [], 0
                for job in jobs:
                    part = changes[at:at + len(job.items)]
                    for i, change in enumerate(part):
                        change.index = i
                    parts.append(part)
                    at += len(job.items)
            if db.in_transaction():
                db.commit()
        except BaseException:
            if len(jobs) == 1:
                log.exception("storing %d agent state changes failed", len(jobs[0].items))
            db.rollback()
            raise
        finally:
            db.close()
        for job, part in zip(jobs, parts, strict=True):
            _answer(job, part)


def _answer(job: _Job, result=None, error: bool = False) -> None:
    def settle() -> None:
        if job.future.done():
            return
        if error:
            job.future.set_exception(CaptureFailed())
        else:
            job.future.set_result(result)
    try:
        job.loop.call_soon_threadsafe(settle)
    except RuntimeError:  # the request's loop is gone
        pass


class CaptureFailed(RuntimeError):
    """The request's changes could not be stored (logged where it happened)."""


_writers_lock = threading.Lock()


def writer_for(database) -> CaptureWriter:
    writer = getattr(database, "capture_writer", None)
    if writer is None:
        with _writers_lock:
            writer = getattr(database, "capture_writer", None)
            if writer is None:
                writer = database.capture_writer = CaptureWriter(database)
    return writer
