"""What still points at a row: deleting a group, team or person must never orphan or silently lose
another area's data, so before a delete every foreign key to the row's table is counted.

Tables are found from the models (Base.metadata), so areas added later are covered without this
module knowing them. Link tables the org code manages itself are passed as `ignore`.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import Base


def references_to(db: Session, table: str, row_id: int, ignore: frozenset[str] = frozenset()) -> list[str]:
    """'<table> (<count>)' for every table holding rows that reference table.id == row_id."""
    found: list[str] = []
    for other in Base.metadata.sorted_tables:
        if other.name in ignore:
            continue
        for fk in other.foreign_keys:
            if fk.column.table.name != table or fk.column.name != "id":
                continue
            col = fk.parent
            if other.name == table and col.name == "id":
                continue
            n = db.execute(select(func.count()).select_from(other).where(col == row_id)).scalar_one()
            if n:
                found.append(f"{other.name} ({n})")
    return found
