"""One id space for groups and teams.

The reference calls a team's id a `groupId` in several APIs (a person's `groupId` is their team,
the drill-down writes teams as groups), so a group and a team must never share an id. Both tables
draw their ids from one allocator: the sequence `org_unit_id_seq` on PostgreSQL (also the columns'
server default there), the one-row counter `org_id_counter` on SQLite (one writer at a time, so
the counter's UPDATE serializes allocations). Every insert path is covered here, once: new ORM
objects get their ids before the flush, and ORM bulk inserts (`db.execute(insert(Team), rows)`,
the imports) get theirs before the statement runs.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String, event, text
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from .base import Base
from .org import Group, Team

SEQUENCE = "org_unit_id_seq"
COUNTER = "org_unit"


class OrgIdCounter(Base):
    """The next free group/team id (SQLite's allocator; PostgreSQL uses the sequence)."""

    __tablename__ = "org_id_counter"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    next_id: Mapped[int] = mapped_column(BigInteger)


def allocate_org_ids(connection, count: int) -> list[int]:
    """`count` fresh ids for groups or teams, unique across both tables."""
    if count <= 0:
        return []
    if connection.dialect.name == "postgresql":
        rows = connection.execute(text(f"SELECT nextval('{SEQUENCE}') FROM generate_series(1, :n)"), {"n": count})
        return sorted(rows.scalars())
    end = connection.execute(
        text("UPDATE org_id_counter SET next_id = next_id + :n WHERE name = :name RETURNING next_id"),
        {"n": count, "name": COUNTER},
    ).scalar_one()
    return list(range(end - count, end))


_ORG_UNITS = (Group, Team)


@event.listens_for(Session, "before_flush")
def _ids_for_new_units(session: Session, flush_context, instances) -> None:
    new = [o for o in session.new if isinstance(o, _ORG_UNITS) and o.id is None]
    if new:
        for obj, new_id in zip(new, allocate_org_ids(session.connection(), len(new)), strict=True):
            obj.id = new_id


@event.listens_for(Session, "do_orm_execute")
def _ids_for_bulk_units(state: ORMExecuteState) -> None:
    if not state.is_insert:
        return
    mapper = state.bind_mapper
    if mapper is None or mapper.class_ not in _ORG_UNITS:
        return
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if isinstance(params, dict) else []
    missing = [r for r in rows if r.get("id") is None]
    if missing:
        for row, new_id in zip(missing, allocate_org_ids(state.session.connection(), len(missing)), strict=True):
            row["id"] = new_id
