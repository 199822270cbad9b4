"""Live event publishers: ids, fan-out, replay after an id, and publishing only on commit."""

from __future__ import annotations

import time
import uuid

import pytest

from openwfo.live import publish_after_commit, publisher_for
from openwfo.live.publisher import InProcessPublisher, RedisPublisher

from ..conftest import REDIS_URL


@pytest.mark.parametrize("kind", ["inprocess", "redis"])
def test_fan_out_ids_and_replay(kind):
    pub = InProcessPublisher(buffer_size=5) if kind == "inprocess" else RedisPublisher(
        REDIS_URL, f"test-{uuid.uuid4().hex[:8]}", buffer_size=5)
    try:
        got, other = [], []
        sub, head = pub.subscribe(7, got.append)
        pub.subscribe(8, other.append)
        pub.publish([(7, "state", {"n": i}) for i in range(3)])
        deadline = time.time() + 3
        while len(got) < 3 and time.time() < deadline:
            time.sleep(0.01)
        assert [e.data["n"] for e in got] == [0, 1, 2] and other == []
        assert [e.seq for e in got] == [1, 2, 3]
        assert [e.data["n"] for e in pub.since(7, head)] == [0, 1, 2]
        assert [e.data["n"] for e in pub.since(7, got[0].id)] == [1, 2]
        assert pub.since(7, got[-1].id) == []
        assert pub.since(7, "another-1") is None and pub.since(7, "garbage") is None
        sub.close()
    finally:
        pub.close()


def test_in_process_buffer_trims_and_says_so():
    pub = InProcessPublisher(buffer_size=5)
    _, head = pub.subscribe(1, lambda e: None)
    pub.publish([(1, "x", {"n": i}) for i in range(10)])
    assert pub.since(1, head) is None  # the first events are gone: the caller starts over


def test_events_go_out_only_when_the_transaction_commits(app, tenant):
    database = app.state.database
    got = []
    sub, _ = publisher_for(database).subscribe(tenant.id, got.append)
    try:
        with database.session(tenant.id) as db:
            publish_after_commit(db, tenant.id, "state", {"n": 1})
            assert got == []
        assert [e.data for e in got] == [{"n": 1}]
        with pytest.raises(RuntimeError), database.session(tenant.id) as db:
            publish_after_commit(db, tenant.id, "state", {"n": 2})
            raise RuntimeError("rolled back")
        with database.session(tenant.id):
            pass
        assert [e.data for e in got] == [{"n": 1}]
    finally:
        sub.close()
