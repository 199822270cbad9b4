"""Real-Time Data Capture in large batches: the inline check of common changes answers as the full
check does, and duplicates are told apart in any 1,000-row part of a batch."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from openwfo.models import AgentStateChange
from openwfo.scheduling.agent_states.service import parse_change, parse_changes

from .helpers import change, ms, next_acd_id, post_states

T0 = ms("2024-07-15 08:00")
NOW = ms("2024-07-16 12:00")


def _answer(c):
    return (c.index, c.acd_agent_id, c.state, c.ts, c.reason, c.status, c.why)


def test_the_inline_check_answers_as_the_full_check():
    edges = [
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": 12},
        {"acdAgentId": " a1", "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "a1\u2003", "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "a\x001", "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "x" * 200, "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "x" * 201, "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "", "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": 17, "gisStateIdentifier": 3, "timestamp": T0},
        {"acdAgentId": "a1", "gisStateIdentifier": True, "timestamp": T0},
        {"acdAgentId": "a1", "gisStateIdentifier": 3.0, "timestamp": T0},
        {"acdAgentId": "a1", "gisStateIdentifier": 7, "timestamp": T0},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": True},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": 946_684_800_000},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": 946_684_799_999},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": NOW + 86_400_000},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": NOW + 86_400_001},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": 0},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": 65535},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": 65536},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": True},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": " 7 "},
        {"acdAgentId": "a1", "gisStateIdentifier": 3, "timestamp": T0, "reasonCode": ""},
        "text",
        None,
        [],
        {},
    ]
    rnd = random.Random(5)
    values = {
        "acdAgentId": ["a1", " b ", "", None, 3, 3.0, "x" * 201, True],
        "gisStateIdentifier": [1, 2, 3, 4, 5, 6, 10, 0, 7, "3", 3.5, None, False],
        "timestamp": [T0, str(T0), float(T0), T0 + 0.5, -1, NOW + 86_400_001, None, True, 2**70],
        "reasonCode": [None, 1, 0, 65535, 65536, "Lunch", " ", 2.0, False, [1], "x" * 101],
    }
    randomised = [{k: rnd.choice(v) for k, v in values.items() if rnd.random() < 0.9} for _ in range(3000)]
    items = edges + randomised
    fast = parse_changes(items, NOW)
    full = [parse_change(i, item, NOW) for i, item in enumerate(items)]
    assert [_answer(c) for c in fast] == [_answer(c) for c in full]
    assert {c.status for c in fast} == {"accepted", "rejected"}


def test_duplicates_in_the_later_part_of_a_large_batch(admin_client, wfm):
    agents = [wfm.agent(acd_id=next_acd_id()) for _ in range(3)]
    batch = [change(agents[i % 3].acd_id, (3, 4)[i % 2], T0 + i * 1000) for i in range(2500)]
    resent = [1200, 1201, 2499]  # in the second and third thousand only
    first = post_states(admin_client, [batch[i] for i in resent])
    assert first["accepted"] == 3
    out = post_states(admin_client, batch)
    assert out["accepted"] == 2497 and out["duplicates"] == 3 and out["rejected"] == 0
    assert [i for i, r in enumerate(out["results"]) if r["status"] == "duplicate"] == resent
    with wfm.session() as db:
        stored = db.scalar(
            select(func.count())
            .select_from(AgentStateChange)
            .where(AgentStateChange.person_id.in_([a.id for a in agents]))
        )
    assert stored == 2500
    again = post_states(admin_client, batch)
    assert again["duplicates"] == 2500
