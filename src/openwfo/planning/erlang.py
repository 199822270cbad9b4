"""Queueing formulas of staffing: Erlang C for interactive queues, a workload model for the others.

Erlang C (M/M/N, callers wait, nobody abandons). With arrival rate λ (contacts per second), mean
handle time h (seconds) and N agents, the offered traffic is A = λ·h Erlangs and

    Erlang B:  B(0) = 1,  B(n) = A·B(n-1) / (n + A·B(n-1))            (stable recursion)
    Erlang C:  P_wait = N·B(N) / (N - A·(1 - B(N)))                      (N > A; 1 when N <= A)
    service level (answered within t seconds)  SL = 1 - P_wait · exp(-(N - A)·t / h)
    average speed of answer                    ASA = P_wait · h / (N - A)
    occupancy                                  ρ = A / N

The agents needed are the smallest N > A whose service level reaches the target (and, when given,
whose ASA is at most a target and whose occupancy at most a cap).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import BadRequest

MAX_AGENTS = 100_000
MAX_TRAFFIC = 50_000.0  # Erlangs: beyond this an interval is refused rather than computed


def erlang_b(traffic: float, agents: int) -> float:
    b = 1.0
    for n in range(1, agents + 1):
        b = traffic * b / (n + traffic * b)
    return b


def erlang_c(traffic: float, agents: int) -> float:
    """Probability that a contact waits (1 when the agents cannot carry the traffic)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = erlang_b(traffic, agents)
    return agents * b / (agents - traffic * (1 - b))


@dataclass(frozen=True)
class Staffing:
    agents: int
    traffic: float  # Erlangs
    wait_probability: float
    service_level: float  # 0..1
    asa_s: float
    occupancy: float  # 0..1


def evaluate(traffic: float, aht_s: float, agents: int, sl_seconds: float) -> Staffing:
    """Service level, ASA and occupancy of `agents` carrying `traffic` Erlangs."""
    if traffic <= 0:
        return Staffing(agents, 0.0, 0.0, 1.0, 0.0, 0.0)
    if agents <= traffic:
        return Staffing(agents, traffic, 1.0, 0.0, math.inf, 1.0 if agents else math.inf)
    pw = erlang_c(traffic, agents)
    sl = 1.0 - pw * math.exp(-(agents - traffic) * sl_seconds / aht_s)
    return Staffing(agents, traffic, pw, max(0.0, min(1.0, sl)), pw * aht_s / (agents - traffic), traffic / agents)


def traffic_of(contacts: float, aht_s: float, interval_s: float) -> float:
    return contacts * aht_s / interval_s if interval_s > 0 else 0.0


def agents_needed(contacts: float, aht_s: float, interval_s: float, sl_percent: float, sl_seconds: float,
                  *, max_asa_s: float | None = None, max_occupancy: float | None = None) -> Staffing:
    """The fewest agents meeting the service level (and the ASA / occupancy limits when given)."""
    traffic = traffic_of(contacts, aht_s, interval_s)
    if traffic <= 0 or aht_s <= 0:
        return Staffing(0, 0.0, 0.0, 1.0, 0.0, 0.0)
    check_traffic(traffic)
    target = sl_percent / 100.0
    n = max(1, math.floor(traffic) + 1)
    b = erlang_b(traffic, n)  # then one recursion step per agent added: O(N) in all
    while True:
        pw = n * b / (n - traffic * (1 - b))
        sl = max(0.0, min(1.0, 1.0 - pw * math.exp(-(n - traffic) * sl_seconds / aht_s)))
        s = Staffing(n, traffic, pw, sl, pw * aht_s / (n - traffic), traffic / n)
        if (s.service_level >= target - 1e-12 and (max_asa_s is None or s.asa_s <= max_asa_s)
                and (max_occupancy is None or s.occupancy <= max_occupancy)) or n >= MAX_AGENTS:
            return s
        n += 1
        b = traffic * b / (n + traffic * b)


def check_traffic(traffic: float) -> None:
    if traffic > MAX_TRAFFIC:
        raise BadRequest(f"The offered traffic ({traffic:.0f} Erlangs) is above {MAX_TRAFFIC:.0f} Erlangs",
                         errors=[{"field": "contacts", "reason": f"traffic above {MAX_TRAFFIC:.0f} Erlangs"}])


def workload_agents(work_s: list[float], interval_s: float, open_mask: list[bool], threshold_intervals: int,
                    redistribution: int) -> list[float]:
    """Agents per interval for non-interactive work (email, tasks): the work (contacts × handle time,
    seconds) of each interval must be done within the handling threshold, so it is spread evenly
    over the open intervals from its own to `threshold_intervals` later (at least its own, or the
    next open one). Work of closed intervals first moves into open ones as the queue's closed-hours
    redistribution type says: 0 = waits for the next open interval, 1 = proportionally to the open
    intervals' own work, 2 = evenly over the open intervals (of the whole range given).
    The result is work seconds per interval / interval length (fractional FTE, not rounded)."""
    n = len(work_s)
    work = [w if open_mask[i] else 0.0 for i, w in enumerate(work_s)]
    closed = [(i, w) for i, w in enumerate(work_s) if not open_mask[i] and w > 0]
    opened = [i for i in range(n) if open_mask[i]]
    if closed and opened:
        if redistribution == 1 and sum(work[i] for i in opened) > 0:
            total_open = sum(work[i] for i in opened)
            moved = sum(w for _, w in closed)
            for i in opened:
                work[i] += moved * work[i] / total_open
        elif redistribution == 2 or redistribution == 1:
            moved = sum(w for _, w in closed)
            for i in opened:
                work[i] += moved / len(opened)
        else:
            for i, w in closed:
                nxt = next((j for j in opened if j > i), None)
                if nxt is None:
                    nxt = opened[-1]
                work[nxt] += w
    load = [0.0] * n
    for i in range(n):
        if work[i] <= 0:
            continue
        window = [j for j in range(i, min(n, i + max(1, threshold_intervals))) if open_mask[j]] or [i]
        share = work[i] / len(window)
        for j in window:
            load[j] += share
    return [w / interval_s for w in load]
