"""The Redis session store and throttle against a real Redis; migrations equal the models."""

from __future__ import annotations

import uuid

import pytest
import redis
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from openwfo.auth.sessions import RedisSessionStore
from openwfo.auth.throttle import LoginThrottle
from openwfo.kit.clock import clock
from openwfo.models import Base

from ..conftest import REDIS_URL


@pytest.fixture
def r():
    return redis.Redis.from_url(REDIS_URL)


def test_redis_sessions_create_get_expire_delete(r):
    store = RedisSessionStore(r, timeout_ms=120 * 60_000)
    rec = store.create(1, 42, {"id": 42, "lang": "en"})
    got = store.get(rec.id)
    assert got.person_id == 42 and got.payload["lang"] == "en"
    assert 0 < r.ttl(store._key(rec.id)) <= 120 * 60 + 60
    store.update_person(1, 42, {"id": 42, "lang": "de"})
    assert store.get(rec.id).payload["lang"] == "de"
    clock.advance(minutes=121)
    assert store.get(rec.id) is None
    assert r.get(store._key(rec.id)) is None
    clock.reset()
    rec2 = store.create(1, 42, {})
    store.delete(rec2.id)
    assert store.get(rec2.id) is None
    rec3 = store.create(1, 43, {})
    store.update_person(1, 43, None)  # deactivated: sessions end
    assert store.get(rec3.id) is None


def test_redis_throttle_locks_and_unlocks(r, app):
    t = LoginThrottle(app.state.database, 3, 15, redis_client=r)
    login = f"{uuid.uuid4().hex}@example.test"
    for _ in range(3):
        assert t.locked_for_ms(login, None) == 0
        t.record_failure(login, None)
    assert t.locked_for_ms(login, None) > 0
    t.record_success(login)
    assert t.locked_for_ms(login, None) == 0


def test_migrations_produce_exactly_the_models_schema(app):
    with app.state.database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
