"""Wire shapes of the Authorize API."""

from __future__ import annotations

from ..kit.schemas import WireModel


class SessionRead(WireModel):
    session_id: str
    id: int
    user_id: str
    first_name: str
    last_name: str
    team_id: int | None
    team_name: str | None
    group_id: int | None
    group_name: str | None
    lang: str
    country: str
    session_timeout: str
    timezone_string: str
    deactivated: bool
    license_compliance: bool
    tenant_id: int
    password_expiration_date: int | None
    user_iq: bool
    activated_date: int
    permissions: list[str]
    groups_in_scope: list[int]
    teams_in_scope: list[int]
    service_queues_in_scope: list[int]


_LOGIN_SCHEMA = {
    "type": "object",
    "required": ["userId", "password"],
    "properties": {
        "userId": {"type": "string", "description": "The login (email). `username` is accepted too."},
        "username": {"type": "string"},
        "password": {"type": "string"},
        "language": {"type": "string", "default": "en"},
        "locale": {"type": "string"},
        "tenantId": {"type": "string", "description": "Needed when the login exists in several tenants."},
    },
}

LOGIN_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": _LOGIN_SCHEMA},
        "application/x-www-form-urlencoded": {"schema": _LOGIN_SCHEMA},
    },
}
