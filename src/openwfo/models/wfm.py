"""WFM configuration: what work exists, who is scheduled for it, and who sees what.

Tables (all tenant-owned, link tables included, so tenant isolation covers every read):

- ``AcdServer`` — the ACD a person's or queue's ``acdServerId`` points at.
- ``ServiceQueueType`` — voice, chat, email, ...; ``code`` is the wire id (``type``), unique per
  tenant; ``contact_type`` 0 = interactive, 1 = non-interactive.
- ``ServiceQueue`` — a queue with its planning parameters; its children are ``ServiceQueueHours``
  (opening hours per weekday), ``ServiceQueueDn`` (assigned DNs), ``VirtualServiceSource`` (the
  queues a virtual queue sums) and ``ServiceQueueOrder`` (scheduling and vacation order criteria).
- ``SkillMapping`` with ``SkillMappingQueue`` (queues served, with priority) and
  ``SkillMappingAgent`` (agents having it).
- ``MultiSkillGroup`` with ``MultiSkillGroupQueue`` (queues worked at once, with priority) and
  ``MultiSkillGroupAgent`` (an agent belongs to at most one group).
- ``Dn`` — a dialled number that can be assigned to queues for part of the day.
- ``ViewServiceQueue``, ``ViewSkillMapping``, ``ViewAgent`` — members of a WFM view
  (``models.org.View``). The tenant's default view (``View.is_default``, "EnterpriseView")
  contains everything implicitly and has no rows here. Ask ``openwfo.scheduling.visibility``
  what a caller sees rather than reading these tables.
- ``ScheduleException`` — an exception activity placed on a schedule (name, paid, colour);
  ``ExceptionType`` — what an agent asks for (``exception_id`` is its default exception);
  ``AgentException`` — the exceptions an agent may be given.
- ``WorkShift`` and ``AgentWorkShift`` — the work shifts assigned to an agent, from a shift week.
- ``WorkflowRule`` with ``WorkflowCondition`` — how exception requests are decided; a condition
  may reference a service queue (such a queue cannot be deleted).

Conventions: times of day are minutes after midnight (0..1440) in the tenant's time zone;
weekdays are 0 = Sunday .. 6 = Saturday (the reference's order); colours are catalogue codes
(``openwfo.scheduling.config.colors``). Person-side agent details (enabled for scheduling, main
service queue, rank, dates, ...) are columns of ``models.org.Person``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdType, TenantScoped

# Kinds of ServiceQueueOrder rows.
ORDER_SCHEDULING = "scheduling"
ORDER_VACATION = "vacation"

INTERACTIVE = 0
NON_INTERACTIVE = 1


def _fk(target: str, **kw) -> ForeignKey:
    return ForeignKey(target, ondelete=kw.pop("ondelete", "CASCADE"), **kw)


class AcdServer(TenantScoped, Base):
    __tablename__ = "wfm_acd_server"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    acd_type: Mapped[str] = mapped_column(String(100), default="")
    peripheral_id: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ServiceQueueType(TenantScoped, Base):
    __tablename__ = "wfm_queue_type"
    __table_args__ = (UniqueConstraint("tenant_id", "code"), UniqueConstraint("tenant_id", "name"))

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    code: Mapped[int] = mapped_column(Integer)  # the wire id: a queue's `type`
    name: Mapped[str] = mapped_column(String(50))
    contact_type: Mapped[int] = mapped_column(Integer, default=INTERACTIVE)


class ServiceQueue(TenantScoped, Base):
    __tablename__ = "wfm_service_queue"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        UniqueConstraint("tenant_id", "name"),
        UniqueConstraint("tenant_id", "priority"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    number: Mapped[int] = mapped_column(BigInteger)  # the queue's id in the ACD
    acd_service_id: Mapped[str] = mapped_column(String(50), default="")
    name: Mapped[str] = mapped_column(String(50))
    acd_server_id: Mapped[int] = mapped_column(IdType, _fk("wfm_acd_server.id", ondelete=None), index=True)
    priority: Mapped[int] = mapped_column(Integer, default=0)  # 0 (highest) .. 999
    virtual: Mapped[bool] = mapped_column(Boolean, default=False)
    color: Mapped[str] = mapped_column(String(50), default="#7399BD")
    not_allow_forecast: Mapped[bool] = mapped_column(Boolean, default=False)
    msaq: Mapped[bool] = mapped_column(Boolean, default=False)
    type_id: Mapped[int] = mapped_column(IdType, _fk("wfm_queue_type.id", ondelete=None), index=True)
    closed_hours_redistribution_type: Mapped[int] = mapped_column(Integer, default=0)  # 0 none, 1 prop., 2 even
    handling_threshold: Mapped[int] = mapped_column(Integer, default=0)  # minutes, 0..4320
    talk_time: Mapped[int] = mapped_column(Integer, default=0)  # average seconds
    work_time: Mapped[int] = mapped_column(Integer, default=0)  # average seconds
    slo_percent: Mapped[int] = mapped_column(Integer, default=80)  # 100 for non-interactive queues
    slo_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None for non-interactive
    productivity_percent: Mapped[float] = mapped_column(Float, default=0.0)
    fte_hours_per_week: Mapped[float] = mapped_column(Float, default=0.0)
    break_hours_per_week: Mapped[float] = mapped_column(Float, default=0.0)
    forecast_precision_level: Mapped[int] = mapped_column(Integer, default=0)
    staffing_adjustment_factor: Mapped[float] = mapped_column(Float, default=1.0)  # 0.00 .. 10.00
    shrinkage_scenario_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    type: Mapped[ServiceQueueType] = relationship(lazy="joined", innerjoin=True)

    @property
    def contact_type(self) -> int:
        return self.type.contact_type


class ServiceQueueHours(TenantScoped, Base):
    """Opening hours of a queue on one weekday (0 = Sunday). Open/close are None together."""

    __tablename__ = "wfm_queue_hours"

    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    open_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)
    close_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Dn(TenantScoped, Base):
    __tablename__ = "wfm_dn"
    __table_args__ = (UniqueConstraint("tenant_id", "number"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column(BigInteger)


class ServiceQueueDn(TenantScoped, Base):
    """A DN assigned to a queue from start to end minute on the weekdays of the `weekdays` bitmask
    (bit d set = weekday d, 0 = Sunday)."""

    __tablename__ = "wfm_queue_dn"

    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True)
    dn_id: Mapped[int] = mapped_column(IdType, _fk("wfm_dn.id"), primary_key=True, index=True)
    start_minute: Mapped[int] = mapped_column(Integer)
    end_minute: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[int] = mapped_column(Integer)


class VirtualServiceSource(TenantScoped, Base):
    """A source queue summed by a virtual queue (both of the same queue type)."""

    __tablename__ = "wfm_virtual_source"

    virtual_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True)
    source_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True,
                                                 index=True)
    hour_gap: Mapped[int] = mapped_column(Integer, default=0)  # kept for clients; unused since WFM 9.3
    ratio: Mapped[float] = mapped_column(Float, default=0.0)  # kept for clients; unused since WFM 9.3


class ServiceQueueOrder(TenantScoped, Base):
    """One scheduling-order or vacation-order criterion of a queue (kind: ORDER_SCHEDULING / ORDER_VACATION)."""

    __tablename__ = "wfm_queue_order"

    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    criteria: Mapped[str] = mapped_column(String(40), primary_key=True)
    priority: Mapped[int] = mapped_column(Integer)
    ascending: Mapped[bool] = mapped_column(Boolean, default=False)


class SkillMapping(TenantScoped, Base):
    __tablename__ = "wfm_skill_mapping"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))


class SkillMappingQueue(TenantScoped, Base):
    __tablename__ = "wfm_skill_mapping_queue"

    skill_mapping_id: Mapped[int] = mapped_column(IdType, _fk("wfm_skill_mapping.id"), primary_key=True)
    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True,
                                                  index=True)
    priority: Mapped[int] = mapped_column(Integer, default=1)  # 0 (highest) .. 999


class SkillMappingAgent(TenantScoped, Base):
    __tablename__ = "wfm_skill_mapping_agent"

    skill_mapping_id: Mapped[int] = mapped_column(IdType, _fk("wfm_skill_mapping.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(IdType, _fk("org_person.id"), primary_key=True, index=True)


class MultiSkillGroup(TenantScoped, Base):
    __tablename__ = "wfm_multi_skill_group"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))


class MultiSkillGroupQueue(TenantScoped, Base):
    __tablename__ = "wfm_msg_queue"

    group_id: Mapped[int] = mapped_column(IdType, _fk("wfm_multi_skill_group.id"), primary_key=True)
    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True,
                                                  index=True)
    priority: Mapped[int] = mapped_column(Integer, default=1)  # 0 (highest) .. 999


class MultiSkillGroupAgent(TenantScoped, Base):
    """The multi-skill group an agent works (at most one per agent)."""

    __tablename__ = "wfm_msg_agent"

    person_id: Mapped[int] = mapped_column(IdType, _fk("org_person.id"), primary_key=True)
    group_id: Mapped[int] = mapped_column(IdType, _fk("wfm_multi_skill_group.id"), index=True)


class ViewServiceQueue(TenantScoped, Base):
    __tablename__ = "wfm_view_queue"

    view_id: Mapped[int] = mapped_column(IdType, _fk("wfm_view.id"), primary_key=True)
    service_queue_id: Mapped[int] = mapped_column(IdType, _fk("wfm_service_queue.id"), primary_key=True,
                                                  index=True)


class ViewSkillMapping(TenantScoped, Base):
    __tablename__ = "wfm_view_skill_mapping"

    view_id: Mapped[int] = mapped_column(IdType, _fk("wfm_view.id"), primary_key=True)
    skill_mapping_id: Mapped[int] = mapped_column(IdType, _fk("wfm_skill_mapping.id"), primary_key=True,
                                                  index=True)


class ViewAgent(TenantScoped, Base):
    __tablename__ = "wfm_view_agent"

    view_id: Mapped[int] = mapped_column(IdType, _fk("wfm_view.id"), primary_key=True)
    person_id: Mapped[int] = mapped_column(IdType, _fk("org_person.id"), primary_key=True, index=True)


class ScheduleException(TenantScoped, Base):
    """An exception activity (vacation, sick, training, ...) as placed on a schedule."""

    __tablename__ = "wfm_exception"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    paid: Mapped[bool] = mapped_column(Boolean, default=False)
    color: Mapped[str] = mapped_column(String(50))


class ExceptionType(TenantScoped, Base):
    """What an agent (or an IVR for them) asks for; `exception_id` is the exception it places by default."""

    __tablename__ = "wfm_exception_type"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    exception_id: Mapped[int] = mapped_column(IdType, _fk("wfm_exception.id", ondelete=None), index=True)

    exception: Mapped[ScheduleException] = relationship(lazy="joined", innerjoin=True)


class AgentException(TenantScoped, Base):
    __tablename__ = "wfm_agent_exception"

    person_id: Mapped[int] = mapped_column(IdType, _fk("org_person.id"), primary_key=True)
    exception_id: Mapped[int] = mapped_column(IdType, _fk("wfm_exception.id"), primary_key=True, index=True)


class WorkShift(TenantScoped, Base):
    __tablename__ = "wfm_work_shift"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(String(500), default="")


class AgentWorkShift(TenantScoped, Base):
    __tablename__ = "wfm_agent_work_shift"

    person_id: Mapped[int] = mapped_column(IdType, _fk("org_person.id"), primary_key=True)
    work_shift_id: Mapped[int] = mapped_column(IdType, _fk("wfm_work_shift.id"), primary_key=True, index=True)
    shift_week_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class WorkflowRule(TenantScoped, Base):
    """Decides exception requests: rules are tried by ascending priority; the first whose conditions
    all hold gives the action ("approve", "deny" or "pending" = left for a supervisor).
    `exception_type_id` None = the rule applies to every exception type."""

    __tablename__ = "wfm_workflow_rule"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    exception_type_id: Mapped[int | None] = mapped_column(
        IdType, _fk("wfm_exception_type.id", ondelete=None), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    conditions: Mapped[list[WorkflowCondition]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="WorkflowCondition.position",
        passive_deletes=True,
    )


class WorkflowCondition(TenantScoped, Base):
    """One condition of a rule (see scheduling/workflow_rules for the condition types). A condition
    that names a service queue keeps that queue from being deleted."""

    __tablename__ = "wfm_workflow_condition"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    rule_id: Mapped[int] = mapped_column(IdType, _fk("wfm_workflow_rule.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    condition_type: Mapped[str] = mapped_column(String(40))
    operator: Mapped[str | None] = mapped_column(String(4), nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    service_queue_id: Mapped[int | None] = mapped_column(
        IdType, _fk("wfm_service_queue.id", ondelete=None), nullable=True, index=True
    )
