"""Person rules.

- Create needs firstName, lastName and email; the rest defaults as the reference says: the default
  agent role, the default team, the default view (as main view), the tenant's time zone, locale en.
- Update changes only the fields present (GET's answer can be PUT back unchanged).
- email, adLogin and (acdServerId, acdId) are unique in the tenant (409).
- A `password` (8 characters or more) lets the person log in through the Authorize API.
- Roles come as ids, names or {id, name}; nobody grants a permission they do not hold (403), the
  default role of a new person included, nor sets the password of a person holding one (org/guard.py).
- No change leaves the tenant without an active administrator with tenant-wide scope (409).
- Scope: the caller sees and changes only persons in their scope, places them only in teams in
  their scope, and gives only scope they have themselves.
- Delete refuses (409) a person who still owns data of another area (contacts, evaluations,
  schedules, ...): deactivate them instead (`deactivated` set to a past time).
- Every change marks the person so their live sessions follow (ended when deactivated/deleted).
- Other areas' fields (org/person_extensions.py) are read into `agentDetail`, validated before
  anything is written and written after the person is.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...auth.deps import mark_person_changed
from ...auth.passwords import hash_password
from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...kit import timezones
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import Group, Person, PersonView, Role, Team, View
from .. import scope
from ..guard import check_grantable, ensure_administrator_remains, forbid_beyond, permissions_of
from ..person_extensions import EXTENSIONS
from ..provision import builtin_role, default_team, default_view
from ..references import references_to
from ..roles.service import resolve_roles
from ..wire import (
    MAX_ID,
    clean_name,
    deactivated_in,
    deactivated_out,
    parse_date,
    ref_ids_at,
    time_zone_in,
    time_zone_out,
)
from . import repository as repo
from .schemas import PersonWrite, ViewIn

SUBJECT = "person"
PASSWORD_MIN = 8
PERSON_NAME_MAX = 50
# Link tables the person rows own and take with them (and the person's login sessions).
# Rows that describe the person (their configuration) and go with them; anything else pointing at
# a person (contacts, schedules, requests, ...) is data that a delete must not lose.
_OWN_TABLES = frozenset({"org_person_role", "org_person_scope_group", "org_person_scope_team",
                         "org_person_view", "auth_session",
                         "wfm_skill_mapping_agent", "wfm_view_agent", "wfm_msg_agent", "wfm_agent_exception",
                         "wfm_agent_work_shift", "org_person_lock", "org_device"})


def _bad(field: str, reason: str, message: str | None = None) -> BadRequest:
    return BadRequest(message or f"{field}: {reason}", errors=[{"field": field, "reason": reason}])


# ---------------------------------------------------------------- reading


def locale_of(p: Person) -> str:
    return f"{p.lang}_{p.country}" if p.country else (p.lang or "en")


def person_read(db: Session, p: Person) -> dict:
    views = sorted(p.views, key=lambda v: (not v.main, v.view_id))
    detail = {
        "active": bool(p.agent_active),
        "employee_id": p.employee_id,
        "company_start_date": p.company_start_date,
        "department_start_date": p.department_start_date,
        "termination_date": p.termination_date,
        "agent_rank": p.rank,
        "views": [{"view_id": v.view_id, "name": v.view.name, "main_view": bool(v.main)} for v in views],
    }
    for ext in EXTENSIONS:
        detail.update(ext.read(db, p) or {})
    return {
        "id": p.id,
        "tenant_id": p.tenant_id,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "display_id": p.display_id or f"{p.first_name} {p.last_name}".strip(),
        "ad_login": p.ad_login,
        "acd_id": p.acd_id,
        "acd_server_id": p.acd_server_id,
        "time_zone": time_zone_out(p.time_zone),
        "locale": locale_of(p),
        "group_id": p.team_id,
        "team_id": p.team_id,
        "team_name": p.team.name if p.team else None,
        "activated": p.activated_date,
        "deactivated": deactivated_out(p.deactivated_date if p.deactivated else None),
        "is_synchronized": bool(p.is_synchronized),
        "enabled_for_scheduling": bool(p.enabled_for_scheduling),
        "roles": [{"id": r.id, "name": r.name} for r in sorted(p.roles, key=lambda r: r.id)],
        "scope_tenant": bool(p.scope_all),
        "scope_groups": sorted(g.id for g in p.scope_groups),
        "scope_teams": sorted(t.id for t in p.scope_teams),
        "qm_views": list(p.qm_views or []),
        "is_reconcile_only": bool(p.is_reconcile_only),
        "agent_detail": detail,
    }


def visible_person(db: Session, principal: Principal, person_id: int, field: str | None = None) -> Person:
    p = repo.get(db, person_id) if 0 < person_id <= MAX_ID else None
    if p is None or not scope.person_in_scope(db, principal, p):
        errors = [{"field": field, "reason": "unknown person"}] if field else None
        raise NotFound(f"Person {person_id} does not exist", errors=errors)
    return p


def person_time_zone(db: Session, principal: Principal, person_id: int) -> dict:
    """The person's time zone as {id, name}: the catalogue id (None if uncatalogued) and the IANA name."""
    p = visible_person(db, principal, person_id)
    return {"id": timezones.id_of(p.time_zone), "name": p.time_zone}


