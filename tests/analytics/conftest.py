"""Analytics test helpers: an agent in a named team, categories with phrases."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class Agents:
    team_id: int
    alice: object
    bob: object


@pytest.fixture
def agents(factory, tenant) -> Agents:
    group = factory.group(tenant.id, "Care")
    team = factory.team(tenant.id, group, "Care Team")
    alice = factory.person(tenant.id, team_id=team, first_name="Alice", last_name="Anders",
                           email=factory.unique("alice") + "@example.test", ad_login="CORP\\alice")
    bob = factory.person(tenant.id, team_id=team, first_name="Bob", last_name="Brown",
                         email=factory.unique("bob") + "@example.test", ad_login="CORP\\bob")
    return Agents(team, alice, bob)


@pytest.fixture
def categories(admin_client):
    """Cancellation (with a soundsLike alternative) and Escalation."""
    r = admin_client.post("/api/rest/cas/phraselist", json={"categories": [
        {"category": "Cancellation", "phrases": [{"phrase": "cancel my account", "soundsLike": "close my account"}]},
        {"category": "Escalation", "phrases": [{"phrase": "speak to a supervisor"}]},
    ]})
    assert r.status_code == 200, r.text
    return r.json()
