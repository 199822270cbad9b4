"""What live views must hear about beyond state changes, published on the store's live path after the
writing transaction commits (`live.publish_after_commit`, so every server process's hub hears it):

- `schedule` {agentIds}: activities of these agents near now (from `LOOKBACK_MS` before to `AHEAD_MS`
  after: what a hub holds) were written — hubs watching them read their activities again at once,
  rather than at their next periodic refresh. The schedules repository reports its bulk writes
  (`schedule_changed`); activities changed as ORM objects (exception placement) are seen at flush.
- `membership` {}: something that decides which agents a team or view shows changed (a person's team,
  scheduling flag or deactivation; a view's agents; a person's views) — hubs work out their streams'
  agent sets again. Bulk SQL writes of those are not seen at flush: their writer calls
  `membership_changed` (the person import does); the hubs' periodic refresh catches any other.

One event of each kind per transaction, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from ...db import TENANT_KEY
from ...kit.clock import now_ms
from ...live import publish_after_commit
from ...models import Person, PersonView, ScheduleActivity, ViewAgent

LOOKBACK_MS = 24 * 3_600_000   # as live_view.service: the activities a hub holds
AHEAD_MS = 3 * 3_600_000
_SCHEDULE = "openwfo.live_schedule_changed"
_MEMBERSHIP = "openwfo.live_membership_changed"
_PERSON_FIELDS = ("team_id", "enabled_for_scheduling", "deactivated", "activated_date")
MEMBERSHIP_COLUMNS = frozenset(_PERSON_FIELDS)  # the person columns that decide a team's or view's agents


def near_now(start_ms: int, end_ms: int, now: int | None = None) -> bool:
    now = now_ms() if now is None else now
    return start_ms < now + AHEAD_MS and end_ms > now - LOOKBACK_MS


def dates_near_now(dates: Iterable[dt.date], now: int | None = None) -> bool:
    """Whether a shift of one of these dates can reach the window (a shift date is within a day of its
    activities in any time zone)."""
    today = dt.datetime.fromtimestamp((now_ms() if now is None else now) / 1000, dt.UTC).date()
    return any(-3 <= (d - today).days <= 2 for d in dates)


def schedule_changed(db: Session, person_ids: Iterable[int]) -> None:
    """These agents' activities near now were written in this transaction: tell the live views once it
    commits."""
    ids = db.info.get(_SCHEDULE)
    if ids is None:
        tenant_id = db.info.get(TENANT_KEY)
        if tenant_id is None:
            return
        ids = db.info[_SCHEDULE] = []
        # The list is filled on until the commit (the event is serialised when it is published).
        publish_after_commit(db, tenant_id, "schedule", {"agentIds": ids})
    seen = set(ids)
    ids.extend(p for p in dict.fromkeys(person_ids) if p not in seen)


def membership_changed(db: Session) -> None:
    """Which agents a team or view shows may have changed in this transaction: tell the live views once
    it commits (one event per transaction)."""
    if db.info.get(_MEMBERSHIP) or db.info.get(TENANT_KEY) is None:
        return
    db.info[_MEMBERSHIP] = True
    publish_after_commit(db, db.info[TENANT_KEY], "membership", {})


@event.listens_for(Session, "before_flush")
def _seen_at_flush(session: Session, _flush_context, _instances) -> None:
    changed_ids = []
    membership = False
    now = None
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, ScheduleActivity):
            now = now_ms() if now is None else now
            state = inspect(obj)
            spans = [(obj.start_ms, obj.end_ms)]
            for attr in ("start_ms", "end_ms"):  # where it was, too
                hist = state.attrs[attr].history
                if hist.deleted:
                    spans.append((min([obj.start_ms, *hist.deleted]), max([obj.end_ms, *hist.deleted])))
            if any(s is not None and e is not None and near_now(s, e, now) for s, e in spans):
                changed_ids.append(obj.person_id)
        elif isinstance(obj, ViewAgent | PersonView):
            membership = True
        elif isinstance(obj, Person) and not membership:
            if obj in session.new or obj in session.deleted:
                membership = True
            else:
                state = inspect(obj)
                membership = any(state.attrs[f].history.has_changes() for f in _PERSON_FIELDS)
    if changed_ids:
        schedule_changed(session, changed_ids)
    if membership:
        membership_changed(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_SCHEDULE, None)
    session.info.pop(_MEMBERSHIP, None)
