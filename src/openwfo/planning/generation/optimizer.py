"""The schedule generator's optimiser: OR-Tools CP-SAT on a 15-minute grid, week by week.

The model (`_solve_week`, integer counts of shifts, not agents — agents with the same skills are
interchangeable there, which keeps it small):
- `z[d, s, l, v, q]`: shifts on day d starting at slot s, of paid length l (`Options.lengths`), with
  break/lunch placement v, working queue q. A shift of l paid hours spans l + 30 minutes (the unpaid
  lunch); placement v moves the lunch (and the two paid 15-minute breaks with it, from 6 h) a few
  slots around the middle (`lunch_offsets`), so breaks and lunches go where the requirement is lowest.
- `n[g, d, l, q]`: of those, how many agents of skill group g work (a group = the agents with the
  same skills). Σ_g n[g, d, l, q] = Σ_{s, v} z[d, s, l, v, q]; a group is offered only its skills.
- Per group and day: Σ n ≤ the group's agents without an approved exception that day.
- Per group and week: Σ paid hours ≤ Σ of its agents' weekly hours, and for every set S of the
  week's days, Σ_{d∈S} Σ n[g, d] ≤ Σ_a min(days cap of a, days of S a is available) — the exact
  condition (max-flow / Hall) for the day counts to be shared out over the agents, each at most
  one shift a day and at most its days cap (the fewer of `max_days` and weekly hours / shortest length).
- Coverage per queue and slot (running sums per start, so a slot's constraint has a few terms);
  with the requirement R (less what the weeks before scheduled), under − over = R − coverage;
  objective = Σ (under_weight · under + over) in hundredths of an FTE per slot, ×10 (÷ 4,000 =
  FTE-hours, under counted at its weight).

The search (`optimise`), per ISO week in order, the time limit shared between the weeks:
1. The whole week's model as a linear programme (HiGHS, interior point then crossover; GLOP where
   the OR-Tools build lacks HiGHS): its optimum is a lower bound on every
   schedule of the week — the best bound the gap is measured against.
2. The start: the greedy heuristic's shifts (`engine.generate` + `improve`, lunch in the middle).
3. Day by day (the day with the largest deviation first, passes until one changes nothing or the
   time is up): the day's part of the model is solved by CP-SAT with the other days fixed (their
   shifts in the requirement, their group counts in the weekly and day-set limits) and the day's
   current shifts as the hint, so a day's answer is never worse than it was; it is kept when better.
The result: status (OPTIMAL when the objective meets the bound, FEASIBLE otherwise, FEASIBLE_NO_BOUND
when a week's LP did not finish in time), objective, best bound (the LPs'), gap = (objective − bound)
/ objective, and per week the LP's and the day solves' figures.

Assignment (per week; with several shift lengths, first each group's patterns — which agent works which
(day, length), a small CP-SAT model, `_patterns` — and an agent given a day and length is preferred for
it): each skill group's shifts of the week go to its agents in scheduling order
(each up to its days cap and the days it is available: who is first gets its hours first), then each
day's shifts, earliest start first, go to the agent of the planned group with the most of its
target left (ties: the one whose last shift ended earliest, then scheduling order) — failing that,
any agent with the skill; an agent takes one a day, within its weekly hours and with the rest between
shifts (not in the model). A shift nobody can take is dropped and counted (`unassignedShifts`).

Local search (`_polish`, per week on the assigned shifts, `polish_share` of the week's time, at least one
pass): each agent's day is re-placed — any start, length, lunch placement and skill queue, or none — where
the week's weighted deviation is lowest, within the agent's rules (rest between shifts included); a free
day may take a shift, or one of the agent's other days. So the shifts the assignment dropped leave hours
the search fills, and the result is never worse than the assignment.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from ortools.linear_solver.python import model_builder as mb
from ortools.sat.python import cp_model

from .engine import SLOT_MIN, Agent, Stopped

SCALE = 100  # requirement in hundredths of an FTE


@dataclass
class Options:
    lengths: tuple[float, ...] = (8.0,)  # paid hours of the shift lengths offered
    lunch_offsets: tuple[int, ...] = (-2, 0, 2)  # slots around the middle of the shift
    start_step: int = 1  # slots between candidate starts
    max_days: int = 5  # shifts per agent and ISO week
    rest_hours: float = 11.0
    under_weight: float = 2.0
    time_limit_s: float = 20.0
    workers: int = 2
    day_seconds: float = 2.0  # the least time limit of one day's CP-SAT solve
    # a day's solve offers only the shifts the week's LP uses, and the current ones
    lp_support_only: bool = True
    # the most of a week's time its LP may take; past it the day solves offer every shift (no bound)
    lp_share: float = 0.6
    # the linear programme solver of the week's relaxation (a model_builder name; GLOP where the OR-Tools
    # build has no HiGHS)
    lp_backend: str = "highs"
    # the share of a week's time kept for the local search on the assigned shifts (`_polish`)
    polish_share: float = 0.3


@dataclass
class OptShift:
    agent: int  # index in the agents list
    day: dt.date
    queue: int
    start: int
    paid_hours: float
    lunch_offset: int


@dataclass
class Result:
    shifts: list[OptShift]
    scheduled: np.ndarray
    off: dict[int, dict[str, int]]
    solver: dict = field(default_factory=dict)


def shift_template(paid_hours: float, lunch_offset: int = 0) -> np.ndarray:
    """1 where the queue is worked, 0 for the breaks and the lunch (offset 0 = `engine.template`)."""
    paid = int(round(paid_hours * 60 / SLOT_MIN))
    t = np.ones(paid + 2)
    half = paid // 2 + lunch_offset
    t[half : half + 2] = 0
    if paid_hours >= 6:
        t[half // 2] = 0
        t[half + 2 + (paid - half) // 2] = 0
    return t


def _weeks(day_slots: dict[dt.date, tuple[int, int]]) -> list[list[dt.date]]:
    weeks: dict[tuple, list[dt.date]] = {}
    for day in sorted(day_slots):
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    return [w for _, w in sorted(weeks.items())]


def days_cap(agent: Agent, opt: Options) -> int:
    return max(0, min(opt.max_days, int(math.floor(agent.weekly_hours / min(opt.lengths) + 1e-9))))


class _Stopper:
    """Stops a running solve when `should_stop` answers true (asked every half second)."""

    def __init__(self, solver: cp_model.CpSolver, should_stop):
        self.solver, self.should_stop, self.stopped = solver, should_stop, False
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self.done.wait(0.5):
            if self.should_stop():
                self.stopped = True
                self.solver.stop_search()
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()


def _solve_week(
    residual: np.ndarray,
    week: list[dt.date],
    day_slots,
    agents: list[Agent],
    groups: dict,
    opt: Options,
    templates: dict,
    hint: list | None,
    time_limit: float,
    should_stop,
    backend: str = "cp-sat",
    allowed: set | None = None,
    full_week=None,
    others=None,
    other_hours=None,
):
    """Stage 1 for one week: per (day, start, length, offset, queue) the number of shifts, and per
    (group, day, length, queue) how many of them the group works."""
    n_queues, n_slots = residual.shape
    m = cp_model.CpModel() if backend == "cp-sat" else mb.Model()

    lsum = cp_model.LinearExpr.sum if backend == "cp-sat" else mb.LinearExpr.sum
    # CP-SAT: integers; a linear programme solver: the relaxation (continuous variables)
    new_var = m.new_int_var if backend == "cp-sat" else m.new_num_var
    z: dict[tuple, cp_model.IntVar] = {}
    n: dict[tuple, cp_model.IntVar] = {}
    by_queue = {q: sum(len(members) for key, members in groups.items() if q in key) for q in range(n_queues)}
    avail = {
        (key, d): sum(1 for i in members if d not in agents[i].unavailable)
        for key, members in groups.items()
        for d in week
    }
    need = residual > 1e-9
    hinted = hint[0] if hint is not None else {}
    for d in week:
        lo, hi = day_slots[d]
        for li in range(len(opt.lengths)):
            span = len(templates[(li, 0)])
            last = min(hi, n_slots - span + 1)
            for q in range(n_queues):
                if not by_queue[q] or not any(avail[(key, d)] for key in groups if q in key):
                    continue
                for s in range(lo, last, opt.start_step):
                    if not need[q, s : s + span].any() and not any(
                        (d, s, li, vi, q) in hinted for vi in range(len(opt.lunch_offsets))
                    ):
                        continue
                    for vi in range(len(opt.lunch_offsets)):
                        k = (d, s, li, vi, q)
                        if allowed is None or k in allowed or k in hinted:
                            z[k] = new_var(0, by_queue[q], "")
                for key in groups:
                    if q in key and avail[(key, d)]:
                        n[(key, d, li, q)] = new_var(0, avail[(key, d)], "")
    # linking shifts and groups
    z_by = {}
    for (d, _s, li, _vi, q), var in z.items():
        z_by.setdefault((d, li, q), []).append(var)
    n_by = {}
    for (_key, d, li, q), var in n.items():
        n_by.setdefault((d, li, q), []).append(var)
    for k in set(z_by) | set(n_by):
        m.add(lsum(z_by.get(k, [])) - lsum(n_by.get(k, [])) == 0)
    # groups: a shift a day per agent, weekly hours, days shared out over the agents
    quarter = {li: int(round(length * 4)) for li, length in enumerate(opt.lengths)}
    full_week = full_week or week
    others = others or {}  # (group, day) -> shifts on the week's days outside `week` (fixed)
    other_hours = other_hours or {}  # group -> their paid quarter-hours
    for key, members in groups.items():
        per_day = {d: [var for (g, dd, li, q), var in n.items() if g == key and dd == d] for d in week}
        hours = [quarter[li] * var for (g, dd, li, q), var in n.items() if g == key]
        if not hours:
            continue
        for d in week:
            if per_day[d]:
                m.add(lsum(per_day[d]) <= avail[(key, d)])
        total = int(sum(agents[i].weekly_hours for i in members) * 4 + 1e-9) - other_hours.get(key, 0)
        m.add(lsum(hours) <= total)
        caps = [(days_cap(agents[i], opt), agents[i].unavailable) for i in members]
        for size in range(1, len(full_week) + 1):
            for subset in itertools.combinations(full_week, size):
                terms = [v for d in subset if d in per_day for v in per_day[d]]
                if not terms:
                    continue
                cap = sum(min(c, sum(1 for d in subset if d not in un)) for c, un in caps)
                cap -= sum(others.get((key, d), 0) for d in subset)
                if cap < sum(avail[(key, d)] for d in subset if d in per_day):  # else the day limits imply it
                    m.add(lsum(terms) <= cap)
    # coverage and deviation: per queue and length, C[s] = the shifts started at or before slot s (a
    # running sum, one short constraint a slot), so a slot's coverage is C[t] − C[t − span] less the
    # shifts whose break or lunch falls on t: a few terms a slot instead of one per covering start
    starts_of: dict[tuple[int, int], dict[int, list]] = {}
    for key_z in z:
        _, s, li, _, q = key_z
        starts_of.setdefault((q, li), {}).setdefault(s, []).append(key_z)
    running: dict[tuple[int, int], dict[int, object]] = {}
    running_keys: dict[tuple[int, int], dict[int, list]] = {}
    for (q, li), by_start in starts_of.items():
        first, last = min(by_start), max(by_start)
        c_prev, keys_prev = None, []
        col, col_keys = {}, {}
        for s in range(first, last + 1):
            here = by_start.get(s)
            if here:
                c = new_var(0, by_queue[q] * len(week), "")
                m.add(lsum([c_prev] if c_prev is not None else []) + lsum([z[k] for k in here]) - c == 0)
                c_prev, keys_prev = c, keys_prev + here
            col[s], col_keys[s] = c_prev, keys_prev
        running[(q, li)], running_keys[(q, li)] = col, col_keys
    gaps = {(li, vi): [int(k) for k in np.flatnonzero(templates[(li, vi)] == 0)] for (li, vi) in templates}

    def coverage(q: int, t: int):
        """(expression, keys with +1, keys with −1) of queue q's coverage at slot t."""
        plus, minus, expr = [], [], []
        for li in range(len(opt.lengths)):
            col = running.get((q, li))
            if not col:
                continue
            first, last = min(col), max(col)
            span = len(templates[(li, 0)])
            a, b = min(t, last), t - span
            if a < first:
                continue
            if col[a] is not None:
                expr.append(col[a])
                plus += running_keys[(q, li)][a]
            if b >= first and col[min(b, last)] is not None:
                expr.append(-col[min(b, last)])
                minus += running_keys[(q, li)][min(b, last)]
            for vi in range(len(opt.lunch_offsets)):
                for k in gaps[(li, vi)]:
                    for key_z in starts_of[(q, li)].get(t - k, ()):
                        if key_z[3] == vi:
                            expr.append(-z[key_z])
                            minus.append(key_z)
        return expr, plus, minus

    devs = {}
    lo = day_slots[week[0]][0]
    hi = max([day_slots[week[-1]][1]] + [s + len(templates[(li, vi)]) for (d, s, li, vi, q) in z])
    hi = min(hi, n_slots)
    w_under = int(round(opt.under_weight * 10))
    objective = []
    constant = 0
    for q in range(n_queues):
        for t in range(lo, hi):
            r = int(round(residual[q, t] * SCALE))
            expr, plus, minus = coverage(q, t)
            if not plus:
                if r > 0:
                    constant += w_under * r
                continue
            top = SCALE * len(plus) * by_queue[q] + abs(r)
            under, over = new_var(0, max(r, 0), ""), new_var(0, top, "")
            m.add(SCALE * lsum(expr) - over + under == r)
            devs[(q, t)] = (under, over, plus, minus)
            objective += [w_under * under, 10 * over]
    m.minimize(lsum(objective) + constant)
    if hint is not None:
        counts_z, counts_n = hint
        for k, var in z.items():
            m.add_hint(var, counts_z.get(k, 0))
        for k, var in n.items():
            m.add_hint(var, counts_n.get(k, 0))
        for ql, col in running.items():
            seen = set()
            for s, var in col.items():
                if var is not None and id(var) not in seen:
                    seen.add(id(var))
                    m.add_hint(var, sum(counts_z.get(k, 0) for k in running_keys[ql][s]))
        for (q, t), (under, over, plus, minus) in devs.items():
            c = SCALE * (sum(counts_z.get(k, 0) for k in plus) - sum(counts_z.get(k, 0) for k in minus))
            c -= int(round(residual[q, t] * SCALE))
            m.add_hint(over, max(c, 0))
            m.add_hint(under, max(-c, 0))
    t0 = time.perf_counter()
    if backend == "cp-sat":
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = max(0.1, time_limit)
        solver.parameters.num_workers = opt.workers
        solver.parameters.random_seed = 1
        with _Stopper(solver, should_stop) as stopper:
            status = solver.solve(m)
        name = solver.status_name(status)
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        obj, bound = (solver.objective_value, solver.best_objective_bound) if found else (None, None)
        value = solver.value
    else:
        solver = mb.Solver(backend)
        solver.set_time_limit_in_seconds(max(0.1, time_limit))
        if backend == "highs":
            # the interior point method (then crossover to a vertex): ~3 s for a week with three shift
            # lengths (40,000 variables) where GLOP's simplex takes 12-45 s
            solver.set_solver_specific_parameters("solver=ipm\noutput_flag=false")
        with _Stopper(solver, should_stop) as stopper:
            status = solver.solve(m)
        name = status.name
        found = status in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE)
        obj, bound = (solver.objective_value, solver.best_objective_bound) if found else (None, None)
        mip = solver
        value = mip.value
    if stopper.stopped:
        raise Stopped
    info = {
        "status": name,
        "seconds": round(time.perf_counter() - t0, 3),
        "variables": len(z) + len(n) + 2 * len(devs) + sum(len(c) for c in running.values()),
    }
    if not found:
        return None, info
    info.update(objective=obj, bound=bound)
    solver = type("V", (), {"value": staticmethod(value)})
    plan = {k: solver.value(v) for k, v in z.items() if solver.value(v) > 1e-6}
    group_counts = {k: solver.value(v) for k, v in n.items() if solver.value(v) > 1e-6}
    return (plan, group_counts), info


