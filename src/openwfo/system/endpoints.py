"""Unauthenticated server probes."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from .. import SERVER_NAME, __version__

router = APIRouter(tags=["system"])


class SystemStatus(BaseModel):
    name: str
    version: str
    status: str


@router.get("/api/rest/system/tenant", response_model=SystemStatus, summary="Server probe (Simplified Recording Controls)")
def system_tenant(request: Request) -> SystemStatus:
    """Answers without a session: the server's name, version and whether its store is reachable."""
    ok = request.app.state.health()
    return SystemStatus(name=SERVER_NAME, version=__version__, status="UP" if ok else "DOWN")


@router.get("/healthz", response_model=SystemStatus, summary="Liveness probe", tags=["extension"])
def healthz(request: Request) -> SystemStatus:
    """The same probe at a load-balancer friendly path."""
    return system_tenant(request)


class VersionInfo(BaseModel):
    name: str
    version: str


@router.get("/api/rest/system/version", response_model=VersionInfo, summary="Server name and version", tags=["extension"])
async def system_version() -> VersionInfo:
    """The server's name and version; touches nothing (the benchmarks' bare endpoint)."""
    return VersionInfo(name=SERVER_NAME, version=__version__)
