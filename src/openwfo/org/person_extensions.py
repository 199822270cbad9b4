"""How other areas add their own fields to the Person APIs without the org code knowing them.

The Person create / Person by ID endpoints (org) call every registered extension:

- `read(db, person)` returns wire-named fields (camelCase); they are merged into the person
  JSON's `agentDetail` object, where the reference shows skillMappings, exceptions and workShifts.
- `validate(db, body)` checks the request before anything is written (raise errors.BadRequest
  naming the field). `body` is the request as sent (wire names), with the fields of
  `agentDetail`/`agentDetails` lifted to the top level, so `body.get("skillMappings")` works
  whichever place the client used. A field absent from `body` means "leave unchanged".
- `write(db, person, body)` applies it, after the person row is written (person.id is set).
- Optional `owned_data(db, person) -> list[str]`: what the extension still keeps for the person
  that deleting them would lose (e.g. ["schedules (12)"]); a non-empty answer makes Person DELETE
  refuse with 409. Rows with a foreign key to org_person are found without it.

Example: WFM registers one for `skillMappings`, `exceptions` and `workShifts`, whose tables it owns.
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
