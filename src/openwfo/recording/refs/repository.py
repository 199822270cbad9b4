"""Queries behind the contact `$ref` targets."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Group, Person, RecordingWorkflow, Team


def person_with_team(db: Session, person_id: int):
    """(id, first_name, last_name, email, display_id, acd_id, team_id, team_name) of a person, or None."""
    return db.execute(select(Person.id, Person.first_name, Person.last_name, Person.email, Person.display_id,
                             Person.acd_id, Person.team_id, Team.name.label("team_name"))
                      .join(Team, Team.id == Person.team_id).where(Person.id == person_id)).first()


def team(db: Session, team_id: int) -> Team | None:
    return db.get(Team, team_id)


def group(db: Session, group_id: int | None) -> Group | None:
    return db.get(Group, group_id) if group_id else None


def workflow(db: Session, workflow_id: int) -> RecordingWorkflow | None:
    return db.get(RecordingWorkflow, workflow_id)
