"""Where an agent is now: the current state, the scheduled activity and in or out of adherence since when.
Pure: no store, no clock. Shared by the live view (its snapshot) and the alert sweep.

    status = agent_status(activities, states, now, rules)

activities: (type, start, end) by start, those touching the recent past and now; states: (ts, state,
reason) by time, the one in force at the first activity's start first. In or out of adherence is the
adherence API's own calculation (`adherence.compute.agent_day`) over the stretch up to now; "since" is
where the last unbroken run of the same answer began (across adjacent activities). Outside any scheduled
activity the agent is unscheduled, since the end of the last activity (None when none ended in the window).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..adherence import compute
from ..adherence.rules import Rules
from ..agent_states.states import name_of, reason_out

Activity = tuple[str, int, int]


@dataclass
class Status:
    state: int | None               # GIS state identifier; None: never reported (logged out)
    reason: str | None
    state_since: int | None
    activity: Activity | None
    adherent: bool | None           # None: no activity scheduled now
    since: int | None               # when the current adherence answer began

    def wire(self, now: int) -> dict:
        """The agent's live fields (the agent's ids and names are added by the caller)."""
        act = self.activity
        return {
            "agentState": name_of(self.state) if self.state is not None else "LOGGED_OUT",
            "gisStateIdentifier": self.state,
            "reasonCode": reason_out(self.reason),
            "stateStartTime": self.state_since,
            "stateSeconds": _seconds(now, self.state_since),
            "scheduledActivity": None if act is None else
            {"activityType": act[0], "startTime": act[1], "endTime": act[2]},
            "adherence": "UNSCHEDULED" if self.adherent is None else
            ("IN_ADHERENCE" if self.adherent else "OUT_OF_ADHERENCE"),
            "adherenceStartTime": self.since,
            "adherenceSeconds": _seconds(now, self.since),
        }


def _seconds(now: int, since: int | None) -> int | None:
    return None if since is None else max(0, (now - since) // 1000)


def activity_at(activities: list[Activity], at: int) -> Activity | None:
    """The activity in progress at `at` (the latest begun, should two overlap)."""
    found = None
    for act in activities:
        if act[1] > at:
            break
        if act[2] > at:
            found = act
    return found


def state_at(states: list[tuple], at: int) -> tuple | None:
    """The (ts, state, reason) in force at `at` (the last with ts <= at), or None."""
    i = bisect_right([s[0] for s in states], at)
    return states[i - 1] if i else None


def adheres(rules: Rules, activity: Activity | None, state: int | None, reason: str | None) -> bool | None:
    if activity is None:
        return None
    name = name_of(state) if state is not None else "LOGGED_OUT"
    allowed = rules.get(activity[0], frozenset())
    return name in allowed or (reason is not None and f"{name}:{reason}" in allowed)


def agent_status(activities: list[Activity], states: list[tuple], now: int, rules: Rules) -> Status:
    current = state_at(states, now)
    state, reason, state_since = (current[1], current[2], current[0]) if current else (None, None, None)
    activity = activity_at(activities, now)
    if activity is None:
        ended = [a[2] for a in activities if a[2] <= now]
        return Status(state, reason, state_since, None, None, max(ended) if ended else None)
    past = [a for a in activities if a[1] <= now]
    start = min(a[1] for a in past)
    pieces = compute.agent_day(past, states, start, now + 1, now, rules).pieces
    pieces.sort()
    adherent = adheres(rules, activity, state, reason)
    since = activity[1]
    if pieces and pieces[-1][1] == now and pieces[-1][2] == adherent:
        since = pieces[-1][0]
        for lo, hi, ok in reversed(pieces[:-1]):
            if hi != since or ok != adherent:
                break
            since = lo
    return Status(state, reason, state_since, activity, adherent, since)
