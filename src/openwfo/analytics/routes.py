"""The analytics (cas) routers."""

from __future__ import annotations

from .categories import endpoints as categories


def routers() -> list:
    return [categories.router]
