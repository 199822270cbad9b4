"""Planning benchmark (in-process, no server): forecast accuracy on held-out demo-like history, and
schedule generation for 200 agents over 5 queues, two weeks at 15 minutes.

1. History: the demo's generator (`demo/historical.records`: daily curve, weekly cycle, trend, 8 %
   noise) for 5 queues, 91 days of half hours; the last 14 days are held out, the model forecasts
   them from the 77 before, at 30 minutes; WAPE against the held-out actuals per queue and overall.
2. Requirement: that forecast (15-minute intervals, the volumes tripled so 200 agents are needed)
   through Erlang C (80/20) per queue; generation with the greedy heuristic `engine.generate` (8 h paid
   shifts, lunch and breaks, 11 h rest), then `engine.improve` (local search), then the CP-SAT optimiser
   `optimizer.optimise` from that start with the API's defaults (time limit, shift lengths 6/8/10, under-
   staffing weighed 2) and a few variants; wall and CPU time, |under| + |over| staffing in FTE-hours vs.
   the requirement for each, the optimiser's status, bound and gap, and a
   fixed-pattern baseline (each agent Monday to Friday on its first queue, starts rotating 07:00 /
   09:00 / 11:00 / 13:00, as many days as its weekly hours allow).
"""

from __future__ import annotations

import datetime as dt
import time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import numpy as np

from openwfo.config import Settings
from openwfo.demo import historical as demo
from openwfo.planning import erlang
from openwfo.planning.forecast import model
from openwfo.planning.forecast.service import history_arrays
from openwfo.planning.generation import engine, optimizer, service

from .common import write_result

ZONE = ZoneInfo("UTC")
QUEUES = [  # id, number, name, talk, work, hours (0 = Sunday)
    (1, 5001, "Sales", 240, 45, {d: (480, 1200) for d in range(1, 6)}),
    (2, 5002, "Support", 300, 60, {d: (0, 1440) for d in range(7)}),
    (3, 5003, "Billing", 200, 40, {d: (480, 1080) for d in range(1, 6)}),
    (4, 5004, "Retention", 360, 90, {**{d: (480, 1200) for d in range(1, 6)}, 6: (540, 1020)}),
    (5, 5005, "Chat", 180, 30, {d: (420, 1320) for d in range(7)}),
]
HISTORY = 91
HOLDOUT = 14
SCALE = 3.0
AGENTS = 200
# the API's defaults: its time limit (the `planning_time_limit_seconds` setting), shift lengths (the paid
# hours and two hours either side) and under-staffing weight
TIME_LIMIT = Settings().planning_time_limit_seconds
DEFAULT = {
    "lengths": tuple(service.default_lengths(service.GenerationRequest("", "").paid_hours)),
    "under_weight": service.GenerationRequest("", "").under_weight,
}
# further optimiser runs beside the default one: the name, the options and the time limit
VARIANTS = [
    ("under_weight_1", {**DEFAULT, "under_weight": 1.0}, TIME_LIMIT),
    ("eight_hour_shifts", {**DEFAULT, "lengths": (8.0,)}, TIME_LIMIT),
]


def forecast_all(first: dt.date):
    rows = demo.records(QUEUES, ZONE, first, HISTORY, 0)
    out = {}
    for qid, *_ in QUEUES:
        mine = [SimpleNamespace(**r) for r in rows if r["service_queue_id"] == qid]
        out[qid] = mine
    return out


def deviation_of(x, required):
    diff = x - required
    under = float(np.clip(-diff, 0, None).sum()) / 4
    over = float(np.clip(diff, 0, None).sum()) / 4
    return {
        "underFteHours": round(under, 1),
        "overFteHours": round(over, 1),
        "totalFteHours": round(under + over, 1),
    }


def instance():
    """(the forecast's accuracy figures, the requirement per queue and 15-minute slot, the days' slot
    ranges, the agents)."""
    first = dt.date(2026, 1, 5)  # a Monday
    history = forecast_all(first)
    accuracy = {}
    abs_err = total = 0.0
    fits = {}
    t0 = time.perf_counter()
    for qid, _n, name, talk, work, _h in QUEUES:
        c30, h30, n30 = history_arrays(history[qid], first, HISTORY, 30)
        fit = model.forecast(
            c30[:-HOLDOUT], h30[:-HOLDOUT], n30[:-HOLDOUT], first.weekday(), 0, HOLDOUT, talk + work
        )
        mape, wape = model.accuracy(c30[-HOLDOUT:], fit.contacts)
        accuracy[name] = {"wape": round(wape, 2), "mape": round(mape, 2)}
        abs_err += float(np.abs(c30[-HOLDOUT:] - fit.contacts).sum())
        total += float(c30[-HOLDOUT:].sum())
        c15, h15, n15 = history_arrays(history[qid], first, HISTORY, 15)
        fits[qid] = model.forecast(
            c15[:-HOLDOUT], h15[:-HOLDOUT], n15[:-HOLDOUT], first.weekday(), 0, HOLDOUT, talk + work
        )
    forecast = {
        "history_days": HISTORY - HOLDOUT,
        "held_out_days": HOLDOUT,
        "interval_minutes": 30,
        "wape_overall_percent": round(abs_err / total * 100, 2),
        "per_queue": accuracy,
        "seconds_all_queues": round(time.perf_counter() - t0, 2),
        "note": "WAPE per half-hour interval against the noisy held-out actuals (8 % noise per interval)",
    }

    days = HOLDOUT
    slots = 96
    required = np.zeros((len(QUEUES), (days + 1) * slots))
    for i, (qid, *_rest) in enumerate(QUEUES):
        f = fits[qid]
        for d in range(days):
            for s in range(slots):
                c = float(f.contacts[d, s]) * SCALE
                if c > 0:
                    required[i, d * slots + s] = erlang.agents_needed(
                        c, float(f.aht[d, s]), 900, 80, 20
                    ).agents
    start_day = first + dt.timedelta(days=HISTORY - HOLDOUT)
    day_slots = {start_day + dt.timedelta(days=d): (d * slots, (d + 1) * slots) for d in range(days)}
    rng = np.random.default_rng(7)
    agents = []
    for a in range(AGENTS):
        primary = a % len(QUEUES)
        skills = sorted({primary, int(rng.integers(len(QUEUES)))})
        agents.append(engine.Agent(a + 1, skills, float(rng.choice([40, 40, 40, 32, 24]))))
    return forecast, required, day_slots, agents


