"""The CLI contract, restart survival, and several server processes sharing sessions."""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import pytest

from openwfo.app import create_app

from ..conftest import REDIS_URL, TEST_DB
from ..processes import EXE, Server, call, login, run_cli  # noqa: F401 - EXE and Server are used by other test modules


def _run(*args, env=None, check=True):
    return run_cli(*args, env=env, check=check)


@pytest.mark.parametrize("cmd", [[], ["serve"], ["worker"], ["migrate"], ["admin"], ["admin", "create"], ["demo"]])
def test_every_command_has_help(cmd):
    out = _run(*cmd, "--help").stdout
    assert out.startswith("usage: openwfo")
    if cmd == ["serve"]:
        assert "--host" in out and "--port" in out and "--data-dir" in out
    if cmd == ["admin", "create"]:
        for flag in ("--tenant", "--email", "--password", "--data-dir"):
            assert flag in out


def _login(base, email, password, cookie=None, tenant_id=None):
    return login(base, email, password, tenant_id=tenant_id)


def _get(base, path, sid, method="GET"):
    return call(base, path, sid, method)[0]


def test_admin_create_is_idempotent_and_updates_the_password(tmp_dir):
    d = str(tmp_dir / "store")
    r1 = _run("admin", "create", "--tenant", "Acme", "--email", "it@acme.test", "--password", "first", "--data-dir", d)
    r2 = _run("admin", "create", "--tenant", "Acme", "--email", "it@acme.test", "--password", "second", "--data-dir", d)
    assert r1.returncode == r2.returncode == 0
    assert "person 1" in r1.stdout and "person 1" in r2.stdout  # the same person
    _run("migrate", "--data-dir", d)
    server = Server({**os.environ, "OPENWFO_DATA_DIR": d})
    try:
        with pytest.raises(urllib.error.HTTPError) as err:
            _login(server.base, "it@acme.test", "first")
        assert err.value.code == 401
        session = _login(server.base, "it@acme.test", "second")
        assert session["permissions"][:2] == ["ViewOrg", "UpdateOrg"]
        assert session["teamName"] == "Default Team" and session["groupName"] == "Default Group"
        assert len(session["permissions"]) >= 30
    finally:
        server.stop()


def test_demo_seeds_idempotently(tmp_dir):
    d = str(tmp_dir / "demo")
    first = _run("demo", "--no-serve", "--data-dir", d)
    second = _run("demo", "--no-serve", "--data-dir", d)
    assert "Login:" in first.stdout and "curl" in first.stdout
    assert first.stdout.split("(id ")[1][:3] == second.stdout.split("(id ")[1][:3]


def test_sessions_survive_a_restart_and_are_shared_by_two_processes(settings, factory, tenant):
    """Two `openwfo serve` processes on one store: SQLite + DB sessions, or PostgreSQL + Redis sessions."""
    env = {**os.environ, "OPENWFO_DATABASE_URL": settings.resolved_database_url(),
           "OPENWFO_DATA_DIR": str(settings.data_dir)}
    if TEST_DB == "postgresql":
        env["OPENWFO_REDIS_URL"] = REDIS_URL
    a, b = Server(env), Server(env)
    try:
        sid = _login(a.base, tenant.admin_email, factory.PASSWORD, tenant_id=str(tenant.id))["sessionId"]
        assert _get(b.base, "/api/rest/authorize", sid) == 200
        a.stop()
        a = Server(env)  # restart
        assert _get(a.base, "/api/rest/authorize", sid) == 200
        assert _get(b.base, "/api/rest/authorize", sid, method="DELETE") == 200
        assert _get(a.base, "/api/rest/authorize", sid) == 401
        assert _get(b.base, "/api/rest/authorize", sid) == 401
    finally:
        a.stop()
        b.stop()


def test_in_process_restart_keeps_sessions(settings, factory, tenant):
    first = create_app(settings, run_migrations=False)
    from fastapi.testclient import TestClient

    c1 = TestClient(first)
    sid = factory.login(c1, tenant.admin_email, tenant_id=tenant.id)["sessionId"]
    first.state.jobs.close()
    first.state.database.dispose()
    second = create_app(settings, run_migrations=False)
    c2 = TestClient(second)
    assert c2.get("/api/rest/authorize", headers={"Cookie": f"hazelcast.sessionId={sid}"}).status_code == 200
    second.state.jobs.close()
