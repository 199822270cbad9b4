"""Evaluation test helpers: contacts written straight to the store, a hand-computable form, and
clients for an evaluator, an approver and a QM administrator."""

from __future__ import annotations

import copy
import uuid

import pytest

from openwfo.kit.clock import clock
from openwfo.models import Contact

FORMS = "/api/rest/recording/evalform"
DAY = 86_400_000


def contact_url(contact_id: int) -> str:
    return f"/api/rest/recording/contact/{contact_id}"


FORM = {
    "name": "Customer care",
    "description": "How the call went",
    "manualWeighting": False,
    "createdTz": "America/Chicago",
    "status": 0,
    "defaultForm": False,
    "approvalRequired": False,
    "bandRanges": [{"band": 1, "begin": 0, "end": 40}, {"band": 2, "begin": 40, "end": 60},
                   {"band": 3, "begin": 60, "end": 100}],
    "scoreType": {"id": 1, "name": "percentage"},
    "sections": [
        {"name": "Greeting", "order": 0, "weight": 3.0, "startColor": "#ffffff", "endColor": "#000000",
         "questions": [
             {"text": "Greeted by name", "order": 0, "weight": 1.0, "description": "",
              "options": [{"type": "ADDITIVE", "label": "Y", "isDefault": True, "kpiPriority": 0, "order": 0, "points": 10},
                          {"type": "ADDITIVE", "label": "N", "isDefault": False, "kpiPriority": 0, "order": 1, "points": 0},
                          {"type": "NOTAPPLICABLE", "label": "N/A", "isDefault": False, "kpiPriority": 0, "order": 2,
                           "points": 0}]},
             {"text": "Tone", "order": 1, "weight": 3.0, "description": "friendly?",
              "options": [{"type": "ADDITIVE", "label": "Good", "isDefault": False, "kpiPriority": 0, "order": 0, "points": 5},
                          {"type": "ADDITIVE", "label": "OK", "isDefault": True, "kpiPriority": 0, "order": 1, "points": 3},
                          {"type": "ADDITIVE", "label": "Bad", "isDefault": False, "kpiPriority": 0, "order": 2, "points": 0}]},
         ]},
        {"name": "Compliance", "order": 1, "weight": 1.0, "startColor": "#00ff00", "endColor": "#ff0000",
         "questions": [
             {"text": "Read the disclosure", "order": 0, "weight": 0.5, "description": "",
              "options": [{"type": "KPI", "label": "Y", "isDefault": True, "kpiPriority": 0, "order": 0, "points": 100},
                          {"type": "ADDITIVE", "label": "N", "isDefault": False, "kpiPriority": 0, "order": 1, "points": 0},
                          {"type": "NOTAPPLICABLE", "label": "N\\A", "isDefault": False, "kpiPriority": 0, "order": 2,
                           "points": 0}]},
         ]},
    ],
}


def form_body(**changes) -> dict:
    body = copy.deepcopy(FORM)
    body["name"] = changes.pop("name", None) or f"Form {uuid.uuid4().hex[:12]}"
    body.update(changes)
    return body


class Picker:
    """Option ids of a created form by (question text, option label)."""

    def __init__(self, form: dict):
        self.form = form
        self.questions = {q["text"]: q for s in form["sections"] for q in s["questions"]}

    def q(self, text: str) -> int:
        return self.questions[text]["id"]

    def o(self, text: str, label: str) -> int:
        return next(o["id"] for o in self.questions[text]["options"] if o["label"] == label)

    def answers(self, **labels) -> list[dict]:
        names = {"greet": "Greeted by name", "tone": "Tone", "disclosure": "Read the disclosure"}
        return [{"questionId": self.q(names[k]), "optionId": self.o(names[k], v)} for k, v in labels.items()]


@pytest.fixture
def make_form(admin_client):
    def make(**changes) -> Picker:
        r = admin_client.post(FORMS, json=form_body(**changes))
        assert r.status_code == 200, r.text
        return Picker(r.json())

    return make


@pytest.fixture
def make_contact(app, org):
    def make(agent=None, team_id=None, days_ago: float = 1, **fields) -> int:
        agent = agent or org.agent_a
        with app.state.database.session(org.tenant.id) as db:
            values = {"contact_type": "quality", "has_recording": True, "is_complete": True, "audio_uploaded": True,
                      **fields}
            c = Contact(start_ms=clock.now_ms() - int(days_ago * DAY), tz="UTC", duration_ms=60_000,
                        person_id=agent.id, team_id=team_id or agent.team_id, **values)
            db.add(c)
            db.flush()
            return c.id

    return make


@pytest.fixture
def evaluator(login_with):
    return login_with("Evaluate Contacts", "Search Contacts")


@pytest.fixture
def approver(login_with):
    return login_with("Approve Evaluations", "Evaluate Contacts", "Search Contacts")
