"""Agent API: the scheduling-enabled agents the caller sees (views and org scope), in the full,
basic or filterable shape.

- activeAgentAndActiveUser, activeAgent and acdId are mutually exclusive (a flag counts when true,
  acdId when given); combining them is a 400.
- An agent is active when its agent record is (Person.agent_active) and its termination date, if
  any, is not before today; a user is active when not deactivated.
- "Administrator" is a caller holding Administer WFM: only they get employeeNumber and the
  company/department start and termination dates. readOnly goes to supervisors and up (Administer
  WFM, Edit Schedules or Plan Schedules).
- Dates are stored as midnight in the tenant's time zone (as the Person API and the bulk import
  write them) and rendered YYYY-MM-DD in that zone; "today" is the tenant's today.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...kit.clock import now_ms
from ...models import Tenant
from .. import visibility
from . import repository

ADMIN = perms.ids_of("Administer WFM")
SUPERVISOR = perms.ids_of("Administer WFM", "Edit Schedules", "Plan Schedules")
SETTINGS_REF = "/api/rest/scheduling/agent/{}/settings"


def is_admin(principal: Principal) -> bool:
    return bool(ADMIN & principal.permission_ids)


def is_supervisor(principal: Principal) -> bool:
    return bool(SUPERVISOR & principal.permission_ids)


def tenant_zone(db: Session, principal: Principal) -> ZoneInfo:
    tenant = db.get(Tenant, principal.tenant_id)
    try:
        return ZoneInfo(tenant.time_zone if tenant else "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def iso_date(epoch_ms: int | None, zone: ZoneInfo) -> str | None:
    if epoch_ms is None:
        return None
    return dt.datetime.fromtimestamp(epoch_ms / 1000, tz=zone).date().isoformat()


def _today_ms(zone: ZoneInfo) -> int:
    today = dt.datetime.fromtimestamp(now_ms() / 1000, tz=zone).date()
    return int(dt.datetime.combine(today, dt.time(), tzinfo=zone).timestamp() * 1000)


def _work_condition_profile_id(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdecimal() and len(value.strip()) < 19 else None


def _active(row, today_ms: int) -> bool:
    return bool(row.agent_active) and (row.termination_date is None or row.termination_date >= today_ms)


def list_agents(db: Session, principal: Principal, *, active_agent_and_active_user: bool, active_agent: bool,
                acd_id: str | None, full_detail: bool, filterable: bool, agent_assigned_exception: bool) -> list[dict]:
    chosen = [name for name, on in (("activeAgentAndActiveUser", active_agent_and_active_user),
                                    ("activeAgent", active_agent), ("acdId", acd_id is not None)) if on]
    if len(chosen) > 1:
        raise BadRequest(f"{' and '.join(chosen)} are mutually exclusive",
                         errors=[{"field": f, "reason": "mutually exclusive with " + ", ".join(c for c in chosen if c != f)}
                                 for f in chosen])
    views = visibility.caller_views(db, principal.person_id)
    if views.empty:
        return []
    zone = tenant_zone(db, principal)
    today = _today_ms(zone)
    rows = repository.agents(db, visibility.agent_clause(db, principal, views), acd_id=acd_id,
                             active_agent=active_agent or active_agent_and_active_user,
                             active_user=active_agent_and_active_user, today_ms=today)
    shape = "full" if full_detail else "filterable" if filterable else "basic"
    return _render(db, principal, views, rows, shape, agent_assigned_exception and full_detail, today, zone)


def get_agent_settings(db: Session, principal: Principal, agent_id: int) -> dict:
    views = visibility.caller_views(db, principal.person_id)
    rows = [] if views.empty else repository.agents(
        db, visibility.agent_clause(db, principal, views), acd_id=None, active_agent=False, active_user=False,
        today_ms=0, agent_id=agent_id)
    if not rows:
        raise NotFound(f"Agent {agent_id} does not exist")
    row = rows[0]
    visible_sm = visibility.visible_skill_mapping_ids(db, views)
    group = repository.group_by_agent(db, [row.id]).get(row.id)
    out = {
        "agentId": row.id,
        "enabledForScheduling": bool(row.enabled_for_scheduling),
        "active": _active(row, _today_ms(tenant_zone(db, principal))),
        "acdId": row.acd_id,
        "acdServerId": row.acd_server_id,
        "timeZone": row.time_zone,
        "mainServiceQueueId": row.main_service_queue_id,
        "multiSkillGroupId": group,
        "workConditionProfileId": _work_condition_profile_id(row.work_condition_profile),
        "mainTeam": {"teamId": row.team_id, "name": row.team_name},
        "skillMappings": [{"id": i, "name": n} for i, n in repository.named_skill_mappings(db, row.id)
                          if i in visible_sm],
        "exceptions": [{"id": i, "name": n} for i, n in repository.named_exceptions(db, row.id)],
        "workShifts": [{"workShiftId": w, "workShiftName": n, "shiftWeekStart": s.isoformat() if s else None}
                       for w, n, s in repository.work_shifts(db, row.id)],
        "views": [{"viewId": i, "name": n, "mainView": bool(m)} for i, n, m in repository.views(db, row.id)],
    }
    if is_admin(principal):
        out["rank"] = row.rank
    if is_supervisor(principal):
        out["readOnly"] = bool(row.wfm_read_only)
    return out


def _render(db: Session, principal: Principal, views, rows, shape: str, with_exceptions: bool,
            today: int, zone: ZoneInfo) -> list[dict]:
    admin, supervisor = is_admin(principal), is_supervisor(principal)
    ids = [r.id for r in rows]
    need_links = shape in ("full", "filterable") and ids
    visible_sm = visibility.visible_skill_mapping_ids(db, views) if need_links else set()
    sm_by_agent = repository.skill_mappings_by_agent(db, ids) if need_links else {}
    group_by_agent = repository.group_by_agent(db, ids) if need_links else {}
    services_of: dict[int, list[int]] = {}
    if shape == "full" and ids:
        visible_q = visibility.visible_queue_ids(db, views)
        queues_of_sm = repository.queues_by_skill_mapping(db, {s for v in sm_by_agent.values() for s in v})
        queues_of_group = repository.queues_by_group(db, set(group_by_agent.values()))
        for r in rows:
            qs = {q for s in sm_by_agent.get(r.id, ()) for q in queues_of_sm.get(s, ())}
            qs.update(queues_of_group.get(group_by_agent.get(r.id), ()))
            if r.main_service_queue_id is not None:
                qs.add(r.main_service_queue_id)
            services_of[r.id] = sorted(qs & visible_q)
    exceptions = repository.exceptions_by_agent(db, ids) if with_exceptions and ids else {}
    out = []
    for r in rows:
        item: dict = {"id": r.id, "agentId": r.id, "firstName": r.first_name, "lastName": r.last_name}
        if admin:
            item["employeeNumber"] = r.employee_id
        if shape in ("full", "filterable"):
            item["skillMappings"] = [s for s in sm_by_agent.get(r.id, ()) if s in visible_sm]
            item["serviceQueueId"] = r.main_service_queue_id
            item["multiSkillGroupId"] = group_by_agent.get(r.id)
        if shape == "full":
            item["acdId"] = r.acd_id
            item["active"] = _active(r, today)
            if admin:
                item["companyStartDate"] = iso_date(r.company_start_date, zone)
                item["departmentStartDate"] = iso_date(r.department_start_date, zone)
                item["terminationDate"] = iso_date(r.termination_date, zone)
            item["mainTeam"] = {"teamId": r.team_id, "name": r.team_name}
            item["workConditionProfileId"] = _work_condition_profile_id(r.work_condition_profile)
            if supervisor:
                item["readOnly"] = bool(r.wfm_read_only)
            item["services"] = services_of.get(r.id, [])
            item["settings"] = {"$ref": SETTINGS_REF.format(r.id)}
            item["teams"] = [r.team_id]
            if with_exceptions:
                item["exceptions"] = exceptions.get(r.id, [])
        out.append(item)
    return out
