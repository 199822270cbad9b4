"""The live view across server processes: two `openwfo serve` processes share the store and Redis (the
publisher's Redis mode); a change accepted by A reaches a stream served by B, and a client reconnecting
to A with the Last-Event-ID B gave it misses nothing; a server stopping with streams open finishes them."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import httpx
import pytest

from openwfo.kit.clock import now_ms

from ..conftest import REDIS_URL
from ..processes import Server, call, login
from ..scheduling.realtime.helpers import change, next_acd_id
from ..scheduling.schedules.helpers import CHICAGO, Wfm, act, put_days
from .sse import SseReader

pytestmark = pytest.mark.both_stores

STREAM = "/api/rest/scheduling/realTime/stream"
CAPTURE = "/api/rest/scheduling/gis/realTimeAgentState"


@pytest.fixture
def servers(settings):
    env = {**os.environ, "OPENWFO_DATABASE_URL": settings.resolved_database_url(),
           "OPENWFO_DATA_DIR": str(settings.data_dir), "OPENWFO_REDIS_URL": REDIS_URL,
           "OPENWFO_ALERT_SWEEP_SECONDS": "0", "OPENWFO_DATASERVER_SCAN_SECONDS": "0"}
    a = Server(env)
    try:
        b = Server(env)
    except Exception:
        a.stop()
        raise
    yield a, b
    a.stop()
    b.stop()


def test_a_change_accepted_by_one_process_reaches_a_stream_served_by_another(servers, admin_client, factory,
                                                                               tenant):
    a, b = servers
    now = now_ms()
    wfm = Wfm(factory, tenant.id)
    q = wfm.queue()
    team_id = factory.team(tenant.id, factory.group(tenant.id))
    ann = wfm.agent(acd_id=next_acd_id(), team_id=team_id)
    # A shift belongs to the date it starts on in the agent's zone (half an hour ago may be yesterday).
    today = dt.datetime.fromtimestamp((now - 1_800_000) / 1000, ZoneInfo(CHICAGO)).date().isoformat()
    put_days(admin_client, ann.id, {today: [act("in_service", now - 1_800_000, now + 1_800_000, serviceQueueId=q)]})
    sid = login(a.base, tenant.admin_email, factory.PASSWORD, tenant_id=str(tenant.id))["sessionId"]
    cookies = {"hazelcast.sessionId": sid}

    def post(server, state: int, ts: int) -> None:
        status, body = call(server.base, CAPTURE, sid, "POST", change(ann.acd_id, state, ts))
        assert status == 200 and body["accepted"] == 1, body

    with httpx.Client(base_url=b.base, cookies=cookies, timeout=30) as on_b:
        with SseReader(on_b, f"{STREAM}?teamId={team_id}") as stream:
            snapshot = stream.next("snapshot", timeout=15)
            assert [x["agentId"] for x in snapshot["data"]["agents"]] == [ann.id]
            assert snapshot["data"]["agents"][0]["adherence"] == "OUT_OF_ADHERENCE"  # logged out
            post(a, 3, now - 60_000)
            event = stream.next("state", timeout=10)
            assert event["data"]["change"]["timestamp"] == now - 60_000
            assert event["data"]["agent"]["adherence"] == "IN_ADHERENCE"
            seen = event["id"]
    # Disconnected: two more changes through B; reconnecting to A replays both, then goes on live.
    post(b, 2, now - 30_000)
    post(b, 4, now - 10_000)
    with httpx.Client(base_url=a.base, cookies=cookies, timeout=30) as on_a:
        with SseReader(on_a, f"{STREAM}?teamId={team_id}", headers={"Last-Event-ID": seen}) as stream:
            replayed = [stream.next(timeout=10), stream.next(timeout=10)]
            assert [(e["event"], e["data"]["change"]["gisStateIdentifier"]) for e in replayed] == [
                ("state", 2), ("state", 4)]
            post(b, 10, now - 5_000)
            assert stream.next("state", timeout=10)["data"]["change"]["gisStateIdentifier"] == 10
            # Stopping a server with a stream open: the stream finishes, the graceful shutdown completes.
            started = time.monotonic()
            a.stop()
            assert time.monotonic() - started < 10
