"""Wire shape of a text import's report."""

from __future__ import annotations

from pydantic import BaseModel


class TextImportRecord(BaseModel):
    row: int
    source: str
    status: str  # SUCCESS | UPDATED | DUPLICATE | FAILED
    contactId: int | None = None  # noqa: N815 - the wire's names
    id: str | None = None
    textType: str | None = None  # noqa: N815
    reason: str | None = None


class TextImportReport(BaseModel):
    status: str  # SUCCESS | PARTIAL | FAILED
    total: int
    imported: int
    updated: int
    duplicates: int
    failed: int
    contacts: list[TextImportRecord]
    ignoredFiles: list[str]  # noqa: N815
    ignoredColumns: list[str] = []  # noqa: N815
