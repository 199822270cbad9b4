"""Login throttling: too many failures lock a login (and, at a higher bar, a client address).

A window opens at the first failure; `max_failures` failures inside `lockout` lock that key until
`lockout` after the last one. Success clears the login's counter. DB-backed by default, Redis
when configured, so every server process enforces the same counts.
"""

from __future__ import annotations

from sqlalchemy import delete

from ..kit.clock import now_ms
from ..models import LoginFailure


class LoginThrottle:
    def __init__(self, database, max_failures: int, lockout_minutes: int, redis_client=None,
                 address_max_failures: int | None = None):
        self.db = database
        self.max = max_failures
        self.address_max = address_max_failures or max_failures * 5
        self.window_ms = lockout_minutes * 60_000
        self.r = redis_client

    def keys(self, login: str, address: str | None) -> list[tuple[str, int]]:
        out = [("login:" + login.strip().lower(), self.max)]
        if address:
            out.append(("addr:" + address, self.address_max))
        return out

    def locked_for_ms(self, login: str, address: str | None) -> int:
        """How long (ms) until this login/address may try again; 0 when not locked."""
        now = now_ms()
        longest = 0
        for key, _limit in self.keys(login, address):
            until = self._locked_until(key)
            if until and until > now:
                longest = max(longest, until - now)
        return longest

    def record_failure(self, login: str, address: str | None) -> None:
        for key, limit in self.keys(login, address):
            self._fail(key, limit)

    def record_success(self, login: str) -> None:
        key = self.keys(login, None)[0][0]
        if self.r is not None:
            self.r.delete("openwfo:throttle:" + key)
            return
        with self.db.session() as s:
            s.execute(delete(LoginFailure).where(LoginFailure.key == key))

    # --- storage -------------------------------------------------------------------------
    def _locked_until(self, key: str) -> int | None:
        if self.r is not None:
            v = self.r.hget("openwfo:throttle:" + key, "locked_until")
            return int(v) if v else None
        with self.db.session(write=False) as s:
            row = s.get(LoginFailure, key)
            return row.locked_until_ms if row else None

    def _fail(self, key: str, limit: int) -> None:
        now = now_ms()
        if self.r is not None:
            rkey = "openwfo:throttle:" + key
            pipe = self.r.pipeline()
            pipe.hincrby(rkey, "count", 1)
            pipe.hsetnx(rkey, "start", now)
            pipe.pexpire(rkey, self.window_ms, nx=True)
            count, _, _ = pipe.execute()
            if count >= limit:
                self.r.hset(rkey, "locked_until", now + self.window_ms)
                self.r.pexpire(rkey, self.window_ms)
            return
        with self.db.session() as s:
            row = s.get(LoginFailure, key, with_for_update=not self.db.is_sqlite)
            if row is None or now - row.window_start_ms > self.window_ms:
                if row is None:
                    row = LoginFailure(key=key, count=0, window_start_ms=now)
                    s.add(row)
                row.count, row.window_start_ms, row.locked_until_ms = 0, now, None
            row.count += 1
            if row.count >= limit:
                row.locked_until_ms = now + self.window_ms

    def purge(self) -> int:
        if self.r is not None:
            return 0
        with self.db.session() as s:
            cutoff = now_ms() - self.window_ms
            res = s.execute(
                delete(LoginFailure).where(LoginFailure.window_start_ms < cutoff)
                .where((LoginFailure.locked_until_ms.is_(None)) | (LoginFailure.locked_until_ms < now_ms()))
            )
            return res.rowcount or 0
