"""The analytics (cas) routers."""

from __future__ import annotations

from . import qa
from .categories import endpoints as categories
from .hits import endpoints as hits
from .text_contacts import endpoints as text_contacts


def routers() -> list:
    return [categories.router, text_contacts.router, hits.router, qa.router]
