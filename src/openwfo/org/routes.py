"""The organization routers (mounted behind the session check by routers.py)."""

from __future__ import annotations


def routers() -> list:
    from .common import endpoints as common
    from .devices import endpoints as devices
    from .groups import endpoints as groups
    from .permissions import endpoints as permissions
    from .persons import endpoints as persons
    from .persons import status as person_status
    from .roles import endpoints as roles
    from .teams import endpoints as teams
    from .tenants import endpoints as tenants

    return [tenants.router, groups.router, teams.router, common.router, persons.router, roles.router,
            permissions.router, person_status.router, devices.router]
