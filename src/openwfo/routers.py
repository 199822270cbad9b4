"""Every router of the API. Public routes are listed apart, where they are easy to see; everything
else is mounted behind the session check (each endpoint then declares its permission)."""

from __future__ import annotations

from .auth import endpoints as auth_endpoints
from .imports import routers as import_routers
from .jobs import endpoints as jobs_endpoints
from .org.routes import routers as org_routers
from .recording.routes import routers as recording_routers
from .system import endpoints as system_endpoints

# No session needed.
PUBLIC_ROUTERS = [
    auth_endpoints.public_router,
    system_endpoints.router,
]

# A valid hazelcast.sessionId cookie needed (401 otherwise).
AUTHENTICATED_ROUTERS = [
    auth_endpoints.router,
    jobs_endpoints.router,
    *org_routers(),
    *import_routers(),
    *recording_routers(),
]
