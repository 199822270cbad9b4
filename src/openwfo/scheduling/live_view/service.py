"""The live view's reads: which agents a caller may watch (a team or a view), and each agent's live status
with their activities, loaded in one go for the hub (`hub.py`).

Who: as the adherence API — with Edit Schedules (or Administer WFM, which reads every agent's states through
the Real-Time Agent States API), the scheduling-enabled agents of the team or view that are
in the caller's views and org scope; without it, only oneself (the team or view must hold the caller, else
403). A team outside the caller's scope (other than their own), or a view the caller neither holds nor sees through the default
view, is 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import Forbidden, NotFound
from ...models import Person, Team, View, ViewAgent
from ...org import scope
from .. import visibility
from ..adherence.rules import Rules, tenant_rules
from ..agent_states.service import state_history
from ..rules import fail
from ..schedules import repository as schedule_repo
from ..schedules import service as schedules
from .status import Activity, Status, agent_status

EDIT_SCHEDULES = perms.BY_NAME["Edit Schedules"].id
ADMINISTER_WFM = perms.BY_NAME["Administer WFM"].id  # reads every agent's states (Real-Time Agent States API)
LOOKBACK_MS = 24 * 3_600_000   # activities (and states) this far back: where an adherence stretch began
AHEAD_MS = 3 * 3_600_000       # activities this far ahead: the boundaries the hub times until its next refresh
SUBJECT = "live view request"


@dataclass
class Watched:
    id: int
    employee_id: str | None
    first_name: str
    last_name: str


def watched_agents(db: Session, principal: Principal, team_id: int | None, view_id: int | None,
                   now: int) -> list[Watched]:
    """The agents of the team or view the caller may watch, by id."""
    if (team_id is None) == (view_id is None):
        raise fail(SUBJECT, "teamId", "give either teamId or viewId")
    if team_id is not None:
        members = set(db.scalars(select(Person.id).where(Person.team_id == team_id)))
        own_team = principal.person_id in members  # one's own team, in scope or not (to watch oneself)
        if db.get(Team, team_id) is None or not (own_team or scope.team_in_scope(db, principal, team_id)):
            raise NotFound(f"Team {team_id} not found")
    else:
        view = db.get(View, view_id)
        held = visibility.caller_views(db, principal.person_id)
        if view is None or (view_id not in held.view_ids and not held.everything):
            raise NotFound(f"View {view_id} not found")
        members = None if view.is_default else set(
            db.scalars(select(ViewAgent.person_id).where(ViewAgent.view_id == view_id)))
    if principal.has(EDIT_SCHEDULES) or principal.has(ADMINISTER_WFM):
        ids = [a[0] for a in schedules.visible_agents(db, principal, members, active_at=now)]
    elif members is None or principal.person_id in members:
        ids = [a[0] for a in schedule_repo.agents(db, [principal.person_id], None, now)]
    else:
        raise Forbidden("Watching other agents requires Edit Schedules or Administer WFM")
    if not ids:
        return []
    rows = db.execute(select(Person.id, Person.employee_id, Person.first_name, Person.last_name)
                      .where(Person.id.in_(ids)).order_by(Person.id)).tuples()
    return [Watched(*r) for r in rows]


def activities_of(db: Session, person_ids: list[int], now: int) -> dict[int, list[Activity]]:
    acts: dict[int, list[Activity]] = {p: [] for p in person_ids}
    for row in schedule_repo.overlapping(db, person_ids, now - LOOKBACK_MS, now + AHEAD_MS):
        acts[row[schedule_repo.PERSON]].append(
            (row[schedule_repo.TYPE], row[schedule_repo.START], row[schedule_repo.END]))
    return acts


def load(db: Session, person_ids: list[int], now: int) -> tuple[Rules, dict[int, tuple[list[Activity], Status]]]:
    """The tenant's rules, and each agent's activities around now with their live status at now: three
    reads whatever the agent count (rules, activities, states)."""
    rules = tenant_rules(db)
    acts = activities_of(db, person_ids, now)
    starts = [a[1] for rows in acts.values() for a in rows]
    history = state_history(db, person_ids, min([now - LOOKBACK_MS, *starts]), now + 1)
    return rules, {p: (acts[p], agent_status(acts[p], history.get(p, []), now, rules)) for p in person_ids}


def refresh(db: Session, person_ids: list[int], now: int) -> tuple[Rules, dict[int, list[Activity]]]:
    """The rules and activities again (schedules and rules edited since the last read)."""
    return tenant_rules(db), activities_of(db, person_ids, now)
