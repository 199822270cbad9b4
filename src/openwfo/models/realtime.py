"""Real-time agent states and adherence rules.

- ``AgentStateChange`` — one agent state change an ACD adapter reported (Real-Time Data Capture API):
  the agent (a person found by ACD id), the instant (epoch ms), the GIS state identifier (1 logout,
  2 not ready, 3 ready, 4 talking, 5 work not ready, 6 work ready, 10 hold) and the reason code as
  sent (text; numeric codes are read back as numbers). A change resent (same agent, instant and
  state) is stored once: the unique key makes the insert a no-op. The same key, leading with the
  person and the instant, serves "the states of these agents in a time range" and "the state an
  agent was in at an instant"; (tenant, instant) serves everyone's states in a range.
- ``AdherenceRule`` — a tenant's own answer to "which agent states satisfy this scheduled activity
  type" (the states as a comma-separated list of the reference's names). Activity types without a
  row use the defaults in ``openwfo.scheduling.adherence.rules``.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class AgentStateChange(TenantScoped, Base):
    __tablename__ = "rt_agent_state"
    __table_args__ = (
        UniqueConstraint("person_id", "ts_ms", "state", name="uq_rt_agent_state_person_ts_state"),
        Index("ix_rt_agent_state_tenant_ts", "tenant_id", "ts_ms"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"))
    ts_ms: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[int] = mapped_column(SmallInteger)
    reason_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    received_ms: Mapped[int] = mapped_column(BigInteger)


class AdherenceRule(TenantScoped, Base):
    __tablename__ = "rt_adherence_rule"
    __table_args__ = (UniqueConstraint("tenant_id", "activity_type", name="uq_rt_adherence_rule_tenant_type"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    activity_type: Mapped[str] = mapped_column(String(30))
    states: Mapped[str] = mapped_column(String(200), default="")
