"""Recording-control request bodies: `{}` or the parameters of the command (the reference's table)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ...kit.wire import Body


class MetadataItem(Body):
    name: str | None = Field(None, max_length=200)
    value: str | int | float | bool | None = None


class ControlIn(Body):
    """Every command's parameters in one body: `extension` (login, logout), `metadata` (the metadata
    command: a list of {name, value}; any command: an object with acdId, acdServerId, acdServerType
    naming the person), `delete` (segment: true deletes the previous segment)."""

    extension: str | int | None = None
    metadata: list[MetadataItem] | dict[str, Any] | None = None
    delete: bool | str | None = None


class ControlResult(Body):
    """What a command did: APPLIED, or IGNORED with the reason (the reference's "ignored" cases)."""

    command: str
    status: str
    reason: str | None = None
    person_id: int
    contact_id: int | None = None
