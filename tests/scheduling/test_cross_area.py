"""Agents seen from both sides: what the Person API writes, the Agent API reads back unchanged;
an agent's WFM configuration does not stop their deletion, their schedule does."""

from __future__ import annotations

from .helpers import ok, skill_mapping

PERSON = "/api/rest/org/common/person"


def _agent(c, factory, **detail):
    body = {"firstName": "Dee", "lastName": "Dates", "email": f"{factory.unique('dee')}@example.test",
            "acdId": factory.unique("acd")[-8:], "enabledForScheduling": True, "agentDetail": detail}
    r = c.post(PERSON, json=body)
    assert r.status_code == 200, r.text
    return r.json()


def test_dates_written_by_the_person_api_read_back_by_the_agent_api(admin_client, factory):
    p = _agent(admin_client, factory, companyStartDate="2019-03-01", departmentStartDate="2020-01-15",
               terminationDate="2030-12-31")
    rows = ok(admin_client.get("/api/rest/scheduling/agent?fullDetail=true"))
    me = next(r for r in rows if r["id"] == p["id"])
    assert (me["companyStartDate"], me["departmentStartDate"], me["terminationDate"]) == (
        "2019-03-01", "2020-01-15", "2030-12-31")
    assert me["active"] is True


def test_deleting_an_agent_with_wfm_configuration_succeeds(admin_client, factory):
    p = _agent(admin_client, factory)
    skill_mapping(admin_client, agents=[p["id"]])
    ok(admin_client.post("/api/rest/scheduling/multiSkillGroup", json={"name": factory.unique("blend"), "agents": [p["id"]]}))
    r = admin_client.delete(f"{PERSON}/{p['id']}")
    assert r.status_code == 200, r.text
    assert admin_client.get(f"{PERSON}/{p['id']}").status_code == 404
