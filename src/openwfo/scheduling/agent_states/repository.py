"""Every agent state query. Reads select plain columns; the capture's agent lookup and insert are driver
SQL (they run for every change an ACD sends) carrying the session's tenant themselves."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...db import TENANT_KEY, WRITE
from ...models import AgentStateChange, Person

S = AgentStateChange
# A row of a history read: (person_id, ts_ms, state, reason_code).
PERSON, TS, STATE, REASON = range(4)
_COLUMNS = (S.person_id, S.ts_ms, S.state, S.reason_code)


def _chunks(ids: Sequence[int], size: int = 10_000) -> Iterable[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def take_write_lock(db: Session) -> None:
    """On SQLite, hold the write lock before the capture's reads: a transaction that reads and then
    writes cannot wait for another writer ("database is locked" at once), one that starts by writing
    waits its turn (busy timeout). A writing unit of work (every POST) already began with BEGIN
    IMMEDIATE (db.SqliteWriters); any other takes it with a no-op UPDATE. PostgreSQL needs nothing.

    Also on SQLite: a batch of 1,000 changes of 1,000 agents dirties about as many pages of the
    (person, time, state) index, so checkpointing the WAL every 1,000 pages (the default) would
    checkpoint after nearly every batch; every 10,000 pages (a WAL of ~40 MB) a checkpoint writes each
    page once for ten batches, which halves the commit's cost (this connection's setting, made once
    per pooled connection)."""
    if _dialect(db) != "sqlite":
        return
    conn = db.connection()
    if not conn.info.get(_CHECKPOINT_SET):
        conn.exec_driver_sql("PRAGMA wal_autocheckpoint=10000")
        conn.info[_CHECKPOINT_SET] = True
    if not conn.get_execution_options().get(WRITE):
        conn.exec_driver_sql("UPDATE rt_agent_state SET id = id WHERE 0")


_CHECKPOINT_SET = "openwfo.rt_wal_autocheckpoint"


def _dialect(db: Session) -> str:
    return db.get_bind().dialect.name


def _marks(db: Session, n: int, width: int = 1) -> str:
    """n placeholders (or n tuples of `width`) in the driver's own style."""
    mark = "?" if _dialect(db) == "sqlite" else "%s"
    one = mark if width == 1 else "(" + ", ".join([mark] * width) + ")"
    return ", ".join([one] * n)


def agents_by_acd_id(db: Session, acd_ids: Iterable[str]) -> dict[str, list[tuple[int, int | None, bool]]]:
    """(person id, ACD server id, deactivated) of the caller's tenant's persons holding each of these
    ACD ids. Driver SQL (the tenant condition written here): this lookup runs for every capture request."""
    out: dict[str, list[tuple[int, int | None, bool]]] = {}
    wanted = list(set(acd_ids))
    tenant_id = db.info[TENANT_KEY]
    mark = "?" if _dialect(db) == "sqlite" else "%s"
    cursor = db.connection().connection.cursor()  # the driver's own cursor: a third of the cost
    try:
        for i in range(0, len(wanted), 5_000):
            chunk = wanted[i:i + 5_000]
            cursor.execute(f"SELECT acd_id, id, acd_server_id, deactivated FROM org_person WHERE tenant_id = {mark} "
                           f"AND acd_id IN ({_marks(db, len(chunk))})", (tenant_id, *chunk))
            for acd_id, person_id, server_id, deactivated in cursor.fetchall():
                out.setdefault(acd_id, []).append((person_id, server_id, bool(deactivated)))
    finally:
        cursor.close()
    return out


INSERT_COLUMNS = ("tenant_id", "person_id", "ts_ms", "state", "reason_code", "received_ms")


def insert_new(db: Session, rows: list[tuple]) -> set[tuple[int, int, int]]:
    """Insert the rows (person_id, ts_ms, state, reason_code, received_ms) that are not stored yet,
    stamped with the session's tenant; the (person_id, ts_ms, state) keys of those inserted."""
    inserted = insert_changes(db, rows)
    return {(r[0], r[1], r[2]) for r in rows} if inserted is None else inserted


