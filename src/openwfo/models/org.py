"""Tenants, groups, teams, persons, roles and scope: the organization every other area hangs on."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdType, TenantScoped


class Tenant(Base):
    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    activated: Mapped[int] = mapped_column(BigInteger, default=0)
    deactivated: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    time_zone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class Group(TenantScoped, Base):
    __tablename__ = "org_group"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("org_group.id"), nullable=True, index=True)
    is_root: Mapped[bool] = mapped_column(Boolean, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    activated_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    deactivated_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Team(TenantScoped, Base):
    __tablename__ = "org_team"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    group_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_group.id"), index=True)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bulk import's productivityCompilation: the team's statistics count in productivity figures.
    productivity_compilation: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    activated_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    deactivated_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    group: Mapped[Group] = relationship(lazy="joined")


class Role(TenantScoped, Base):
    __tablename__ = "org_role"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    # 'system_administrator' | 'supervisor' | 'agent' for the built-in roles, None for custom ones.
    builtin: Mapped[str | None] = mapped_column(String(40), nullable=True)
    is_default_agent: Mapped[bool] = mapped_column(Boolean, default=False)
    permission_ids: Mapped[list[int]] = mapped_column(JSON, default=list)


class View(TenantScoped, Base):
    """A WFM view: the set of queues, skill mappings and agents a user sees. EnterpriseView exists by default."""

    __tablename__ = "wfm_view"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)


class Person(TenantScoped, Base):
    __tablename__ = "org_person"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320))
    first_name: Mapped[str] = mapped_column(String(200), default="")
    last_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    team_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_team.id"), index=True)
    time_zone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    lang: Mapped[str] = mapped_column(String(16), default="en")
    country: Mapped[str] = mapped_column(String(16), default="")
    display_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    ad_login: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    acd_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    acd_server_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    activated_date: Mapped[int] = mapped_column(BigInteger, default=0)
    deactivated: Mapped[bool] = mapped_column(Boolean, default=False)
    deactivated_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    is_synchronized: Mapped[bool] = mapped_column(Boolean, default=False)
    password_expiration_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    user_iq: Mapped[bool] = mapped_column(Boolean, default=False)
    license_compliance: Mapped[bool] = mapped_column(Boolean, default=True)
    # WFM agent details (the Person API's agentDetail and the Agent API read these).
    enabled_for_scheduling: Mapped[bool] = mapped_column(Boolean, default=False)
    # The Person by ID API's agentDetails.active: the WFM agent record is active.
    agent_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    employee_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    rank: Mapped[int | None] = mapped_column(Integer, nullable=True)
    company_start_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    department_start_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    termination_date: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    wfm_read_only: Mapped[bool] = mapped_column(Boolean, default=False)
    main_service_queue_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    work_condition_profile: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # QM details.
    qm_views: Mapped[list] = mapped_column(JSON, default=list)
    is_reconcile_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Scope: tenant-wide, or the groups (with everything under them) and teams listed below.
    scope_all: Mapped[bool] = mapped_column(Boolean, default=False)

    team: Mapped[Team] = relationship(lazy="joined")
    roles: Mapped[list[Role]] = relationship(secondary="org_person_role", lazy="selectin")
    scope_groups: Mapped[list[Group]] = relationship(secondary="org_person_scope_group", lazy="selectin")
    scope_teams: Mapped[list[Team]] = relationship(secondary="org_person_scope_team", lazy="selectin")
    views: Mapped[list[PersonView]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", back_populates="person"
    )


class PersonRole(Base):
    __tablename__ = "org_person_role"

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    role_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_role.id", ondelete="CASCADE"), primary_key=True)


class PersonScopeGroup(Base):
    __tablename__ = "org_person_scope_group"

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    group_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_group.id", ondelete="CASCADE"), primary_key=True)


class PersonScopeTeam(Base):
    __tablename__ = "org_person_scope_team"

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_team.id", ondelete="CASCADE"), primary_key=True)


class PersonView(Base):
    __tablename__ = "org_person_view"

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    view_id: Mapped[int] = mapped_column(IdType, ForeignKey("wfm_view.id", ondelete="CASCADE"), primary_key=True)
    main: Mapped[bool] = mapped_column(Boolean, default=False)

    person: Mapped[Person] = relationship(back_populates="views")
    view: Mapped[View] = relationship(lazy="joined")


# Names and logins are unique ignoring case (per tenant; tenant names across the store): the services
# check it first for a clear answer, these indexes make it hold under concurrent writes (a violation
# is a 409, see org/uniqueness.py). Migration 0003_org_unique_ci.
CASE_INSENSITIVE_UNIQUE = (
    Index("uq_tenant_name_ci", func.lower(Tenant.name), unique=True),
    Index("uq_org_group_name_ci", Group.tenant_id, func.lower(Group.name), unique=True),
    Index("uq_org_team_name_ci", Team.tenant_id, func.lower(Team.name), unique=True),
    Index("uq_org_role_name_ci", Role.tenant_id, func.lower(Role.name), unique=True),
    Index("uq_wfm_view_name_ci", View.tenant_id, func.lower(View.name), unique=True),
    Index("uq_org_person_email_ci", Person.tenant_id, func.lower(Person.email), unique=True),
    Index("uq_org_person_ad_login_ci", Person.tenant_id, func.lower(Person.ad_login), unique=True),
)
