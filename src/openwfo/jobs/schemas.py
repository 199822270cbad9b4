"""Wire shape of a background job."""

from __future__ import annotations

from typing import Any

from ..kit.schemas import WireModel


class JobRead(WireModel):
    id: int
    kind: str
    status: str
    progress: int
    result: dict[str, Any] | None = None
    error: str | None = None
    created_time: int
    started_time: int | None = None
    finished_time: int | None = None

    @classmethod
    def of(cls, job) -> JobRead:
        return cls(id=job.id, kind=job.kind, status=job.status, progress=job.progress, result=job.result,
                   error=job.error, created_time=job.created_ms, started_time=job.started_ms,
                   finished_time=job.finished_ms)
