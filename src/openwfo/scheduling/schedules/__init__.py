"""Schedules: the schedule store, every schedule read of the reference, and the schedule writes.

`/api/rest/scheduling/schedule/...` and `/api/rest/scheduling/agents/scheduled/...` live here, and
the schedule CSV import `/api/rest/fileimport/schedules` (mounted before the Import API's
`/api/rest/fileimport/{importType}`, which it is more specific than).
"""

from __future__ import annotations


def routers() -> list:
    from .endpoints import router
    from .file_import import router as file_import_router

    return [router, file_import_router]
