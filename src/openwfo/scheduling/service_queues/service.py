"""Service queues: the rules of the POST Service API and PUT Service ID API, view visibility, the
GET filters, and the delete guard.

Rules (each violation is a 400 naming the field; all of a request's violations are reported):
number unique (ignored by PUT); name unique, non-empty, at most 50; priority 0..999 and unique;
color from the catalogue; type existing; closedHoursRedistributionType 0/1/2, and 1/2 only for a
non-interactive type; handlingThreshold 0..4320, required when the redistribution type is 1 or 2;
talkTime/workTime not negative; SLO percent 0..100 and seconds positive for interactive queues
(non-interactive: stored as 100 and null whatever was sent); forecastStaffingAdjustmentFactor
0.00..10.00; at least one active day with open and close set, each day both or neither; DNs with
end after start and a day set; virtual services of the same queue type; scheduling/vacation order
criteria from the listed ids with unique priorities; skill mapping and multi-skill group
priorities 0..999. An absent array leaves its relationship as it is; an unknown multi-skill group
is a no-op for its entry.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ...auth.deps import mark_person_changed
from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...models import (
    MultiSkillGroupQueue,
    ServiceQueue,
    ServiceQueueDn,
    ServiceQueueHours,
    ServiceQueueOrder,
    SkillMappingQueue,
    VirtualServiceSource,
)
from ...models.wfm import INTERACTIVE, ORDER_SCHEDULING, ORDER_VACATION
from .. import visibility
from ..config.colors import service as colors
from ..queue_types.service import ensure_default_types
from ..rules import (
    WEEKDAYS,
    Violations,
    check_name,
    check_range,
    diff_links,
    format_time,
    name_taken,
    parse_time,
)
from . import repository
from .schemas import (
    AssignedDn,
    DayHours,
    Days,
    DnDays,
    MultiSkillGroupLink,
    OrderParameter,
    ServiceQueueCreate,
    ServiceQueueRead,
    ServiceQueueUpdate,
    SkillMappingLink,
    VirtualServiceLink,
)

SUBJECT = "service queue"
SCHEDULING_CRITERIA = (
    "maximum_hours_available", "minimum_hours_available", "maximum_hours_per_week", "minimum_hours_per_week",
    "company_start_date", "department_start_date", "rank",
)
VACATION_CRITERIA = ("company_start_date", "department_start_date", "rank", "min_fte_hours")
DEFAULT_SLO_PERCENT = 80
DEFAULT_SLO_SECONDS = 20
DEFAULT_LINK_PRIORITY = 1


# ---------------------------------------------------------------- reading

def list_queues(db: Session, principal: Principal, *, main_view_only: bool, include_views: bool,
                include_skill_mappings: bool, contact_type: int | None, type_code: int | None,
                forecast_allowed: bool) -> list[dict]:
    """GET /service: the queues in the caller's views (dicts in the wire shape)."""
    if contact_type is not None and contact_type not in (0, 1):
        raise BadRequest("contactType must be 0 (interactive) or 1 (non-interactive)",
                         errors=[{"field": "contactType", "reason": "must be 0 or 1"}])
    views = visibility.caller_views(db, principal.person_id, main_only=main_view_only)
    if views.empty:
        return []
    rows = repository.summary_rows(db, visibility.queue_clause(views), contact_type=contact_type,
                                   type_code=type_code, forecast_allowed=forecast_allowed)
    view_ids = repository.view_ids_by_queue(db) if include_views else {}
    default_views = repository.default_view_ids(db) if include_views else []
    sm_ids = repository.skill_mapping_ids_by_queue(db) if include_skill_mappings else {}
    out = []
    for (qid, number, acd_server_id, name, priority, virtual, color, naf, msaq, code, type_name, contact,
         shrinkage) in rows:
        out.append({
            "id": qid, "number": number, "acdServerId": acd_server_id, "name": name, "priority": priority,
            "virtual": virtual, "color": color, "notAllowForecast": naf, "msaq": msaq, "type": code,
            "typeDesc": type_name, "contactType": contact, "shrinkageScenarioId": shrinkage,
            "viewIds": [{"id": v} for v in sorted(default_views + view_ids.get(qid, []))] if include_views else [],
            "skillMappingIds": [{"id": s} for s in sm_ids.get(qid, ())],
        })
    return out