def main() -> None:
    forecast, required, day_slots, agents = instance()
    days, slots = len(day_slots), 96

    t0 = time.perf_counter()
    shifts, scheduled, _off = engine.generate(required, day_slots, agents)
    generate_s = time.perf_counter() - t0
    greedy_only = deviation_of(scheduled, required)
    t0 = time.perf_counter()
    shifts, changes = engine.improve(required, scheduled, shifts, agents, day_slots)
    improve_s = time.perf_counter() - t0

    greedy_hint = [engine.Shift(s.agent, s.day, s.queue, s.start, s.gain) for s in shifts]

    def run_optimiser(options: dict, limit: float) -> dict:
        cpu0, t0 = time.process_time(), time.perf_counter()
        run = optimizer.optimise(
            required, day_slots, agents, optimizer.Options(time_limit_s=limit, **options), hint=greedy_hint
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        dev = deviation_of(run.scheduled, required)
        return {
            "options": {k: list(v) if isinstance(v, tuple) else v for k, v in options.items()},
            **dev,
            "reduction_vs_greedy_percent": round(
                (1 - dev["totalFteHours"] / greedy_only["totalFteHours"]) * 100, 1
            ),
            "shifts": len(run.shifts),
            "wall_seconds": round(wall, 2),
            "cpu_seconds": round(cpu, 2),
            "time_limit_seconds": limit,
            "status": run.solver["status"],
            "optimality_gap_percent": run.solver["gapPercent"],
            "objective_weighted_fte_hours": run.solver["objectiveWeightedFteHours"],
            "best_bound_weighted_fte_hours": run.solver["bestBoundWeightedFteHours"],
            "unassigned_shifts": run.solver["unassignedShifts"],
            "weeks": run.solver["weeks"],
        }

    cpsat = run_optimiser(DEFAULT, TIME_LIMIT)
    variants = {name: run_optimiser(options, limit) for name, options, limit in VARIANTS}

    t = engine.template(8)
    base = np.zeros_like(required)
    starts = (28, 36, 44, 52)
    for n, a in enumerate(agents):
        worked = 0.0
        for d, day in enumerate(sorted(day_slots)):
            if day.weekday() >= 5 or worked + 8 > a.weekly_hours + 1e-9:
                if day.weekday() == 6:
                    worked = 0.0
                continue
            s = d * slots + starts[n % len(starts)]
            base[a.skills[0], s : s + len(t)] += t
            worked += 8
            if day.weekday() == 4:
                worked = 0.0

    ours, baseline = deviation_of(scheduled, required), deviation_of(base, required)
    write_result(
        "planning",
        {
            "forecast": forecast,
            "generation": {
                "agents": AGENTS,
                "queues": len(QUEUES),
                "days": days,
                "interval_minutes": 15,
                "required_fte_hours": round(float(required.sum()) / 4, 1),
                "cpsat": cpsat,
                "cpsat_variants": variants,
                "greedy_baseline": {**greedy_only, "wall_seconds": round(generate_s, 2)},
                "greedy_then_local_search": {
                    **ours,
                    "shifts": len(shifts),
                    "wall_seconds": round(generate_s + improve_s, 2),
                    "local_search_changes": changes,
                },
                "fixed_pattern_baseline": baseline,
                "cpsat_reduction_vs_greedy_percent": round(
                    (1 - cpsat["totalFteHours"] / greedy_only["totalFteHours"]) * 100, 1
                ),
                "cpsat_reduction_vs_greedy_then_local_search_percent": round(
                    (1 - cpsat["totalFteHours"] / ours["totalFteHours"]) * 100, 1
                ),
                "total_wall_seconds": round(generate_s + improve_s + cpsat["wall_seconds"], 2),
                "optimality_gap_percent": cpsat["optimality_gap_percent"],
                "weighted_under2_plus_over": {
                    "greedy": round(2 * greedy_only["underFteHours"] + greedy_only["overFteHours"], 1),
                    "greedy_then_local_search": round(2 * ours["underFteHours"] + ours["overFteHours"], 1),
                    "cpsat": round(2 * cpsat["underFteHours"] + cpsat["overFteHours"], 1),
                    "lp_bound": cpsat["best_bound_weighted_fte_hours"],
                },
                "note": "optimality gap = (weighted objective - best bound) / objective, summed over the "
                "two weeks; the bound is each week's LP relaxation (HiGHS) of the shift-count "
                "model, the objective that of the shifts assigned to agents (after the local search). The objective "
                "weighs an under-staffed FTE-hour 2, an over-staffed one 1; the totals count "
                "both once. Wall seconds on a shared 2-core machine (CPU seconds of this "
                "process beside them)",
            },
        },
    )


if __name__ == "__main__":
    main()
