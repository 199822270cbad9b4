"""Inclusion/Exclusion List API: CRUD, validation, permissions, isolation; and the matching rules."""

from __future__ import annotations

import pytest

from openwfo.recording.inclusion_lists.matching import RecordingRules, compile_pattern

BASE = "/api/rest/recording/inclusionExclusion"


def _body(**over):
    body = {"inclusionExclusionType": 2, "inclusionExclusionPatternType": 1, "pattern": "612822????",
            "inclusionExclusionCallDirection": 1}
    body.update(over)
    return body


def test_crud_round_trip(admin_client):
    r = admin_client.post(BASE, json=_body(inclusionExclusionListId=999))
    assert r.status_code == 200
    created = r.json()
    lid = created["inclusionExclusionListId"]
    assert lid != 999 and created == {"inclusionExclusionListId": lid, **_body()}
    assert admin_client.get(f"{BASE}/{lid}").json() == created
    assert created in admin_client.get(BASE).json()
    updated = _body(inclusionExclusionType=1, inclusionExclusionPatternType=5, pattern="+44",
                    inclusionExclusionCallDirection=3)
    r = admin_client.put(f"{BASE}/{lid}", json=updated)
    assert r.status_code == 200 and r.json() == {"inclusionExclusionListId": lid, **updated}
    r = admin_client.post(f"{BASE}/{lid}", json=_body(pattern="555*"))  # POST on the item updates too
    assert r.json()["pattern"] == "555*"
    assert admin_client.delete(f"{BASE}/{lid}").status_code == 200
    assert admin_client.get(f"{BASE}/{lid}").status_code == 404
    assert admin_client.delete(f"{BASE}/{lid}").status_code == 404


def test_optional_fields_default_to_null(admin_client):
    r = admin_client.post(BASE, json={"inclusionExclusionType": 1})
    assert r.status_code == 200
    assert r.json()["pattern"] is None and r.json()["inclusionExclusionPatternType"] is None


@pytest.mark.parametrize("bad", [
    {"inclusionExclusionType": 3}, {"inclusionExclusionType": None}, {},
    _body(inclusionExclusionPatternType=6), _body(inclusionExclusionCallDirection=0), _body(pattern="61+2"),
    _body(pattern="abc"), _body(pattern="1" * 65),
])
def test_validation(admin_client, bad):
    r = admin_client.post(BASE, json=bad)
    assert r.status_code == 400 and r.json()["errorMessage"]


def test_put_id_must_match_and_unknown_is_404(admin_client):
    lid = admin_client.post(BASE, json=_body()).json()["inclusionExclusionListId"]
    r = admin_client.put(f"{BASE}/{lid}", json=_body(inclusionExclusionListId=lid + 1))
    assert r.status_code == 400
    assert admin_client.put(f"{BASE}/{lid + 1000}", json=_body()).status_code == 404


def test_permission_and_tenant_isolation(admin_client, login_with, factory, new_client):
    lid = admin_client.post(BASE, json=_body()).json()["inclusionExclusionListId"]
    assert login_with("Search Contacts").get(BASE).status_code == 403
    assert new_client().get(BASE).status_code == 401
    other = factory.tenant()
    c = new_client()
    factory.login(c, other.admin_email, tenant_id=other.id)
    assert c.get(f"{BASE}/{lid}").status_code == 404
    assert all(x["inclusionExclusionListId"] != lid for x in c.get(BASE).json())
    assert c.delete(f"{BASE}/{lid}").status_code == 404


class _Row:
    def __init__(self, id, list_type, pattern_type, pattern, direction):
        self.id, self.list_type, self.pattern_type, self.pattern, self.direction = id, list_type, pattern_type, pattern, direction


def test_pattern_wildcards_and_country_codes():
    assert compile_pattern("612822????").fullmatch("6128221234")
    assert not compile_pattern("612822????").fullmatch("61282212345")
    assert compile_pattern("612*").fullmatch("612") and compile_pattern("612*").fullmatch("6129999")
    assert not compile_pattern("612*").fullmatch("7612")
    assert compile_pattern("+44").fullmatch("+441234567") and not compile_pattern("+44").fullmatch("441234")
    assert compile_pattern("?").fullmatch("5") and not compile_pattern("?").fullmatch("a")


def test_rules_types_directions_and_precedence():
    rules = RecordingRules([_Row(1, 2, 2, "1800", 1)])  # exclude inbound calls to 1800
    assert rules.decide("5", "1800", None, 1)[0] is False
    assert rules.decide("5", "1800", None, 0)[0] is True  # outbound is not excluded
    assert rules.decide("1800", "5", None, 1)[0] is True  # ANI is not DNIS
    rules = RecordingRules([_Row(1, 1, 3, "20??", 3)])  # record extensions 20xx only
    assert rules.decide("1", "2", "2001", None) == (True, None)
    assert rules.decide("1", "2", "3001", None) == (False, "not on any inclusion list")
    rules = RecordingRules([_Row(1, 1, 5, None, 3), _Row(2, 2, 4, "+44*", 3)])
    recorded, why = rules.decide("0044 20 7946 0000", "1", None, 1)  # 0044 is +44; exclusion wins
    assert recorded is False and "exclusion list 2" in why
    assert rules.decide("(612) 555-0100", "1", None, 1)[0] is True
    rules = RecordingRules([_Row(1, 2, None, None, 2)])  # direction only: no outbound recording
    assert rules.decide(None, None, None, 0)[0] is False and rules.decide(None, None, None, 1)[0] is True
    assert rules.decide(None, None, None, None)[0] is True
