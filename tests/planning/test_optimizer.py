"""The CP-SAT optimiser on small cases with a known optimum: breaks and lunches placed, skills, weekly
hours and approved exceptions respected, scheduling order, rest between shifts; never worse than the
greedy start; its time limit, status, bound and gap."""

from __future__ import annotations

import datetime as dt
import time

import numpy as np
import pytest

from openwfo.planning.generation import engine, optimizer

MONDAY = dt.date(2026, 3, 2)


def days(n: int) -> dict[dt.date, tuple[int, int]]:
    return {MONDAY + dt.timedelta(days=d): (d * 96, d * 96 + 96) for d in range(n)}


def greedy(req, day_slots, agents):
    shifts, scheduled, _ = engine.generate(req, day_slots, agents)
    shifts, _ = engine.improve(req, scheduled, shifts, agents, day_slots)
    return shifts, scheduled


def two_queues(seed: int, n_days: int, n_agents: int, weekly: list, window: tuple, floor: float):
    """A requirement per day: queue 0 a sine-shaped curve over `window` (slots), queue 1 a flat `floor`
    plus noise 08:00-20:00; agents with one or both skills, weekly hours of `weekly`, one exception each."""
    rng = np.random.default_rng(seed)
    lo, hi = window
    req = np.zeros((2, 96 * (n_days + 1)))
    for d in range(n_days):
        curve = np.clip(np.sin(np.linspace(0, np.pi, hi - lo)) * (3 + d % 3), 0, None)
        req[0, d * 96 + lo : d * 96 + hi] = np.round(curve + rng.random(hi - lo) * 0.5, 2)
        req[1, d * 96 + 32 : d * 96 + 80] = np.round(floor + rng.random(48), 2)
    agents = [
        engine.Agent(
            i,
            sorted({i % 2, int(rng.integers(2))}),
            float(rng.choice(weekly)),
            unavailable={MONDAY + dt.timedelta(days=int(rng.integers(n_days)))},
        )
        for i in range(n_agents)
    ]
    return req, agents


def test_known_optimum_and_scheduling_order():
    # Two agents needed 08:00-16:30; three in order: the first two get the shifts, the bound proves it.
    req = np.zeros((1, 96))
    req[0, 32:66] = 2
    agents = [engine.Agent(i, [0], 40) for i in (1, 2, 3)]
    r = optimizer.optimise(
        req,
        days(1),
        agents,
        optimizer.Options(lunch_offsets=(0,), time_limit_s=5),
        hint=greedy(req, days(1), agents)[0],
    )
    assert sorted((s.agent, s.start) for s in r.shifts) == [(0, 32), (1, 32)]
    assert r.off[2] == {"not needed (the optimiser's plan has no more shifts for its skills)": 1}
    # Under-staffed only in the two breaks and the lunch of each: 2 × 4 quarters = 2 FTE-hours, weighing 2.
    assert r.solver["status"] == "OPTIMAL" and r.solver["gapPercent"] == 0
    assert r.solver["objectiveWeightedFteHours"] == 4.0 == r.solver["bestBoundWeightedFteHours"]
    assert float(np.abs(req - r.scheduled).sum()) / 4 == 2.0


def test_breaks_and_lunch_go_where_the_requirement_dips():
    # The requirement is one agent 08:00-16:30 but for a lunch half hour a quarter later than the middle
    # of the shift (and the breaks that go with it): the optimiser moves the lunch there (exact cover).
    t = optimizer.shift_template(8, 2)
    req = np.zeros((1, 96))
    req[0, 32 : 32 + len(t)] = t
    agents = [engine.Agent(1, [0], 40)]
    hint, scheduled = greedy(req, days(1), agents)
    assert float(np.abs(req - scheduled).sum()) > 0  # the greedy's lunch is in the middle
    r = optimizer.optimise(req, days(1), agents, optimizer.Options(time_limit_s=5), hint=hint)
    [s] = r.shifts
    assert (s.start, s.lunch_offset, s.paid_hours) == (32, 2, 8.0)
    assert float(np.abs(req - r.scheduled).sum()) == 0
    assert r.solver["status"] == "OPTIMAL" and r.solver["objectiveWeightedFteHours"] == 0


