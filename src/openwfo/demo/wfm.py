"""Demo WFM configuration: an ACD server, voice/chat/email queues with realistic hours and service
levels, DNs, skill mappings, a multi-skill group, views per group, scheduling-enabled agents (the
demo's Agent-role persons, or a few new ones), exceptions and exception types, work shifts and
workflow rules. Everything is found by name first, so running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.passwords import hash_password
from ..kit.clock import now_ms
from ..models import (
    AcdServer,
    AgentException,
    AgentWorkShift,
    Dn,
    ExceptionType,
    Group,
    MultiSkillGroup,
    MultiSkillGroupAgent,
    MultiSkillGroupQueue,
    Person,
    PersonRole,
    PersonView,
    Role,
    ScheduleException,
    ServiceQueue,
    ServiceQueueDn,
    ServiceQueueHours,
    ServiceQueueOrder,
    ServiceQueueType,
    SkillMapping,
    SkillMappingAgent,
    SkillMappingQueue,
    Team,
    Tenant,
    View,
    ViewAgent,
    ViewServiceQueue,
    ViewSkillMapping,
    WorkflowCondition,
    WorkflowRule,
    WorkShift,
)
from ..models.wfm import ORDER_SCHEDULING, ORDER_VACATION
from ..org.provision import builtin_role, default_team, default_view
from ..scheduling.queue_types.service import ensure_default_types

DAY_MS = 86_400_000
ACD_NAME = "Cisco UCCE (PG 1)"
WEEKDAYS_8_20 = {1: (8, 20), 2: (8, 20), 3: (8, 20), 4: (8, 20), 5: (8, 20)}

# name: (number, type code, priority, {weekday: (open hour, close hour)}, SLO %, SLO s, talk s, work s)
QUEUES = {
    "Inbound Sales": (5001, 0, 1, {**WEEKDAYS_8_20, 6: (9, 17)}, 80, 20, 300, 60),
    "Billing": (5002, 0, 2, {d: (8, 18) for d in range(1, 6)}, 80, 30, 240, 45),
    "Retention": (5003, 0, 3, {d: (9, 17) for d in range(1, 6)}, 85, 20, 420, 90),
    "General Enquiries": (5004, 0, 4, {**WEEKDAYS_8_20, 0: (10, 16), 6: (10, 16)}, 80, 20, 210, 40),
    "Tech Support": (5005, 0, 5, {d: (0, 24) for d in range(7)}, 90, 30, 540, 120),
    "Sales Chat": (6001, 1, 6, dict(WEEKDAYS_8_20), 85, 60, 480, 30),
    "Support Chat": (6002, 1, 7, {d: (7, 22) for d in range(7)}, 85, 60, 600, 30),
    "Customer Email": (7001, 2, 8, {d: (8, 17) for d in range(1, 6)}, 100, None, 360, 120),
}
GROUP_QUEUES = {
    "Sales": ["Inbound Sales", "Sales Chat"],
    "Customer Care": ["Billing", "Retention", "General Enquiries", "Customer Email"],
    "Technical Support": ["Tech Support", "Support Chat", "Customer Email"],
}
TEAM_QUEUE = {
    "Inbound Sales": "Inbound Sales", "Outbound Sales": "Inbound Sales", "Partner Sales": "Sales Chat",
    "Billing": "Billing", "Retention": "Retention", "General Enquiries": "General Enquiries",
    "Tier 1 Support": "Tech Support", "Tier 2 Support": "Support Chat",
}
EXTRA_SKILLS = {"Tier 1 Support": ["Customer Email"], "Tier 2 Support": ["Tech Support", "Customer Email"],
                "Billing": ["Customer Email"], "Inbound Sales": ["Sales Chat"]}
EXCEPTIONS = [  # name, paid, colour
    ("Vacation", True, "#2ECC71"), ("Sick", True, "#E74C3C"), ("Training", True, "#9B59B6"),
    ("Jury Duty", True, "#566573"), ("Unpaid Leave", False, "#AAB7B8"), ("Doctor Appointment", False, "#F1948A"),
]
EXCEPTION_TYPES = [("Vacation", "Vacation"), ("Sick Day", "Sick"), ("Training", "Training"),
                   ("Jury Duty", "Jury Duty"), ("Personal Time", "Unpaid Leave"),
                   ("Medical Appointment", "Doctor Appointment")]
WORK_SHIFTS = [("Early", "Mon-Fri 06:00-14:30"), ("Day", "Mon-Fri 08:00-16:30"), ("Late", "Mon-Fri 12:00-20:30"),
               ("Weekend", "Sat-Sun 09:00-17:30")]
FALLBACK_AGENTS = [("Riley", "Moreno"), ("Jordan", "Fischer"), ("Casey", "Nakamura"), ("Avery", "Dubois"),
                   ("Quinn", "Kowalczyk"), ("Taylor", "Mensah")]


def _get_or_add(db: Session, model, name: str, **fields):
    row = db.scalar(select(model).where(model.name == name))
    if row is None:
        row = model(name=name, **fields)
        db.add(row)
        db.flush()
        return row, True
    return row, False


def seed(db: Session, tenant: Tenant) -> None:
    ensure_default_types(db)
    types = {t.code: t for t in db.scalars(select(ServiceQueueType))}
    acd, _ = _get_or_add(db, AcdServer, ACD_NAME, acd_type="Cisco UCCE", peripheral_id="5000")

    queues: dict[str, ServiceQueue] = {}
    for name, (number, code, priority, hours, slo_pct, slo_s, talk, work) in QUEUES.items():
        q = db.scalar(select(ServiceQueue).where(ServiceQueue.name == name))
        if q is None:
            if db.scalar(select(ServiceQueue.id).where(
                    (ServiceQueue.number == number) | (ServiceQueue.priority == priority))) is not None:
                continue  # the tenant reused this number or priority: leave its own queue alone
            email = types[code].contact_type == 1
            q = ServiceQueue(number=number, acd_service_id=str(number), name=name, acd_server_id=acd.id,
                             priority=priority, type_id=types[code].id, talk_time=talk, work_time=work,
                             slo_percent=slo_pct, slo_seconds=slo_s, closed_hours_redistribution_type=1 if email else 0,
                             handling_threshold=1440 if email else 0, productivity_percent=85.0,
                             fte_hours_per_week=40.0, break_hours_per_week=2.5, staffing_adjustment_factor=1.0,
                             msaq=code == 1)
            db.add(q)
            db.flush()
            for day in range(7):
                opens = hours.get(day)
                db.add(ServiceQueueHours(service_queue_id=q.id, weekday=day, active=opens is not None,
                                         open_minute=opens[0] * 60 if opens else None,
                                         close_minute=opens[1] * 60 if opens else None))
            for i, criteria in enumerate(("rank", "company_start_date", "maximum_hours_available"), start=1):
                db.add(ServiceQueueOrder(service_queue_id=q.id, kind=ORDER_SCHEDULING, criteria=criteria,
                                         priority=i, ascending=False))
            for i, criteria in enumerate(("company_start_date", "rank"), start=1):
                db.add(ServiceQueueOrder(service_queue_id=q.id, kind=ORDER_VACATION, criteria=criteria,
                                         priority=i, ascending=True))
        queues[name] = q

    for name, number, queue, start, end in (("Sales line", 18005550100, "Inbound Sales", 8 * 60, 20 * 60),
                                            ("Support line", 18005550199, "Tech Support", 0, 24 * 60)):
        if db.scalar(select(Dn.id).where(Dn.number == number)) is None and queue in queues:
            dn = Dn(name=name, number=number)
            db.add(dn)
            db.flush()
            db.add(ServiceQueueDn(service_queue_id=queues[queue].id, dn_id=dn.id, start_minute=start,
                                  end_minute=end, weekdays=0b0111110))

    skills: dict[str, SkillMapping] = {}
    for qname, q in queues.items():
        sm, created = _get_or_add(db, SkillMapping, f"{q.number}.{qname.replace(' ', '')}")
        if created:
            db.add(SkillMappingQueue(skill_mapping_id=sm.id, service_queue_id=q.id, priority=1))
        skills[qname] = sm

    blend, created = _get_or_add(db, MultiSkillGroup, "Sales Voice + Chat")
    if created:
        for priority, qname in enumerate(("Inbound Sales", "Sales Chat")):
            if qname in queues:
                db.add(MultiSkillGroupQueue(group_id=blend.id, service_queue_id=queues[qname].id, priority=priority))

    agents = _agents(db, tenant)
    _configure_agents(db, agents, acd, queues, skills, blend)
    _views(db, queues, skills, agents)
    _exceptions(db, agents)
    db.flush()


def _agents(db: Session, tenant: Tenant) -> list[Person]:
    """The Agent-role persons (created when there are none), enabled for scheduling."""
    agent_role = builtin_role(db, "agent")
    role_ids = [r.id for r in db.scalars(select(Role).where(Role.builtin == "agent"))]
    ids = list(db.scalars(select(PersonRole.person_id).where(PersonRole.role_id.in_(role_ids))))
    if not ids:
        team, view, pw = default_team(db), default_view(db), hash_password("demo-password")
        for i, (first, last) in enumerate(FALLBACK_AGENTS):
            email = f"{first}.{last}@demo.openwfo.test".lower()
            p = Person(email=email, first_name=first, last_name=last, team_id=team.id, time_zone=tenant.time_zone,
                       activated_date=now_ms(), password_hash=pw, acd_id=str(9001 + i), employee_id=f"E{9001 + i}")
            p.roles = [agent_role]
            p.views = [PersonView(view=view, main=True)]
            db.add(p)
        db.flush()
        ids = list(db.scalars(select(PersonRole.person_id).where(PersonRole.role_id.in_(role_ids))))
    return list(db.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.id)))


def _configure_agents(db, agents, acd, queues, skills, blend) -> None:
    teams = {t.id: t.name for t in db.scalars(select(Team))}
    has_skills = set(db.scalars(select(SkillMappingAgent.person_id)))
    in_group = set(db.scalars(select(MultiSkillGroupAgent.person_id)))
    today = now_ms() - now_ms() % DAY_MS
    for i, p in enumerate(agents):
        team = teams.get(p.team_id, "")
        main = TEAM_QUEUE.get(team, "General Enquiries")
        if not p.enabled_for_scheduling:
            p.enabled_for_scheduling = True
        if p.acd_server_id is None or db.get(AcdServer, p.acd_server_id) is None:
            p.acd_server_id = acd.id
        if not p.acd_id:
            p.acd_id = str(8000 + p.id)
        if not p.employee_id:
            p.employee_id = f"E{8000 + p.id}"
        if p.company_start_date is None:
            p.company_start_date = today - (300 + 41 * i) * DAY_MS
        if p.department_start_date is None:
            p.department_start_date = today - (150 + 23 * i) * DAY_MS
        if p.rank is None:
            p.rank = 1 + i % 3
        if p.main_service_queue_id is None and main in queues:
            p.main_service_queue_id = queues[main].id
        if p.id not in has_skills:
            for qname in [main, *EXTRA_SKILLS.get(team, [])]:
                if qname in skills:
                    db.add(SkillMappingAgent(skill_mapping_id=skills[qname].id, person_id=p.id))
        if team == "Inbound Sales" and i % 2 == 0 and p.id not in in_group:
            db.add(MultiSkillGroupAgent(person_id=p.id, group_id=blend.id))
    db.flush()


def _views(db, queues, skills, agents) -> None:
    groups = {g.id: g.name for g in db.scalars(select(Group))}
    team_group = {t.id: groups.get(t.group_id) for t in db.scalars(select(Team))}
    enterprise = default_view(db)
    for group_name, qnames in GROUP_QUEUES.items():
        view, created = _get_or_add(db, View, f"{group_name} View", is_default=False)
        if not created:
            continue
        for qname in qnames:
            if qname in queues:
                db.add(ViewServiceQueue(view_id=view.id, service_queue_id=queues[qname].id))
                db.add(ViewSkillMapping(view_id=view.id, skill_mapping_id=skills[qname].id))
        members = [p for p in agents if team_group.get(p.team_id) == group_name]
        for p in members:
            db.add(ViewAgent(view_id=view.id, person_id=p.id))
        # The group's supervisors work in their group's view (they keep EnterpriseView beside it).
        group_id = next((gid for gid, name in groups.items() if name == group_name), None)
        supervisors = db.scalars(select(Person).join(Person.roles).where(Role.builtin == "supervisor"))
        for sup in supervisors:
            if group_id in {g.id for g in sup.scope_groups} and len(sup.views) == 1 and \
                    sup.views[0].view_id == enterprise.id:
                sup.views[0].main = False
                sup.views.append(PersonView(view=view, main=True))
    db.flush()


def _exceptions(db, agents) -> None:
    exceptions = {}
    for name, paid, color in EXCEPTIONS:
        exceptions[name], _ = _get_or_add(db, ScheduleException, name, paid=paid, color=color)
    types = {}
    for name, exception in EXCEPTION_TYPES:
        types[name], _ = _get_or_add(db, ExceptionType, name, exception_id=exceptions[exception].id)
    shifts = [_get_or_add(db, WorkShift, name, description=desc)[0] for name, desc in WORK_SHIFTS]
    assigned = set(db.scalars(select(AgentException.person_id)))
    shifted = set(db.scalars(select(AgentWorkShift.person_id)))
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    for i, p in enumerate(agents):
        if p.id not in assigned:
            db.add_all(AgentException(person_id=p.id, exception_id=e.id) for e in exceptions.values())
        if p.id not in shifted:
            db.add(AgentWorkShift(person_id=p.id, work_shift_id=shifts[i % 3].id, shift_week_start=monday))
    rules = [
        ("Approve sick days", "Sick Day", "approve", 0, []),
        ("Vacation on short notice goes to a supervisor", "Vacation", "pending", 1,
         [("daysInAdvance", "lt", 14.0, None)]),
        ("Approve vacation when Tech Support is overstaffed", "Vacation", "approve", 2,
         [("serviceQueueStaffing", "gt", 1.0, "Tech Support")]),
        ("Approve planned training", "Training", "approve", 3, [("daysInAdvance", "ge", 7.0, None)]),
        ("Everything else goes to a supervisor", None, "pending", 100, []),
    ]
    for name, type_name, action, priority, conditions in rules:
        if db.scalar(select(WorkflowRule.id).where(WorkflowRule.name == name)) is not None:
            continue
        rule = WorkflowRule(name=name, exception_type_id=types[type_name].id if type_name else None, action=action,
                            priority=priority, enabled=True)
        for pos, (kind, op, value, qname) in enumerate(conditions):
            qid = db.scalar(select(ServiceQueue.id).where(ServiceQueue.name == qname)) if qname else None
            if qname and qid is None:
                break
            rule.conditions.append(WorkflowCondition(position=pos, condition_type=kind, operator=op, value=value,
                                                     service_queue_id=qid))
        else:
            db.add(rule)