def _patterns(week, group_counts, agents, groups, opt, time_limit: float = 0.1) -> set | None:
    """Per skill group, which of its agents works which (day, length) of the group's planned counts: a
    small CP-SAT model (one shift a day, available days, weekly hours, days cap) that places as many paid
    hours as it can and, of equal ones, gives the hours to the agents first in scheduling order. With
    several shift lengths a greedy sharing out by day can strand hours (an agent at its days cap with
    hours left, another with too few hours left for any length); this one does not. Answers the set of
    (agent, day, length index), or None when a model finds nothing in time."""
    quarter = [int(round(length * 4)) for length in opt.lengths]
    wanted: set = set()
    for key, members in groups.items():
        need: dict[tuple, int] = {}
        for (g, d, li, _q), c in group_counts.items():
            if g == key and c > 0:
                need[(d, li)] = need.get((d, li), 0) + int(c)
        if not need:
            continue
        m = cp_model.CpModel()
        y = {}
        for pos, i in enumerate(members):
            for d, li in need:
                if d not in agents[i].unavailable:
                    y[(i, d, li)] = (pos, m.new_bool_var(""))
        if not y:
            continue
        n = len(members)
        big = 7 * n * n + 1
        for d, li in need:
            m.add(sum(v for (i, dd, ll), (_, v) in y.items() if dd == d and ll == li) <= need[(d, li)])
        for i in members:
            mine = [(dd, ll, v) for (a, dd, ll), (_, v) in y.items() if a == i]
            for d in week:
                day = [v for dd, _, v in mine if dd == d]
                if len(day) > 1:
                    m.add(sum(day) <= 1)
            m.add(sum(quarter[ll] * v for _, ll, v in mine) <= int(agents[i].weekly_hours * 4 + 1e-9))
            m.add(sum(v for *_, v in mine) <= days_cap(agents[i], opt))
        m.maximize(sum((quarter[li] * big + (n - pos)) * v for (i, d, li), (pos, v) in y.items()))
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = opt.workers
        solver.parameters.random_seed = 1
        if solver.solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        wanted |= {k for k, (_, v) in y.items() if solver.value(v)}
    return wanted


