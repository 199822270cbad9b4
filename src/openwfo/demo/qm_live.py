"""Demo surveys and a live call: a post-call satisfaction survey with customers' results on demo
contacts (posted by contact id and by call id, scored by the survey service), and a simulated call in
progress for the demo agent (alex.agent@demo.openwfo.test), with a phone (extension 2001) to log in to, for the recording
controls to act on (pause, resume, tag, metadata, segment, screen-only recordings, hoteling).
"""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..kit.clock import now_ms
from ..models import Contact, Device, DeviceExtension, Person, Role, Survey, Team, Tenant
from ..recording.contacts.access import default_workflows
from ..recording.imports.service import metadata_field_ids, set_metadata
from ..recording.surveys.schemas import SurveyIn, SurveyResultIn
from ..recording.surveys.service import add_result, create_survey

SURVEY_NAME = "Post-call satisfaction"
RESULTS = 60
LIVE_CALL_ID = "demo-live-0001"
LIVE_EXTENSION = "2001"
DEMO_AGENT = "alex.agent@demo.openwfo.test"  # the demo's agent login (demo/foundation.py)


def _scale(label: str, weight: float, kpi: bool) -> dict:
    answers = [{"label": text, "weight": w, "value": str(w)} for text, w in
               (("Very satisfied", 5), ("Satisfied", 4), ("Neutral", 3), ("Dissatisfied", 2), ("Very dissatisfied", 1))]
    return {"label": label, "type": "SCALE", "weight": weight, "isKPI": kpi, "answers": answers}


SURVEY = {
    "name": SURVEY_NAME, "description": "Three questions texted to the caller after the call",
    "providerSurveyId": "demo-csat-1", "statusFK": 2, "metaDataFieldKey": "callId",
    "questions": [
        _scale("How satisfied were you with the agent?", 2.0, True),
        {"label": "Was your issue resolved?", "type": "YESNO", "weight": 1.0, "isKPI": True,
         "answers": [{"label": "Yes", "weight": 5, "value": "yes"}, {"label": "No", "weight": 0, "value": "no"}]},
        _scale("How easy was it to reach us?", 1.0, False),
        {"label": "Anything else you would like to tell us?", "type": "TEXT", "weight": 0.0, "answers": []},
    ],
}
REMARKS = ["Very quick, thanks!", "Had to wait a while on hold.", "The agent was lovely.", "Still waiting on a refund."]


def _admin(db: Session, tenant: Tenant) -> Principal | None:
    admin = db.scalar(select(Person.id).where(Person.scope_all.is_(True)).order_by(Person.id).limit(1))
    if admin is None:
        return None
    return Principal(session_id="demo", tenant_id=tenant.id, person_id=admin, permission_ids=frozenset(),
                     scope_all=True)


def _seed_survey(db: Session, tenant: Tenant, author: Principal) -> None:
    if db.scalar(select(Survey.id).where(Survey.name == SURVEY_NAME).limit(1)):
        return
    survey, questions, answers = create_survey(db, author, SurveyIn.model_validate(SURVEY))
    contacts = db.execute(select(Contact.id, Contact.call_id).where(Contact.source == "demo",
                                                                     Contact.call_id.is_not(None))
                          .order_by(Contact.start_ms.desc()).limit(RESULTS * 3)).all()
    rng = random.Random(20261206)
    for n, c in enumerate(rng.sample(contacts, min(RESULTS, len(contacts)))):
        picked = []
        for q in questions:
            options = answers.get(q.id, [])
            if options:
                # mostly happy customers, a few unhappy ones
                a = options[min(len(options) - 1, int(rng.expovariate(1.6)))]
                picked.append({"questionId": q.id, "answerId": a.id})
            elif rng.random() < 0.4:
                picked.append({"questionId": q.id, "value": rng.choice(REMARKS)})
        by = {"contactId": c.id} if n % 2 else {"metadataValue": c.call_id}  # by id, or by the call id
        add_result(db, author, survey.id, SurveyResultIn.model_validate({**by, "respondent": f"+1555{rng.randint(1000000, 9999999)}",
                                                                         "answers": picked}))


def _seed_live_call(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(Contact.id).where(Contact.call_id == LIVE_CALL_ID).limit(1)):
        return
    agent = db.scalar(select(Person).where(Person.email == DEMO_AGENT, Person.deactivated.is_(False)))
    if agent is None:  # else the first agent with an ACD id
        agent_role = db.scalar(select(Role.id).where(Role.name.ilike("agent")).limit(1))
        agents = db.scalars(select(Person).where(Person.deactivated.is_(False), Person.acd_id.is_not(None))
                            .order_by(Person.id)).all()
        agent = next((p for p in agents if any(r.id == agent_role for r in p.roles)), agents[0] if agents else None)
    if agent is None:
        return
    team = db.get(Team, agent.team_id)
    now = now_ms()
    start = now - 95_000
    workflows = default_workflows(db)
    call = Contact(start_ms=start, tz=agent.time_zone or tenant.time_zone, duration_ms=0, ani="16125550147",
                   dnis="18005550100", line=LIVE_EXTENSION, call_id=LIVE_CALL_ID, direction=1, person_id=agent.id,
                   team_id=agent.team_id, group_id=team.group_id if team else None, contact_type="quality",
                   quality_workflow_id=workflows["quality"], archive_workflow_id=workflows["archive"],
                   is_complete=False, source="realtime", created_ms=start, updated_ms=start)
    db.add(call)
    db.flush()
    metadata_field_ids(db, {"accountNumber", "queue", "outcome"}, now)  # defined keys the metadata command sets
    set_metadata(db, tenant.id, call.id, {"accountNumber": "40417723", "queue": "Billing"}, now)
    if not db.scalar(select(DeviceExtension.id).where(DeviceExtension.extension == LIVE_EXTENSION).limit(1)):
        device = Device(name="SEP-DEMO-2001", device_type="Cisco 8845", person_id=agent.id, updated_ms=now)
        device.extensions = [DeviceExtension(extension=LIVE_EXTENSION, position=0)]
        db.add(device)


def seed(db: Session, tenant: Tenant) -> None:
    author = _admin(db, tenant)
    if author is None:
        return
    _seed_survey(db, tenant, author)
    _seed_live_call(db, tenant)
