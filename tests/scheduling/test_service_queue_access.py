"""GET /service filters, view visibility (main view, custom views, no views), permissions, tenant
isolation and the session's serviceQueuesInScope."""

from __future__ import annotations

import pytest

from .helpers import acd_server, create_queue, errors_of, ok, skill_mapping, view

SERVICE = "/api/rest/scheduling/service"


def _ids(rows):
    return sorted(r["id"] for r in rows)


def test_list_shape_and_the_view_and_skill_mapping_flags(admin_client, acd, tenant):
    c = admin_client
    sm = skill_mapping(c)
    q = create_queue(c, skillMappings=[{"id": sm["id"], "priority": 1}])
    sales = view(c, serviceQueueIds=[q["id"]])
    plain = ok(c.get(SERVICE))
    assert plain == [{
        "id": q["id"], "number": q["number"], "acdServerId": acd, "name": q["name"], "priority": q["priority"],
        "virtual": False, "color": "#7399BD", "notAllowForecast": False, "msaq": False, "type": 0,
        "typeDesc": "Voice", "contactType": 0, "shrinkageScenarioId": None, "viewIds": [], "skillMappingIds": [],
    }]
    full = ok(c.get(SERVICE, params={"view": "true", "skillMappings": "true"}))[0]
    enterprise = [v["id"] for v in ok(c.get("/api/rest/scheduling/view")) if v["isDefault"]][0]
    assert full["viewIds"] == [{"id": i} for i in sorted([enterprise, sales["id"]])]
    assert full["skillMappingIds"] == [{"id": sm["id"]}]


def test_contact_type_type_and_forecast_filters(admin_client, acd):
    c = admin_client
    voice = create_queue(c, type=0)
    chat = create_queue(c, type=1, notAllowForecast=True)
    email = create_queue(c, type=2)
    assert _ids(ok(c.get(SERVICE, params={"contactType": 0}))) == sorted([voice["id"], chat["id"]])
    assert _ids(ok(c.get(SERVICE, params={"contactType": 1}))) == [email["id"]]
    assert _ids(ok(c.get(SERVICE, params={"type": 1}))) == [chat["id"]]
    assert ok(c.get(SERVICE, params={"type": 77})) == []  # not an existing type: empty
    assert _ids(ok(c.get(SERVICE, params={"forcastAllowed": "true"}))) == sorted([voice["id"], email["id"]])
    assert _ids(ok(c.get(SERVICE, params={"forecastAllowed": "true"}))) == sorted([voice["id"], email["id"]])
    assert _ids(ok(c.get(SERVICE, params={"forcastAllowed": "true", "view": "true", "skillMappings": "true",
                                          "contactType": 0}))) == [voice["id"]]


@pytest.mark.parametrize("params, field", [
    ({"contactType": 2}, "contactType"), ({"contactType": -1}, "contactType"), ({"contactType": "x"}, "contactType"),
    ({"type": "voice"}, "type"), ({"type": "1.5"}, "type"), ({"mainViewOnly": "perhaps"}, "mainViewOnly"),
])
def test_bad_filter_values_are_400(shared, params, field):
    assert field in errors_of(shared.client.get(SERVICE, params=params))


def test_views_decide_what_a_supervisor_sees(admin_client, acd, login_as):
    c = admin_client
    q1, q2, q3 = create_queue(c), create_queue(c), create_queue(c)
    main = view(c, serviceQueueIds=[q1["id"]])
    other = view(c, serviceQueueIds=[q2["id"]])
    sup, person = login_as("supervisor")
    ok(c.put(f"/api/rest/scheduling/user/{person.id}/views",
             json={"views": [{"viewId": main["id"], "mainView": True}, {"viewId": other["id"]}]}))
    assert _ids(ok(sup.get(SERVICE))) == sorted([q1["id"], q2["id"]])
    assert _ids(ok(sup.get(SERVICE, params={"mainViewOnly": "true"}))) == [q1["id"]]
    assert sup.get(f"{SERVICE}/{q3['id']}").status_code == 404
    assert sup.delete(f"{SERVICE}/{q3['id']}").status_code == 404
    assert ok(sup.get(f"{SERVICE}/{q1['id']}"))["id"] == q1["id"]
    session = ok(sup.get("/api/rest/authorize"))
    assert session["serviceQueuesInScope"] == sorted([q1["id"], q2["id"]])
    # The administrator holds EnterpriseView: everything.
    assert _ids(ok(c.get(SERVICE))) == sorted([q1["id"], q2["id"], q3["id"]])
    assert ok(c.get("/api/rest/authorize"))["serviceQueuesInScope"] == sorted([q1["id"], q2["id"], q3["id"]])


