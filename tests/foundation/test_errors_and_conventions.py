"""The error envelope, request ids, trailing slashes, body limits, unknown routes, 403s."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from openwfo.app import create_app
from openwfo.auth.deps import CurrentPrincipal, DbSession, Requires, current_principal


def test_unknown_route_is_404_envelope(client):
    r = client.get("/api/rest/does/not/exist")
    assert r.status_code == 404
    body = r.json()
    assert set(body) == {"errorMessage", "requestId"}
    assert body["requestId"] == r.headers["X-Request-Id"]


def test_every_response_has_a_request_id(client):
    r1, r2 = client.get("/api/rest/system/tenant"), client.get("/api/rest/system/tenant")
    assert r1.headers["X-Request-Id"] and r1.headers["X-Request-Id"] != r2.headers["X-Request-Id"]
    r = client.get("/api/rest/system/tenant", headers={"X-Request-Id": "trace-123"})
    assert r.headers["X-Request-Id"] == "trace-123"


def test_wrong_method_is_405_envelope(client):
    r = client.put("/api/rest/system/tenant")
    assert r.status_code == 405 and r.json()["errorMessage"]


def test_system_tenant_probe_needs_no_session_and_tells_nothing_private(client, tenant):
    r = client.get("/api/rest/system/tenant/")
    assert r.status_code == 200
    assert r.json() == {"name": "OpenWFO", "version": r.json()["version"], "status": "UP"}
    assert tenant.name not in r.text


def test_oversized_body_is_413(settings, database_url):
    small = settings.model_copy(update={"max_body_bytes": 1000})
    app = create_app(small, run_migrations=False)
    c = TestClient(app)
    r = c.post("/api/rest/authorize", content=b"{" + b" " * 5000 + b"}", headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert r.json()["errorMessage"] == "Request body too large" and r.json()["requestId"]

    def chunks():
        for _ in range(10):
            yield b" " * 500

    r = c.post("/api/rest/authorize", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    app.state.jobs.close()


class Thing(BaseModel):
    count: int


def _probe_app(settings) -> FastAPI:
    """The real app plus one probe route, to exercise the permission and validation machinery."""
    app = create_app(settings, run_migrations=False)
    router = APIRouter()

    @router.get("/api/rest/probe/needs-update-org", summary="probe")
    def needs_update_org(principal: Requires("UpdateOrg")) -> dict:
        return {"ok": principal.person_id}

    @router.get("/api/rest/probe/any-of", summary="probe")
    def any_of(principal: Requires("Administer WFM", "View Schedules")) -> dict:
        return {"ok": True}

    @router.post("/api/rest/probe/thing", summary="probe")
    def thing(body: Thing, principal: CurrentPrincipal, db: DbSession) -> dict:
        return {"count": body.count}

    @router.get("/api/rest/probe/query", summary="probe")
    def query(principal: CurrentPrincipal, n: int = 1) -> dict:
        return {"n": n}

    app.include_router(router, dependencies=[Depends(current_principal)])
    return app


def test_missing_permission_is_403_and_any_of_passes(settings, factory, tenant):
    app = _probe_app(settings)
    c = TestClient(app)
    agent = factory.person(tenant.id, role="agent")
    factory.login(c, agent.email)
    r = c.get("/api/rest/probe/needs-update-org")
    assert r.status_code == 403
    assert "UpdateOrg" in r.json()["errorMessage"] and r.json()["requestId"]
    assert c.get("/api/rest/probe/any-of").status_code == 200  # agents hold View Schedules
    admin = TestClient(app)
    factory.login(admin, tenant.admin_email, tenant_id=tenant.id)
    assert admin.get("/api/rest/probe/needs-update-org").json() == {"ok": tenant.admin_id}
    app.state.jobs.close()


def test_validation_errors_are_400_with_field_detail(settings, factory, tenant):
    app = _probe_app(settings)
    c = TestClient(app)
    factory.login(c, tenant.admin_email, tenant_id=tenant.id)
    r = c.post("/api/rest/probe/thing", json={"count": "many"})
    assert r.status_code == 400
    body = r.json()
    assert body["errors"][0]["field"] == "count" and body["errorMessage"].startswith("Invalid request")
    # JSON without a Content-Type, trailing slash, repeated query keys (last wins)
    r = c.post("/api/rest/probe/thing/", content=b'{"count": 3}')
    assert r.status_code == 200 and r.json() == {"count": 3}
    # the reference's "Content Type: multipart/form-data" with a JSON body
    r = c.post("/api/rest/probe/thing", content=b'{"count": 4}', headers={"Content-Type": "multipart/form-data"})
    assert r.status_code == 200 and r.json() == {"count": 4}
    assert c.get("/api/rest/probe/query?n=1&n=2").json() == {"n": 2}
    app.state.jobs.close()


def test_openapi_is_served_with_a_summary_on_every_operation(client):
    spec = client.get("/openapi.json").json()
    ops = [(path, m, op) for path, item in spec["paths"].items() for m, op in item.items()]
    assert ops
    assert all(op.get("summary") for _, _, op in ops), [p for p, _, op in ops if not op.get("summary")]
    assert client.get("/docs").status_code == 200
