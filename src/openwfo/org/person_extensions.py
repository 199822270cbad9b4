"""How other areas add their own fields to the Person APIs without the org code knowing them.

The Person create / Person by ID endpoints (org) call every registered extension: `read` adds
its fields to the person JSON, `validate` checks the request body before anything is written
(raise errors.BadRequest naming the field), `write` applies it. Example: WFM registers one for
`skillMappings`, `exceptions` and `workShifts`, whose tables it owns.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy.orm import Session

from ..models import Person


class PersonExtension(Protocol):
    fields: tuple[str, ...]  # the wire field names this extension owns

    def read(self, db: Session, person: Person) -> dict: ...

    def validate(self, db: Session, body: dict) -> None: ...

    def write(self, db: Session, person: Person, body: dict) -> None: ...


EXTENSIONS: list[PersonExtension] = []


def register(extension: PersonExtension) -> PersonExtension:
    EXTENSIONS.append(extension)
    return extension
