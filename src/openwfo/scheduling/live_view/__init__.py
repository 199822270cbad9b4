"""The live view (extension): `GET /api/rest/scheduling/realTime/stream?teamId=|viewId=`, a Server-Sent
Events stream of a team's or a view's agents — a snapshot, then one event per state change, activity
start or end, and out-of-adherence alert. `hub.py` holds the per-process, per-tenant state shared by the
streams; `changes.py` publishes schedule and membership edits to them; `status.py` is the pure "where is the agent now" calculation (also used by the alert sweep).
"""

from __future__ import annotations

from . import changes as _changes  # noqa: F401  (its session hooks tell live views of schedule and membership edits)


def routers() -> list:
    from .endpoints import router

    return [router]