def get_visible(db: Session, principal: Principal, queue_id: int) -> ServiceQueue:
    views = visibility.caller_views(db, principal.person_id)
    queue = None if views.empty else repository.get(db, queue_id, visibility.queue_clause(views))
    if queue is None:
        raise NotFound(f"Service queue {queue_id} does not exist")
    return queue


def read_queue(db: Session, principal: Principal, q: ServiceQueue) -> dict:
    """The queue in the GET Service ID shape (agentIds left out when no agent has it as main queue)."""
    views = visibility.caller_views(db, principal.person_id)
    hours = repository.hours(db, q.id)
    days = Days(**{
        name: DayHours(open=format_time(h.open_minute), close=format_time(h.close_minute), active=h.active)
        if (h := hours.get(i)) else DayHours(active=False)
        for i, name in enumerate(WEEKDAYS)
    })
    sm_links = repository.skill_mapping_links(db, q.id)
    visible_sm = visibility.visible_skill_mapping_ids(db, views, [s.id for _, s in sm_links]) if sm_links else set()
    virtual = repository.virtual_links(db, q.id)
    visible_src = visibility.visible_queue_ids(db, views, [s.id for _, s in virtual]) if virtual else set()
    orders = repository.orders(db, q.id)
    agents = repository.main_agent_ids(db, q.id)
    agents = visibility.visible_agent_ids(db, principal, views, agents) if agents else set()
    read = ServiceQueueRead(
        id=q.id, number=q.number, acd_service_id=q.acd_service_id, acd_server_id=q.acd_server_id, name=q.name,
        priority=q.priority, virtual=q.virtual, color=q.color, not_allow_forecast=q.not_allow_forecast,
        msaq=q.msaq, type=q.type.code, type_desc=q.type.name, contact_type=q.type.contact_type,
        shrinkage_scenario_id=q.shrinkage_scenario_id,
        closed_hours_redistribution_type=q.closed_hours_redistribution_type,
        handling_threshold=q.handling_threshold, talk_time=q.talk_time, work_time=q.work_time,
        service_level_objective_percent=q.slo_percent, service_level_objective_seconds=q.slo_seconds,
        productivity_percent=q.productivity_percent, fte_hour_per_week=q.fte_hours_per_week,
        break_hours_per_week=q.break_hours_per_week, forecast_precision_level=q.forecast_precision_level,
        forecast_staffing_adjustment_factor=q.staffing_adjustment_factor,
        days=days,
        skill_mappings=[SkillMappingLink(id=s.id, name=s.name, priority=link.priority)
                        for link, s in sm_links if s.id in visible_sm],
        assigned_dns=[AssignedDn(id=dn.id, name=dn.name, number=dn.number, start=format_time(link.start_minute),
                                 end=format_time(link.end_minute), days=_mask_days(link.weekdays))
                      for link, dn in repository.dn_links(db, q.id)],
        virtual_services=[VirtualServiceLink(id=s.id, name=s.name, number=s.number, hour_gap=link.hour_gap,
                                             ratio=link.ratio)
                          for link, s in virtual if s.id in visible_src],
        scheduling_order_parameters=[OrderParameter(criteria=o.criteria, priority=o.priority, ascending=o.ascending)
                                     for o in orders if o.kind == ORDER_SCHEDULING],
        vacation_order_parameters=[OrderParameter(criteria=o.criteria, priority=o.priority, ascending=o.ascending)
                                   for o in orders if o.kind == ORDER_VACATION],
        multi_skill_groups=[MultiSkillGroupLink(id=g.id, name=g.name, priority=link.priority)
                            for link, g in repository.group_links(db, q.id)],
        agent_ids=sorted(agents) or None,
    )
    data = read.model_dump(by_alias=True)
    for key in ("productivityPercent", "fteHourPerWeek", "breakHoursPerWeek", "forecastStaffingAdjustmentFactor"):
        if float(data[key]).is_integer():  # 80, not 80.0, as in the reference's examples
            data[key] = int(data[key])
    if data.get("agentIds") is None:
        data.pop("agentIds", None)
    return data


