"""WFM configuration: its routers, its Person API fields and its session JSON field.

Importing this module (routers.py does) registers the `skillMappings` / `exceptions` /
`workShifts` person extension and the `serviceQueuesInScope` session contributor.
"""

from __future__ import annotations

from ..auth.session_json import SESSION_CONTRIBUTORS
from ..org.person_extensions import EXTENSIONS, register
from . import visibility
from .acd_servers import endpoints as acd_servers
from .agents import endpoints as agents
from .agents.person_fields import PERSON_FIELDS
from .config.colors import endpoints as colors
from .dns import endpoints as dns
from .exception_types import endpoints as exception_types
from .exceptions import endpoints as exceptions
from .multi_skill_groups import endpoints as multi_skill_groups
from .queue_types import endpoints as queue_types
from .service_queues import endpoints as service_queues
from .skill_mappings import endpoints as skill_mappings
from .users import endpoints as users
from .views import endpoints as views
from .work_shifts import endpoints as work_shifts
from .workflow_rules import endpoints as workflow_rules

ROUTERS = [
    service_queues.router,
    skill_mappings.router,
    agents.router,
    users.router,
    exception_types.router,
    colors.router,
    acd_servers.router,
    queue_types.router,
    views.router,
    multi_skill_groups.router,
    dns.router,
    exceptions.router,
    work_shifts.router,
    workflow_rules.router,
]

if PERSON_FIELDS not in EXTENSIONS:
    register(PERSON_FIELDS)
if visibility.service_queues_in_scope not in SESSION_CONTRIBUTORS:
    SESSION_CONTRIBUTORS.append(visibility.service_queues_in_scope)
