"""Schemathesis against a real server seeded with the demo contact centre: the examples, coverage,
fuzzing and stateful phases, positive and negative data, as the tenant's System Administrator.

No operation may answer 5xx, and afterwards the administrator must still be able to do everything
(fuzzing once left an administrator with no permissions at all). The run in `make test` is short;
`make fuzz` runs the same with more examples and time (OPENWFO_FUZZ_SECONDS, OPENWFO_FUZZ_EXAMPLES).
The store does not matter to what this finds, so it runs on the embedded default only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from openwfo.auth.permissions import CATALOGUE

from .conftest import TEST_DB
from .processes import Server, call, login, run_cli

SECONDS = int(os.environ.get("OPENWFO_FUZZ_SECONDS", "90"))
EXAMPLES = int(os.environ.get("OPENWFO_FUZZ_EXAMPLES", "4"))
ADMIN, PASSWORD = "admin@demo.openwfo.test", "demo-password"
# Logging out would end the fuzzing session (the Authorize API tests cover it).
LOGOUT = "delete_session_api_rest_authorize_delete"
# The live view is an endless event stream (tests/live covers it).
LIVE_STREAM = "live_stream_api_rest_scheduling_realTime_stream_get"

pytestmark = pytest.mark.skipif(TEST_DB != "sqlite", reason="store-independent; runs on the embedded default")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz-demo")
    env = {**os.environ, "OPENWFO_DATA_DIR": str(data), "OPENWFO_DATASERVER_SCAN_SECONDS": "0"}
    env.pop("OPENWFO_DATABASE_URL", None)
    run_cli("demo", "--no-serve", "--data-dir", str(data), env=env, timeout=600)
    server = Server(env)
    yield server, data
    server.stop()


def test_fuzzing_a_seeded_tenant_finds_no_server_error_and_leaves_the_admin_in_charge(demo_server):
    server, data = demo_server
    session = login(server.base, ADMIN, PASSWORD)
    sid = session["sessionId"]
    report = Path(data) / "fuzz-report.txt"
    cmd = [sys.executable, "-m", "schemathesis.cli", "run", f"{server.base}/openapi.json",
           "--phases", "examples,coverage,fuzzing,stateful", "--mode", "all",
           "--checks", "not_a_server_error", "--max-examples", str(EXAMPLES), "--max-time", str(SECONDS),
           "--seed", "20261205", "--generation-database", "none", "--no-shrink", "--workers", "1",
           "--request-timeout", "30", "--no-color", "--header", f"Cookie: hazelcast.sessionId={sid}",
           "--exclude-operation-id", LOGOUT, "--exclude-operation-id", LIVE_STREAM]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=SECONDS + 300, cwd=data)
    report.write_text(run.stdout + run.stderr)
    tail = "\n".join((run.stdout + run.stderr).splitlines()[-80:])
    assert run.returncode == 0, f"schemathesis found failures (full output in {report}):\n{tail}"
    assert "Test cases:" in run.stdout or "passed" in run.stdout, tail

    # The administrator still holds every permission with tenant-wide scope, through the same session
    # and through a fresh login, and can still read and write.
    fresh = login(server.base, ADMIN, PASSWORD)
    for s in (sid, fresh["sessionId"]):
        status, me = call(server.base, "/api/rest/authorize", s)
        assert status == 200
        assert set(me["permissions"]) >= {p.name for p in CATALOGUE}, me["permissions"]
    status, roles = call(server.base, "/api/rest/org/role", fresh["sessionId"])
    assert status == 200 and roles
    status, _ = call(server.base, "/api/rest/org/common/group", fresh["sessionId"], "POST",
                     {"name": "After fuzzing", "parentGroupId": None})
    assert status < 500
