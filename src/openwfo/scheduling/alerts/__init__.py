"""Out-of-adherence alerts (extension): a per-tenant threshold, the sweep that raises an alert when an
agent has been out of adherence longer than it (a stored row and an `alert` live event), and the API that
lists and acknowledges them (`/api/rest/scheduling/realTime/alerts`).
"""

from __future__ import annotations


def routers() -> list:
    from . import sweeper  # noqa: F401 - starts the sweep with the server
    from .endpoints import router

    return [router]
