"""Out-of-adherence alerts: the tenant's threshold, the sweep that raises and ends alerts, the list and
acknowledging.

The sweep (`sweep(database)`, run every `OPENWFO_ALERT_SWEEP_SECONDS` by every server process) looks at
each tenant with alerts enabled: the agents with an activity scheduled now (and those with an alert still
open) get their live status (`live_view.status.agent_status`, the adherence API's calculation). An agent
out of adherence for at least the threshold raises one alert per out-of-adherence stretch (the unique key
(agent, out_since) makes a raise by another process or a later sweep a no-op); the process that inserted
it publishes an `alert` live event after the commit. An open alert whose stretch is over (the agent is
back in adherence, or unscheduled) gets its end time and an `alertEnded` event.

Who: Edit Schedules (or Administer WFM) reads and acknowledges the alerts of the agents in the caller's
views and scope; the
threshold is read with Edit Schedules or Administer WFM and set with Administer WFM.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.clock import now_ms
from ...live import publish_after_commit
from ...models import AdherenceAlert, AlertSetting, Person, Team
from ...org import scope
from .. import visibility
from ..adherence.rules import tenant_rules
from ..agent_states.service import state_history, states_at
from ..agent_states.states import name_of, reason_out
from ..live_view.status import activity_at, adheres, agent_status
from ..rules import Violations, fail
from ..schedules import repository as schedule_repo
from . import repository as repo

log = logging.getLogger("openwfo.alerts")

DEFAULT_THRESHOLD_SECONDS = 300
MIN_THRESHOLD_SECONDS = 30
MAX_THRESHOLD_SECONDS = 86_400
LOOKBACK_MS = 24 * 3_600_000
MAX_PAGE_SIZE = 200
A = AdherenceAlert


# ---- the threshold ----

def settings_of(db: Session) -> dict:
    row = repo.setting(db)
    if row is None:
        return {"enabled": True, "thresholdSeconds": DEFAULT_THRESHOLD_SECONDS}
    return {"enabled": bool(row.enabled), "thresholdSeconds": row.threshold_seconds}


def update_settings(db: Session, enabled: bool | None, threshold: int | None) -> dict:
    v = Violations("alert settings")
    if threshold is not None and not MIN_THRESHOLD_SECONDS <= threshold <= MAX_THRESHOLD_SECONDS:
        v.add("thresholdSeconds", f"must be {MIN_THRESHOLD_SECONDS}-{MAX_THRESHOLD_SECONDS} seconds")
    v.raise_if_any()
    current = settings_of(db)
    row = repo.setting(db)
    if row is None:
        row = AlertSetting(threshold_seconds=current["thresholdSeconds"], enabled=current["enabled"])
        db.add(row)
    if threshold is not None:
        row.threshold_seconds = threshold
    if enabled is not None:
        row.enabled = enabled
    db.flush()
    return settings_of(db)


# ---- the sweep ----

def sweep(database, now: int | None = None, tenant_ids: list[int] | None = None) -> dict[int, list[int]]:
    """Raise and end the alerts of every tenant (or of these); answers {tenant id: ids of the alerts raised}.
    Two reads across tenants (their settings, the open alerts), then one indexed read per tenant with
    alerts on."""
    now = now_ms() if now is None else now
    with database.session(write=False) as db:  # unbound: the housekeeping reads across tenants
        tenants = repo.tenant_ids(db) if tenant_ids is None else list(tenant_ids)
        settings = repo.every_setting(db)
        open_alerts = repo.every_open_alert(db)
    raised: dict[int, list[int]] = {}
    for tenant_id in tenants:
        enabled, threshold = settings.get(tenant_id, (True, DEFAULT_THRESHOLD_SECONDS))
        if not enabled and tenant_id not in open_alerts:
            continue
        try:
            ids = sweep_tenant(database, tenant_id, now, threshold if enabled else None,
                               open_alerts.get(tenant_id, {}))
        except Exception:  # one tenant's failure must not stop the others' alerts
            log.exception("alert sweep of tenant %s failed", tenant_id)
            continue
        if ids:
            raised[tenant_id] = ids
    return raised


def sweep_tenant(database, tenant_id: int, now: int, threshold: int | None,
                 open_alerts: dict[int, tuple[int, int]]) -> list[int]:
    """One tenant (threshold None: alerts off, only open ones are ended): read-only first; a writing unit
    of work only when an alert is raised or ends."""
    with database.session(tenant_id, write=False) as db:
        scheduled = repo.in_progress_person_ids(db, now) if threshold is not None else set()
        person_ids = sorted(scheduled | set(open_alerts))
        if not person_ids:
            return []
        statuses = current_statuses(db, out_now(db, person_ids, now) | set(open_alerts), now)
    new_rows, endings = [], []
    for person_id, status in statuses.items():
        is_out = status.adherent is False
        if person_id in open_alerts:
            alert_id, since = open_alerts[person_id]
            if threshold is None or not is_out or status.since != since:
                ended = status.since if status.since and status.since > since else now
                endings.append((alert_id, person_id, ended))
            elif is_out:
                continue  # this stretch has its alert
        if threshold is not None and is_out and now - status.since >= threshold * 1000:
            act = status.activity
            new_rows.append({"person_id": person_id, "out_since_ms": status.since, "raised_ms": now,
                             "threshold_seconds": threshold, "activity_type": act[0],
                             "activity_start_ms": act[1], "activity_end_ms": act[2],
                             "agent_state": name_of(status.state) if status.state is not None else "LOGGED_OUT",
                             "reason_code": status.reason})
    if not new_rows and not endings:
        return []
    with database.session(tenant_id) as db:
        for alert_id, person_id, ended in endings:
            repo.end(db, alert_id, ended)
            publish_after_commit(db, tenant_id, "alertEnded",
                                 {"id": alert_id, "agentId": person_id, "endedTime": ended})
        ids = repo.insert_new(db, new_rows)
        for alert, employee_id in repo.by_ids(db, ids) if ids else []:
            publish_after_commit(db, tenant_id, "alert", wire(alert, employee_id))
    return ids


def out_now(db: Session, person_ids: list[int], now: int) -> set[int]:
    """Of these agents, those out of adherence at this instant: one probe per agent for the state in force
    and one read of the activities in progress — the day's history is read only for them."""
    rules = tenant_rules(db)
    acts: dict[int, list[tuple]] = {}
    for row in schedule_repo.overlapping(db, person_ids, now, now + 1):
        acts.setdefault(row[schedule_repo.PERSON], []).append(
            (row[schedule_repo.TYPE], row[schedule_repo.START], row[schedule_repo.END]))
    states = state_now(db, list(acts), now)
    out = set()
    for person_id, rows in acts.items():
        state, reason = states.get(person_id, (None, None))
        if adheres(rules, activity_at(rows, now), state, reason) is False:
            out.add(person_id)
    return out


