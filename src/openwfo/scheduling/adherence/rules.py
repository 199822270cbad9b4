"""Adherence rules: which agent states satisfy which scheduled activity type.

Each tenant has a rule per activity type: the set of agent states (the Real-Time Agent States API's
names) in which an agent doing that activity is in adherence. Types the tenant has not set use the
defaults below. "In service" states — what conformance counts as actually in service — are the
states of the tenant's `in_service` rule.

    rules = tenant_rules(db)
    in_adherence(rules, "break", state_code)    # True/False
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...models import AdherenceRule
from ..agent_states.states import (
    ALL_NAMES,
    HOLD_NAME,
    LOGGED_OUT,
    NOT_READY_BUSY,
    READY_WAITING,
    TALK,
    WORK_AFTER_CONTACT,
    name_of,
)
from ..rules import Violations
from ..schedules import activities

Rules = dict[str, frozenset[str]]

WORKING = frozenset({READY_WAITING, TALK, HOLD_NAME, WORK_AFTER_CONTACT})
AWAY = frozenset({NOT_READY_BUSY, LOGGED_OUT})

DEFAULTS: Rules = {
    # Working a queue: ready for contacts, on one, holding one, or wrapping one up.
    "in_service": WORKING,
    "in_service_msg": WORKING,
    "overtime": WORKING,
    "overtime_msg": WORKING,
    "available": WORKING,
    # On a queue while it is closed: logged in, whatever the agent does.
    "closed_service": WORKING | {NOT_READY_BUSY},
    "closed_service_msg": WORKING | {NOT_READY_BUSY},
    # Away from the phones.
    "break": AWAY,
    "lunch": AWAY,
    "exception": AWAY,
    "not_available": AWAY,
    # Off-queue work at the desk: logged in and not taking contacts.
    "project": frozenset({NOT_READY_BUSY, WORK_AFTER_CONTACT}),
    "assignment": frozenset({NOT_READY_BUSY, WORK_AFTER_CONTACT}),
}
IN_SERVICE = "in_service"


def tenant_rules(db: Session) -> Rules:
    """The caller's tenant's rules: the defaults, overridden per activity type by what the tenant set."""
    rules = dict(DEFAULTS)
    for activity_type, states in db.execute(select(AdherenceRule.activity_type, AdherenceRule.states)).tuples():
        if activity_type in rules:
            rules[activity_type] = frozenset(s for s in states.split(",") if s)
    return rules


def in_adherence(rules: Rules, activity_type: str, state: int | str, reason: str | int | None = None) -> bool:
    """Whether an agent in this state (GIS identifier or state name), with this reason code, adheres to
    this activity type: the state is in the rule, or the rule names that state with that reason code."""
    name = name_of(state) if isinstance(state, int) else state
    allowed = rules.get(activity_type, frozenset())
    return name in allowed or (reason is not None and f"{name}:{reason}" in allowed)


MAX_STORED = 200  # rt_adherence_rule.states: state names and STATE:reason entries, comma-separated


def in_service_states(rules: Rules) -> frozenset[str]:
    return rules[IN_SERVICE]


def as_wire(db: Session, rules: Rules) -> list[dict]:
    custom = set(db.scalars(select(AdherenceRule.activity_type)))
    return [{"activityType": t, "activityTypeLabel": activities.LABELS[t],
             "inAdherenceStates": [s for s in ALL_NAMES if s in rules[t]],
             "inAdherenceReasonCodes": _reason_codes(rules[t]),
             "custom": t in custom} for t in activities.TYPES]


def update(db: Session, items: list[dict]) -> None:
    """Set the rules of the activity types listed ({activityType, inAdherenceStates}); `null` states put
    a type back to its default. All checked first: one 400 names every bad item."""
    v = Violations("adherence rules")
    wanted: dict[str, str | None] = {}
    for i, item in enumerate(items):
        kind = activities.normalize(item.get("activityType")) if isinstance(item, dict) else None
        if kind is None:
            v.add(f"rules[{i}].activityType", f"must be one of {', '.join(activities.TYPES)}")
            continue
        if kind in wanted:
            v.add(f"rules[{i}].activityType", "is listed twice")
        states = item.get("inAdherenceStates")
        if states is None:
            wanted[kind] = None
            continue
        if not isinstance(states, list) or not all(isinstance(s, str) for s in states):
            v.add(f"rules[{i}].inAdherenceStates", "must be a list of agent state names")
            continue
        names = {s.strip().upper() for s in states}
        unknown = sorted(names - set(ALL_NAMES))
        if unknown:
            v.add(f"rules[{i}].inAdherenceStates", f"unknown state {unknown[0][:40]}; use {', '.join(ALL_NAMES)}")
            continue
        coded = _check_reason_codes(item.get("inAdherenceReasonCodes"), f"rules[{i}].inAdherenceReasonCodes", v)
        if coded is None:
            continue
        text = ",".join([s for s in ALL_NAMES if s in names] + coded)
        if len(text) > MAX_STORED:
            v.add(f"rules[{i}]", f"too many states and reason codes (at most {MAX_STORED} characters stored)")
            continue
        wanted[kind] = text
    v.raise_if_any()
    if not wanted:
        return
    db.execute(delete(AdherenceRule).where(AdherenceRule.activity_type.in_(list(wanted))))
    for kind, states in wanted.items():
        if states is not None and frozenset(s for s in states.split(",") if s) != DEFAULTS[kind]:
            db.add(AdherenceRule(activity_type=kind, states=states))
    db.flush()


def _reason_codes(allowed: frozenset[str]) -> list[dict]:
    out = []
    for entry in sorted(e for e in allowed if ":" in e):
        state, _, reason = entry.partition(":")
        out.append({"agentState": state, "reasonCode": int(reason) if reason.isdigit() else reason})
    return out


def _check_reason_codes(items, field: str, v: Violations) -> list[str] | None:
    """[{agentState, reasonCode}] → ["STATE:reason"] (reason as capture stores it: a number 1-65535 as its
    digits, or a text without commas or colons of at most 30 characters); None (with a violation) if bad."""
    if items is None:
        return []
    if not isinstance(items, list):
        v.add(field, "must be a list of {agentState, reasonCode}")
        return None
    out: list[str] = []
    for j, item in enumerate(items):
        state = item.get("agentState") if isinstance(item, dict) else None
        reason = item.get("reasonCode") if isinstance(item, dict) else None
        if not isinstance(state, str) or state.strip().upper() not in ALL_NAMES:
            v.add(f"{field}[{j}].agentState", f"must be one of {', '.join(ALL_NAMES)}")
            return None
        if isinstance(reason, int) and not isinstance(reason, bool) and 1 <= reason <= 65535:
            text = str(reason)
        elif isinstance(reason, str) and reason.strip() and len(reason.strip()) <= 30 \
                and not set(reason) & {",", ":", "\x00"}:
            text = reason.strip()
            text = str(int(text)) if text.isdigit() and 1 <= int(text) <= 65535 else text
        else:
            v.add(f"{field}[{j}].reasonCode", "must be a number 1-65535 or a text of at most 30 characters "
                                               "without commas or colons")
            return None
        entry = f"{state.strip().upper()}:{text}"
        if entry not in out:
            out.append(entry)
    return sorted(out)
