"""Exception requests: POST /api/rest/scheduling/changeRequest/exception (the reference's Third-Party
Exception Requests API), the agent request workflow that decides them, and extension endpoints that
list requests and approve or deny pending ones."""

from __future__ import annotations


def routers() -> list:
    from .endpoints import router

    return [router]
