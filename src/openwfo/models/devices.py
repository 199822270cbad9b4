"""Phones and extensions associated with persons (the Device Association import), and the
administrator's lock on a person's login."""

from __future__ import annotations

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, IdType, TenantScoped


class Device(TenantScoped, Base):
    """A phone (hard or soft) and the person it is associated with; recording uses the association to
    find whose call a device's extension is on."""

    __tablename__ = "org_device"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    device_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    virtual_device_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    virtual_device_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    telephony_group: Mapped[str | None] = mapped_column(String(200), nullable=True)
    monitor_server: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recording_cluster: Mapped[str | None] = mapped_column(String(200), nullable=True)
    recording_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), index=True)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)

    extensions: Mapped[list[DeviceExtension]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="DeviceExtension.position"
    )


class DeviceExtension(TenantScoped, Base):
    """One extension of a device; an extension belongs to one device of the tenant."""

    __tablename__ = "org_device_extension"
    __table_args__ = (Index("ix_org_device_extension_tenant_extension", "tenant_id", "extension", unique=True),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    device_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_device.id", ondelete="CASCADE"), index=True)
    extension: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer, default=0)


class PersonLock(TenantScoped, Base):
    """An administrator's lock on a person's login (until an administrator unlocks it)."""

    __tablename__ = "org_person_lock"

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    locked_ms: Mapped[int] = mapped_column(BigInteger)
    locked_by: Mapped[int | None] = mapped_column(IdType, nullable=True)