def _mask_days(mask: int) -> DnDays:
    return DnDays(**{name: bool(mask & (1 << i)) for i, name in enumerate(WEEKDAYS)})


# ---------------------------------------------------------------- writing

def create_queue(db: Session, principal: Principal, body: ServiceQueueCreate) -> dict:
    views = visibility.caller_views(db, principal.person_id)
    if views.empty:
        raise BadRequest("A service queue is added to the caller's views, and the caller has no views",
                         errors=[{"field": "views", "reason": "the caller has no views"}])
    ensure_default_types(db)
    checked = _check(db, principal, views, body, None)
    queue = ServiceQueue(number=body.number, **checked.scalars)
    db.add(queue)
    db.flush()
    _write_children(db, principal, views, queue, checked, creating=True)
    visibility.add_to_views(db, views, service_queue_id=queue.id)
    db.flush()
    mark_person_changed(db, principal.person_id)  # the caller's serviceQueuesInScope
    return read_queue(db, principal, queue)


def update_queue(db: Session, principal: Principal, queue_id: int, body: ServiceQueueUpdate) -> dict:
    queue = get_visible(db, principal, queue_id)
    views = visibility.caller_views(db, principal.person_id)
    ensure_default_types(db)
    checked = _check(db, principal, views, body, queue)
    for attr, value in checked.scalars.items():
        setattr(queue, attr, value)
    db.flush()
    _write_children(db, principal, views, queue, checked, creating=False)
    db.flush()
    db.refresh(queue)
    return read_queue(db, principal, queue)


def delete_queue(db: Session, principal: Principal, queue_id: int) -> None:
    queue = get_visible(db, principal, queue_id)
    rules = repository.workflow_rules_referencing(db, queue.id)
    if rules:
        names = ", ".join(f"'{name}' ({rid})" for rid, name in rules)
        raise BadRequest(f"Service queue {queue.id} cannot be deleted: workflow rule condition(s) reference it: {names}",
                         errors=[{"field": "serviceQueueId", "reason": f"referenced by workflow rule {name!r}"}
                                 for _rid, name in rules])
    repository.clear_main_queue(db, queue.id)
    db.delete(queue)
    db.flush()
    mark_person_changed(db, principal.person_id)


# ---------------------------------------------------------------- the rules

class _Checked:
    """What a valid body resolves to: column values, and the children to write (None = leave as is)."""

    def __init__(self) -> None:
        self.scalars: dict[str, Any] = {}
        self.hours: list[tuple[int, bool, int | None, int | None]] | None = None
        self.skill_mappings: dict[int, int] | None = None
        self.dns: list[tuple[int, int, int, int]] | None = None
        self.virtual: list[tuple[int, int, float]] | None = None
        self.scheduling_order: list[tuple[str, int, bool]] | None = None
        self.vacation_order: list[tuple[str, int, bool]] | None = None
        self.groups: list[tuple[int, int]] | None = None
        self.agent_ids: set[int] | None = None


def _given(body, field: str) -> bool:
    return field in body.model_fields_set and getattr(body, field) is not None


def _value(body, field: str, current: ServiceQueue | None, attr: str, default):
    if _given(body, field):
        return getattr(body, field)
    if current is not None:
        return getattr(current, attr)
    return default