def test_skills_hours_and_exceptions():
    # Queue 0 and queue 1 need one agent each, exactly a shift, on three days. Agent 0 works queue 0 only
    # and 16 hours a week (two shifts); agent 1 works queue 1 only and has an approved exception on day 2.
    req = np.zeros((2, 96 * 3))
    t = optimizer.shift_template(8, 0)
    for d in range(3):
        req[:, d * 96 + 32 : d * 96 + 32 + len(t)] = t
    tuesday = MONDAY + dt.timedelta(days=1)
    agents = [engine.Agent(1, [0], 16), engine.Agent(2, [1], 40, unavailable={tuesday})]
    r = optimizer.optimise(
        req,
        days(3),
        agents,
        optimizer.Options(time_limit_s=5, lunch_offsets=(0,)),
        hint=greedy(req, days(3), agents)[0],
    )
    mine = {a: [(s.day, s.queue) for s in r.shifts if s.agent == a] for a in (0, 1)}
    assert len(mine[0]) == 2 and all(q == 0 for _, q in mine[0])
    assert sorted(mine[1]) == [(MONDAY, 1), (MONDAY + dt.timedelta(days=2), 1)]
    assert r.off[1]["unavailable (approved exception)"] == 1
    assert r.off[0]["weekly hours reached"] == 1
    # Optimum: one queue-0 day and queue 1's Tuesday uncovered (7.5 working hours each), nothing over.
    under = float(np.clip(req - r.scheduled, 0, None).sum()) / 4
    assert under == 15.0 and float(np.clip(r.scheduled - req, 0, None).sum()) == 0
    assert r.solver["status"] == "OPTIMAL" and r.solver["bestBoundWeightedFteHours"] == 30.0


def test_rest_between_shifts():
    # Monday 15:00-23:30 and Tuesday 06:00-14:30 need one agent; one agent with 11 hours' rest can work
    # only one of them, two agents both.
    req = np.zeros((1, 192))
    req[0, 60:94] = 1
    req[0, 96 + 24 : 96 + 58] = 1
    for n, expected in ((1, 1), (2, 2)):
        agents = [engine.Agent(i, [0], 40) for i in range(n)]
        r = optimizer.optimise(
            req,
            days(2),
            agents,
            optimizer.Options(time_limit_s=4, lunch_offsets=(0,)),
            hint=greedy(req, days(2), agents)[0],
        )
        assert len(r.shifts) + r.solver["unassignedShifts"] >= expected
        by_agent: dict[int, list] = {}
        for s in r.shifts:
            by_agent.setdefault(s.agent, []).append(s)
        for shifts in by_agent.values():
            shifts.sort(key=lambda s: s.start)
            for a, b in zip(shifts, shifts[1:], strict=False):
                assert b.start >= a.start + 34 + 44  # span 8.5 h + 11 h rest
        if n == 2:
            assert len(r.shifts) == 2 and {s.agent for s in r.shifts} == {0, 1}


