"""Bulk upload results: per row of the file, what happened and to which id."""

from __future__ import annotations

from typing import Literal

from ...kit.schemas import WireModel


class ImportRowRead(WireModel):
    line: int
    status: Literal["created", "updated", "unchanged"]
    id: int


class ImportResultRead(WireModel):
    created: int
    updated: int
    unchanged: int
    rows: list[ImportRowRead]

    @classmethod
    def of(cls, results) -> ImportResultRead:
        rows = [ImportRowRead(line=r.line, status=r.status, id=r.id) for r in results]
        count = {s: sum(1 for r in rows if r.status == s) for s in ("created", "updated", "unchanged")}
        return cls(rows=rows, **count)
