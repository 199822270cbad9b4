"""Every agent state query. Reads select plain columns; writes are Core inserts stamped with the
session's tenant (a bulk insert skips the ORM flush hook that stamps rows)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ...db import TENANT_KEY
from ...models import AgentStateChange, Person

S = AgentStateChange
# A row of a history read: (person_id, ts_ms, state, reason_code).
PERSON, TS, STATE, REASON = range(4)
_COLUMNS = (S.person_id, S.ts_ms, S.state, S.reason_code)


def _chunks(ids: Sequence[int], size: int = 10_000) -> Iterable[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def agents_by_acd_id(db: Session, acd_ids: Iterable[str]) -> dict[str, list[tuple[int, int | None, bool]]]:
    """(person id, ACD server id, deactivated) of the persons holding each of these ACD ids."""
    out: dict[str, list[tuple[int, int | None, bool]]] = {}
    wanted = list(set(acd_ids))
    for i in range(0, len(wanted), 5_000):
        q = (select(Person.acd_id, Person.id, Person.acd_server_id, Person.deactivated)
             .where(Person.acd_id.in_(wanted[i:i + 5_000])))
        for acd_id, person_id, server_id, deactivated in db.execute(q).tuples():
            out.setdefault(acd_id, []).append((person_id, server_id, bool(deactivated)))
    return out


def insert_new(db: Session, rows: list[dict]) -> set[tuple[int, int, int]]:
    """Insert the rows (person_id, ts_ms, state, reason_code, received_ms) that are not stored yet; the
    (person_id, ts_ms, state) keys of those inserted. A row already stored is skipped by the store
    (INSERT ... ON CONFLICT DO NOTHING), so concurrent resends never fail or store twice."""
    if not rows:
        return set()
    tenant_id = db.info[TENANT_KEY]
    for row in rows:
        row["tenant_id"] = tenant_id
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (dialect.insert(S.__table__)
            .on_conflict_do_nothing(index_elements=["person_id", "ts_ms", "state"])
            .returning(S.person_id, S.ts_ms, S.state))
    return {tuple(r) for r in db.execute(stmt, rows).tuples()}


def history(db: Session, person_ids: Sequence[int], from_ms: int, to_ms: int) -> list[tuple]:
    """State changes of these persons with from_ms <= ts < to_ms, by person, time, arrival."""
    rows: list[tuple] = []
    for chunk in _chunks(person_ids):
        q = (select(*_COLUMNS, S.id)
             .where(S.person_id.in_(chunk), S.ts_ms >= from_ms, S.ts_ms < to_ms))
        rows.extend(db.execute(q).tuples())
    rows.sort(key=lambda r: (r[PERSON], r[TS], r[4]))
    return [r[:4] for r in rows]


def last_before(db: Session, person_ids: Sequence[int], at_ms: int) -> dict[int, tuple]:
    """Each person's last state change before at_ms (ts < at_ms), when there is one: one indexed probe
    per person on (person_id, ts_ms), however long the history."""
    out: dict[int, tuple] = {}
    for chunk in _chunks(person_ids):
        latest = (select(S.id).where(S.person_id == Person.id, S.ts_ms < at_ms)
                  .order_by(S.ts_ms.desc(), S.id.desc()).limit(1).scalar_subquery())
        ids = [i for i in db.scalars(select(latest).where(Person.id.in_(chunk))) if i is not None]
        for i in range(0, len(ids), 10_000):
            q = select(*_COLUMNS).where(S.id.in_(ids[i:i + 10_000]))
            for row in db.execute(q).tuples():
                out[row[PERSON]] = row
    return out
