"""Data Explorer reports: the catalog, parameters, queries, the Bulk Report Data Export API and its jobs."""

from __future__ import annotations


def routers() -> list:
    from . import endpoints
    from . import jobs as _jobs  # noqa: F401 - registers the export job

    return [endpoints.router]