def _assign(week, plan, group_counts, day_slots, agents, groups, opt, templates, last_end, placed, off):
    """Stage 2 for one week: the planned shifts go to agents (see the module's docstring)."""
    rest = int(opt.rest_hours * 60 / SLOT_MIN)
    wanted = _patterns(week, group_counts, agents, groups, opt) if len(opt.lengths) > 1 else None
    out: list[OptShift] = []
    dropped = 0
    order = {i: pos for pos, i in enumerate(sorted(range(len(agents))))}  # agents come in scheduling order
    target: dict[int, int] = {}
    for key, members in groups.items():
        total = sum(c for (g, d, li, q), c in group_counts.items() if g == key)
        for i in members:
            can = min(days_cap(agents[i], opt), sum(1 for d in week if d not in agents[i].unavailable))
            target[i] = min(can, total)
            total -= target[i]
    used_days = {i: 0 for i in range(len(agents))}
    used_hours = {i: 0.0 for i in range(len(agents))}
    for d in week:
        # the day's shifts, each with the group that works it: a queue's shifts go to its groups by
        # the counts of stage 1, earliest start first to the group with the most left
        todo = sorted(((s, li, vi, q) for (dd, s, li, vi, q), c in plan.items() if dd == d for _ in range(c)))
        left = {(g, li, q): c for (g, dd, li, q), c in group_counts.items() if dd == d}
        taken: set[int] = set()
        for s, li, vi, q in todo:
            length = opt.lengths[li]
            span = len(templates[(li, vi)])
            best = None
            planned = sorted(
                (g for (g, ll, qq), c in left.items() if ll == li and qq == q and c > 0),
                key=lambda g: -left[(g, li, q)],
            )
            # the groups stage 1 planned first; failing those (rest between shifts), any group with the skill
            for g in planned + [g for g in groups if q in g and g not in planned]:
                for i in groups[g]:
                    if i in taken or d in agents[i].unavailable or used_days[i] >= days_cap(agents[i], opt):
                        continue
                    if used_hours[i] + length > agents[i].weekly_hours + 1e-9:
                        continue
                    if i in last_end and s < last_end[i] + rest:
                        continue
                    k = (-(target[i] - used_days[i]), last_end.get(i, -(10**9)), order[i])
                    if wanted is not None:
                        # the agents the patterns give this day and length first; of those, the ones that
                        # work the next day take the day's earlier shifts (rest between shifts)
                        tomorrow = any(
                            (i, d + dt.timedelta(days=1), x) in wanted for x in range(len(opt.lengths))
                        )
                        k = ((i, d, li) not in wanted, not tomorrow, *k)
                    if best is None or k < best[0]:
                        best = (k, i, g)
                if best is not None and (wanted is None or not best[0][0]):
                    break
            if best is None:
                dropped += 1
                continue
            _, i, g = best
            left[(g, li, q)] = left.get((g, li, q), 0) - 1
            taken.add(i)
            used_days[i] += 1
            used_hours[i] += length
            last_end[i] = s + span
            placed[i].add(d)
            out.append(OptShift(i, d, q, s, length, opt.lunch_offsets[vi]))
        for i in range(len(agents)):
            if i in taken:
                continue
            reason = (
                "unavailable (approved exception)"
                if d in agents[i].unavailable
                else "weekly hours reached"
                if used_days[i] >= days_cap(agents[i], opt)
                or used_hours[i] + min(opt.lengths) > agents[i].weekly_hours + 1e-9
                else "not needed (the optimiser's plan has no more shifts for its skills)"
            )
            off[i][reason] = off[i].get(reason, 0) + 1
    return out, dropped