def _check(db: Session, principal: Principal, views, body: ServiceQueueCreate,
           current: ServiceQueue | None) -> _Checked:
    v = Violations(SUBJECT)
    out = _Checked()
    s = out.scalars
    own_id = current.id if current else None

    if current is None:  # PUT ignores number
        if body.number is None:
            v.add("number", "is required")
        elif body.number < 0:
            v.add("number", "must not be negative")
        elif repository.number_taken(db, body.number, None):
            v.add("number", f"must be unique: number {body.number} is already used")

    if current is None or "name" in body.model_fields_set:
        name = check_name(v, "name", body.name, max_len=50)
        if name and name_taken(db, ServiceQueue, name, own_id):
            v.add("name", f"must be unique: '{name}' is already used")
        if name:
            s["name"] = name

    if _given(body, "acd_service_id"):
        acd_service_id = check_name(v, "acdServiceId", body.acd_service_id, max_len=50)
        if acd_service_id:
            s["acd_service_id"] = acd_service_id
    elif current is None:
        s["acd_service_id"] = "" if body.number is None else str(body.number)[:50]

    if _given(body, "acd_server_id"):
        if repository.acd_server_exists(db, body.acd_server_id):
            s["acd_server_id"] = body.acd_server_id
        else:
            v.add("acdServerId", f"ACD server {body.acd_server_id} does not exist")
    elif current is None:
        servers = repository.acd_server_ids(db)
        if len(servers) == 1:  # the tenant's only ACD server
            s["acd_server_id"] = servers[0]
        else:
            v.add("acdServerId", "is required" if servers else "is required: the tenant has no ACD server yet")

    priority = _value(body, "priority", current, "priority", 0)
    if check_range(v, "priority", priority, 0, 999):
        holder = repository.priority_holder(db, priority, own_id)
        if holder:
            v.add("priority", f"must be unique: priority {priority} is used by service queue '{holder}'")
    s["priority"] = priority

    if _given(body, "color"):
        if not body.color.strip():
            v.add("color", "must not be empty")
        elif (color := colors.canonical(body.color)) is None:
            v.add("color", "must be a colorCode of GET /api/rest/scheduling/config/color")
        else:
            s["color"] = color
    elif current is None:
        s["color"] = colors.IN_SERVICE_COLOR

    for field, attr in (("not_allow_forecast", "not_allow_forecast"), ("msaq", "msaq"), ("virtual", "virtual")):
        s[attr] = bool(_value(body, field, current, attr, False))

    if _given(body, "type") or current is None:
        code = body.type if _given(body, "type") else 0
        qtype = repository.type_by_code(db, code)
        if qtype is None:
            v.add("type", f"service queue type {code} does not exist")
        else:
            s["type_id"] = qtype.id
    else:
        qtype = current.type
    interactive = qtype is not None and qtype.contact_type == INTERACTIVE

    redist = _value(body, "closed_hours_redistribution_type", current, "closed_hours_redistribution_type", 0)
    if redist not in (0, 1, 2):
        v.add("closedHoursRedistributionType", "must be 0 (none), 1 (proportional) or 2 (even)")
    elif interactive and redist != 0:
        if _given(body, "closed_hours_redistribution_type"):
            v.add("closedHoursRedistributionType", "applies only to service queues of a non-interactive type")
        redist = 0  # kept from a non-interactive type the queue no longer has
    s["closed_hours_redistribution_type"] = redist

    threshold = body.handling_threshold if _given(body, "handling_threshold") else (
        current.handling_threshold if current else None)
    if threshold is not None:
        check_range(v, "handlingThreshold", threshold, 0, 4320, "must be between 0 and 4320 minutes")
    elif redist in (1, 2):
        v.add("handlingThreshold", "is required when closedHoursRedistributionType is 1 or 2")
    s["handling_threshold"] = threshold if threshold is not None else 0

    for field, attr, wire in (("talk_time", "talk_time", "talkTime"), ("work_time", "work_time", "workTime")):
        value = _value(body, field, current, attr, 0)
        if value < 0:
            v.add(wire, "must not be negative")
        s[attr] = value

    if qtype is not None:
        if interactive:
            percent = _value(body, "service_level_objective_percent", current, "slo_percent", DEFAULT_SLO_PERCENT)
            seconds = _value(body, "service_level_objective_seconds", current, "slo_seconds", DEFAULT_SLO_SECONDS)
            seconds = DEFAULT_SLO_SECONDS if seconds is None else seconds
            check_range(v, "serviceLevelObjectivePercent", percent, 0, 100,
                        "must be between 0 and 100 for an interactive service queue")
            if seconds <= 0:
                v.add("serviceLevelObjectiveSeconds", "must be positive for an interactive service queue")
            s["slo_percent"], s["slo_seconds"] = percent, seconds
        else:  # non-interactive: hard coded, whatever was sent
            s["slo_percent"], s["slo_seconds"] = 100, None

    factor = _value(body, "forecast_staffing_adjustment_factor", current, "staffing_adjustment_factor", 1.0)
    if check_range(v, "forecastStaffingAdjustmentFactor", factor, 0, 10, "must be between 0.00 and 10.00"):
        s["staffing_adjustment_factor"] = round(float(factor), 2)
    for field, attr, wire, high in (("productivity_percent", "productivity_percent", "productivityPercent", 100),
                                    ("fte_hour_per_week", "fte_hours_per_week", "fteHourPerWeek", 168),
                                    ("break_hours_per_week", "break_hours_per_week", "breakHoursPerWeek", 168)):
        value = _value(body, field, current, attr, 0.0)
        check_range(v, wire, value, 0, high)
        s[attr] = float(value)
    level = _value(body, "forecast_precision_level", current, "forecast_precision_level", 0)
    if level < 0:
        v.add("forecastPrecisionLevel", "must not be negative")
    s["forecast_precision_level"] = level
    if "shrinkage_scenario_id" in body.model_fields_set or current is None:
        s["shrinkage_scenario_id"] = body.shrinkage_scenario_id

    if body.days is not None:
        out.hours = _check_days(body.days, v)
    elif current is None:
        v.add("days", "is required: at least one active day with open and close set")
    if body.skill_mappings is not None:
        out.skill_mappings = _check_skill_mappings(db, views, body.skill_mappings, v)
    if body.assigned_dns is not None:
        out.dns = _check_dns(db, body.assigned_dns, v)
    if body.virtual_services is not None:
        out.virtual = _check_virtual(db, views, body.virtual_services, qtype, own_id, v)
    if body.scheduling_order_parameters is not None:
        out.scheduling_order = _check_order(body.scheduling_order_parameters, SCHEDULING_CRITERIA,
                                            "schedulingOrderParameters", v)
    if body.vacation_order_parameters is not None:
        out.vacation_order = _check_order(body.vacation_order_parameters, VACATION_CRITERIA,
                                          "vacationOrderParameters", v)
    if body.multi_skill_groups is not None:
        out.groups = []
        for i, g in enumerate(body.multi_skill_groups):
            priority = DEFAULT_LINK_PRIORITY if g.priority is None else g.priority
            if check_range(v, f"multiSkillGroups[{i}].priority", priority, 0, 999):
                out.groups.append((g.id, priority))
    if body.agent_ids is not None:
        known = visibility.visible_agent_ids(db, principal, views, body.agent_ids) if body.agent_ids else set()
        for i, pid in enumerate(body.agent_ids):
            if pid not in known:
                v.add(f"agentIds[{i}]", f"agent {pid} does not exist")
        out.agent_ids = set(body.agent_ids)
    v.raise_if_any()
    return out


