"""The web console: a single page of plain HTML, ES modules and CSS, served at `/` by the API server.

The pages call only the public REST API, with the same `hazelcast.sessionId` cookie, so a user sees and
can do in the console exactly what the API lets them. State-changing calls are same-origin `fetch`es:
the browser names the server's own Origin, which the cross-site check in the middleware lets through
(and the SameSite=Lax cookie is not sent with another site's POST); the console's sessions also need their
CSRF token on every change (auth/csrf.py). The HTML carries a strict Content
Security Policy: scripts, styles, media and connections from this server only, no inline script.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

STATIC = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/")
def console_page() -> FileResponse:
    """The console's one HTML page; the modules route by the URL's fragment (#/org, #/schedules, ...)."""
    return FileResponse(STATIC / "index.html", media_type="text/html", headers=HEADERS)


class _Static(StaticFiles):
    async def get_response(self, path, scope):
        response = await super().get_response(path, scope)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


def install(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/console", _Static(directory=STATIC), name="console")