# ---------------------------------------------------------------- writing


def _extension_body(body: PersonWrite) -> dict:
    """The request as extensions see it: the wire names, with agentDetail's fields lifted to the top."""
    raw = body.model_dump(by_alias=True, exclude_unset=True, exclude={"password"})
    detail = raw.pop("agentDetail", None) or {}
    raw.update(detail)
    return raw


def _text(value, field: str, max_len: int) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if len(text) > max_len:
        raise _bad(field, f"at most {max_len} characters")
    return text or None


def _parse_locale(value: str) -> tuple[str, str]:
    parts = value.strip().replace("-", "_").split("_")
    lang = parts[0].lower()
    country = parts[1].upper() if len(parts) > 1 else ""
    if not (lang.isalpha() and 2 <= len(lang) <= 8) or (country and not (country.isalnum() and len(country) <= 8)):
        raise _bad("locale", "not a locale such as en or en_US")
    return lang, country


def _team(db: Session, principal: Principal, body: PersonWrite, creating: bool,
          stored: int | None = None) -> Team | None:
    fs = body.model_fields_set
    given = list(dict.fromkeys(v for k, v in (("group_id", body.group_id), ("team_id", body.team_id))
                               if k in fs and v))
    if len(given) > 1 and stored in given:
        # A GET echoed back with one of the two changed: the changed one wins.
        given.remove(stored)
    if len(given) > 1:
        raise _bad("groupId", "groupId and teamId name different teams")
    if given:
        from ..teams.service import visible_team

        return visible_team(db, principal, given[0], field="groupId")
    if not creating:
        return None
    team = default_team(db)
    if team is None or not scope.team_in_scope(db, principal, team.id):
        raise _bad("groupId", "required", "groupId is required: the default team is outside your scope")
    return team


def _in_scope(db: Session, model, items, field: str, visible: set[int] | None, v: Violations) -> list:
    """The groups or teams listed (ids or {id}), each among `visible` (None: all); a 404 violation for
    each that is not."""
    positions = ref_ids_at(items, field, v)
    ids = [x for _, x in positions]
    if not ids:
        return []
    found = repo.by_ids(db, model, ids)
    out = []
    for i, xid in positions:
        x = found.get(xid)
        if x is None or not (visible is None or xid in visible):
            what = "Group" if model is Group else "Team"
            v.collect(NotFound(f"{what} {xid} does not exist", errors=[{"field": f"{field}[{i}]", "reason": "not found"}]))
            continue
        out.append(x)
    return out


