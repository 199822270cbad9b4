"""Agent state capture and reads.

Capture (`ingest`): every change of a request is checked on its own; the good ones are stored with
one bulk INSERT ... ON CONFLICT DO NOTHING (a resent change is a no-op, reported as duplicate), in
the request's transaction, which commits before the response is sent. Changes may arrive late or out
of order: the history is read ordered by time, never by arrival.

Reads other areas use:
- `state_history(db, person_ids, from_ms, to_ms)` — each person's states over [from, to), the state
  in force at from_ms first (dated when it began).
- `states_at(db, person_ids, at_ms)` — each person's state at an instant (None: no state known yet,
  which adherence reads as logged out).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...kit.clock import now_ms
from ..rules import fail
from ..schedules import service as schedules
from . import repository as repo
from .repository import PERSON, REASON, STATE, TS
from .states import NAMES, name_of, reason_out

MAX_BATCH = 10_000
MAX_RANGE_MS = 31 * 86_400_000
MIN_TS = 946_684_800_000          # 2000-01-01: older instants are not real-time data
FUTURE_SLACK_MS = 86_400_000      # ACD clocks drift; a change dated over a day ahead is a bad timestamp
MAX_REASON_CHARS = 100

ACCEPTED, DUPLICATE, REJECTED = "accepted", "duplicate", "rejected"


@dataclass(slots=True)
class Change:
    index: int
    acd_agent_id: str | None
    state: int | None
    ts: int | None
    reason: str | None
    status: str = ACCEPTED
    why: str | None = None
    person_id: int | None = None

    def result(self) -> dict:
        out = {"index": self.index, "acdAgentId": self.acd_agent_id, "gisStateIdentifier": self.state,
               "timestamp": self.ts, "status": self.status}
        if self.why:
            out["reason"] = self.why
        return out


def _int(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isdecimal() and len(text) <= 19:
            return int(text)
        if text.startswith("-") and text[1:].isdecimal() and len(text) <= 20:
            return int(text)
    return None


def _echo(value):
    """A value as sent, safe to answer: numbers beyond 64 bits and anything not a scalar come back as text."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value if value == value and abs(value) < 1e300 else str(value)
    return str(value)[:200]


def _text(value) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | str):
        text = (str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)).strip()
        return text or None
    return None


def parse_change(index: int, item, now: int) -> Change:
    """One change as sent, with the reason it is rejected when it is."""
    if not isinstance(item, dict):
        return Change(index, None, None, None, None, REJECTED, "not a JSON object")
    acd_id = _text(item.get("acdAgentId"))
    raw_state, raw_ts, raw_reason = item.get("gisStateIdentifier"), item.get("timestamp"), item.get("reasonCode")
    state, ts = _int(raw_state), _int(raw_ts)
    change = Change(index, acd_id, _echo(state if state is not None else raw_state),
                    _echo(ts if ts is not None else raw_ts), None)
    if acd_id is None or len(acd_id) > 200 or "\x00" in acd_id:
        return _reject(change, "acdAgentId is required (the agent's ACD id)")
    if state not in NAMES:
        return _reject(change, f"unknown state: gisStateIdentifier must be one of {sorted(NAMES)}")
    if ts is None:
        return _reject(change, "bad timestamp: epoch milliseconds required")
    if ts < MIN_TS or ts > now + FUTURE_SLACK_MS:
        return _reject(change, "bad timestamp: before 2000 or more than a day in the future")
    if raw_reason is None or (isinstance(raw_reason, str) and not raw_reason.strip()):
        return change
    number = None if isinstance(raw_reason, bool) else _int(raw_reason)
    if number is not None:
        if not 1 <= number <= 65535:
            return _reject(change, "bad reasonCode: a number must be 1-65535")
        change.reason = str(number)
        return change
    text = _text(raw_reason)
    if text is None or len(text) > MAX_REASON_CHARS or "\x00" in text:
        return _reject(change, f"bad reasonCode: a number 1-65535 or a text of at most {MAX_REASON_CHARS} "
                               "characters")
    change.reason = text
    return change