def state_now(db: Session, person_ids: list[int], now: int) -> dict[int, tuple[int, str | None]]:
    found = states_at(db, person_ids, now)
    return {p: (s["gisStateIdentifier"], None if s["reasonCode"] is None else str(s["reasonCode"]))
            for p, s in found.items() if s is not None}


def current_statuses(db: Session, person_ids, now: int) -> dict:
    """Each agent's live status (see live_view.status) at now: two reads, activities and states."""
    person_ids = sorted(person_ids)
    if not person_ids:
        return {}
    rules = tenant_rules(db)
    acts: dict[int, list[tuple]] = {p: [] for p in person_ids}
    for row in schedule_repo.overlapping(db, person_ids, now - LOOKBACK_MS, now + 1):
        acts[row[schedule_repo.PERSON]].append(
            (row[schedule_repo.TYPE], row[schedule_repo.START], row[schedule_repo.END]))
    starts = [a[1] for rows in acts.values() for a in rows]
    history = state_history(db, person_ids, min([now - LOOKBACK_MS, *starts]), now + 1)
    return {p: agent_status(acts[p], history.get(p, []), now, rules) for p in person_ids}


# ---- reads and acknowledging ----

def wire(alert: AdherenceAlert, employee_id: str | None) -> dict:
    return {
        "id": alert.id, "agentId": alert.person_id, "employeeId": employee_id,
        "outOfAdherenceSince": alert.out_since_ms, "raisedTime": alert.raised_ms,
        "thresholdSeconds": alert.threshold_seconds,
        "activityType": alert.activity_type, "activityStartTime": alert.activity_start_ms,
        "activityEndTime": alert.activity_end_ms,
        "agentState": alert.agent_state, "reasonCode": reason_out(alert.reason_code),
        "endedTime": alert.ended_ms, "acknowledgedTime": alert.acknowledged_ms,
        "acknowledgedBy": alert.acknowledged_by,
    }


def _visible_clause(db: Session, principal: Principal):
    views = visibility.caller_views(db, principal.person_id)
    return visibility.agent_clause(db, principal, views)


def list_alerts(db: Session, principal: Principal, *, agent_id: int | None, team_id: int | None,
                from_ms: int | None, to_ms: int | None, acknowledged: bool | None, open_only: bool | None,
                page_size: int | None, page_number: int | None) -> list[dict]:
    """The alerts of the agents the caller sees, newest raised first, filtered."""
    size = 50 if page_size is None else page_size
    number = 1 if page_number is None else page_number
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise fail("alerts request", "pageSize", f"must be 1-{MAX_PAGE_SIZE}")
    if number < 1:
        raise fail("alerts request", "pageNumber", "must be 1 or more")
    if from_ms is not None and to_ms is not None and to_ms <= from_ms:
        raise fail("alerts request", "toTime", "must be after fromTime")
    filters = []
    if agent_id is not None:
        filters.append(A.person_id == agent_id)
    if team_id is not None:
        if db.get(Team, team_id) is None or not scope.team_in_scope(db, principal, team_id):
            raise NotFound(f"Team {team_id} not found")
        filters.append(Person.team_id == team_id)
    if from_ms is not None:
        filters.append(A.raised_ms >= from_ms)
    if to_ms is not None:
        filters.append(A.raised_ms < to_ms)
    if acknowledged is not None:
        filters.append(A.acknowledged_ms.is_not(None) if acknowledged else A.acknowledged_ms.is_(None))
    if open_only is not None:
        filters.append(A.ended_ms.is_(None) if open_only else A.ended_ms.is_not(None))
    rows = repo.page(db, _visible_clause(db, principal), filters, size, number)
    return [wire(alert, employee_id) for alert, employee_id in rows]


def acknowledge(db: Session, principal: Principal, alert_id: int) -> dict:
    """Mark an alert seen (the first acknowledgement is kept); 404 for one the caller may not read."""
    rows = repo.page(db, _visible_clause(db, principal), [A.id == alert_id], 1, 1)
    if not rows:
        raise NotFound(f"Alert {alert_id} not found")
    alert, employee_id = rows[0]
    if alert.acknowledged_ms is None:
        alert.acknowledged_ms = now_ms()
        alert.acknowledged_by = principal.person_id
        db.flush()
        publish_after_commit(db, principal.tenant_id, "alertAcknowledged", wire(alert, employee_id))
    return wire(alert, employee_id)