def test_a_caller_without_views_sees_nothing_and_cannot_create(admin_client, acd, login_as, factory, tenant):
    q = create_queue(admin_client)
    sup, person = login_as("supervisor")
    ok(admin_client.put(f"/api/rest/scheduling/user/{person.id}/views", json={"views": []}))
    assert ok(sup.get(SERVICE)) == []
    assert sup.get(f"{SERVICE}/{q['id']}").status_code == 404
    assert ok(sup.get("/api/rest/authorize"))["serviceQueuesInScope"] == []
    admin2 = factory.admin(tenant.id, factory.unique("wfm-admin") + "@example.test")
    ok(admin_client.put(f"/api/rest/scheduling/user/{admin2.id}/views", json={"views": []}))
    from starlette.testclient import TestClient

    other = TestClient(admin_client.app, raise_server_exceptions=False)
    factory.login(other, admin2.email, tenant_id=tenant.id)
    r = other.post(SERVICE, json={"number": 1, "name": "Nope", "days": {"monday": {
        "open": "08:00", "close": "17:00", "active": True}}})
    assert r.status_code == 400 and r.json()["errors"] == [{"field": "views", "reason": "the caller has no views"}]


def test_post_adds_the_queue_to_all_of_the_callers_views(admin_client, acd):
    c = admin_client
    me = ok(c.get("/api/rest/authorize"))["id"]
    enterprise = [v for v in ok(c.get(f"/api/rest/scheduling/user/{me}/views"))["views"]]
    mine = view(c)
    ok(c.put(f"/api/rest/scheduling/user/{me}/views",
             json={"views": [{"viewId": mine["id"], "mainView": True}] +
                   [{"viewId": v["viewId"]} for v in enterprise]}))
    q = create_queue(c)
    assert q["id"] in ok(c.get(f"/api/rest/scheduling/view/{mine['id']}"))["serviceQueueIds"]
    assert _ids(ok(c.get(SERVICE, params={"mainViewOnly": "true"}))) == [q["id"]]


def test_permissions(client, admin_client, acd, login_as):
    q = create_queue(admin_client)
    assert client.__class__(admin_client.app).get(SERVICE).status_code == 401
    agent, _ = login_as("agent", scope_all=False)
    assert agent.get(SERVICE).status_code == 403
    assert agent.get(f"{SERVICE}/{q['id']}").status_code == 403
    assert agent.get("/api/rest/scheduling/config/color").status_code == 403
    sup, _ = login_as("supervisor")
    assert sup.get(SERVICE).status_code == 200
    r = sup.post(SERVICE, json={"number": 1, "name": "x"})
    assert r.status_code == 403 and "Administer" in r.json()["errorMessage"]
    assert sup.put(f"{SERVICE}/{q['id']}", json={"name": "x"}).status_code == 403
    assert sup.delete(f"{SERVICE}/{q['id']}").status_code == 200  # Plan Schedules may delete


def test_administer_messaging_alone_may_create(admin_client, acd, factory, tenant, new_client):
    from openwfo.auth import permissions as perms

    role = factory.role(tenant.id, perms.ids_of("Administer Messaging"))
    person = factory.person(tenant.id, role=role, scope_all=True)
    c = new_client()
    factory.login(c, person.email, tenant_id=tenant.id)
    assert create_queue(c)["id"]
    assert c.get(SERVICE).status_code == 403  # listing needs Plan Schedules


def test_other_tenants_queues_are_invisible(admin_client, acd, factory, new_client):
    q = create_queue(admin_client)
    other = factory.tenant()
    c2 = new_client()
    factory.login(c2, other.admin_email, tenant_id=other.id)
    acd_server(c2)
    assert ok(c2.get(SERVICE)) == []
    assert c2.get(f"{SERVICE}/{q['id']}").status_code == 404
    assert c2.put(f"{SERVICE}/{q['id']}", json={"name": "stolen"}).status_code == 404
    assert c2.delete(f"{SERVICE}/{q['id']}").status_code == 404
    # Same number and name are free in another tenant.
    assert create_queue(c2, number=q["number"], name=q["name"], priority=q["priority"])["id"] != q["id"]
    sm = skill_mapping(admin_client)
    errors = errors_of(c2.post(SERVICE, json={"number": 9, "name": "Cross", "skillMappings": [{"id": sm["id"]}],
                                              "days": {"monday": {"open": "08:00", "close": "09:00",
                                                                  "active": True}}}))
    assert "skillMappings[0].id" in errors


def test_colour_catalogue(admin_client):
    colors = ok(admin_client.get("/api/rest/scheduling/config/color"))
    codes = [c["colorCode"] for c in colors]
    assert codes[0] == "#7399BD" and "#A3AD00" in codes and "#6666FF" in codes
    assert len(set(codes)) == len(codes) and all(set(c) == {"id", "colorCode", "name"} for c in colors)
