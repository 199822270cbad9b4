"""The adherence sweep (`compute.agent_day`) against a plain reading of its definition, on randomised
days: activities anywhere around the day, states before, inside and after it (several in one
millisecond too), reason codes, tenant rules naming reason codes, and `now` before, inside and after
the day. Every number, every actual and every piece must be the same."""

from __future__ import annotations

import datetime as dt
import random

from openwfo.scheduling.adherence import compute
from openwfo.scheduling.adherence.rules import DEFAULTS, in_service_states
from openwfo.scheduling.agent_states.states import ALL_NAMES, NAMES, reason_out
from openwfo.scheduling.schedules.activities import WORKING_TYPES

DAY = 1_721_019_600_000  # 2024-07-15 00:00 in Chicago
HOUR = 3_600_000
KINDS = ("in_service", "break", "lunch", "exception", "project", "closed_service", "overtime", "meeting")


def _text(at: int) -> str:
    t = dt.datetime.fromtimestamp(at // 1000, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{t}.{at % 1000:03d}Z" if at % 1000 else t + "Z"


def _rounded(ms: int) -> int:
    return (ms + 500) // 1000


def _percent(part: int, whole: int):
    """100 x part / whole to one decimal, halves up, in exact integers."""
    return None if whole <= 0 else (part * 2000 + whole) // (2 * whole) / 10


def reference(activities, states, day_start, day_end, now, rules):
    """The definition, read plainly: each state lasts until the next change (logged out, unreported,
    before the first); each scheduled activity's part inside the day and before now is cut by the
    states."""
    measured_end = max(day_start, min(day_end, now))
    stretches = []  # (start, end, state or None, reason)
    bounds = [-(2**62)] + [s[0] for s in states] + [2**62]
    stretches.append((bounds[0], bounds[1], None, None))
    for i, (ts, state, reason) in enumerate(states):
        stretches.append((ts, bounds[i + 2], state, reason))

    def name_of(state):
        return "LOGGED_OUT" if state is None else NAMES.get(state, "LOGGED_OUT")

    def adheres(kind, state, reason):
        allowed = rules.get(kind, frozenset())
        name = name_of(state)
        return name in allowed or (reason is not None and f"{name}:{reason}" in allowed)

    details, pieces = [], []
    scheduled = scheduled_is = scheduled_is_measured = total_in = total_out = total_out_s = 0
    for kind, a_start, a_end in activities:
        lo, hi = max(a_start, day_start), min(a_end, day_end)
        if hi <= lo:
            continue
        scheduled += hi - lo
        top = min(hi, measured_end)
        if kind in WORKING_TYPES:
            scheduled_is += hi - lo
            scheduled_is_measured += max(0, top - lo)
        actuals, a_in, a_out, in_s, out_s = [], 0, 0, 0, 0
        for start, end, state, reason in stretches:
            p_lo, p_hi = max(start, lo), min(end, top)
            if p_hi <= p_lo:
                continue
            ok = adheres(kind, state, reason)
            pieces.append((p_lo, p_hi, ok))
            length = _rounded(p_hi - p_lo)
            if ok:
                a_in += p_hi - p_lo
                in_s += length
            else:
                a_out += p_hi - p_lo
                out_s += length
            actuals.append(
                {
                    "actualAgentState": name_of(state),
                    "actualAgentStateStartTime": _text(p_lo if state is None else start),
                    "actualReasonCode": None if reason is None else reason_out(reason),
                    "inAdherenceSeconds": length if ok else 0,
                    "outOfAdherenceSeconds": 0 if ok else length,
                }
            )
        total_in += a_in
        total_out += a_out
        total_out_s += out_s
        details.append(
            {
                "scheduledActivityType": kind,
                "scheduledActityStartTime": _text(a_start),
                "inAdherenceSeconds": in_s,
                "outOfAdherenceSeconds": out_s,
                "actuals": actuals,
            }
        )
    working = in_service_states(rules)
    actual_is = sum(
        max(0, min(end, measured_end) - max(start, day_start))
        for start, end, state, _r in stretches
        if name_of(state) in working
    )
    summary = {
        "scheduledSeconds": _rounded(scheduled),
        "scheduledInServiceSeconds": _rounded(scheduled_is),
        "actualInServiceSeconds": _rounded(actual_is),
        "notInAdherenceSeconds": total_out_s,
        "scheduleAdherence": _percent(total_in, total_in + total_out),
        "scheduleConformity": _percent(actual_is, scheduled_is_measured),
        "details": details,
    }
    return summary, pieces


def _day(rnd: random.Random):
    activities, at = [], DAY - rnd.choice((0, 2, 8)) * HOUR + rnd.randrange(0, HOUR)
    for _ in range(rnd.randrange(0, 9)):
        at += rnd.choice((0, 0, rnd.randrange(1, 3 * HOUR)))
        length = rnd.choice((15 * 60_000, 30 * 60_000, 2 * HOUR, rnd.randrange(1, 5 * HOUR)))
        activities.append((rnd.choice(KINDS), at, at + length))
        at += length
    states = []
    for _ in range(rnd.randrange(0, 60)):
        ts = rnd.randrange(DAY - 4 * HOUR, DAY + 28 * HOUR)
        ts -= ts % rnd.choice((1, 1000, 60_000))
        states.append((ts, rnd.choice(tuple(NAMES)), rnd.choice((None, None, "5", "7", "Lunch"))))
        if rnd.random() < 0.1:  # another change in the same millisecond
            states.append((ts, rnd.choice(tuple(NAMES)), None))
    states.sort(key=lambda s: (s[0], s[1]))
    rules = dict(DEFAULTS)
    for kind in rnd.sample(KINDS, 3):
        names = set(rnd.sample(ALL_NAMES, rnd.randrange(0, 4)))
        if rnd.random() < 0.5:
            names.add(rnd.choice(("NOT_READY_BUSY:5", "NOT_READY_BUSY:Lunch", "READY_WAITING:7")))
        rules[kind] = frozenset(names)
    now = rnd.choice((DAY - HOUR, DAY + rnd.randrange(0, 24 * HOUR), DAY + 30 * HOUR))
    return activities, states, now, rules


def test_the_sweep_matches_the_definition_on_random_days():
    rnd = random.Random(2024)
    for _ in range(1500):
        activities, states, now, rules = _day(rnd)
        day = compute.agent_day(activities, states, DAY, DAY + 24 * HOUR, now, rules)
        summary, pieces = reference(activities, states, DAY, DAY + 24 * HOUR, now, rules)
        assert day.summary == summary, (activities, states, now)
        assert day.pieces == pieces, (activities, states, now)
