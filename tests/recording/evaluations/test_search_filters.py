"""Every evaluation filter of the contact search, on contacts evaluated through the API: scored,
inProgress, needsApproval, hr, training, canEvaluate, evalState (each value), dateEvaluatedStart/End
and searchScope."""

from __future__ import annotations

import datetime as dt

import pytest

from openwfo.kit.clock import clock

from .conftest import contact_url

SEARCH = "/api/rest/recording/contact"


@pytest.fixture
def evaluated(evaluator, approver, make_form, make_contact, org):
    """scored (hr, 10 days ago), draft (training), pending (needs approval), approved, plain (none)."""
    picker, approval = make_form(), make_form(approvalRequired=True)

    def post(client, cid, form, **body):
        r = client.post(contact_url(cid) + "/eval", json={"formId": form.form["id"], **body})
        assert r.status_code == 200, r.text
        return r.json()

    ids = {k: make_contact(days_ago=20) for k in ("scored", "draft", "pending", "approved", "plain")}
    clock.freeze(clock.now_ms() - 10 * 86_400_000)
    post(evaluator, ids["scored"], picker, answers=picker.answers(greet="Y", tone="OK", disclosure="Y"), hr=True)
    clock.reset()
    post(evaluator, ids["draft"], picker, answers=picker.answers(greet="Y"), training=True)
    full = approval.answers(greet="Y", tone="OK", disclosure="Y")
    post(evaluator, ids["pending"], approval, answers=full)
    ev = post(evaluator, ids["approved"], approval, answers=full)
    r = approver.put(f"{contact_url(ids['approved'])}/eval/{ev['id']}", json={"state": "approved"})
    assert r.status_code == 200, r.text
    return ids


def _found(client, ids, query):
    r = client.get(f"{SEARCH}?{query}")
    assert r.status_code == 200, r.text
    return {k for k, v in ids.items() if v in {c["id"] for c in r.json()}}


def test_flag_filters(admin_client, evaluated):
    assert _found(admin_client, evaluated, "scored=true") == {"scored", "approved"}
    assert _found(admin_client, evaluated, "scored=0") == {"draft", "pending", "plain"}
    assert _found(admin_client, evaluated, "inProgress=true") == {"draft"}
    assert _found(admin_client, evaluated, "needsApproval=1") == {"pending"}
    assert _found(admin_client, evaluated, "hr=true") == {"scored"}
    assert _found(admin_client, evaluated, "training=true") == {"draft"}


def test_eval_state_each_value(admin_client, evaluated):
    assert _found(admin_client, evaluated, "evalState=scored") == {"scored", "approved"}
    assert _found(admin_client, evaluated, "evalState=inProgress") == {"draft"}
    assert _found(admin_client, evaluated, "evalState=needsApproval") == {"pending"}
    assert _found(admin_client, evaluated, "evalState=approved") == {"approved"}
    assert _found(admin_client, evaluated, "evalState=unscored") == {"plain"}
    assert _found(admin_client, evaluated, "evalState=inProgress&evalState=needsApproval") == {"draft", "pending"}


def test_date_evaluated_window(admin_client, evaluated):
    today = dt.datetime.fromtimestamp(clock.now_ms() / 1000, dt.UTC).date()
    recent = (today - dt.timedelta(days=2)).isoformat()
    old = (today - dt.timedelta(days=12)).isoformat()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _found(admin_client, evaluated, f"dateEvaluatedStart={recent}&dateEvaluatedEnd={tomorrow}") == {
        "pending", "approved"}  # a draft is not evaluated yet
    assert _found(admin_client, evaluated, f"dateEvaluatedStart={old}&dateEvaluatedEnd={recent}") == {"scored"}


def test_search_scope_and_can_evaluate(admin_client, evaluator, login_with, org, evaluated, make_contact):
    assert _found(evaluator, evaluated, "searchScope=myEvaluations") == {"scored", "draft", "pending", "approved"}
    assert _found(admin_client, evaluated, "searchScope=myEvaluations") == set()
    assert _found(admin_client, evaluated, "searchScope=allEvaluations") == set(evaluated)
    assert _found(evaluator, evaluated, "canEvaluate=true") == set(evaluated)
    own = login_with("Evaluate Contacts", "Search Contacts", person=org.agent_a)
    assert _found(own, evaluated, "canEvaluate=true") == set()  # their own calls
    assert _found(own, evaluated, "searchScope=myContacts") == set(evaluated)
    reader = login_with("Search Contacts")
    assert _found(reader, evaluated, "canEvaluate=true") == set()  # no Evaluate Contacts
    # what canEvaluate lists is exactly what POST …/eval accepts
    unrecorded = make_contact(has_recording=False)
    assert unrecorded not in {c["id"] for c in evaluator.get(f"{SEARCH}?canEvaluate=true&limit=1000").json()}
