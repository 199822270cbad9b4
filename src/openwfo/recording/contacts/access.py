"""Which contacts a caller sees: those of teams in scope, and always their own calls.
Contacts without a team (unreconciled gateway recordings) are seen with tenant-wide scope only."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...models import Contact, RecordingWorkflow
from ...org.scope import visible_team_ids

QUALITY_REASONS: dict[int, tuple[str, str]] = {
    1: ("First Call of Day", "rec_reason_what_first"),
    2: ("Last Call of Day", "rec_reason_what_last"),
    3: ("Random", "rec_reason_what_random"),
    4: ("Longer Than", "rec_reason_what_longer"),
    5: ("Shorter Than", "rec_reason_what_shorter"),
    6: ("Tagged", "rec_reason_what_tagged"),
    7: ("Workflow Rule", "rec_reason_what_rule"),
}


def contact_scope_filter(db: Session, principal: Principal):
    """A WHERE clause limiting contacts to the caller's scope; None for tenant-wide scope."""
    teams = visible_team_ids(db, principal)
    if teams is None:
        return None
    return or_(Contact.team_id.in_(sorted(teams)), Contact.person_id == principal.person_id)


def get_visible_contact(db: Session, principal: Principal, contact_id: int, *, message: str | None = None) -> Contact:
    q = select(Contact).where(Contact.id == contact_id)
    clause = contact_scope_filter(db, principal)
    if clause is not None:
        q = q.where(clause)
    contact = db.scalar(q)
    if contact is None:
        raise NotFound(message or f"Contact {contact_id} does not exist")
    return contact


DEFAULT_WORKFLOWS = (("Default Quality Workflow", "quality", 365), ("Default Archive Workflow", "archive", 730))


def default_workflows(db: Session) -> dict[str, int]:
    """The tenant's default quality and archive workflow ids, created on first use."""
    rows = {w.kind: w.id for w in db.scalars(select(RecordingWorkflow).where(RecordingWorkflow.is_default.is_(True)))}
    for name, kind, days in DEFAULT_WORKFLOWS:
        if kind not in rows:
            wf = RecordingWorkflow(name=name, kind=kind, is_default=True, retention_days=days)
            db.add(wf)
            db.flush()
            rows[kind] = wf.id
    return rows