def parse_changes(items: list, now: int) -> list[Change]:
    """`parse_change` of every item. The common change (an object with a text ACD id, a known state, an
    integer timestamp in range and no or a numeric reason code) is checked inline, as `parse_change`
    would; anything else goes through `parse_change`."""
    out = []
    add = out.append
    latest = now + FUTURE_SLACK_MS
    for i, item in enumerate(items):
        if type(item) is dict:
            acd_id, state, ts = item.get("acdAgentId"), item.get("gisStateIdentifier"), item.get("timestamp")
            reason = item.get("reasonCode")
            if (type(acd_id) is str and type(state) is int and type(ts) is int and state in NAMES
                    and MIN_TS <= ts <= latest and 0 < len(acd_id) <= 200 and "\x00" not in acd_id
                    and not acd_id[0].isspace() and not acd_id[-1].isspace()):
                if reason is None:
                    add(Change(i, acd_id, state, ts, None))
                    continue
                if type(reason) is int and 1 <= reason <= 65535:
                    add(Change(i, acd_id, state, ts, str(reason)))
                    continue
        add(parse_change(i, item, now))
    return out


def _reject(change: Change, why: str) -> Change:
    change.status, change.why = REJECTED, why
    return change


def ingest(db: Session, items: list, acd_server_id: int | None = None) -> list[Change]:
    """Check, resolve and store the changes; each comes back accepted, duplicate or rejected (and why)."""
    if len(items) > MAX_BATCH:
        raise fail("agent state changes", "body", f"at most {MAX_BATCH} changes per request")
    now = now_ms()
    changes = parse_changes(items, now)
    good = [c for c in changes if c.status == ACCEPTED]
    if not good:
        return changes
    repo.take_write_lock(db)
    holders = repo.agents_by_acd_id(db, {c.acd_agent_id for c in good})
    person_of = {acd_id: _resolve(found, acd_server_id) for acd_id, found in holders.items()}
    unknown = _resolve((), acd_server_id)
    rows, seen = [], set()
    add_row, add_seen = rows.append, seen.add
    stored = []
    for c in good:
        person = person_of.get(c.acd_agent_id, unknown)
        if type(person) is str:
            c.status, c.why = REJECTED, person
            continue
        c.person_id = person
        key = (person, c.ts, c.state)
        if key in seen:
            c.status = DUPLICATE
            continue
        add_seen(key)
        add_row((person, c.ts, c.state, c.reason, now))
        stored.append(c)
    inserted = repo.insert_changes(db, rows)
    if inserted is not None:  # some were stored already
        for c in stored:
            if (c.person_id, c.ts, c.state) not in inserted:
                c.status = DUPLICATE
        stored = [c for c in stored if c.status == ACCEPTED]
    _publish(db, stored)
    return changes


def _resolve(holders, acd_server_id: int | None) -> int | str:
    """The person an ACD id names (on that ACD server when given), or why none is."""
    if acd_server_id is not None:
        holders = [h for h in holders if h[1] == acd_server_id]
    active = [h for h in holders if not h[2]]
    if not active:
        return "unknown agent: no active person has this ACD id" + (
            " on this ACD server" if acd_server_id is not None else "")
    if len(active) > 1:
        return "ambiguous agent: several persons have this ACD id; send acdServerId"
    return active[0][0]


def _publish(db: Session, accepted: list[Change]) -> None:
    """Hand the accepted changes to live views once the transaction commits."""
    if not accepted:
        return
    try:
        from ...live import publish_many_after_commit
    except ImportError:  # a build without live views
        return
    names = NAMES
    publish_many_after_commit(db, db.info["tenant_id"], "state", [
        {"agentId": c.person_id, "acdAgentId": c.acd_agent_id, "gisStateIdentifier": c.state,
         "agentState": names[c.state], "reasonCode": None if c.reason is None else reason_out(c.reason),
         "timestamp": c.ts} for c in accepted])


