"""Engine, session factory, tenant isolation, and the one-commit-per-request dependency."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from .config import Settings
from .models import TenantScoped

TENANT_KEY = "tenant_id"


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
    cur.execute("PRAGMA busy_timeout=15000")
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
                self.url, echo=settings.sql_echo, connect_args={"check_same_thread": False, "timeout": 15},
                pool_size=max(settings.db_pool_size, 5), max_overflow=20,
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
            # SQLite: let BEGIN take the write lock at first write only, but avoid pysqlite's
            # implicit transaction quirks by issuing BEGIN ourselves.
            event.listen(self.engine, "connect", _disable_pysqlite_begin)
            event.listen(self.engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
        else:
            self.engine = create_engine(
                self.url, echo=settings.sql_echo, pool_size=settings.db_pool_size, max_overflow=20,
                pool_pre_ping=True,
            )
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False, info={"database": self})
        self.job_dispatcher = None  # set by the app or worker that owns this Database (jobs/dispatch.py)

    @contextmanager
    def session(self, tenant_id: int | None = None) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on error."""
        db = self.sessionmaker()
        if tenant_id is not None:
            bind_tenant(db, tenant_id)
        try:
            yield db
            db.commit()
        except BaseException:
            db.rollback()
            raise
        finally:
            db.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _disable_pysqlite_begin(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None
