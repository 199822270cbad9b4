"""The WFM demo seeder: realistic configuration, visible through the API, and idempotent."""

from __future__ import annotations

from openwfo.demo import SEEDERS, foundation, org
from openwfo.demo import wfm as wfm_demo
from openwfo.models import Tenant

from .helpers import ok


def _seed(factory, tenant_id):
    with factory.database.session(tenant_id) as db:
        wfm_demo.seed(db, db.get(Tenant, tenant_id))


def test_seeder_is_registered_after_the_organization():
    assert wfm_demo.seed in SEEDERS
    assert SEEDERS.index(wfm_demo.seed) > SEEDERS.index(org.seed) > SEEDERS.index(foundation.seed)


def test_demo_configuration_through_the_api(admin_client, factory, tenant):
    with factory.database.session(tenant.id) as db:
        foundation.seed(db, db.get(Tenant, tenant.id))  # one Agent-role person
    _seed(factory, tenant.id)
    _seed(factory, tenant.id)  # again: nothing changes
    c = admin_client
    queues = {q["name"]: q for q in ok(c.get("/api/rest/scheduling/service", params={"skillMappings": "true"}))}
    assert set(queues) == set(wfm_demo.QUEUES)
    assert {q["typeDesc"] for q in queues.values()} == {"Voice", "Chat", "Email"}
    sales = ok(c.get(f"/api/rest/scheduling/service/{queues['Inbound Sales']['id']}"))
    assert sales["days"]["monday"] == {"open": "08:00", "close": "20:00", "active": True}
    assert sales["days"]["sunday"]["active"] is False
    assert (sales["serviceLevelObjectivePercent"], sales["serviceLevelObjectiveSeconds"]) == (80, 20)
    assert sales["assignedDns"][0]["number"] == 18005550100
    assert [g["name"] for g in sales["multiSkillGroups"]] == ["Sales Voice + Chat"]
    email = ok(c.get(f"/api/rest/scheduling/service/{queues['Customer Email']['id']}"))
    assert email["contactType"] == 1 and email["serviceLevelObjectiveSeconds"] is None
    assert email["closedHoursRedistributionType"] == 1 and email["handlingThreshold"] == 1440
    assert all(q["skillMappingIds"] for q in queues.values())
    agents = ok(c.get("/api/rest/scheduling/agent", params={"fullDetail": "true", "agentAssignedException": "true"}))
    assert len(agents) == 1 and agents[0]["serviceQueueId"] == queues["General Enquiries"]["id"]
    assert agents[0]["skillMappings"] and len(agents[0]["exceptions"]) == len(wfm_demo.EXCEPTIONS)
    types = {t["name"] for t in ok(c.get("/api/rest/scheduling/genericException"))}
    assert {"Vacation", "Sick Day", "Training"} <= types
    assert len(ok(c.get("/api/rest/scheduling/workflowRule"))) == 5
    views = {v["name"] for v in ok(c.get("/api/rest/scheduling/view"))}
    assert {"EnterpriseView", "Sales View", "Customer Care View", "Technical Support View"} <= views
    assert len(ok(c.get("/api/rest/scheduling/acdServer"))) == 1


def test_fallback_agents_when_the_tenant_has_none(admin_client, factory, tenant):
    _seed(factory, tenant.id)
    agents = ok(admin_client.get("/api/rest/scheduling/agent"))
    assert len(agents) == len(wfm_demo.FALLBACK_AGENTS)
    _seed(factory, tenant.id)
    assert len(ok(admin_client.get("/api/rest/scheduling/agent"))) == len(wfm_demo.FALLBACK_AGENTS)