def test_never_worse_than_greedy_time_limit_and_gap():
    n_days = 7
    req, agents = two_queues(3, n_days, 12, [40, 32], (28, 84), 1.5)
    hint, g_scheduled = greedy(req, days(n_days), agents)

    def weighted(scheduled):
        r = np.round((req - scheduled) * 100)
        return float((20 * np.clip(r, 0, None) + 10 * np.clip(-r, 0, None)).sum())

    start = time.perf_counter()
    r = optimizer.optimise(
        req, days(n_days), agents, optimizer.Options(time_limit_s=3, day_seconds=1), hint=hint
    )
    elapsed = time.perf_counter() - start
    assert elapsed < 3 + 3  # the limit, and the model building around the solves
    assert weighted(r.scheduled) <= weighted(g_scheduled)
    s = r.solver
    assert s["status"] in ("OPTIMAL", "FEASIBLE")
    assert s["bestBoundWeightedFteHours"] <= s["objectiveWeightedFteHours"] + 1e-6
    assert 0 <= s["gapPercent"] <= 100
    assert s["weeks"][0]["lp"]["status"] == "OPTIMAL"
    for a, agent in enumerate(agents):  # every rule on every shift
        mine = [x for x in r.shifts if x.agent == a]
        assert len(mine) <= min(5, int(agent.weekly_hours // 8))
        assert len({x.day for x in mine}) == len(mine)
        assert all(x.queue in agent.skills and x.day not in agent.unavailable for x in mine)


def test_stops_when_asked():
    req = np.ones((1, 96 * 2))
    with pytest.raises(engine.Stopped):
        optimizer.optimise(
            req,
            days(1),
            [engine.Agent(1, [0], 40)],
            optimizer.Options(time_limit_s=5),
            should_stop=lambda: True,
        )


def test_a_week_whose_lp_stops_short_of_its_optimum_has_no_bound(monkeypatch):
    # An LP stopped by its time limit (a feasible point, not the optimum) bounds nothing: no bound, no gap,
    # and the day solves, offered every shift, still improve on the greedy start (the lunch moved where
    # the requirement dips).
    real = optimizer._solve_week

    def short(*args, backend="cp-sat", **kw):
        out, info = real(*args, backend=backend, **kw)
        if backend != "cp-sat":
            info["status"] = "FEASIBLE"
        return out, info

    monkeypatch.setattr(optimizer, "_solve_week", short)
    t = optimizer.shift_template(8, 2)
    req = np.zeros((1, 192))
    req[0, 32 : 32 + len(t)] = t
    agents = [engine.Agent(1, [0], 40)]
    hint, _ = greedy(req, days(2), agents)
    r = optimizer.optimise(req, days(2), agents, optimizer.Options(time_limit_s=3), hint=hint)
    assert r.solver["status"] == "FEASIBLE_NO_BOUND" and r.solver["gapPercent"] is None
    assert [(s.start, s.lunch_offset) for s in r.shifts] == [(32, 2)]


def test_assignment_of_mixed_lengths_strands_no_hours(monkeypatch):
    # Two agents of 20 hours; the plan: a 10-hour shift Monday, one Tuesday, two 6-hour ones Wednesday.
    # Shared out day by day, the first agent takes both 10-hour shifts and one of Wednesday's is lost;
    # the group's patterns give each agent a 10 and a 6 (first in order: Monday's), and nothing is lost.
    opt = optimizer.Options(lengths=(6.0, 10.0), lunch_offsets=(0,))
    templates = {(li, 0): optimizer.shift_template(length) for li, length in enumerate(opt.lengths)}
    day_slots = days(3)
    week = sorted(day_slots)
    agents = [engine.Agent(1, [0], 20), engine.Agent(2, [0], 20)]
    groups = {(0,): [0, 1]}
    plan = {(week[0], 32, 1, 0, 0): 1, (week[1], 96 + 32, 1, 0, 0): 1, (week[2], 192 + 32, 0, 0, 0): 2}
    counts = {((0,), week[0], 1, 0): 1, ((0,), week[1], 1, 0): 1, ((0,), week[2], 0, 0): 2}

    def assign():
        return optimizer._assign(
            week,
            plan,
            counts,
            day_slots,
            agents,
            groups,
            opt,
            templates,
            {},
            {0: set(), 1: set()},
            {0: {}, 1: {}},
        )

    out, dropped = assign()
    assert dropped == 0
    assert sorted((s.agent, s.day.weekday(), s.paid_hours) for s in out) == [
        (0, 0, 10),
        (0, 2, 6),
        (1, 1, 10),
        (1, 2, 6),
    ]
    monkeypatch.setattr(optimizer, "_patterns", lambda *a, **k: None)
    out, dropped = assign()
    assert dropped == 1 and len(out) == 3


def test_the_week_relaxation_has_the_same_optimum_with_highs_and_glop():
    # The bound comes from the LP's proven optimum whichever solver finds it (HiGHS by default).
    rng = np.random.default_rng(3)
    req = np.zeros((2, 4 * 96))
    for d in range(3):
        req[:, d * 96 + 28 : d * 96 + 80] = rng.integers(0, 4, size=(2, 52))
    agents = [engine.Agent(i + 1, [i % 2] if i % 3 else [0, 1], 40) for i in range(8)]
    opt = optimizer.Options(lengths=(6.0, 8.0))
    templates = {
        (li, vi): optimizer.shift_template(length, off)
        for li, length in enumerate(opt.lengths)
        for vi, off in enumerate(opt.lunch_offsets)
    }
    groups: dict = {}
    for i, a in enumerate(agents):
        groups.setdefault(tuple(a.skills), []).append(i)
    week = sorted(days(3))
    values = {}
    for backend in ("highs", "glop"):
        relaxed, info = optimizer._solve_week(
            req, week, days(3), agents, groups, opt, templates, None, 10, lambda: False, backend=backend
        )
        assert info["status"] == "OPTIMAL" and relaxed is not None
        values[backend] = info["objective"]
    assert values["highs"] == pytest.approx(values["glop"], rel=1e-6)
    assert optimizer.Options().lp_backend == "highs"


def test_local_search_reshapes_assigned_shifts_within_the_rules():
    # Monday needs a 10-hour shift from 10:00, Tuesday a 6-hour one from 05:00; the agent was given an
    # 8-hour shift Monday at 08:00 and nothing Tuesday. Without a rest rule the local search finds the
    # exact cover; with 11 hours' rest (Monday's 10-hour shift ends 20:30, too late for 05:00) it keeps
    # the rest, and the weighted deviation still falls.
    day_slots = days(2)
    monday, tuesday = sorted(day_slots)
    ten, six = optimizer.shift_template(10), optimizer.shift_template(6)
    req = np.zeros((1, 3 * 96))
    req[0, 40 : 40 + len(ten)] = ten
    req[0, 96 + 20 : 96 + 20 + len(six)] = six
    agents = [engine.Agent(1, [0], 40)]
    given = [optimizer.OptShift(0, monday, 0, 32, 8.0, 0)]

    def weighted(shifts, opt):
        x = optimizer._shifts_cover(shifts, opt, req) - req
        return float((np.clip(x, 0, None) + opt.under_weight * np.clip(-x, 0, None)).sum())

    for rest in (0.0, 11.0):
        opt = optimizer.Options(lengths=(6.0, 8.0, 10.0), lunch_offsets=(0,), rest_hours=rest)
        out, info = optimizer._polish(
            given, req, sorted(day_slots), day_slots, agents, opt, {}, time.perf_counter() + 2, lambda: False
        )
        assert info["passes"] >= 1 and weighted(out, opt) < weighted(given, opt)
        out.sort(key=lambda s: s.start)
        assert len({s.day for s in out}) == len(out) and sum(s.paid_hours for s in out) <= 40
        if rest == 0:
            assert [(s.day, s.start, s.paid_hours) for s in out] == [(monday, 40, 10.0), (tuesday, 116, 6.0)]
            assert weighted(out, opt) == 0
        else:
            for a, b in zip(out, out[1:], strict=False):
                assert b.start >= a.start + len(optimizer.shift_template(a.paid_hours)) + 44


def test_mixed_lengths_lose_no_shift_and_keep_every_rule():
    # A fortnight, three shift lengths, agents of 24-40 hours with exceptions: every shift the optimiser
    # answers keeps skills, available days, weekly hours, days cap and the rest between shifts (across the
    # weeks too), and the result is no worse than the greedy start.
    n_days = 14
    req, agents = two_queues(5, n_days, 14, [40, 32, 24], (24, 88), 1.0)
    hint, g_scheduled = greedy(req, days(n_days), agents)
    opt = optimizer.Options(lengths=(6.0, 8.0, 10.0), time_limit_s=6)
    r = optimizer.optimise(req, days(n_days), agents, opt, hint=hint)
    assert np.abs(req - r.scheduled).sum() < np.abs(req - g_scheduled).sum()
    assert np.allclose(r.scheduled, optimizer._shifts_cover(r.shifts, opt, req))
    assert all(w.get("polish", {}).get("passes", 0) >= 1 for w in r.solver["weeks"])
    for a, agent in enumerate(agents):
        mine = sorted((x for x in r.shifts if x.agent == a), key=lambda x: x.start)
        assert all(x.queue in agent.skills and x.day not in agent.unavailable for x in mine)
        assert len({x.day for x in mine}) == len(mine)
        for week in (0, 1):
            of_week = [x for x in mine if (x.day - MONDAY).days // 7 == week]
            assert sum(x.paid_hours for x in of_week) <= agent.weekly_hours
            assert len(of_week) <= optimizer.days_cap(agent, opt)
        for x, y in zip(mine, mine[1:], strict=False):
            assert y.start >= x.start + len(optimizer.shift_template(x.paid_hours, x.lunch_offset)) + 44