def _views(db: Session, items: list[ViewIn], v: Violations) -> list[tuple[View, bool]]:
    out: list[tuple[View, bool | None]] = []
    for i, item in enumerate(items):
        if item.view_id:
            view = repo.get_view(db, item.view_id)
        else:
            view = repo.view_by_name(db, item.name) if item.name and item.name.strip() else None
        main = item.main_view
        if view is None:
            v.collect(_bad(f"views[{i}]", "unknown view"))
            continue
        if all(w.id != view.id for w, _ in out):
            out.append((view, main))
    mains = [w for w, m in out if m]
    if len(mains) > 1:
        v.collect(_bad("views", "only one view can be the main view"))
        return []
    return [(w, (w is mains[0]) if mains else (i == 0)) for i, (w, _) in enumerate(out)]


class _Plan:
    """Everything a create or update will change, checked before anything is written."""

    def __init__(self) -> None:
        self.fields: dict = {}
        self.roles: list[Role] | None = None
        self.scope_groups = None
        self.scope_teams = None
        self.views: list[tuple[View, bool]] | None = None


def _plan(db: Session, principal: Principal, body: PersonWrite, person: Person | None,
          ext_body: dict) -> _Plan:
    """Check every field (and the extensions' fields), collecting each violation; one error names
    them all. Then the grants: nobody gives what they do not hold (403)."""
    creating = person is None
    fs = body.model_fields_set
    plan, f = _Plan(), {}
    v = Violations(SUBJECT)
    self_id = None if creating else person.id
    now = now_ms()
    tenant_zone = repo.tenant_time_zone(db, principal.tenant_id)

    if creating:
        missing = [w for w, n in (("firstName", "first_name"), ("lastName", "last_name"), ("email", "email"))
                   if getattr(body, n) is None or not str(getattr(body, n)).strip()]
        if missing:
            v.collect(BadRequest(f"Missing required field(s): {', '.join(missing)}",
                                 errors=[{"field": m, "reason": "required"} for m in missing]))
    else:
        missing = []
    for wire, name in (("firstName", "first_name"), ("lastName", "last_name")):
        if name in fs and wire not in missing:
            with v.check():
                f[name] = clean_name(getattr(body, name), wire, PERSON_NAME_MAX)
    if "email" in fs and "email" not in missing:
        email = (body.email or "").strip()
        if not email or any(c.isspace() for c in email):
            v.collect(_bad("email", "required, without spaces"))
        elif repo.email_taken(db, email, self_id):
            v.collect(Conflict(f"A person with email {email} already exists",
                               errors=[{"field": "email", "reason": "already exists"}]))
        else:
            f["email"] = email
    if body.password is not None:
        if len(body.password) < PASSWORD_MIN:
            v.collect(_bad("password", f"at least {PASSWORD_MIN} characters"))
    if "display_id" in fs:
        with v.check():
            f["display_id"] = _text(body.display_id, "displayId", 200)
    if "ad_login" in fs:
        with v.check():
            ad = _text(body.ad_login, "adLogin", 320)
            if ad and repo.ad_login_taken(db, ad, self_id):
                raise Conflict(f"A person with adLogin {ad} already exists",
                               errors=[{"field": "adLogin", "reason": "already exists"}])
            f["ad_login"] = ad
    if "acd_server_id" in fs:
        with v.check():
            server_id = body.acd_server_id
            if isinstance(server_id, str):
                server_id = server_id.strip() or None
                if server_id is not None and not server_id.isdecimal():
                    raise _bad("acdServerId", "not a number")
            server_id = None if server_id is None else int(server_id)
            if server_id is not None and not 0 <= server_id <= 2**31 - 1:
                raise _bad("acdServerId", "out of range")
            f["acd_server_id"] = server_id
    if "acd_id" in fs:
        with v.check():
            f["acd_id"] = _text(body.acd_id, "acdId", 200)
    acd_id = f.get("acd_id", None if creating else person.acd_id)
    server = f.get("acd_server_id", None if creating else person.acd_server_id)
    if (acd_id and ("acd_id" in f or "acd_server_id" in f) and not v.has("acdId") and not v.has("acdServerId")
            and repo.acd_id_taken(db, acd_id, server, self_id)):
        v.collect(Conflict(f"A person with acdId {acd_id} already exists on this ACD server",
                           errors=[{"field": "acdId", "reason": "already exists"}]))
    if body.time_zone is not None:
        with v.check():
            f["time_zone"] = time_zone_in(body.time_zone)
    elif creating:
        f["time_zone"] = tenant_zone
    if body.locale:
        with v.check():
            f["lang"], f["country"] = _parse_locale(body.locale)
    with v.check():
        team = _team(db, principal, body, creating, None if creating else person.team_id)
        if team is not None:
            f["team_id"] = team.id
    if body.activated is not None:
        f["activated_date"] = body.activated
    elif creating:
        f["activated_date"] = now
    if "deactivated" in fs:
        when = deactivated_in(body.deactivated, now)
        if when is not None and self_id == principal.person_id:
            v.collect(Conflict("You cannot deactivate yourself",
                               errors=[{"field": "deactivated", "reason": "yourself"}]))
        f["deactivated"], f["deactivated_date"] = when is not None, when
    for name in ("is_synchronized", "enabled_for_scheduling", "is_reconcile_only"):
        if getattr(body, name) is not None:
            f[name] = getattr(body, name)
    if body.qm_views is not None:
        bad = [i for i, qv in enumerate(body.qm_views)
               if isinstance(qv, bool) or not isinstance(qv, int | str) or (isinstance(qv, str) and len(qv) > 200)]
        for i in bad:
            v.collect(_bad(f"qmViews[{i}]", "a view id or name"))
        if not bad:
            f["qm_views"] = list(body.qm_views)

    detail = body.agent_detail
    views = body.views
    if detail is not None:
        dfs = detail.model_fields_set
        if detail.active is not None:
            f["agent_active"] = detail.active
        if "employee_id" in dfs:
            with v.check():
                f["employee_id"] = _text(detail.employee_id, "agentDetail.employeeId", 200)
        for name, wire in (("company_start_date", "companyStartDate"),
                           ("department_start_date", "departmentStartDate"),
                           ("termination_date", "terminationDate")):
            if name in dfs:
                with v.check():
                    f[name] = parse_date(getattr(detail, name), f"agentDetail.{wire}", tenant_zone)
        if "agent_rank" in dfs:
            f["rank"] = detail.agent_rank
        if detail.views is not None:
            views = detail.views
    if views is not None or body.main_view is not None:
        items = list(views) if views is not None else [pv.view_id for pv in (person.views if person else [])]
        items = [i if isinstance(i, ViewIn) else ViewIn(view_id=i) for i in items]
        if body.main_view is not None:
            items = [i.model_copy(update={"main_view": False}) for i in items if i.view_id != body.main_view]
            items.insert(0, ViewIn(view_id=body.main_view, main_view=True))
        plan.views = _views(db, items, v)
    if creating and not plan.views:
        view = default_view(db)
        plan.views = [(view, True)] if view is not None else []
    scheduling = f.get("enabled_for_scheduling", False if creating else person.enabled_for_scheduling)
    if scheduling and not acd_id and not v.has("acdId"):
        v.collect(_bad("acdId", "required when the person is enabled for scheduling"))

    if body.roles is not None:
        plan.roles = resolve_roles(db, body.roles, v=v)
    elif creating:
        agent = repo.default_agent_role(db) or builtin_role(db, "agent")
        plan.roles = [agent] if agent is not None else []
    if body.scope_tenant is not None:
        f["scope_all"] = body.scope_tenant
    if body.scope_groups is not None:
        plan.scope_groups = _in_scope(db, Group, body.scope_groups, "scopeGroups",
                                      scope.visible_group_ids(db, principal), v)
    if body.scope_teams is not None:
        plan.scope_teams = _in_scope(db, Team, body.scope_teams, "scopeTeams",
                                     scope.visible_team_ids(db, principal), v)
    for ext in EXTENSIONS:
        with v.check():
            ext.validate(db, ext_body)
    v.raise_if_any()

    # The grants, once the body is sound.
    if body.password is not None:
        if person is not None and person.id != principal.person_id:
            forbid_beyond(principal, permissions_of(person.roles), f"Person {person.id}")
        f["password_hash"] = hash_password(body.password)
    if body.roles is not None:
        check_grantable(principal, plan.roles, [] if creating else list(person.roles))
    elif creating:
        check_grantable(principal, plan.roles)
    if body.scope_tenant and not principal.scope_all and not (person is not None and person.scope_all):
        raise Forbidden("Only a caller with tenant-wide scope can give tenant-wide scope")
    plan.fields = f
    return plan


