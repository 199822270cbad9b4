"""The adherence and conformance of one agent's day, from the activities scheduled and the states the
ACD reported. Pure: no store, no clock.

The day is [day_start, day_end) (midnight to midnight in the tenant's time zone); only the part
before `now` is measured (today: up to the present). Before the first state ever reported the agent
counts as logged out.

Per scheduled activity (its part inside the measured window), each moment is in adherence when the
agent's state satisfies the activity type's rule, else out of adherence:

    scheduleAdherence   = 100 × Σ in adherence ÷ Σ (in + out of adherence)      (scheduled, measured time)
    scheduleConformity  = 100 × actual in-service time ÷ scheduled in-service time   (both measured)
    scheduledSeconds          = every scheduled activity inside the day (measured or not)
    scheduledInServiceSeconds = working activities (in service, overtime, on a queue or a group) inside the day
    actualInServiceSeconds    = measured time in an in-service state, scheduled or not
    notInAdherenceSeconds     = Σ out of adherence

A percentage with nothing to divide by (no scheduled, measured time) is null.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from ..agent_states.states import LOGGED_OUT as LOGGED_OUT_NAME
from ..agent_states.states import NAMES, reason_out
from ..schedules.activities import WORKING_TYPES
from .rules import Rules, in_service_states

EPOCH = dt.date(1970, 1, 1)
NEVER = -(2**62)
FOREVER = 2**62


# A stretch of scheduled, measured time in one state: (start, end, in adherence).
Piece = tuple[int, int, bool]


@dataclass
class Day:
    summary: dict
    pieces: list[Piece] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _utc_date(day_number: int) -> str:
    return (EPOCH + dt.timedelta(days=day_number)).strftime("%Y-%m-%dT")


def utc_text(ms: int) -> str:
    """An instant as the adherence API writes it: ISO 8601 in UTC ("2024-07-15T13:00:00Z")."""
    day_number, in_day = divmod(ms, 86_400_000)
    seconds_, millis = divmod(in_day, 1000)
    hours, rest = divmod(seconds_, 3600)
    text = f"{_utc_date(day_number)}{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"
    return text + (f".{millis:03d}Z" if millis else "Z")


def percent(part: int, whole: int) -> float | None:
    """100 × part ÷ whole to one decimal (halves up); None when whole is 0."""
    if whole <= 0:
        return None
    return math.floor(part * 1000 / whole + 0.5) / 10


def seconds(ms: int) -> int:
    return (ms + 500) // 1000


def segments(states: list[tuple]) -> list[tuple]:
    """(start, end, state name, reason, reported) spans from time-ordered (ts, state, reason) changes;
    before the first change the agent is logged out (not reported)."""
    out = [(NEVER, states[0][0] if states else FOREVER, LOGGED_OUT_NAME, None, False)]
    last = len(states) - 1
    for i, (ts, state, reason) in enumerate(states):
        end = states[i + 1][0] if i < last else FOREVER
        if end > ts:
            out.append((ts, end, NAMES.get(state, LOGGED_OUT_NAME), reason, True))
    return out


def agent_day(activities: list[tuple[str, int, int]], states: list[tuple], day_start: int, day_end: int,
              now: int, rules: Rules) -> Day:
    """activities: (type, start, end) by start; states: (ts, state, reason) by time, the one in force at
    day_start first."""
    measured_end = max(day_start, min(day_end, now))
    segs = segments(states)
    starts = [s[0] for s in segs]
    in_service = in_service_states(rules)
    details = []
    pieces: list[Piece] = []
    total_out_s = 0  # whole seconds: the sum of the rounded parts, so details add up to the total
    total_in = total_out = scheduled = scheduled_is = scheduled_is_measured = 0
    for kind, a_start, a_end in activities:
        lo, hi = max(a_start, day_start), min(a_end, day_end)
        if hi <= lo:
            continue
        scheduled += hi - lo
        m_hi = min(hi, measured_end)
        if kind in WORKING_TYPES:
            scheduled_is += hi - lo
            scheduled_is_measured += max(0, m_hi - lo)
        allowed = rules.get(kind, frozenset())
        actuals = []
        a_in = a_out = a_in_s = a_out_s = 0
        i = max(bisect_right(starts, lo) - 1, 0)
        n = len(segs)
        # The innermost loop of a 2,000-agent day (half a million states): kept flat.
        while lo < m_hi and i < n and segs[i][0] < m_hi:
            s_start, s_end, state, reason, reported = segs[i]
            p_lo = s_start if s_start > lo else lo
            p_hi = s_end if s_end < m_hi else m_hi
            i += 1
            if p_hi <= p_lo:
                continue
            adherent = state in allowed or (reason is not None and f"{state}:{reason}" in allowed)
            pieces.append((p_lo, p_hi, adherent))
            length = (p_hi - p_lo + 500) // 1000
            if adherent:
                a_in += p_hi - p_lo
                a_in_s += length
            else:
                a_out += p_hi - p_lo
                a_out_s += length
            actuals.append({
                "actualAgentState": state,
                "actualAgentStateStartTime": utc_text(s_start if reported else p_lo),
                "actualReasonCode": None if reason is None else reason_out(reason),
                "inAdherenceSeconds": length if adherent else 0,
                "outOfAdherenceSeconds": 0 if adherent else length,
            })
        total_in += a_in
        total_out += a_out
        total_out_s += a_out_s
        details.append({"scheduledActivityType": kind, "scheduledActityStartTime": utc_text(a_start),
                        "inAdherenceSeconds": a_in_s, "outOfAdherenceSeconds": a_out_s,
                        "actuals": actuals})
    actual_is = 0
    i = max(bisect_right(starts, day_start) - 1, 0)
    while i < len(segs) and segs[i][0] < measured_end:
        s_start, s_end, state, _reason, _reported = segs[i]
        if state in in_service:
            actual_is += max(0, min(s_end, measured_end) - max(s_start, day_start))
        i += 1
    summary = {
        "scheduledSeconds": seconds(scheduled),
        "scheduledInServiceSeconds": seconds(scheduled_is),
        "actualInServiceSeconds": seconds(actual_is),
        "notInAdherenceSeconds": total_out_s,
        "scheduleAdherence": percent(total_in, total_in + total_out),
        "scheduleConformity": percent(actual_is, scheduled_is_measured),
        "details": details,
    }
    return Day(summary, pieces)


def by_interval(pieces: list[Piece], activities: list[tuple[str, int, int]], starts: list[int],
                day_end: int) -> list[list[int]]:
    """[scheduled ms, in ms, out ms] per interval starting at `starts` (the last ends at day_end)."""
    out = [[0, 0, 0] for _ in starts]
    bounds = [*starts, day_end]

    def spread(lo: int, hi: int, slot: int) -> None:
        i = max(bisect_right(starts, lo) - 1, 0)
        while i < len(starts) and bounds[i] < hi:
            overlap = min(hi, bounds[i + 1]) - max(lo, bounds[i])
            if overlap > 0:
                out[i][slot] += overlap
            i += 1

    for _kind, a_start, a_end in activities:
        spread(max(a_start, bounds[0]), min(a_end, day_end), 0)
    for start, end, adherent in pieces:
        spread(start, end, 1 if adherent else 2)
    return out
