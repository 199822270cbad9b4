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


@lru_cache(maxsize=1)
def _clock_texts() -> tuple[str, ...]:
    """"HH:MM:SS" for every second of a day (built once: formatting half a million instants a day of
    2,000 agents is then a lookup and a join)."""
    return tuple(f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60))


@lru_cache(maxsize=1)
def _millis_texts() -> tuple[str, ...]:
    """".mmmZ" for every millisecond of a second."""
    return tuple(f".{m:03d}Z" for m in range(1000))


def utc_text(ms: int) -> str:
    """An instant as the adherence API writes it: ISO 8601 in UTC ("2024-07-15T13:00:00Z")."""
    day_number, in_day = divmod(ms, 86_400_000)
    seconds_, millis = divmod(in_day, 1000)
    text = _utc_date(day_number) + _clock_texts()[seconds_]
    return f"{text}.{millis:03d}Z" if millis else text + "Z"


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


def _state_sets(rules: Rules, kind: str) -> tuple[frozenset, frozenset | None]:
    """(GIS states in adherence, "NAME:reason" entries or None) of an activity type's rule; None (the
    stretch before any report) reads as logged out."""
    allowed = rules.get(kind, frozenset())
    ids = frozenset(s for s in (None, *NAMES) if NAMES.get(s, LOGGED_OUT_NAME) in allowed)
    return ids, frozenset(a for a in allowed if ":" in a) or None


def agent_day(activities: list[tuple[str, int, int]], states: list[tuple], day_start: int, day_end: int,
              now: int, rules: Rules, pieces: bool = True) -> Day:
    """activities: (type, start, end) by start; states: (ts, state, reason) by time (further items are
    ignored), the one in force at day_start first. Without `pieces` the day's pieces are left out
    (only interval adherence and the live view read them)."""
    return agent_day_of_columns(activities, [s[0] for s in states], [s[1] for s in states], [s[2] for s in states],
                                day_start, day_end, now, rules, pieces)


def agent_day_of_columns(activities: list[tuple[str, int, int]], tss: tuple, codes: tuple, reasons: tuple,
                         day_start: int, day_end: int, now: int, rules: Rules, pieces: bool = True) -> Day:
    """`agent_day` of the states given as columns: their instants, GIS states and reasons, by time.

    The states become stretches: stretch k runs from starts[k] to starts[k + 1]; stretch 0, from NEVER
    to the first change, is the logged-out time before anything was reported (state None). A change
    followed by another in the same millisecond gives an empty stretch, which every sweep skips."""
    measured_end = max(day_start, min(day_end, now))
    starts = (NEVER, *tss, FOREVER)
    codes = (None, *codes)
    reasons = (None, *reasons)
    n = len(codes)
    names = _NAMES
    dates: dict[int, str] = {}
    clock = _clock_texts()
    millis_z = _millis_texts()
    kinds: dict[str, tuple[frozenset, frozenset]] = {}
    reasons_out: dict[str, int | str] = {}
    details = []
    day_pieces: list[Piece] = []
    add_piece = day_pieces.append if pieces else None
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
        sets = kinds.get(kind)
        if sets is None:
            sets = kinds[kind] = _state_sets(rules, kind)
        allowed, coded = sets
        actuals = []
        add = actuals.append
        a_in = a_out = a_in_s = a_out_s = 0
        i = bisect_right(starts, lo, 0, n) - 1  # starts[0] is NEVER
        s_end = starts[i]
        # The innermost loop of a 2,000-agent day (half a million states): kept flat.
        while lo < m_hi and i < n:
            s_start = s_end
            if s_start >= m_hi:
                break
            s_end = starts[i + 1]
            p_lo = s_start if s_start > lo else lo
            p_hi = s_end if s_end < m_hi else m_hi
            if p_hi <= p_lo:
                i += 1
                continue
            state = codes[i]
            reason = reasons[i]
            i += 1
            name = names.get(state, LOGGED_OUT_NAME)
            adherent = state in allowed or (coded is not None and reason is not None and f"{name}:{reason}" in coded)
            if add_piece is not None:
                add_piece((p_lo, p_hi, adherent))
            length = (p_hi - p_lo + 500) // 1000
            at = p_lo if state is None else s_start  # never reported: dated where the stretch starts
            day_number = at // 86_400_000
            in_day = at - day_number * 86_400_000
            secs = in_day // 1000
            millis = in_day - secs * 1000
            date = dates.get(day_number)
            if date is None:
                date = dates[day_number] = _utc_date(day_number)
            if reason is not None:
                out = reasons_out.get(reason)
                if out is None:
                    out = reasons_out[reason] = reason_out(reason)
                reason = out
            if adherent:
                a_in += p_hi - p_lo
                a_in_s += length
                add({"actualAgentState": name,
                     "actualAgentStateStartTime": date + clock[secs] + (millis_z[millis] if millis else "Z"),
                     "actualReasonCode": reason, "inAdherenceSeconds": length, "outOfAdherenceSeconds": 0})
            else:
                a_out += p_hi - p_lo
                a_out_s += length
                add({"actualAgentState": name,
                     "actualAgentStateStartTime": date + clock[secs] + (millis_z[millis] if millis else "Z"),
                     "actualReasonCode": reason, "inAdherenceSeconds": 0, "outOfAdherenceSeconds": length})
        total_in += a_in
        total_out += a_out
        total_out_s += a_out_s
        details.append({"scheduledActivityType": kind, "scheduledActityStartTime": utc_text(a_start),
                        "inAdherenceSeconds": a_in_s, "outOfAdherenceSeconds": a_out_s,
                        "actuals": actuals})
    working = _working(rules)
    actual_is = 0
    i = bisect_right(starts, day_start, 0, n) - 1
    while i < n:
        s_start = starts[i]
        if s_start >= measured_end:
            break
        if codes[i] in working:
            lo = s_start if s_start > day_start else day_start
            hi = starts[i + 1]
            if hi > measured_end:
                hi = measured_end
            if hi > lo:
                actual_is += hi - lo
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
    return Day(summary, day_pieces)


# Every GIS state's name, and None's (nothing reported yet: logged out).
_NAMES: dict[int | None, str] = {None: LOGGED_OUT_NAME, **NAMES}


def _working(rules: Rules) -> frozenset:
    """The GIS states (None: nothing reported yet) that count as actually in service."""
    in_service = in_service_states(rules)
    return frozenset(s for s in _NAMES if _NAMES[s] in in_service)


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