def _apply(db: Session, person: Person, plan: _Plan) -> None:
    for name, value in plan.fields.items():
        setattr(person, name, value)
    if plan.roles is not None:
        person.roles = plan.roles
    if plan.scope_groups is not None:
        person.scope_groups = plan.scope_groups
    if plan.scope_teams is not None:
        person.scope_teams = plan.scope_teams
    if plan.views is not None:
        keep = {pv.view_id: pv for pv in person.views}
        new = []
        for view, main in plan.views:
            pv = keep.get(view.id) or PersonView(view=view)
            pv.main = main
            new.append(pv)
        person.views = new


def create_person(db: Session, principal: Principal, body: PersonWrite) -> Person:
    ext_body = _extension_body(body)
    plan = _plan(db, principal, body, None, ext_body)
    person = Person()
    _apply(db, person, plan)
    db.add(person)
    db.flush()
    for ext in EXTENSIONS:
        ext.write(db, person, ext_body)
    db.flush()
    return person


def update_person(db: Session, principal: Principal, person_id: int, body: PersonWrite) -> Person:
    person = visible_person(db, principal, person_id)
    if body.id not in (None, 0, person_id):
        raise _bad("id", "not the person in the path")
    ext_body = _extension_body(body)
    plan = _plan(db, principal, body, person, ext_body)
    _apply(db, person, plan)
    db.flush()
    if plan.roles is not None or {"scope_all", "deactivated"} & plan.fields.keys():
        ensure_administrator_remains(db, principal)
    db.expire(person, ["team"])
    for ext in EXTENSIONS:
        ext.write(db, person, ext_body)
    db.flush()
    mark_person_changed(db, person.id)
    return person