def _check_days(days: Days, v: Violations) -> list[tuple[int, bool, int | None, int | None]]:
    rows: list[tuple[int, bool, int | None, int | None]] = []
    open_days = 0
    for i, name in enumerate(WEEKDAYS):
        day = getattr(days, name)
        if day is None or not day.active:  # open and close are ignored on an inactive day
            rows.append((i, False, None, None))
            continue
        opens = day.open if day.open not in (None, "") else None
        closes = day.close if day.close not in (None, "") else None
        if (opens is None) != (closes is None):
            v.add(f"days.{name}", "open and close must both be set or both be null")
            continue
        if opens is None:
            rows.append((i, True, None, None))
            continue
        open_minute = parse_time(opens)
        close_minute = parse_time(closes, allow_end_of_day=True)
        if open_minute is None:
            v.add(f"days.{name}.open", "must be a time HH:MM")
        if close_minute is None:
            v.add(f"days.{name}.close", "must be a time HH:MM")
        if open_minute is not None and close_minute is not None:
            rows.append((i, True, open_minute, close_minute))
            open_days += 1
    if open_days == 0 and not v.has("days"):
        v.add("days", "must have at least one active day with open and close set")
    return rows


def _check_skill_mappings(db, views, links: list[SkillMappingLink], v: Violations) -> dict[int, int]:
    ids = [link.id for link in links]
    known = visibility.visible_skill_mapping_ids(db, views, ids) if ids else set()
    out: dict[int, int] = {}
    for i, link in enumerate(links):
        if link.id not in known:
            v.add(f"skillMappings[{i}].id", f"skill mapping {link.id} does not exist")
        elif link.id in out:
            v.add(f"skillMappings[{i}].id", f"skill mapping {link.id} is listed more than once")
        priority = DEFAULT_LINK_PRIORITY if link.priority is None else link.priority
        check_range(v, f"skillMappings[{i}].priority", priority, 0, 999)
        out[link.id] = priority
    return out


