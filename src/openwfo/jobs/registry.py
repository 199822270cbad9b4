"""Job kinds and their handlers. An area registers its handlers by importing this module:

    @job_handler("contacts.export")
    def export_contact(ctx: JobContext, payload: dict) -> dict: ...

A handler must be idempotent (a job may be retried after a crash); it reports progress through
`ctx.progress(percent)` and returns the JSON result stored on the job row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from ..models import Job

HANDLERS: dict[str, Callable[[JobContext, dict], dict | None]] = {}


def job_handler(kind: str):
    def register(fn):
        HANDLERS[kind] = fn
        return fn

    return register


@dataclass
class JobContext:
    database: Any
    job_id: int
    tenant_id: int | None

    def session(self):
        """A unit of work bound to the job's tenant."""
        return self.database.session(self.tenant_id)

    def progress(self, percent: int) -> None:
        with self.database.session() as db:
            db.execute(update(Job).where(Job.id == self.job_id).values(progress=max(0, min(100, int(percent)))))