def _days_off(week: list[dt.date], got: list[OptShift], agents: list[Agent], opt: Options, off: dict) -> None:
    """Adds to `off` (per agent, the count of days off by reason) the week's days each agent has no shift."""
    worked: dict[int, list[OptShift]] = {}
    for s in got:
        worked.setdefault(s.agent, []).append(s)
    for i, agent in enumerate(agents):
        mine = worked.get(i, [])
        full = (
            len(mine) >= days_cap(agent, opt)
            or sum(s.paid_hours for s in mine) + min(opt.lengths) > agent.weekly_hours + 1e-9
        )
        for d in week:
            if any(s.day == d for s in mine):
                continue
            reason = (
                "unavailable (approved exception)"
                if d in agent.unavailable
                else "weekly hours reached"
                if full
                else "not needed (the optimiser's plan has no more shifts for its skills)"
            )
            off[i][reason] = off[i].get(reason, 0) + 1


def _cover(plan: dict, templates: dict, like: np.ndarray) -> np.ndarray:
    out = np.zeros_like(like, dtype=float)
    for (_, s, li, vi, q), c in plan.items():
        t = templates[(li, vi)]
        out[q, s : s + len(t)] += c * t
    return out


def _shifts_cover(shifts: list[OptShift], opt: Options, like: np.ndarray) -> np.ndarray:
    out = np.zeros_like(like, dtype=float)
    for s in shifts:
        t = shift_template(s.paid_hours, s.lunch_offset)
        out[s.queue, s.start : s.start + len(t)] += t
    return out


