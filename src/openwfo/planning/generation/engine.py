"""The schedule generator's heuristic (pure numpy, no store): a greedy placement of fixed-length
shifts with breaks and a lunch on a 15-minute grid.

Inputs: the requirement (required FTE) per queue and 15-minute slot of the range, the agents in
scheduling order with their skills (queues), weekly hour cap and unavailable dates, and the slot
index range of each day. A shift is `paid_hours` of paid time plus an unpaid 30-minute lunch in its
middle, with a paid 15-minute break in each half (shifts of 6 hours or more); the queue is worked in
every other slot of it.

Rules, in order:
- Days are taken week by week, the day with the largest total requirement first (so the busiest
  days get agents before their weekly hours run out).
- On a day, agents pick in scheduling order: each takes the start and queue (among its skills)
  with the largest gain = Σ over the shift's working slots of min(remaining requirement, 1), and
  the requirement of those slots drops by 1.
- A placement is kept only when its gain is more than half the shift's working slots: then it
  lowers under-staffing by more than it adds over-staffing, so |under| + |over| falls; otherwise the
  agent is off that day ("no useful coverage").
- An agent works at most one shift a day, never on an unavailable date (an approved exception),
  within the weekly hours, and with at least `rest_hours` between the end of a shift and the
  start of the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

SLOT_MIN = 15


@dataclass
class Agent:
    id: int
    skills: list[int]  # queue indices
    weekly_hours: float
    unavailable: set[dt.date] = field(default_factory=set)


@dataclass
class Shift:
    agent: int  # index in the agents list
    day: dt.date
    queue: int  # queue index
    start: int  # slot index
    gain: float


def template(paid_hours: float) -> np.ndarray:
    """1 where the queue is worked, 0 for the breaks and the lunch; its length is the shift's span."""
    paid = int(round(paid_hours * 60 / SLOT_MIN))
    t = np.ones(paid + 2)
    half = paid // 2
    t[half:half + 2] = 0  # lunch, 30 minutes unpaid
    if paid_hours >= 6:
        t[half // 2] = 0  # break, 15 minutes paid
        t[half + 2 + (paid - half) // 2] = 0
    return t


class Stopped(Exception):
    """The run was cancelled (`should_stop` answered true)."""


def generate(required: np.ndarray, day_slots: dict[dt.date, tuple[int, int]], agents: list[Agent],
             paid_hours: float = 8.0, rest_hours: float = 11.0,
             should_stop=lambda: False) -> tuple[list[Shift], np.ndarray, dict]:
    """(shifts, scheduled FTE per queue and slot, per agent index the count of days off by reason);
    `should_stop` is asked before each day (raises Stopped)."""
    t = template(paid_hours)
    span = len(t)
    working = float(t.sum())
    n_slots = required.shape[1]
    remaining = required.astype(float).copy()
    scheduled = np.zeros_like(remaining)
    rest = int(rest_hours * 60 / SLOT_MIN)
    hours_used: dict[tuple[int, tuple], float] = {}
    placed: dict[int, dict[dt.date, tuple[int, int]]] = {i: {} for i in range(len(agents))}
    off: dict[int, dict[str, int]] = {i: {} for i in range(len(agents))}
    shifts: list[Shift] = []
    weeks: dict[tuple, list[dt.date]] = {}
    for day in sorted(day_slots):
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    for week, week_days in sorted(weeks.items()):
        order = sorted(week_days, key=lambda d: -float(required[:, day_slots[d][0]:day_slots[d][1]].sum()))
        for day in order:
            if should_stop():
                raise Stopped
            lo, hi = day_slots[day]
            last_start = min(hi, n_slots - span + 1)
            if last_start <= lo:
                continue
            for i, agent in enumerate(agents):
                def skip(reason, i=i):
                    off[i][reason] = off[i].get(reason, 0) + 1
                if day in agent.unavailable:
                    skip("unavailable (approved exception)")
                    continue
                if hours_used.get((i, week), 0.0) + paid_hours > agent.weekly_hours + 1e-9:
                    skip("weekly hours reached")
                    continue
                allowed = np.ones(last_start - lo, dtype=bool)
                for other, (s, e) in placed[i].items():
                    if other < day:
                        allowed &= np.arange(lo, last_start) >= e + rest
                    else:
                        allowed &= np.arange(lo, last_start) + span + rest <= s
                if not allowed.any():
                    skip("rest between shifts")
                    continue
                best = None
                for q in agent.skills:
                    window = np.clip(remaining[q, lo:last_start + span - 1], 0.0, 1.0)
                    gains = np.correlate(window, t, mode="valid")[: last_start - lo]
                    gains = np.where(allowed, gains, -1.0)
                    k = int(np.argmax(gains))
                    if best is None or gains[k] > best[0] + 1e-9:
                        best = (float(gains[k]), q, lo + k)
                if best is None or best[0] <= working / 2:
                    skip("no useful coverage")
                    continue
                gain, q, start = best
                remaining[q, start:start + span] -= t
                scheduled[q, start:start + span] += t
                placed[i][day] = (start, start + span)
                hours_used[(i, week)] = hours_used.get((i, week), 0.0) + paid_hours
                shifts.append(Shift(i, day, q, start, gain))
    return shifts, scheduled, off


def improve(required: np.ndarray, scheduled: np.ndarray, shifts: list[Shift], agents: list[Agent],
            day_slots: dict[dt.date, tuple[int, int]], paid_hours: float = 8.0, rest_hours: float = 11.0,
            reach: int = 8, rounds: int = 4, should_stop=lambda: False) -> tuple[list[Shift], int]:
    """Local search after the greedy pass: each shift in turn is taken out and put back where the
    total deviation Σ|required − scheduled| of its queues is lowest — the same start, a start up to
    `reach` slots earlier or later on the same day, or another of the agent's queues — or left out
    when every placement adds more over- than under-staffing it removes. Rest between the agent's
    shifts stays respected. Stops after `rounds` passes or a pass without a change; `scheduled` is
    updated in place. Answers the shifts kept and the number of changes."""
    t = template(paid_hours)
    span = len(t)
    n_slots = required.shape[1]
    rest = int(rest_hours * 60 / SLOT_MIN)
    by_agent: dict[int, list[Shift]] = {}
    for s in shifts:
        by_agent.setdefault(s.agent, []).append(s)
    kept = list(shifts)
    dropped: set[int] = set()
    changes = 0
    for _ in range(rounds):
        if should_stop():
            raise Stopped
        changed = False
        for shift in list(kept):
            lo, hi = day_slots[shift.day]
            last_start = min(hi, n_slots - span + 1)
            scheduled[shift.queue, shift.start:shift.start + span] -= t
            others = [o for o in by_agent[shift.agent] if o is not shift and id(o) not in dropped]
            best = None
            for q in agents[shift.agent].skills:
                for p in range(max(lo, shift.start - reach), min(last_start, shift.start + reach + 1)):
                    if any((o.day < shift.day and p < o.start + span + rest)
                           or (o.day > shift.day and p + span + rest > o.start) for o in others):
                        continue
                    gap = required[q, p:p + span] - scheduled[q, p:p + span]
                    cost = float(np.abs(gap - t).sum() - np.abs(gap).sum())
                    key = (cost, q != shift.queue, abs(p - shift.start))
                    if best is None or key < best[0]:
                        best = (key, q, p)
            if best is None or best[0][0] >= 0:
                kept.remove(shift)
                dropped.add(id(shift))
                changes += 1
                changed = True
                continue
            _, q, p = best
            if (q, p) != (shift.queue, shift.start):
                changes += 1
                changed = True
                shift.queue, shift.start = q, p
            scheduled[q, p:p + span] += t
        if not changed:
            break
    return kept, changes
