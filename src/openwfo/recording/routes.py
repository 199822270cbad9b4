"""The QM recording routers (and, by importing them, the export job handler and the drop-folder watcher).
The Recording Controls router is mounted apart, first (`routers.py`)."""

from __future__ import annotations

from ..dataserver import watcher as _watcher  # noqa: F401 - registers the drop-folder watcher's start hook
from .contacts import endpoints as contacts
from .evalforms import endpoints as evalforms
from .evaluations import endpoints as evaluations
from .export import endpoints as export
from .imports import endpoints as imports
from .inclusion_lists import endpoints as inclusion_lists
from .media import endpoints as media
from .monitoring import endpoints as monitoring
from .refs import endpoints as refs
from .retention import endpoints as retention
from .surveys import endpoints as surveys


def routers() -> list:
    return [contacts.router, refs.router, imports.router, inclusion_lists.router, export.router, monitoring.router,
            evalforms.router, evaluations.router, surveys.router, retention.router, media.router]
