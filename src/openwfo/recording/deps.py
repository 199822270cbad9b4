"""Request helpers shared by the recording endpoints."""

from __future__ import annotations

from fastapi import Request

from ..errors import AppError
from ..storage import Storage, storage_for


class UnsupportedMediaType(AppError):
    status_code = 415


class RangeNotSatisfiable(AppError):
    status_code = 416


def get_storage(request: Request) -> Storage:
    """The media storage of this app's store (bound once, shared with its background jobs)."""
    return storage_for(request.app.state.database, request.app.state.settings)