def _check_dns(db, links: list[AssignedDn], v: Violations) -> list[tuple[int, int, int, int]]:
    known = repository.dns(db, [link.id for link in links])
    out: list[tuple[int, int, int, int]] = []
    seen: set[int] = set()
    for i, link in enumerate(links):
        f = f"assignedDns[{i}]"
        if link.id not in known:
            v.add(f"{f}.id", f"DN {link.id} does not exist")
        elif link.id in seen:
            v.add(f"{f}.id", f"DN {link.id} is listed more than once")
        seen.add(link.id)
        start = parse_time(link.start)
        end = parse_time(link.end, allow_end_of_day=True)
        if start is None:
            v.add(f"{f}.start", "is required as a time HH:MM")
        if end is None:
            v.add(f"{f}.end", "is required as a time HH:MM")
        if start is not None and end is not None and end <= start:
            v.add(f"{f}.end", "must be after start")
        mask = sum(1 << d for d, name in enumerate(WEEKDAYS) if link.days and getattr(link.days, name))
        if mask == 0:
            v.add(f"{f}.days", "must have at least one day set")
        if start is not None and end is not None:
            out.append((link.id, start, end, mask))
    return out


def _check_virtual(db, views, links: list[VirtualServiceLink], qtype, own_id, v: Violations):
    ids = [link.id for link in links]
    visible = visibility.visible_queue_ids(db, views, ids) if ids else set()
    sources = repository.by_ids(db, visible)
    out: list[tuple[int, int, float]] = []
    seen: set[int] = set()
    for i, link in enumerate(links):
        f = f"virtualServices[{i}].id"
        src = sources.get(link.id)
        if link.id == own_id:
            v.add(f, "a service queue cannot be its own virtual service")
        elif src is None:
            v.add(f, f"service queue {link.id} does not exist")
        elif link.id in seen:
            v.add(f, f"service queue {link.id} is listed more than once")
        elif qtype is not None and src.type_id != qtype.id:
            v.add(f, f"service queue {link.id} must have the same service queue type as this queue")
        seen.add(link.id)
        out.append((link.id, link.hour_gap or 0, float(link.ratio or 0)))
    return out


