"""Engine, session factory, tenant isolation, and the one-commit-per-request dependency."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from .config import Settings
from .models import TenantScoped

TENANT_KEY = "tenant_id"
WRITE = "openwfo_write"  # execution option of the engine that writing units of work use
BUSY_TIMEOUT_S = 15
_HOLDS = "openwfo.holds_write_lock"
AFTER_RELEASE = "openwfo.after_release"


def after_release(db: Session, fn, *args) -> None:
    """Run fn(*args) once this unit of work has committed and given its connection back (on SQLite,
    its write lock). For work that opens units of work of its own (the login throttle, the session
    store), which must neither wait on this one's lock nor act if it rolls back."""
    db.info.setdefault(AFTER_RELEASE, []).append((fn, args))


def run_after_release(db: Session) -> None:
    for fn, args in db.info.pop(AFTER_RELEASE, ()):
        fn(*args)


def drop_after_release(db: Session) -> None:
    db.info.pop(AFTER_RELEASE, None)


class TenantViolation(RuntimeError):
    """A row of one tenant was written through a session bound to another."""


@event.listens_for(Session, "do_orm_execute")
def _only_this_tenant(state: ORMExecuteState) -> None:
    # The one place tenant isolation is enforced: every ORM SELECT/UPDATE/DELETE on a tenant-bound
    # session is filtered to that tenant, including relationship and joined loads.
    tenant_id = state.session.info.get(TENANT_KEY)
    if tenant_id is None or state.execution_options.get("all_tenants", False):
        return
    if state.is_insert:
        _stamp_bulk_insert(state, tenant_id)
        return
    if (state.is_update or state.is_delete) and isinstance(state.parameters, list):
        # ORM bulk UPDATE by primary key (a list of parameter dicts) ignores loader criteria but
        # honours extra WHERE criteria, so the tenant condition goes in the WHERE itself.
        mapper = state.bind_mapper
        if mapper is not None and issubclass(mapper.class_, TenantScoped):
            state.statement = state.statement.where(mapper.class_.tenant_id == tenant_id)
            state.update_execution_options(synchronize_session=None)
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantScoped,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
                track_closure_variables=False,
            )
        )


def _stamp_bulk_insert(state: ORMExecuteState, tenant_id: int) -> None:
    """An ORM INSERT (`db.execute(insert(Model), rows)`, the bulk writes) skips the flush that stamps
    new objects, so its rows are stamped here by the same rule: the session's tenant, and never another's."""
    mapper = state.bind_mapper
    if mapper is None or not issubclass(mapper.class_, TenantScoped):
        return
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if isinstance(params, dict) else []
    for row in rows:
        given = row.get(TENANT_KEY)
        if given is None:
            row[TENANT_KEY] = tenant_id
        elif given != tenant_id:
            raise TenantViolation(f"{mapper.class_.__name__} of tenant {given} written by tenant {tenant_id}")


@event.listens_for(Session, "before_flush")
def _stamp_tenant(session: Session, flush_context, instances) -> None:
    tenant_id = session.info.get(TENANT_KEY)
    if tenant_id is None:
        return
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, TenantScoped):
            if obj.tenant_id is None:
                obj.tenant_id = tenant_id
            elif obj.tenant_id != tenant_id:
                raise TenantViolation(f"{type(obj).__name__} of tenant {obj.tenant_id} written by tenant {tenant_id}")


def bind_tenant(session: Session, tenant_id: int) -> None:
    session.info[TENANT_KEY] = tenant_id


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cur.close()


class Database:
    """One engine and its session factory."""

    def __init__(self, settings: Settings):
        self.url = settings.resolved_database_url()
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            path = self.url.split("///", 1)[-1]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(
                self.url, echo=settings.sql_echo, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_S},
                pool_size=max(settings.db_pool_size, 5), max_overflow=20,
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # We issue BEGIN ourselves (pysqlite's implicit transactions are off): BEGIN IMMEDIATE for a
            # writing unit of work, plain (deferred) BEGIN for a reading one; see SqliteWriters.
            event.listen(self.engine, "connect", _disable_pysqlite_begin)
            self.writers = SqliteWriters(BUSY_TIMEOUT_S)
            event.listen(self.engine, "begin", self.writers.begin)
            event.listen(self.engine, "checkin", self.writers.release)
        else:
            self.engine = create_engine(
                self.url, echo=settings.sql_echo, pool_size=settings.db_pool_size, max_overflow=20,
                pool_pre_ping=True,
            )
        # Writing units of work run on the engine with the WRITE option (SQLite: BEGIN IMMEDIATE);
        # reading ones (GET requests, lookups) on the plain engine, concurrently with writers (WAL).
        self.sessionmaker = sessionmaker(self.engine.execution_options(**{WRITE: True}), expire_on_commit=False,
                                         info={"database": self})
        self.read_sessionmaker = sessionmaker(self.engine, expire_on_commit=False, info={"database": self})
        self.job_dispatcher = None  # set by the app or worker that owns this Database (jobs/dispatch.py)

    @contextmanager
    def session(self, tenant_id: int | None = None, *, write: bool = True) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error. `write=False` for one that only
        reads (on SQLite it then neither waits for nor blocks writers)."""
        db = (self.sessionmaker if write else self.read_sessionmaker)()
        if tenant_id is not None:
            bind_tenant(db, tenant_id)
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            drop_after_release(db)
            raise
        finally:
            db.close()
        run_after_release(db)

    def dispose(self) -> None:
        self.engine.dispose()


def _disable_pysqlite_begin(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None


class SqliteWriters:
    """SQLite has one writer at a time. A transaction that reads first and writes later (BEGIN
    DEFERRED) cannot wait for the lock: if another writer holds it or committed since the read,
    SQLite answers "database is locked" at once, busy timeout or not. So a writing unit of work
    takes the lock when it begins (BEGIN IMMEDIATE), which waits (busy timeout) and then always
    succeeds. In this process writers also queue on a lock of their own, which hands over
    without the busy handler's sleeps; other processes (the CLI, a second server) meet the busy
    timeout."""

    def __init__(self, timeout_s: float):
        self.timeout_s = timeout_s
        self.lock = threading.Lock()

    def begin(self, conn) -> None:
        if not conn.get_execution_options().get(WRITE):
            conn.exec_driver_sql("BEGIN")
            return
        if not conn.info.get(_HOLDS):
            if not self.lock.acquire(timeout=self.timeout_s):
                raise TimeoutError(f"no SQLite write lock after {self.timeout_s:.0f} s: database is locked")
            conn.info[_HOLDS] = True
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    def release(self, _dbapi_conn, record) -> None:
        # When the connection goes back to the pool, after its COMMIT or ROLLBACK (a unit of work
        # returns its connection when its transaction ends), so the next writer's BEGIN IMMEDIATE
        # finds the database free and never sleeps in SQLite's busy handler.
        if record.info.pop(_HOLDS, False):
            self.lock.release()