def set_roles(db: Session, principal: Principal, person_id: int, items) -> Person:
    person = visible_person(db, principal, person_id)
    roles = resolve_roles(db, items)
    check_grantable(principal, roles, list(person.roles))
    person.roles = roles
    ensure_administrator_remains(db, principal)
    mark_person_changed(db, person.id)
    return person


def owned_data(db: Session, person: Person) -> list[str]:
    """What of other areas still belongs to the person (rows pointing at them, and what extensions report)."""
    owned = references_to(db, "org_person", person.id, _OWN_TABLES)
    for ext in EXTENSIONS:
        check = getattr(ext, "owned_data", None)
        if check is not None:
            owned.extend(check(db, person) or [])
    return owned


def delete_person(db: Session, principal: Principal, person_id: int) -> dict:
    person = visible_person(db, principal, person_id)
    if person.id == principal.person_id:
        raise Conflict("You cannot delete yourself")
    owned = owned_data(db, person)
    if owned:
        raise Conflict(f"Person {person.id} still owns data ({', '.join(owned)}) and cannot be deleted; "
                       "deactivate them instead (PUT with \"deactivated\" set to the time)")
    out = person_read(db, person)
    db.delete(person)
    ensure_administrator_remains(db)
    mark_person_changed(db, person_id)
    return out
