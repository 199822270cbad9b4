"""A simulated ACD feed for the demo: a realistic day of agent state changes replayed against each demo
agent's schedule, so adherence has something to show.

Per shift (the activities of a shift date): the agent logs in a few minutes early (sometimes late),
takes contacts while in service (ready, talking, now and then on hold, after-contact work, a short
not-ready now and then), goes not ready for breaks, lunch and exceptions (reason codes 10, 11, 20) and
comes back mostly on time — some return late — and logs out after the shift. A call in progress runs
past the end of an activity, as it would. Changes after `now` are not written (today is replayed up to
the present). The randomness is seeded per agent and date, so replaying a date again writes the same
changes, which the store skips as duplicates.

`openwfo demo-feed --date YYYY-MM-DD` replays one date for the demo tenant; the demo seeder replays this
week's days up to today (the demo schedules start on this week's Monday).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import Person, Tenant
from ..scheduling.agent_states import repository as states_repo
from ..scheduling.agent_states.states import HOLD, LOGOUT, NOT_READY, READY, TALKING, WORK_READY
from ..scheduling.schedules import days
from ..scheduling.schedules import repository as schedule_repo
from ..scheduling.schedules.activities import WORKING_TYPES

SECOND = 1000
MINUTE = 60 * SECOND
AWAY_REASONS = {"break": "10", "lunch": "11"}
OTHER_REASON = "20"


def _shift_changes(rnd: random.Random, activities: list[tuple[str, int, int]]) -> list[tuple[int, int, str | None]]:
    """(ts, state, reason) of one shift, activities (type, start, end) by start."""
    out: list[tuple[int, int, str | None]] = []
    first = activities[0][1]
    late_login = rnd.random() < 0.08
    t = first + (rnd.randint(1, 8) * MINUTE if late_login else -rnd.randint(1, 6) * MINUTE)
    out.append((t, NOT_READY, "1"))
    t += rnd.randint(30, 120) * SECOND
    for kind, start, end in activities:
        if kind in WORKING_TYPES or kind in ("available", "closed_service", "closed_service_msg"):
            t = max(t, start - rnd.randint(0, 60) * SECOND)
            out.append((t, READY, None))
            while True:
                t += int(rnd.expovariate(1 / 50) * SECOND) + 2 * SECOND
                if t >= end - 20 * SECOND:
                    break
                out.append((t, TALKING, None))
                talk = int((rnd.expovariate(1 / 220) + 25) * SECOND)
                if rnd.random() < 0.18:
                    out.append((t + talk // 2, HOLD, None))
                    back = t + talk // 2 + rnd.randint(20, 90) * SECOND
                    out.append((back, TALKING, None))
                    talk += back - (t + talk // 2)
                t += talk
                out.append((t, WORK_READY, None))
                t += rnd.randint(10, 75) * SECOND
                if rnd.random() < 0.03:
                    out.append((t, NOT_READY, "3"))
                    t += rnd.randint(60, 300) * SECOND
                out.append((t, READY, None))
            t = max(t, end)
        else:
            leave = max(t, start + rnd.randint(-60, 90) * SECOND)
            out.append((leave, NOT_READY, AWAY_REASONS.get(kind, OTHER_REASON)))
            late = rnd.random() < 0.15
            t = max(leave, end + (rnd.randint(3, 12) * MINUTE if late else rnd.randint(-60, 120) * SECOND))
    out.append((max(t, activities[-1][2]) + rnd.randint(0, 300) * SECOND, LOGOUT, None))
    return out


def replay_day(db: Session, day: dt.date, until_ms: int | None = None) -> int:
    """Write the simulated changes of every scheduling-enabled agent's shift dated `day` (those up to
    until_ms, default now); how many were new."""
    until = now_ms() if until_ms is None else until_ms
    agents = list(db.scalars(select(Person.id).where(Person.enabled_for_scheduling.is_(True),
                                                     Person.deactivated.is_(False)).order_by(Person.id)))
    if not agents:
        return 0
    shifts: dict[int, list[tuple[str, int, int]]] = {}
    for row in schedule_repo.by_shift_dates(db, agents, day, day):
        shifts.setdefault(row[schedule_repo.PERSON], []).append(
            (row[schedule_repo.TYPE], row[schedule_repo.START], row[schedule_repo.END]))
    rows = []
    for person_id, activities in shifts.items():
        rnd = random.Random(f"{person_id}:{day.isoformat()}")
        seen = set()
        for ts, state, reason in _shift_changes(rnd, activities):
            if ts <= until and (ts, state) not in seen:
                seen.add((ts, state))
                rows.append((person_id, ts, state, reason, ts))
    new = 0
    for i in range(0, len(rows), 5_000):
        new += len(states_repo.insert_new(db, rows[i:i + 5_000]))
    return new


def seed(db: Session, tenant: Tenant) -> None:
    """Demo seeder: the shifts of this week up to today (today up to now), in the tenant's time zone."""
    today = days.local_date(now_ms(), days.zone(tenant.time_zone))
    for back in range(today.weekday(), -1, -1):
        replay_day(db, today - dt.timedelta(days=back))