# ---- reads ----

def state_history(db: Session, person_ids: Sequence[int], from_ms: int, to_ms: int) -> dict[int, list[tuple]]:
    """Each person's states over [from_ms, to_ms) as (ts, state, reason) by time; the state in force at
    from_ms (begun earlier) first, unless a change happens exactly at from_ms. Persons without any
    state up to to_ms are left out."""
    # Rows come by person (each chunk of persons in turn): one list per run of a person's rows.
    out: dict[int, list[tuple]] = {person: [row[TS:] for row in rows]
                                   for person, rows in groupby(repo.history(db, person_ids, from_ms, to_ms),
                                                               itemgetter(PERSON))}
    for person_id, row in repo.last_before(db, person_ids, from_ms).items():
        states = out.setdefault(person_id, [])
        if states and states[0][0] == from_ms:
            continue  # the earlier state ends exactly where the range starts
        states.insert(0, (row[TS], row[STATE], row[REASON]))
    return out


def state_columns(db: Session, person_ids: Sequence[int], from_ms: int,
                  to_ms: int) -> dict[int, tuple[tuple, tuple, tuple]]:
    """`state_history` as columns: each person's (instants, states, reasons), by time (the adherence
    sweep reads them so, without a tuple per state)."""
    out: dict[int, tuple[tuple, tuple, tuple]] = {}
    for person, rows in groupby(repo.history(db, person_ids, from_ms, to_ms), itemgetter(PERSON)):
        _persons, tss, states, reasons = zip(*rows, strict=True)
        out[person] = (tss, states, reasons)
    for person_id, row in repo.last_before(db, person_ids, from_ms).items():
        columns = out.get(person_id)
        if columns is None:
            out[person_id] = ((row[TS],), (row[STATE],), (row[REASON],))
        elif columns[0][0] != from_ms:  # else the earlier state ends exactly where the range starts
            out[person_id] = ((row[TS], *columns[0]), (row[STATE], *columns[1]), (row[REASON], *columns[2]))
    return out


def states_at(db: Session, person_ids: Sequence[int], at_ms: int) -> dict[int, dict | None]:
    """Each person's state at at_ms: {agentState, gisStateIdentifier, reasonCode, timestamp} of the last
    change at or before it, or None when none is known."""
    found = repo.last_before(db, person_ids, at_ms + 1)
    return {p: ({"agentState": name_of(found[p][STATE]), "gisStateIdentifier": found[p][STATE],
                 "reasonCode": reason_out(found[p][REASON]), "timestamp": found[p][TS]} if p in found else None)
            for p in person_ids}


def agent_states(db: Session, principal: Principal, from_ms: int | None, to_ms: int | None,
                 agent_ids: list[int] | None) -> list[dict]:
    """The Real-Time Agent States API: visible agents with real-time data in [fromTime, toTime)."""
    subject = "real-time agent states request"
    if from_ms is None:
        raise fail(subject, "fromTime", "is required (epoch milliseconds)")
    if to_ms is None:
        raise fail(subject, "toTime", "is required (epoch milliseconds)")
    if to_ms <= from_ms:
        raise fail(subject, "toTime", "must be after fromTime")
    if to_ms - from_ms > MAX_RANGE_MS:
        raise fail(subject, "toTime", "the range must not exceed 31 days")
    wanted = list(dict.fromkeys(agent_ids)) if agent_ids else None
    agents = schedules.visible_agents(db, principal, wanted)
    if not agents:
        return []
    if wanted is not None:
        position = {a: i for i, a in enumerate(wanted)}
        agents.sort(key=lambda a: position[a[0]])
    history = state_history(db, [a[0] for a in agents], from_ms, to_ms)
    return [{"agentId": agent_id, "employeeId": employee_id,
             "realTimeActivities": [{"agentState": name_of(state), "reasonCode": reason_out(reason),
                                     "timestamp": ts} for ts, state, reason in history[agent_id]]}
            for agent_id, employee_id, _zone in agents if agent_id in history]