def _start_shifts(rows: list, week: list[dt.date], opt: Options, last_end: dict, agents: list[Agent]) -> list:
    """The start's (greedy's) shifts of the week, less any too close to an agent's shift of the week before."""
    rest = int(opt.rest_hours * 60 / SLOT_MIN)
    out = []
    for i, d, s, li, vi, q in sorted(rows, key=lambda r: (r[1], r[2])):
        if d in week and (i not in last_end or s >= last_end[i] + rest or any(x.agent == i for x in out)):
            out.append(OptShift(i, d, q, s, opt.lengths[li], opt.lunch_offsets[vi]))
    return out


def optimise(
    required: np.ndarray,
    day_slots: dict[dt.date, tuple[int, int]],
    agents: list[Agent],
    opt: Options | None = None,
    hint: list | None = None,
    hint_paid_hours: float = 8.0,
    should_stop=lambda: False,
) -> Result:
    """Shifts for `agents` (in scheduling order) over the days of `day_slots`; `hint`: shifts of the
    greedy heuristic (`engine.Shift`, paid hours `opt.lengths[0]`, lunch in the middle) as the
    solver's start. Raises `Stopped` when `should_stop` answers true."""
    opt = opt or Options()
    templates = {
        (li, vi): shift_template(length, off)
        for li, length in enumerate(opt.lengths)
        for vi, off in enumerate(opt.lunch_offsets)
    }
    groups: dict[tuple, list[int]] = {}
    for i, a in enumerate(agents):
        if a.skills:
            groups.setdefault(tuple(a.skills), []).append(i)
    scheduled = np.zeros_like(required, dtype=float)
    shifts: list[OptShift] = []
    off: dict[int, dict[str, int]] = {i: {} for i in range(len(agents))}
    last_end: dict[int, int] = {}
    weeks = _weeks(day_slots)
    deadline = time.perf_counter() + opt.time_limit_s
    infos = []
    objective = bound = 0.0
    all_found = True
    hint_rows = None
    v0 = opt.lunch_offsets.index(0) if 0 in opt.lunch_offsets else None
    l0 = opt.lengths.index(hint_paid_hours) if hint_paid_hours in opt.lengths else None
    if hint is not None and v0 is not None and l0 is not None:
        hint_rows = [
            (s.agent, s.day, s.start, l0, v0, s.queue)
            for s in hint
            if s.day in day_slots and (s.start - day_slots[s.day][0]) % opt.start_step == 0
        ]
    # the plan per day: shifts per (day, start, length, offset, queue) and per (group, day, length, queue)
    state: dict[dt.date, tuple[dict, dict]] = {d: ({}, {}) for d in day_slots}
    for i, d, s, li, vi, q in hint_rows or []:
        cz, cn = state[d]
        cz[(d, s, li, vi, q)] = cz.get((d, s, li, vi, q), 0) + 1
        key = tuple(agents[i].skills)
        cn[(key, d, li, q)] = cn.get((key, d, li, q), 0) + 1
    longest = max(len(t) for t in templates.values())
    w_under = int(round(opt.under_weight * 10))

    def coverage_of(days) -> np.ndarray:
        out = np.zeros_like(required, dtype=float)
        for d in days:
            for (_, s, li, vi, q), c in state[d][0].items():
                t = templates[(li, vi)]
                out[q, s : s + len(t)] += c * t
        return out

    def weighted(residual: np.ndarray, week) -> float:
        lo, hi = day_slots[week[0]][0], min(required.shape[1], day_slots[week[-1]][1] + longest)
        r = np.round(residual[:, lo:hi] * SCALE)
        return float((w_under * np.clip(r, 0, None) + 10 * np.clip(-r, 0, None)).sum())

    dropped = 0
    for w, week in enumerate(weeks):
        if should_stop():
            raise Stopped
        week_deadline = time.perf_counter() + (deadline - time.perf_counter()) / (len(weeks) - w)
        lp_limit = (week_deadline - time.perf_counter()) * opt.lp_share
        # the day solves stop early enough for the assignment and the local search
        polish_deadline = week_deadline
        week_deadline -= (week_deadline - time.perf_counter()) * opt.polish_share
        base = required - scheduled  # the weeks before, as assigned
        relaxed, lp = _solve_week(
            base,
            week,
            day_slots,
            agents,
            groups,
            opt,
            templates,
            None,
            lp_limit,
            should_stop,
            backend=opt.lp_backend if mb.Solver(opt.lp_backend).solver_is_supported() else "glop",
        )
        if lp.get("status") != "OPTIMAL":  # only the relaxation's optimum bounds the week
            relaxed = None
        start_value = weighted(base - coverage_of(week), week)
        passes = improved = 0
        state_kept = [False]
        day_infos = []
        while time.perf_counter() < week_deadline - 0.2:
            passes += 1
            changed = False
            order = sorted(
                week,
                key=lambda d: (
                    -float(np.abs(base - coverage_of(week))[:, day_slots[d][0] : day_slots[d][1]].sum())
                ),
            )
            for k, d in enumerate(order):
                left = week_deadline - time.perf_counter()
                if left < 0.2:
                    break
                # the first pass shares the week's time between its days; later ones take day_seconds
                limit = min(left, max(opt.day_seconds, left / (len(order) - k) if passes == 1 else 0.0))
                rest_days = [x for x in week if x != d]
                others: dict[tuple, int] = {}
                other_hours: dict[tuple, int] = {}
                for x in rest_days:
                    for (key, _, li, _q), c in state[x][1].items():
                        others[(key, x)] = others.get((key, x), 0) + c
                        other_hours[key] = other_hours.get(key, 0) + c * int(round(opt.lengths[li] * 4))
                residual = base - coverage_of(rest_days)
                before = weighted(residual - coverage_of([d]), week)
                solved, info = _solve_week(
                    residual,
                    [d],
                    day_slots,
                    agents,
                    groups,
                    opt,
                    templates,
                    state[d],
                    limit,
                    should_stop,
                    allowed=set(relaxed[0]) if relaxed is not None and opt.lp_support_only else None,
                    full_week=week,
                    others=others,
                    other_hours=other_hours,
                )
                info["day"] = d.isoformat()
                day_infos.append(info)
                if solved is None:
                    continue
                after = weighted(residual - _cover(solved[0], templates, required), week)
                state_kept[0] = after <= before + 1e-6
                if after < before - 1e-6:
                    state[d] = solved
                    changed = True
                    improved += 1
            if not changed:
                break
        final_value = weighted(base - coverage_of(week), week)
        info = {
            "week": week[0].isoformat(),
            "lp": lp,
            "passes": passes,
            "daysImproved": improved,
            "startObjective": start_value,
            "objective": final_value,
            "bound": lp.get("objective") if relaxed is not None else None,
            "lastDayBound": day_infos[-1].get("bound") if day_infos else None,
            "daySolves": {
                "count": len(day_infos),
                "optimal": sum(1 for i in day_infos if i["status"] == "OPTIMAL"),
                "seconds": round(sum(i["seconds"] for i in day_infos), 3),
            },
        }
        if len(week) == 1 and day_infos and day_infos[-1].get("bound") is not None and state_kept[0]:
            # a one-day week: the day's CP-SAT model is the week's, so its bound holds too
            info["bound"] = max(info["bound"] or 0.0, day_infos[-1]["bound"])
        infos.append(info)
        if info["bound"] is None:
            all_found = False
        plan: dict = {}
        group_counts: dict = {}
        for d in week:
            plan.update(state[d][0])
            group_counts.update(state[d][1])
        t_assign = time.perf_counter()
        got, lost = _assign(
            week,
            plan,
            group_counts,
            day_slots,
            agents,
            groups,
            opt,
            templates,
            dict(last_end),
            {i: set() for i in range(len(agents))},
            {i: {} for i in range(len(agents))},
        )
        realised = weighted(base - _shifts_cover(got, opt, required), week)
        start_shifts = _start_shifts(hint_rows or [], week, opt, last_end, agents)
        if lost and realised > weighted(base - _shifts_cover(start_shifts, opt, required), week) + 1e-6:
            # the plan lost shifts to the rest between shifts and fell below its start: keep the start
            got, lost = start_shifts, 0
            realised = weighted(base - _shifts_cover(got, opt, required), week)
            info["keptStart"] = True
        info["assignedObjective"] = realised
        info["assignSeconds"] = round(time.perf_counter() - t_assign, 3)
        if opt.polish_share > 0:
            got, info["polish"] = _polish(
                got, base, week, day_slots, agents, opt, last_end, polish_deadline, should_stop
            )
            realised = weighted(base - _shifts_cover(got, opt, required), week)
            info["polishedObjective"] = realised
        for s in sorted(got, key=lambda x: x.start):
            last_end[s.agent] = s.start + len(shift_template(s.paid_hours, s.lunch_offset))
        _days_off(week, got, agents, opt, off)
        objective += realised
        bound += min(realised, info["bound"] or 0.0)
        dropped += lost
        scheduled += _shifts_cover(got, opt, required)
        shifts += got
    proven = all_found and objective <= bound + 1e-6
    status = "OPTIMAL" if proven else "FEASIBLE" if all_found else "FEASIBLE_NO_BOUND"
    per = SCALE * 10 * 60 / SLOT_MIN  # objective units per FTE-hour (under counted at its weight)
    solver = {
        "engine": "OR-Tools CP-SAT",
        "status": status,
        "timeLimitSeconds": opt.time_limit_s,
        "objectiveWeightedFteHours": round(objective / per, 3) if all_found else None,
        "bestBoundWeightedFteHours": round(bound / per, 3) if all_found else None,
        "gapPercent": (round((objective - bound) / objective * 100, 3) if objective > 0 else 0.0)
        if all_found
        else None,
        "underWeight": opt.under_weight,
        "unassignedShifts": dropped,
        "weeks": infos,
    }
    return Result(shifts, scheduled, off, solver)