def _check_order(params: list[OrderParameter], allowed: tuple[str, ...], field: str, v: Violations):
    out: list[tuple[str, int, bool]] = []
    criteria_seen: set[str] = set()
    priorities_seen: set[int] = set()
    for i, p in enumerate(params):
        criteria = p.criteria.strip().lower()
        if criteria not in allowed:
            v.add(f"{field}[{i}].criteria", "must be one of " + ", ".join(allowed))
        elif criteria in criteria_seen:
            v.add(f"{field}[{i}].criteria", f"{criteria} is listed more than once")
        if p.priority in priorities_seen:
            v.add(f"{field}[{i}].priority", f"priorities must be unique: {p.priority} is used twice")
        criteria_seen.add(criteria)
        priorities_seen.add(p.priority)
        out.append((criteria, p.priority, p.ascending))
    return out


def _write_children(db: Session, principal: Principal, views, queue: ServiceQueue, c: _Checked,
                    creating: bool) -> None:
    qid = queue.id
    if c.hours is not None:
        existing = repository.hours(db, qid)
        for weekday, active, opens, closes in c.hours:
            row = existing.get(weekday) or ServiceQueueHours(service_queue_id=qid, weekday=weekday)
            row.active, row.open_minute, row.close_minute = active, opens, closes
            db.add(row)
    if c.skill_mappings is not None:
        links = {link.skill_mapping_id: link for link, _sm in repository.skill_mapping_links(db, qid)}
        visible = visibility.visible_skill_mapping_ids(db, views, links) if links else set()
        _add, remove = diff_links(set(links), set(c.skill_mappings), visible)
        for sid in remove:
            db.delete(links[sid])
        for sid, priority in c.skill_mappings.items():
            if sid in links:
                links[sid].priority = priority
            else:
                db.add(SkillMappingQueue(skill_mapping_id=sid, service_queue_id=qid, priority=priority))
    if c.dns is not None:
        for link, _dn in repository.dn_links(db, qid):
            db.delete(link)
        db.flush()
        db.add_all(ServiceQueueDn(service_queue_id=qid, dn_id=d, start_minute=s, end_minute=e, weekdays=m)
                   for d, s, e, m in c.dns)
    if c.virtual is not None:
        links = {link.source_queue_id: link for link, _src in repository.virtual_links(db, qid)}
        visible = visibility.visible_queue_ids(db, views, links) if links else set()
        wanted = {sid: (gap, ratio) for sid, gap, ratio in c.virtual}
        _add, remove = diff_links(set(links), set(wanted), visible)
        for sid in remove:
            db.delete(links[sid])
        for sid, (gap, ratio) in wanted.items():
            link = links.get(sid) or VirtualServiceSource(virtual_queue_id=qid, source_queue_id=sid)
            link.hour_gap, link.ratio = gap, ratio
            db.add(link)
    for kind, params in ((ORDER_SCHEDULING, c.scheduling_order), (ORDER_VACATION, c.vacation_order)):
        if params is None:
            continue
        for o in repository.orders(db, qid):
            if o.kind == kind:
                db.delete(o)
        db.flush()
        db.add_all(ServiceQueueOrder(service_queue_id=qid, kind=kind, criteria=cr, priority=p, ascending=asc)
                   for cr, p, asc in params)
    if c.groups is not None:
        _write_groups(db, queue, c.groups, creating)
    if c.agent_ids is not None:
        current = repository.main_agent_ids(db, qid)
        visible = visibility.visible_agent_ids(db, principal, views, current) if current else set()
        add, remove = diff_links(current, c.agent_ids, visible)
        repository.set_main_queue(db, remove, None)
        repository.set_main_queue(db, add, qid)


def _write_groups(db: Session, queue: ServiceQueue, groups: list[tuple[int, int]], creating: bool) -> None:
    """POST puts the new queue in the listed groups; PUT re-prioritises only the groups that hold the
    queue already. An unknown group id is a no-op for its entry either way."""
    from ..multi_skill_groups import repository as groups_repo

    held = {link.group_id: link for link, _g in repository.group_links(db, queue.id)}
    for gid, priority in groups:
        if gid in held:
            held[gid].priority = priority
        elif creating and groups_repo.get(db, gid) is not None:
            held[gid] = MultiSkillGroupQueue(group_id=gid, service_queue_id=queue.id, priority=priority)
            db.add(held[gid])
