"""GET -> change one field -> PUT the whole object -> GET: the change is there and every other stored
field is as it was. For every writable field of every resource read and written whole: persons,
groups (and groups with teams), teams, roles, service queues, skill mappings."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest

from ..scheduling.helpers import acd_server, create_queue, skill_mapping

PAST = 1_600_000_000_000  # 2020-09-13


@dataclass
class World:
    client: Any
    ids: dict = field(default_factory=dict)


@pytest.fixture
def world(admin_client, factory, tenant) -> World:
    w = World(admin_client)
    acd_server(admin_client, factory.unique("ACD"))
    w.ids["group"] = admin_client.post("/api/rest/org/group", json={"name": factory.unique("G")}).json()["id"]
    w.ids["group2"] = admin_client.post("/api/rest/org/group", json={"name": factory.unique("G")}).json()["id"]
    w.ids["team"] = admin_client.post("/api/rest/org/common/team", json={
        "name": factory.unique("T"), "parentGroupId": w.ids["group"]}).json()["id"]
    w.ids["team2"] = factory.team(tenant.id, w.ids["group2"], factory.unique("T"))
    w.ids["person"] = factory.person(tenant.id, acd_id="7001", team_id=w.ids["team"]).id
    w.ids["mover"] = factory.person(tenant.id, team_id=w.ids["team2"]).id
    w.ids["role"] = admin_client.post("/api/rest/org/role", json={
        "name": factory.unique("R"), "permissions": ["ViewOrg"]}).json()["id"]
    w.ids["queue"] = create_queue(admin_client)["id"]
    w.ids["queue2"] = create_queue(admin_client)["id"]
    w.ids["sm"] = skill_mapping(admin_client)["id"]
    w.ids["view"] = admin_client.post("/api/rest/scheduling/view", json={"name": factory.unique("V")}).json()["id"]
    w.ids["unique"] = factory.unique("changed")
    return w


# resource: (GET url, PUT method, PUT url) with {id} filled from world.ids[key]
RESOURCES = {
    "person": ("person", "/api/rest/org/common/person/{}", "PUT", "/api/rest/org/common/person/{}"),
    "group": ("group", "/api/rest/org/group/{}", "POST", "/api/rest/org/group/{}"),
    "common group": ("group", "/api/rest/org/common/group/{}", "POST", "/api/rest/org/common/group/{}"),
    "team": ("team", None, "PUT", "/api/rest/org/common/team/{}"),
    "role": ("role", "/api/rest/org/role/{}", "PUT", "/api/rest/org/role/{}"),
    "queue": ("queue", "/api/rest/scheduling/service/{}", "PUT", "/api/rest/scheduling/service/{}"),
    "skill mapping": ("sm", "/api/rest/scheduling/skillMapping/{}", "PUT", "/api/rest/scheduling/skillMapping/{}"),
}


def _unique(w: World) -> str:
    return w.ids["unique"][:30]


# (resource, field path, new value (a function of the world), fields that follow the change)
CASES = [
    ("person", "firstName", lambda w: "Changed", ["displayId"]),
    ("person", "lastName", lambda w: "Changed", ["displayId"]),
    ("person", "email", lambda w: f"{_unique(w)}@example.test", []),
    ("person", "displayId", lambda w: "D-1", []),
    ("person", "adLogin", lambda w: f"CORP\\{_unique(w)}", []),
    ("person", "acdId", lambda w: "7002", []),
    ("person", "timeZone", lambda w: "Europe/Berlin", []),
    ("person", "locale", lambda w: "de_DE", []),
    ("person", "groupId", lambda w: w.ids["team2"], ["teamId", "teamName"]),
    ("person", "teamId", lambda w: w.ids["team2"], ["groupId", "teamName"]),
    ("person", "activated", lambda w: PAST, []),
    ("person", "deactivated", lambda w: PAST, []),
    ("person", "isSynchronized", lambda w: True, []),
    ("person", "enabledForScheduling", lambda w: True, []),
    ("person", "roles", lambda w: [{"id": w.ids["role"]}], []),
    ("person", "scopeGroups", lambda w: [w.ids["group2"]], []),
    ("person", "scopeTeams", lambda w: [w.ids["team2"]], []),
    ("person", "scopeTenant", lambda w: True, []),
    ("person", "isReconcileOnly", lambda w: True, []),
    ("person", "agentDetail.active", lambda w: False, []),
    ("person", "agentDetail.employeeId", lambda w: "E-9", []),
    ("person", "agentDetail.companyStartDate", lambda w: PAST, []),
    ("person", "agentDetail.terminationDate", lambda w: PAST, []),
    ("person", "agentDetail.agentRank", lambda w: 3, []),
    ("group", "name", lambda w: _unique(w), []),
    ("group", "activated", lambda w: PAST, []),
    ("group", "deactivated", lambda w: PAST, []),
    ("group", "parentGroupId", lambda w: w.ids["group2"], []),
    ("common group", "name", lambda w: _unique(w), []),
    ("common group", "parentGroupId", lambda w: w.ids["group2"], []),
    ("team", "name", lambda w: _unique(w), []),
    ("team", "groupId", lambda w: w.ids["group2"], ["parentGroupId"]),
    ("team", "parentGroupId", lambda w: w.ids["group2"], ["groupId"]),
    ("team", "activated", lambda w: PAST, []),
    ("team", "deactivated", lambda w: PAST, []),
    ("team", "productivityCompilation", lambda w: False, []),
    ("team", "users", lambda w: [w.ids["person"], w.ids["mover"]], []),
    ("role", "name", lambda w: _unique(w), []),
    ("role", "permissions", lambda w: [{"id": 3, "name": "ViewOrg"}, {"id": 8, "name": "Edit Schedules"}], []),
    ("queue", "name", lambda w: _unique(w), []),
    ("queue", "priority", lambda w: 77, []),
    ("queue", "color", lambda w: "#F2C500", []),
    ("queue", "notAllowForecast", lambda w: True, []),
    ("queue", "talkTime", lambda w: 240, []),
    ("queue", "workTime", lambda w: 45, []),
    ("queue", "serviceLevelObjectivePercent", lambda w: 90, []),
    ("queue", "serviceLevelObjectiveSeconds", lambda w: 30, []),
    ("queue", "productivityPercent", lambda w: 85, []),
    ("queue", "fteHourPerWeek", lambda w: 38, []),
    ("queue", "breakHoursPerWeek", lambda w: 2, []),
    ("queue", "forecastStaffingAdjustmentFactor", lambda w: 1.5, []),
    ("queue", "days.sunday", lambda w: {"open": "10:00", "close": "14:00", "active": True}, []),
    ("skill mapping", "name", lambda w: _unique(w), []),
    ("skill mapping", "agents", lambda w: [w.ids["person"]], []),
    ("skill mapping", "services", lambda w: [w.ids["queue2"]], []),
]


def _get(w: World, resource: str) -> dict:
    key, get_url, _method, put_url = RESOURCES[resource]
    if get_url is None:  # a team is read by a PUT that changes nothing (no GET answers the team itself)
        r = w.client.put(put_url.format(w.ids[key]), json={})
    else:
        r = w.client.get(get_url.format(w.ids[key]))
    assert r.status_code == 200, r.text
    return r.json()


def _set(obj: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    for p in parents:
        obj = obj[p]
    obj[last] = value


def _pop(obj: dict, path: str):
    *parents, last = path.split(".")
    for p in parents:
        obj = obj[p]
    return obj.pop(last)


def _ids(value):
    """Lists of ids or {id, ...} compare as sorted ids."""
    if isinstance(value, list) and all(isinstance(x, int) or (isinstance(x, dict) and "id" in x) for x in value):
        return sorted(x if isinstance(x, int) else x["id"] for x in value)
    return value


@pytest.mark.parametrize(("resource", "path", "value", "follows"), CASES,
                         ids=[f"{c[0]}.{c[1]}" for c in CASES])
def test_get_change_one_field_put_whole_object(world, resource, path, value, follows):
    before = _get(world, resource)
    body = copy.deepcopy(before)
    new = value(world)
    _set(body, path, new)
    key, _get_url, method, put_url = RESOURCES[resource]
    r = world.client.request(method, put_url.format(world.ids[key]), json=body)
    assert r.status_code == 200, r.text
    after = _get(world, resource)
    got = copy.deepcopy(after)
    if path == "timeZone":
        assert isinstance(_pop(got, path), int) and _pop(before, path) != after["timeZone"]
    elif path == "users":
        assert set(new) <= set(_pop(got, path))
        _pop(before, path)
    else:
        assert _ids(_pop(got, path)) == _ids(new)
        _pop(before, path)
    for f in follows:
        _pop(got, f)
        _pop(before, f)
    assert got == before


def test_two_different_new_teams_or_groups_are_a_conflict(world, admin_client, factory, tenant):
    pid, team, team2 = world.ids["person"], world.ids["team"], world.ids["team2"]
    third = factory.team(tenant.id, world.ids["group2"], factory.unique("T"))
    person = admin_client.get(f"/api/rest/org/common/person/{pid}").json()
    r = admin_client.put(f"/api/rest/org/common/person/{pid}", json={**person, "groupId": team2, "teamId": third})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "groupId"
    r = admin_client.put(f"/api/rest/org/common/person/{pid}", json={**person, "groupId": team2, "teamId": team2})
    assert r.status_code == 200 and r.json()["teamId"] == team2
    body = admin_client.put(f"/api/rest/org/common/team/{team}", json={}).json()
    third_group = factory.group(tenant.id)
    r = admin_client.put(f"/api/rest/org/common/team/{team}",
                         json={**body, "groupId": world.ids["group2"], "parentGroupId": third_group})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "parentGroupId"
    r = admin_client.post("/api/rest/org/common/team", json={"name": factory.unique("T"), "groupId": third_group})
    assert r.status_code == 200 and r.json()["parentGroupId"] == third_group
