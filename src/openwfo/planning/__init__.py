"""Planning engine (extension API): forecasts from interval history, staffing (Erlang C and the
workload model), staffing requirements per interval and schedule generation. See docs/architecture.md, "Planning"."""

from __future__ import annotations

from fastapi import APIRouter

from .forecast import endpoints as forecast_endpoints
from .generation import endpoints as generation_endpoints
from .intraday import endpoints as intraday_endpoints
from .staffing import endpoints as staffing_endpoints


def routers() -> list[APIRouter]:
    return [staffing_endpoints.router, forecast_endpoints.router, generation_endpoints.router,
            intraday_endpoints.router]