def insert_changes(db: Session, rows: list[tuple]) -> set[tuple[int, int, int]] | None:
    """Insert the rows (person_id, ts_ms, state, reason_code, received_ms; no two with the same key)
    that are not stored yet, stamped with the session's tenant: None when every row was new (the common
    case), else the (person_id, ts_ms, state) keys of those inserted. A row already stored is skipped by
    the store (INSERT ... ON CONFLICT DO NOTHING), so concurrent resends never fail or store twice. One
    multi-row statement per 1,000 rows, as driver SQL: the ORM's insertmanyvalues costs twice the
    store's own time here.

    On SQLite each statement runs in a savepoint without RETURNING, and its row count tells whether every
    row went in; only when some did not is it rolled back and run again with RETURNING, which names
    them (reading a thousand keys back costs a fifth of the insert). PostgreSQL answers with RETURNING
    (its rows come in the statement's one round trip)."""
    if not rows:
        return None
    tenant_id = db.info[TENANT_KEY]
    sqlite = _dialect(db) == "sqlite"
    head = f"INSERT INTO rt_agent_state ({', '.join(INSERT_COLUMNS)}) VALUES "
    conflict = " ON CONFLICT (person_id, ts_ms, state) DO NOTHING"
    returning = " RETURNING person_id, ts_ms, state"
    inserted: set[tuple[int, int, int]] = set()  # of the chunks not wholly new
    whole: list[list[tuple]] = []  # the chunks wholly new
    cursor = db.connection().connection.cursor()
    try:
        for i in range(0, len(rows), 1_000):
            chunk = rows[i:i + 1_000]
            sql = head + _marks(db, len(chunk), len(INSERT_COLUMNS)) + conflict
            params = [v for row in chunk for v in (tenant_id, *row)]
            if sqlite:
                cursor.execute("SAVEPOINT rt_insert")
                cursor.execute(sql, params)
                if cursor.rowcount == len(chunk):
                    cursor.execute("RELEASE rt_insert")
                    whole.append(chunk)
                    continue
                cursor.execute("ROLLBACK TO rt_insert")
                cursor.execute("RELEASE rt_insert")
            cursor.execute(sql + returning, params)
            found = cursor.fetchall()
            if len(found) == len(chunk):
                whole.append(chunk)
            else:
                inserted.update(tuple(r) for r in found)
    finally:
        cursor.close()
    if sum(map(len, whole)) == len(rows):
        return None
    for chunk in whole:
        inserted.update((r[0], r[1], r[2]) for r in chunk)
    return inserted


def history(db: Session, person_ids: Sequence[int], from_ms: int, to_ms: int) -> list[tuple]:
    """State changes of these persons with from_ms <= ts < to_ms, by person, time (then state, as
    `last_before` breaks a tie in one millisecond). Driver SQL
    and plain tuples (a day of 2,000 agents is half a million rows), the tenant condition written here."""
    sqlite = _dialect(db) == "sqlite"
    mark = "?" if sqlite else "%s"
    # Along the (person, time, state) key: SQLite would otherwise scan everyone's day on the (tenant,
    # time) index for a page of 200 agents; "+tenant_id" keeps the tenant indexes out of its choice.
    tenant = "+tenant_id" if sqlite else "tenant_id"
    cursor = db.connection().connection.cursor()
    rows: list[tuple] = []
    try:
        for chunk in _chunks(person_ids):
            cursor.execute(
                f"SELECT person_id, ts_ms, state, reason_code FROM rt_agent_state WHERE {tenant} = {mark} "
                f"AND person_id IN ({_marks(db, len(chunk))}) AND ts_ms >= {mark} AND ts_ms < {mark} "
                f"ORDER BY person_id, ts_ms, state", (db.info[TENANT_KEY], *chunk, from_ms, to_ms))
            rows.extend(cursor.fetchall())
    finally:
        cursor.close()
    return rows


def last_before(db: Session, person_ids: Sequence[int], at_ms: int) -> dict[int, tuple]:
    """Each person's last state change before at_ms (ts < at_ms), when there is one: one indexed probe
    per person on the (person_id, ts_ms, state) key, however long the history (two changes in the same
    millisecond: the higher state identifier counts as the later)."""
    out: dict[int, tuple] = {}
    for chunk in _chunks(person_ids):
        latest = (select(S.id).where(S.person_id == Person.id, S.ts_ms < at_ms)
                  .order_by(S.ts_ms.desc(), S.state.desc()).limit(1).scalar_subquery())
        ids = [i for i in db.scalars(select(latest).where(Person.id.in_(chunk))) if i is not None]
        for i in range(0, len(ids), 10_000):
            q = select(*_COLUMNS).where(S.id.in_(ids[i:i + 10_000]))
            for row in db.execute(q).tuples():
                out[row[PERSON]] = row
    return out
