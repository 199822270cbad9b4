"""Session stores: in the database by default, in Redis when OPENWFO_REDIS_URL is set.

A session is {tenant_id, person_id, created_ms, last_seen_ms, payload}; the payload is the
session JSON computed at login (refreshed when the person's roles, scope or team change).
Sessions end after `timeout_ms` without a request. Both stores survive a server restart and
are shared by every server process that uses the same database or Redis.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from typing import Protocol

import orjson
from sqlalchemy import bindparam, delete, select, update
from starlette.concurrency import run_in_threadpool

from ..kit.clock import now_ms
from ..models import AuthSession

# last_seen is written at most this often per session: a request within this window of the last
# write does not write again (the timeout is two hours; a minute of slack costs nothing).
TOUCH_GRANULARITY_MS = 30_000


def new_session_id() -> str:
    return "HZ" + secrets.token_hex(16).upper()


@dataclass
class SessionRecord:
    id: str
    tenant_id: int
    person_id: int
    created_ms: int
    last_seen_ms: int
    payload: dict


class SessionStore(Protocol):
    def create(self, tenant_id: int, person_id: int, payload: dict) -> SessionRecord: ...
    def get(self, session_id: str) -> SessionRecord | None: ...
    async def aget(self, session_id: str) -> SessionRecord | None: ...
    def delete(self, session_id: str) -> None: ...
    def update_person(self, tenant_id: int, person_id: int, payload: dict | None) -> None: ...
    def persons_with_sessions(self, tenant_id: int, person_ids) -> set[int]: ...
    def purge_expired(self) -> int: ...


_SQLITE_READ = "SELECT tenant_id, person_id, created_ms, last_seen_ms, payload FROM auth_session WHERE id = ?"


class DbSessionStore:
    def __init__(self, database, timeout_ms: int):
        self.db = database
        self.timeout_ms = timeout_ms
        t = AuthSession.__table__
        self._select = (
            select(t.c.tenant_id, t.c.person_id, t.c.created_ms, t.c.last_seen_ms, t.c.payload)
            .where(t.c.id == bindparam("sid"))
        )
        path = database.url.split("///", 1)[-1] if database.is_sqlite else ""
        self._sqlite_path = path if path and path != ":memory:" else ""
        self._local = threading.local()

    def create(self, tenant_id: int, person_id: int, payload: dict) -> SessionRecord:
        now = now_ms()
        rec = SessionRecord(new_session_id(), tenant_id, person_id, now, now, payload)
        with self.db.session() as s:
            s.add(AuthSession(id=rec.id, tenant_id=tenant_id, person_id=person_id, created_ms=now,
                              last_seen_ms=now, payload=payload))
        return rec

    def get(self, session_id: str) -> SessionRecord | None:
        rec, action = self._read(session_id)
        if action == "expired":
            self.delete(session_id)
            return None
        if action == "touch":
            self._touch(session_id)
        return rec

    async def aget(self, session_id: str) -> SessionRecord | None:
        # The hot path of every request. On SQLite the primary-key read is local and never waits
        # for writers (WAL), so it runs on the event loop; writes, and any PostgreSQL round trip,
        # go to the thread pool.
        if not self.db.is_sqlite:
            return await run_in_threadpool(self.get, session_id)
        rec, action = self._read(session_id)
        if action == "expired":
            await run_in_threadpool(self.delete, session_id)
            return None
        if action == "touch":
            await run_in_threadpool(self._touch, session_id)
        return rec

    def _read(self, session_id: str) -> tuple[SessionRecord | None, str | None]:
        if self._sqlite_path:
            row = self._sqlite_reader().execute(_SQLITE_READ, (session_id,)).fetchone()
        else:
            with self.db.engine.connect() as conn:
                row = conn.execute(self._select, {"sid": session_id}).first()
                conn.rollback()
        if row is None:
            return None, None
        tenant_id, person_id, created_ms, last_seen_ms, payload = row
        now = now_ms()
        if now - last_seen_ms > self.timeout_ms:
            return None, "expired"
        payload = payload if isinstance(payload, dict) else orjson.loads(payload)
        rec = SessionRecord(session_id, tenant_id, person_id, created_ms, now, payload)
        return rec, ("touch" if now - last_seen_ms > TOUCH_GRANULARITY_MS else None)

    def _sqlite_reader(self) -> sqlite3.Connection:
        # One read-only autocommit connection per thread: each SELECT sees the latest commit (WAL).
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self._sqlite_path}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=15)
            self._local.conn = conn
        return conn

    def _touch(self, session_id: str) -> None:
        with self.db.session() as s:
            s.execute(update(AuthSession).where(AuthSession.id == session_id).values(last_seen_ms=now_ms()))

    def delete(self, session_id: str) -> None:
        with self.db.session() as s:
            s.execute(delete(AuthSession).where(AuthSession.id == session_id))

    def update_person(self, tenant_id: int, person_id: int, payload: dict | None) -> None:
        """Replace the person's sessions' payloads (fields absent from `payload` are kept); None ends them."""
        with self.db.session() as s:
            if payload is None:
                s.execute(delete(AuthSession).where(AuthSession.person_id == person_id))
                return
            for row in s.scalars(select(AuthSession).where(AuthSession.person_id == person_id)):
                row.payload = {**row.payload, **payload}

    def persons_with_sessions(self, tenant_id: int, person_ids) -> set[int]:
        """Those of the persons who have a session (one query per 900 ids)."""
        ids, out = sorted(set(person_ids)), set()
        with self.db.session(write=False) as s:
            for i in range(0, len(ids), 900):
                out.update(s.scalars(select(AuthSession.person_id).distinct()
                                     .where(AuthSession.person_id.in_(ids[i:i + 900]))))
        return out

    def purge_expired(self) -> int:
        with self.db.session() as s:
            res = s.execute(delete(AuthSession).where(AuthSession.last_seen_ms < now_ms() - self.timeout_ms))
            return res.rowcount or 0

    def count_for_person(self, person_id: int) -> int:
        with self.db.session(write=False) as s:
            return len(s.scalars(select(AuthSession.id).where(AuthSession.person_id == person_id)).all())


class RedisSessionStore:
    """Sessions as Redis keys with a TTL (the backstop) and last_seen (checked against the server clock)."""

    PREFIX = "openwfo:session:"

    def __init__(self, redis_client, timeout_ms: int):
        self.r = redis_client
        self.timeout_ms = timeout_ms

    def _key(self, sid: str) -> str:
        return self.PREFIX + sid

    def _person_key(self, tenant_id: int, person_id: int) -> str:
        return f"openwfo:person-sessions:{tenant_id}:{person_id}"

    def _ttl_s(self) -> int:
        return self.timeout_ms // 1000 + 60

    def create(self, tenant_id: int, person_id: int, payload: dict) -> SessionRecord:
        now = now_ms()
        rec = SessionRecord(new_session_id(), tenant_id, person_id, now, now, payload)
        doc = {"t": tenant_id, "p": person_id, "c": now, "s": now, "payload": payload}
        pipe = self.r.pipeline()
        pipe.set(self._key(rec.id), json.dumps(doc), ex=self._ttl_s())
        pipe.sadd(self._person_key(tenant_id, person_id), rec.id)
        pipe.execute()
        return rec

    def get(self, session_id: str) -> SessionRecord | None:
        raw = self.r.get(self._key(session_id))
        if raw is None:
            return None
        doc = json.loads(raw)
        now = now_ms()
        if now - doc["s"] > self.timeout_ms:
            self.delete(session_id)
            return None
        if now - doc["s"] > TOUCH_GRANULARITY_MS:
            doc["s"] = now
            self.r.set(self._key(session_id), json.dumps(doc), ex=self._ttl_s(), xx=True)
        return SessionRecord(session_id, doc["t"], doc["p"], doc["c"], now, doc["payload"])

    async def aget(self, session_id: str) -> SessionRecord | None:
        return await run_in_threadpool(self.get, session_id)

    def delete(self, session_id: str) -> None:
        raw = self.r.getdel(self._key(session_id))
        if raw:
            doc = json.loads(raw)
            self.r.srem(self._person_key(doc["t"], doc["p"]), session_id)

    def update_person(self, tenant_id: int, person_id: int, payload: dict | None) -> None:
        pkey = self._person_key(tenant_id, person_id)
        for sid in self.r.smembers(pkey):
            sid = sid.decode() if isinstance(sid, bytes) else sid
            if payload is None:
                self.delete(sid)
                continue
            raw = self.r.get(self._key(sid))
            if raw is None:
                self.r.srem(pkey, sid)
                continue
            doc = json.loads(raw)
            doc["payload"] = {**doc["payload"], **payload}
            self.r.set(self._key(sid), json.dumps(doc), keepttl=True, xx=True)

    def persons_with_sessions(self, tenant_id: int, person_ids) -> set[int]:
        ids = list(person_ids)
        pipe = self.r.pipeline()
        for pid in ids:
            pipe.exists(self._person_key(tenant_id, pid))
        return {pid for pid, found in zip(ids, pipe.execute(), strict=True) if found}

    def purge_expired(self) -> int:
        return 0  # Redis expires keys itself


def build_session_store(settings, database, redis_client=None) -> SessionStore:
    timeout_ms = settings.session_timeout_minutes * 60_000
    if redis_client is not None:
        return RedisSessionStore(redis_client, timeout_ms)
    return DbSessionStore(database, timeout_ms)
