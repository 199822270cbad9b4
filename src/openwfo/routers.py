"""Every router of the API. Public routes are listed apart, where they are easy to see; everything
else is mounted behind the session check (each endpoint then declares its permission)."""

from __future__ import annotations

from .analytics.routes import routers as analytics_routers
from .auth import endpoints as auth_endpoints
from .imports import routers as import_routers
from .jobs import endpoints as jobs_endpoints
from .org.routes import routers as org_routers
from .planning import routers as planning_routers
from .recording.controls import endpoints as recording_controls
from .recording.routes import routers as recording_routers
from .reports import routers as report_routers
from .scheduling.adherence import routers as adherence_routers
from .scheduling.agent_states import routers as agent_state_routers
from .scheduling.alerts import routers as alert_routers
from .scheduling.exception_requests import routers as exception_request_routers
from .scheduling.historical import routers as historical_routers
from .scheduling.live_view import routers as live_view_routers
from .scheduling.schedules import routers as schedule_routers
from .scheduling.wfm_config import ROUTERS as WFM_CONFIG_ROUTERS
from .system import endpoints as system_endpoints

# No session needed.
PUBLIC_ROUTERS = [
    auth_endpoints.public_router,
    system_endpoints.router,
]

# A valid hazelcast.sessionId cookie needed (401 otherwise).
AUTHENTICATED_ROUTERS = [
    auth_endpoints.router,
    # First: a desktop sends recording-control commands many times a call; routes are matched in order.
    recording_controls.router,
    # Early too: an ACD adapter posts every agent state change (literal paths, shadowing nothing).
    *agent_state_routers(),
    jobs_endpoints.router,
    *org_routers(),
    # Before the imports: /api/rest/fileimport/schedules is more specific than /api/rest/fileimport/{importType}.
    *schedule_routers(),
    *historical_routers(),  # /api/rest/fileimport/historicalData, before the Import API too
    *exception_request_routers(),
    *adherence_routers(),
    *live_view_routers(),
    *alert_routers(),
    *import_routers(),
    *recording_routers(),
    *report_routers(),
    *analytics_routers(),
    *WFM_CONFIG_ROUTERS,
    *planning_routers(),
]
