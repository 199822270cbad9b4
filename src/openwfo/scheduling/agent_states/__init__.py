"""Real-time agent states: the Real-Time Data Capture API (an ACD adapter posts every agent state
change) and the Real-Time Agent States API (the states of agents within a time range).

Public functions other areas use (live views, adherence): `service.states_at` (each agent's state at
an instant) and `service.state_history` (each agent's states over a range, the one in force at its
start included); the GIS state identifiers and their names are in `states`.
"""

from __future__ import annotations


def routers() -> list:
    from .endpoints import router

    return [router]
