"""Periodic maintenance, once per deployment however many processes serve it.

Areas register a periodic task (`periodic(name, kind, payload)`): a job kind and the payload it
gets from the settings. Every `openwfo serve` process runs a small scheduler (a `kit/lifecycle.py`
start hook); when a task is due, the processes race to move its `system_schedule` row forward
with one conditional UPDATE, and only the winner enqueues the job — in the same transaction, so
a task is never claimed without its job. The job then runs wherever jobs run (in-process or
`openwfo worker`) and keeps its result on the job row.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..jobs.builtin import housekeeping_payload
from ..jobs.service import enqueue
from ..kit import lifecycle
from ..kit.clock import now_ms
from ..models import ScheduledTask
from ..storage import orphans, storage_for

log = logging.getLogger("openwfo.maintenance")


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    kind: str
    payload: Callable[[object], dict]  # settings -> job payload


TASKS: dict[str, PeriodicTask] = {}


def periodic(name: str, kind: str, payload: Callable[[object], dict]) -> None:
    TASKS[name] = PeriodicTask(name, kind, payload)


def interval_ms(settings) -> int:
    return int(float(settings.maintenance_minutes or 0) * 60_000)


def _ensure_row(database, name: str, now: int) -> None:
    with database.session() as db:
        if db.get(ScheduledTask, name) is not None:
            return
    try:
        with database.session() as db:
            db.add(ScheduledTask(name=name, next_run_ms=now))
    except IntegrityError:
        pass  # another process created it first


def run_due(database, settings, now: int | None = None, names: tuple[str, ...] | None = None) -> dict[str, int]:
    """Enqueue every task (of `names`, default all) that is due and that this process wins;
    answers {task name: job id}."""
    every = interval_ms(settings)
    started: dict[str, int] = {}
    if every <= 0:
        return started
    storage_for(database, settings)  # the sweeps' jobs find this deployment's media storage
    now = now_ms() if now is None else now
    for task in [t for t in TASKS.values() if names is None or t.name in names]:
        _ensure_row(database, task.name, now)
        with database.session() as db:
            won = db.execute(update(ScheduledTask)
                             .where(ScheduledTask.name == task.name, ScheduledTask.next_run_ms <= now)
                             .values(next_run_ms=now + every, last_run_ms=now)).rowcount
            if not won:
                continue
            job = enqueue(db, task.kind, task.payload(settings), tenant_id=None)
            db.execute(update(ScheduledTask).where(ScheduledTask.name == task.name).values(last_job_id=job.id))
            started[task.name] = job.id
        log.info("maintenance: %s started as job %s", task.name, started[task.name])
    return started


def _start(app):
    settings, database = app.state.settings, app.state.database
    every = interval_ms(settings)
    if every <= 0:
        return None
    tick = min(60.0, max(0.2, every / 4000))
    return lifecycle.every(tick, lambda: run_due(database, settings), "maintenance")


lifecycle.on_start(_start)


def _orphan_payload(settings) -> dict:
    return {"graceHours": settings.orphan_media_grace_hours}


periodic("housekeeping", "system.housekeeping", housekeeping_payload)
periodic("orphaned-media", orphans.JOB_KIND, _orphan_payload)
