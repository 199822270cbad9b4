"""Demo QM evaluations: two forms (one needing approval, with a form-level KPI) and a few hundred
evaluations of the demo contacts by their groups' supervisors — scored, in progress, waiting for
approval and approved, some flagged for training or HR, some with comments.

The contact seeder's random evaluation flags are cleared first: after this seeder every flag on a
demo contact comes from a real evaluation.
"""

from __future__ import annotations

import random

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..kit.clock import now_ms
from ..models import Contact, EvalForm, Person, PersonScopeGroup, Tenant
from ..recording.evalforms.schemas import EvalFormIn
from ..recording.evalforms.service import create_form
from ..recording.evaluations import states
from ..recording.evaluations.bulk import EvalSpec, insert_evaluations

EVALUATIONS = 300
DAY = 86_400_000
BANDS = [{"band": 1, "begin": 0, "end": 60}, {"band": 2, "begin": 60, "end": 85}, {"band": 3, "begin": 85, "end": 100}]
COMMENTS = ["Great empathy with an upset caller.", "Remember to verify the account before discussing it.",
            "Good hold etiquette.", "Summarise the next steps before closing.", "Clear and confident throughout."]


def _yes_no(text: str, weight: float = 1.0, kpi: int | None = None, na: bool = False) -> dict:
    yes = {"type": "KPI" if kpi is not None else "ADDITIVE", "label": "Yes", "isDefault": True,
           "kpiPriority": kpi or 0, "points": 10}
    options = [yes, {"type": "ADDITIVE", "label": "No", "points": 0}]
    if na:
        options.append({"type": "NOTAPPLICABLE", "label": "N/A", "points": 0})
    return {"text": text, "weight": weight, "description": "", "options": options}


def _scale(text: str, weight: float = 1.0) -> dict:
    labels = [("Excellent", 4), ("Good", 3), ("Fair", 2), ("Poor", 0)]
    return {"text": text, "weight": weight, "description": "",
            "options": [{"type": "ADDITIVE", "label": label, "points": p, "isDefault": label == "Good"}
                        for label, p in labels]}


FORMS = [
    {"name": "Customer Experience", "description": "Everyday call quality", "manualWeighting": False,
     "approvalRequired": False, "defaultForm": True, "bandRanges": BANDS, "scoreType": {"id": 1},
     "sections": [
         {"name": "Opening", "startColor": "#e3f2fd", "endColor": "#1565c0",
          "questions": [_yes_no("Used the standard greeting"), _yes_no("Verified the caller's identity", na=True)]},
         {"name": "Resolution", "startColor": "#e8f5e9", "endColor": "#2e7d32",
          "questions": [_scale("Understood the customer's need"), _scale("Explained the solution clearly"),
                        _yes_no("Resolved on the first call", na=True)]},
         {"name": "Soft skills", "startColor": "#fff3e0", "endColor": "#ef6c00",
          "questions": [_scale("Empathy and tone"), _yes_no("Avoided long silences")]},
     ]},
    {"name": "Compliance Review", "description": "Regulated disclosures; scores need a second pair of eyes",
     "manualWeighting": True, "approvalRequired": True, "defaultForm": False, "bandRanges": BANDS,
     "scoreType": {"id": 1},
     "sections": [
         {"name": "Disclosures", "weight": 3, "startColor": "#fce4ec", "endColor": "#ad1457",
          "questions": [_yes_no("Read the recording disclosure", weight=2, kpi=1),
                        _yes_no("Confirmed consent for marketing", weight=1, kpi=0, na=True)]},
         {"name": "Data handling", "weight": 1, "startColor": "#ede7f6", "endColor": "#4527a0",
          "questions": [_yes_no("Did not read card numbers aloud", weight=1),
                        _scale("Recorded the call notes", weight=1)]},
     ]},
]


def _answers(rng: random.Random, form) -> dict[int, int]:
    out = {}
    for s in form.sections:
        for q in s.questions:
            options = q.options
            # mostly good answers: the first option is the best
            weights = [6 if i == 0 else 2 if i == 1 else 1 for i in range(len(options))]
            out[q.row.id] = rng.choices(options, weights=weights)[0].id
    return out


def seed(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(EvalForm.id).where(EvalForm.name == FORMS[0]["name"]).limit(1)):
        return
    rng = random.Random(20261205)
    supervisors = dict(db.execute(select(PersonScopeGroup.group_id, Person.id)
                                  .join(Person, Person.id == PersonScopeGroup.person_id)).all())
    admin = db.scalar(select(Person.id).where(Person.scope_all.is_(True)).order_by(Person.id).limit(1))
    if admin is None:
        return
    author = Principal(session_id="demo", tenant_id=tenant.id, person_id=admin, permission_ids=frozenset(),
                       scope_all=True)
    forms = [create_form(db, author, EvalFormIn.model_validate(body)) for body in FORMS]
    db.execute(update(Contact).where(Contact.source == "demo").values(
        hr=False, training=False, scored=False, needs_approval=False, eval_in_progress=False, approved=False),
        execution_options={"synchronize_session": False})
    contacts = db.execute(select(Contact.id, Contact.person_id, Contact.team_id, Contact.group_id, Contact.start_ms)
                          .where(Contact.source == "demo", Contact.contact_type == "quality",
                                 Contact.person_id.is_not(None)).order_by(Contact.id)).all()
    if not contacts:
        return
    chosen = rng.sample(contacts, min(EVALUATIONS, len(contacts)))
    per_form: dict[int, list[EvalSpec]] = {f.form.id: [] for f in forms}
    for n, c in enumerate(chosen):
        tree = forms[0] if n % 4 else forms[1]
        if tree.form.approval_required:
            state = rng.choice([states.NEEDS_APPROVAL, states.NEEDS_APPROVAL, states.APPROVED, states.IN_PROGRESS])
        else:
            state = rng.choices([states.SCORED, states.IN_PROGRESS], weights=[9, 1])[0]
        per_form[tree.form.id].append(EvalSpec(
            contact_id=c.id, person_id=c.person_id, team_id=c.team_id,
            evaluator_id=supervisors.get(c.group_id, admin), answers=_answers(rng, tree), state=state,
            evaluated_ms=min(now_ms(), c.start_ms + rng.randint(1, 5) * DAY // 2), hr=rng.random() < 0.03,
            training=rng.random() < 0.12, comments=[rng.choice(COMMENTS)] if rng.random() < 0.25 else []))
    for tree in forms:
        insert_evaluations(db, tenant.id, tree, per_form[tree.form.id], tenant.time_zone)