def _polish(
    got: list[OptShift],
    base: np.ndarray,
    week: list[dt.date],
    day_slots,
    agents: list[Agent],
    opt: Options,
    prior_end: dict[int, int],
    deadline: float,
    should_stop,
) -> tuple[list[OptShift], dict]:
    """Local search on the week's assigned shifts, agent by agent and day by day: each agent's shift of a
    day is taken out and put back where the weighted deviation of the week is lowest — any start of the
    day, any length of `opt.lengths`, lunch placement and skill queue — or left out; a day without a shift
    gets the best one when it lowers the deviation (or, at the agent's days cap or weekly hours, when
    taking one of the agent's other days out for it does). Every placement keeps the agent's rules: its
    skills, available days, weekly hours, days cap, one shift a day and the rest between shifts (with the
    shifts of the week before too). Passes until one changes nothing or the deadline."""
    n_queues, n_slots = base.shape
    rest = int(opt.rest_hours * 60 / SLOT_MIN)
    keys = [(li, vi) for li in range(len(opt.lengths)) for vi in range(len(opt.lunch_offsets))]
    temps = [shift_template(opt.lengths[li], opt.lunch_offsets[vi]) for li, vi in keys]
    spans = np.array([len(t) for t in temps])
    width = int(spans.max())
    tmat = np.zeros((len(keys), width))
    for k, t in enumerate(temps):
        tmat[k, : len(t)] = t
    paid = np.array([opt.lengths[li] for li, _ in keys])
    w = opt.under_weight
    cov = np.zeros_like(base, dtype=float)
    state: dict[int, dict[dt.date, list]] = {i: {} for i in range(len(agents))}
    index = {(li, vi): k for k, (li, vi) in enumerate(keys)}
    for s in got:
        k = index[(opt.lengths.index(s.paid_hours), opt.lunch_offsets.index(s.lunch_offset))]
        state[s.agent][s.day] = [s.start, k, s.queue]
        cov[s.queue, s.start : s.start + spans[k]] += temps[k]
    far = 10**9

    def place(where: list, sign: float) -> None:
        s, k, q = where
        cov[q, s : s + spans[k]] += sign * temps[k]

    def cost_of(q: int, s: int, k: int) -> float:
        """The change of the weighted deviation if shift k is added at s on queue q."""
        x = cov[q, s : s + spans[k]] - base[q, s : s + spans[k]]
        t = temps[k]
        return float(
            (np.maximum(x + t, 0) - np.maximum(x, 0) + w * (np.maximum(-x - t, 0) - np.maximum(-x, 0))).sum()
        )

    def best_add(i: int, d: dt.date, hours_left: float, skip: dt.date | None = None):
        """(cost, [start, k, queue]) of the best shift agent i can add on day d, or None."""
        lo, hi = day_slots[d]
        mine = state[i]
        prev_end = max(
            [prior_end.get(i, -far)] + [mine[e][0] + spans[mine[e][1]] for e in mine if e < d and e != skip]
        )
        nexts = [mine[e][0] for e in mine if e > d and e != skip]
        next_start = min(nexts) if nexts else far
        starts = np.arange(lo, hi)
        ok = (starts[:, None] >= prev_end + rest) & (starts[:, None] + spans[None, :] + rest <= next_start)
        ok &= starts[:, None] + spans[None, :] <= n_slots
        ok &= paid[None, :] <= hours_left + 1e-9
        if not ok.any():
            return None
        best = None
        end = min(n_slots, hi - 1 + width)
        for q in agents[i].skills:
            x = cov[q, lo:end] - base[q, lo:end]
            g = np.maximum(x + 1, 0) - np.maximum(x, 0) + w * (np.maximum(-x - 1, 0) - np.maximum(-x, 0))
            g = np.concatenate([g, np.full(hi - 1 + width - end, 1e6)])
            costs = np.lib.stride_tricks.sliding_window_view(g, width)[: hi - lo] @ tmat.T
            costs = np.where(ok, costs, np.inf)
            j = int(np.argmin(costs))
            c = float(costs.flat[j])
            if c < np.inf and (best is None or c < best[0]):
                best = (c, [lo + j // len(keys), j % len(keys), q])
        return best

    t0 = time.perf_counter()
    passes = changes = 0
    order = [(i, d) for i in range(len(agents)) for d in week if d not in agents[i].unavailable]
    while passes == 0 or time.perf_counter() < deadline:  # the first pass whatever the time
        passes += 1
        changed = 0
        for pos, (i, d) in enumerate(order):
            if pos % 256 == 0:
                if should_stop():
                    raise Stopped
                if passes > 1 and time.perf_counter() > deadline:
                    break
            mine = state[i]
            hours = sum(paid[k] for _, k, _ in mine.values())
            cur = mine.get(d)
            if cur is not None:
                place(cur, -1)
                keep = cost_of(cur[2], cur[0], cur[1])
                del mine[d]
                found = best_add(i, d, agents[i].weekly_hours - hours + paid[cur[1]])
                choice = min([(keep, 0, cur), (0.0, 1, None)] + ([(found[0], 2, found[1])] if found else []))
                if choice[1] != 0 and choice[0] < keep - 1e-9:
                    changed += 1
                    cur = choice[2]
                if cur is not None:
                    mine[d] = cur
                    place(cur, 1)
                continue
            left = agents[i].weekly_hours - hours
            if len(mine) < days_cap(agents[i], opt):
                found = best_add(i, d, left)
                if found is not None and found[0] < -1e-9:
                    mine[d] = found[1]
                    place(found[1], 1)
                    changed += 1
                    continue
            # move one of the agent's other shifts here when that lowers the deviation
            best = None
            for e in list(mine):
                other = mine.pop(e)
                place(other, -1)
                gain = cost_of(other[2], other[0], other[1])
                found = best_add(i, d, left + paid[other[1]], skip=e)
                if (
                    found is not None
                    and found[0] - gain < -1e-9
                    and (best is None or found[0] - gain < best[0])
                ):
                    best = (found[0] - gain, e, found[1])
                mine[e] = other
                place(other, 1)
            if best is not None:
                _, e, new = best
                place(mine.pop(e), -1)
                mine[d] = new
                place(new, 1)
                changed += 1
        changes += changed
        if not changed:
            break
    out = [
        OptShift(i, d, q, s, opt.lengths[keys[k][0]], opt.lunch_offsets[keys[k][1]])
        for i, mine in state.items()
        for d, (s, k, q) in sorted(mine.items())
    ]
    return out, {"passes": passes, "changes": changes, "seconds": round(time.perf_counter() - t0, 3)}
