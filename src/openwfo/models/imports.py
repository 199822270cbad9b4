"""Import preferences: named column mappings a tenant keeps for its CSV file imports."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class ImportPreference(TenantScoped, Base):
    __tablename__ = "import_preference"
    __table_args__ = (UniqueConstraint("tenant_id", "type", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))  # persons | groups | teams
    # [{"field": key, "column": CSV header, "dataType": code}], in the order given.
    mappings: Mapped[list[dict]] = mapped_column(JSON, default=list)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)
