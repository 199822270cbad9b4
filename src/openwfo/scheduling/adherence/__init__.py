"""Adherence and conformance: the Adherence and Conformance API (per agent and date), one agent's day,
adherence per 15/30-minute interval for an agent or a team, and the tenant's adherence rules (which
agent states satisfy which scheduled activity type).

Public functions other areas use (live views): `rules.tenant_rules(db)` and `rules.in_adherence(rules,
activity_type, state)`; `compute.agent_day` is the whole calculation, pure.
"""

from __future__ import annotations


def routers() -> list:
    from .endpoints import router

    return [router]
