"""The session JSON the Authorize API returns (and the principal it carries).

The public part has exactly the reference's fields. `_auth` holds what the server needs per
request (permission ids, scope) and is never sent.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Group, Person, Team
from ..org import scope as scope_rules
from . import permissions as perms

# Later areas add fields computed per person (e.g. WFM fills serviceQueuesInScope from views).
# Each contributor takes (db, person) and returns a dict merged into the session JSON.
SESSION_CONTRIBUTORS: list[Callable[[Session, Person], dict]] = []


def split_locale(language: str | None, locale: str | None, person: Person) -> tuple[str, str]:
    lang, country = person.lang or "en", person.country or ""
    if locale:
        parts = locale.replace("-", "_").split("_")
        lang = parts[0].lower() or lang
        if len(parts) > 1:
            country = parts[1].upper()
    if language:
        lang = language.replace("-", "_").split("_")[0].lower() or lang
    return lang, country


def build_session_payload(db: Session, person: Person, timeout_minutes: int,
                          lang: str | None = None, country: str | None = None) -> dict:
    permission_ids: set[int] = set()
    for role in person.roles:
        permission_ids.update(int(p) for p in role.permission_ids or ())
    permission_names = [perms.BY_ID[p].name for p in sorted(permission_ids) if p in perms.BY_ID]

    team = person.team
    group = db.get(Group, team.group_id) if team else None
    scope_groups = sorted(g.id for g in person.scope_groups)
    scope_teams = sorted(t.id for t in person.scope_teams)
    if person.scope_all:
        groups_in_scope = sorted(db.scalars(select(Group.id)))
        teams_in_scope = sorted(db.scalars(select(Team.id)))
    else:
        groups_in_scope = sorted(scope_rules.descendants(db, scope_groups))
        teams_in_scope = sorted(
            set(scope_teams) | set(db.scalars(select(Team.id).where(Team.group_id.in_(groups_in_scope))))
        )

    payload = {
        "id": person.id,
        "userId": person.email,
        "firstName": person.first_name,
        "lastName": person.last_name,
        "teamId": team.id if team else None,
        "teamName": team.name if team else None,
        "groupId": group.id if group else None,
        "groupName": group.name if group else None,
        "lang": lang or person.lang or "en",
        "country": country if country is not None else (person.country or ""),
        "sessionTimeout": str(timeout_minutes),
        "timezoneString": person.time_zone,
        "deactivated": bool(person.deactivated),
        "licenseCompliance": bool(person.license_compliance),
        "tenantId": person.tenant_id,
        "passwordExpirationDate": person.password_expiration_date,
        "userIq": bool(person.user_iq),
        "activatedDate": person.activated_date or 0,
        "permissions": permission_names,
        "groupsInScope": groups_in_scope,
        "teamsInScope": teams_in_scope,
        "serviceQueuesInScope": [],
    }
    for contribute in SESSION_CONTRIBUTORS:
        payload.update(contribute(db, person))
    payload["_auth"] = {
        "permissionIds": sorted(permission_ids),
        "scopeAll": bool(person.scope_all),
        "scopeGroupIds": scope_groups,
        "scopeTeamIds": scope_teams,
    }
    return payload


def public_view(payload: dict, session_id: str) -> dict:
    out = {"sessionId": session_id}
    out.update((k, v) for k, v in payload.items() if not k.startswith("_"))
    return out
