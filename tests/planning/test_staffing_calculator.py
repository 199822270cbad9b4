"""Erlang C against published table values, the calculator endpoint, the workload model."""

from __future__ import annotations

import pytest

from openwfo.planning import erlang

from ..scheduling.helpers import ok

# Published Erlang C waiting probabilities (e.g. the Erlang C tables of traffic engineering texts):
# A = 10 Erlangs with 11..15 agents; A = 2 with 3 and 4 agents (4/9 exactly, and 4/23).
TABLE = [
    (10, 11, 0.6821), (10, 12, 0.4494), (10, 13, 0.2853), (10, 14, 0.1741), (10, 15, 0.1020),
    (2, 3, 0.4444), (2, 4, 0.1739),
]


@pytest.mark.parametrize(("traffic", "agents", "expected"), TABLE)
def test_erlang_c_table(traffic, agents, expected):
    assert erlang.erlang_c(traffic, agents) == pytest.approx(expected, abs=5e-5)


def test_erlang_c_edges():
    assert erlang.erlang_c(10, 10) == 1.0 and erlang.erlang_c(0, 3) == 0.0
    assert erlang.agents_needed(0, 180, 1800, 80, 20).agents == 0


def test_textbook_example_100_calls_in_30_minutes():
    # 100 calls / 30 min, AHT 180 s -> 10 Erlangs; 80/20 needs 14 agents: SL 88.8%, ASA 7.8 s, occupancy 71.4%
    # (13 agents reach only 79.6%).
    s = erlang.agents_needed(100, 180, 1800, 80, 20)
    assert s.agents == 14 and s.traffic == pytest.approx(10)
    assert s.service_level == pytest.approx(0.8884, abs=1e-4)
    assert s.asa_s == pytest.approx(7.84, abs=0.01) and s.occupancy == pytest.approx(0.7143, abs=1e-4)
    assert erlang.evaluate(10, 180, 13, 20).service_level == pytest.approx(0.7956, abs=1e-4)
    # Stricter limits need more agents.
    assert erlang.agents_needed(100, 180, 1800, 80, 20, max_occupancy=0.65).agents == 16
    assert erlang.agents_needed(100, 180, 1800, 80, 20, max_asa_s=3).agents == 16


def test_calculator_endpoint(admin_client):
    out = ok(admin_client.post("/api/rest/planning/staffing/calculator", json={
        "contacts": 100, "intervalMinutes": 30, "aht": 180, "serviceLevelPercent": 80, "serviceLevelSeconds": 20}))
    assert out["agentsNeeded"] == out["agents"] == 14 and out["trafficErlangs"] == 10
    assert out["serviceLevel"] == pytest.approx(88.835, abs=0.01) and out["asa"] == pytest.approx(7.836, abs=0.01)
    assert out["occupancy"] == pytest.approx(71.429, abs=0.01)
    assert [r["agents"] for r in out["table"]] == list(range(11, 18))
    assert out["table"][2]["waitProbability"] == pytest.approx(0.2853, abs=1e-4)
    given = ok(admin_client.post("/api/rest/planning/staffing/calculator", json={
        "contacts": 100, "aht": 180, "agents": 12}))
    assert given["agents"] == 12 and given["agentsNeeded"] == 14 and given["serviceLevel"] < 70
    work = ok(admin_client.post("/api/rest/planning/staffing/calculator", json={
        "contacts": 30, "intervalMinutes": 60, "aht": 300, "interactive": False}))
    assert work["workloadFte"] == 2.5 and work["agents"] == 3
    r = admin_client.post("/api/rest/planning/staffing/calculator", json={"contacts": -1, "aht": 0})
    assert r.status_code == 400 and "errorMessage" in r.json()


def test_workload_model_threshold_and_closed_hours():
    # 4 intervals of 1 hour; 7200 s of work arrives in the first; the threshold spreads it over 2 intervals.
    assert erlang.workload_agents([7200, 0, 0, 0], 3600, [True] * 4, 2, 0) == [1.0, 1.0, 0.0, 0.0]
    assert erlang.workload_agents([7200, 0, 0, 0], 3600, [True] * 4, 1, 0) == [2.0, 0.0, 0.0, 0.0]
    # Work arriving while closed: waits for the next open interval (0), proportional (1), even (2).
    mask = [False, True, True, False]
    waits = erlang.workload_agents([3600, 3600, 0, 0], 3600, mask, 1, 0)
    assert waits == [0.0, 2.0, 0.0, 0.0]
    prop = erlang.workload_agents([3600, 3600, 1800, 0], 3600, mask, 1, 1)
    assert prop == pytest.approx([0.0, 1 + 2 / 3, 0.5 + 1 / 3, 0.0])
    even = erlang.workload_agents([3600, 3600, 1800, 0], 3600, mask, 1, 2)
    assert even == pytest.approx([0.0, 1.5, 1.0, 0.0])
    assert sum(even) == pytest.approx(2.5)


def test_large_traffic_is_fast_and_bounded(admin_client):
    assert erlang.agents_needed(200_000, 180, 1800, 80, 20).agents == 20_014  # O(N): one recursion step per agent
    r = admin_client.post("/api/rest/planning/staffing/calculator",
                          json={"contacts": 10_000_000, "intervalMinutes": 1, "aht": 86_400})
    assert r.status_code == 400 and "Erlangs" in r.json()["errorMessage"]
