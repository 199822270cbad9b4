"""Report test data: one tenant (America/Chicago) with two teams in two groups, agents, contacts with
metadata, an evaluation, schedules, agent states, exception requests and queue history, written
straight to the store; the clock frozen on 2026-03-10 12:00 local (two days after a DST change)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from openwfo.auth import permissions as perms
from openwfo.kit.clock import clock
from openwfo.models import (
    AgentStateChange,
    CasCategory,
    CasPhrase,
    CasSpeechHit,
    CasTextHit,
    Contact,
    ContactMetadata,
    EvalAnswer,
    EvalForm,
    EvalOption,
    EvalQuestion,
    EvalSection,
    EvalSectionScore,
    Evaluation,
    ExceptionRequest,
    HistoricalInterval,
    MetadataField,
    ScheduleActivity,
)
from openwfo.reports import limits

from ..scheduling.schedules.helpers import Wfm

CHICAGO = ZoneInfo("America/Chicago")
EXPORT = "/api/rest/dataexplorer/report/{}/export"
STATUS = "/api/rest/dataexplorer/report/export/request/{}"
CATALOG = "/api/rest/dataexplorer/report"


def local_ms(y, m, d, hh=0, mm=0) -> int:
    return int(dt.datetime(y, m, d, hh, mm, tzinfo=CHICAGO).timestamp() * 1000)


NOW = local_ms(2026, 3, 10, 12)


def body(qname: str | None = None, encoded="[]", rows=(0, 100), columns=(0, 100)) -> dict:
    out = {"schemaName": "com.stytch.rest.api.v4.data.report.action.ExportActionData", "action": "EXPORT_CSV",
           "state": {"schemaName": "com.stytch.rest.api.v4.data.report.ReportSpecData"},
           "paramValues": {"schemaName": "com.stytch.rest.api.v4.data.parameters.EncodedParameterValuesData",
                           "encodedParamValues": encoded},
           "pageSpecification": [{"offset": rows[0], "limit": rows[1]}, {"offset": columns[0], "limit": columns[1]}]}
    if qname:
        out["state"]["qname"] = qname
    return out


def csv_rows(r) -> list[list[str]]:
    import csv
    import io

    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv"), r.headers["content-type"]
    return list(csv.reader(io.StringIO(r.text)))


def as_dicts(r) -> list[dict]:
    rows = csv_rows(r)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@dataclass
class Seed:
    tenant_id: int
    team_a: int
    team_b: int
    group_a: int
    group_b: int
    agent_a: object
    agent_b: object
    contacts: list[int] = field(default_factory=list)
    queue_id: int = 0
    other_queue_id: int = 0
    evaluation_id: int = 0


@pytest.fixture(autouse=True)
def _limits(monkeypatch):
    # Every test starts from the documented limits (a test may lower one).
    for name in ("SYNC_BUDGET", "RESULT_KEEP_S", "QUEUE_TIMEOUT_S", "RATE_PER_MINUTE", "BLACKLIST_S"):
        monkeypatch.setattr(limits, name, getattr(limits, name))
    monkeypatch.setattr(limits, "RATE_PER_MINUTE", 1000)


@pytest.fixture
def seed(factory, tenant) -> Seed:
    clock.freeze(NOW)
    wfm = Wfm(factory, tenant.id)
    group_a, group_b = factory.group(tenant.id, "North"), factory.group(tenant.id, "South")
    team_a, team_b = factory.team(tenant.id, group_a, "Team A"), factory.team(tenant.id, group_b, "Team B")
    agent_a = wfm.agent(first_name="Ann", last_name="Able", team_id=team_a, acd_id="1001")
    agent_b = wfm.agent(first_name="Bob", last_name="Baker", team_id=team_b, acd_id="1002")
    s = Seed(tenant.id, team_a, team_b, group_a, group_b, agent_a, agent_b)
    s.queue_id, s.other_queue_id = wfm.queue("Sales"), wfm.queue("Support")
    with factory.database.session(tenant.id) as db:
        region = MetadataField(name="Region")
        note = MetadataField(name="Note")
        db.add_all([region, note])
        db.flush()
        specs = [  # (agent, team, group, start, ani, medium, direction)
            (agent_a, team_a, group_a, local_ms(2026, 3, 2, 9), "6125550001", "call", 1),
            (agent_a, team_a, group_a, local_ms(2026, 3, 7, 10), "=HYPERLINK(\"x\")", "call", 0),
            (agent_a, team_a, group_a, local_ms(2026, 3, 9, 23, 30), "6125550003", "email", 1),
            (agent_b, team_b, group_b, local_ms(2026, 3, 8, 1, 30), "6125550004", "call", 1),
            (agent_b, team_b, group_b, local_ms(2026, 3, 10, 8), "6125550005", "chat", 1),
        ]
        for i, (agent, team, group, start, ani, medium, direction) in enumerate(specs):
            c = Contact(start_ms=start, tz="America/Chicago", duration_ms=(i + 1) * 60_000, ani=ani, dnis="800",
                        call_id=f"call-{i}", person_id=agent.id, team_id=team, group_id=group, contact_type="quality",
                        medium=medium, direction=direction, has_recording=True, is_complete=True, silence_events=i)
            db.add(c)
            db.flush()
            s.contacts.append(c.id)
        db.add_all([ContactMetadata(contact_id=s.contacts[0], field_id=region.id, value="West", value_prefix="West"),
                    ContactMetadata(contact_id=s.contacts[0], field_id=note.id, value='He said "hi", then left',
                                    value_prefix="He said"),
                    ContactMetadata(contact_id=s.contacts[3], field_id=region.id, value="East", value_prefix="East")])
        form = EvalForm(name="Care")
        db.add(form)
        db.flush()
        section = EvalSection(form_id=form.id, name="Greeting", order=0)
        db.add(section)
        db.flush()
        q1 = EvalQuestion(form_id=form.id, section_id=section.id, text="Greeted by name", order=0)
        q2 = EvalQuestion(form_id=form.id, section_id=section.id, text="Tone", order=1)
        db.add_all([q1, q2])
        db.flush()
        yes = EvalOption(form_id=form.id, question_id=q1.id, type="ADDITIVE", label="Y", points=10)
        good = EvalOption(form_id=form.id, question_id=q2.id, type="ADDITIVE", label="Good", points=5)
        db.add_all([yes, good])
        db.flush()
        ev = Evaluation(contact_id=s.contacts[0], form_id=form.id, evaluator_id=tenant.admin_id, person_id=agent_a.id,
                        team_id=team_a, state=1, score=87.5, evaluated_ms=local_ms(2026, 3, 3, 9))
        blind = Evaluation(contact_id=s.contacts[3], form_id=form.id, evaluator_id=tenant.admin_id,
                           person_id=agent_b.id, team_id=team_b, state=1, score=50.0, calibration=True,
                           evaluated_ms=local_ms(2026, 3, 9, 9))
        db.add_all([ev, blind])
        db.flush()
        s.evaluation_id = ev.id
        db.add_all([EvalAnswer(evaluation_id=ev.id, question_id=q1.id, option_id=yes.id, comment="=cmd|' /C calc'!A0"),
                    EvalAnswer(evaluation_id=ev.id, question_id=q2.id, option_id=good.id),
                    EvalSectionScore(evaluation_id=ev.id, section_id=section.id, form_id=form.id, person_id=agent_a.id,
                                     team_id=team_a, evaluated_ms=ev.evaluated_ms, counted=True, score=87.5)])
        db.get(Contact, s.contacts[0]).eval_score = 87.5
        db.get(Contact, s.contacts[0]).evaluation_id = ev.id
        for agent in (agent_a, agent_b):
            for day in (9, 10):
                db.add(ScheduleActivity(person_id=agent.id, shift_date=dt.date(2026, 3, day), activity_type="in_service",
                                        detail_name="Sales", start_ms=local_ms(2026, 3, day, 8),
                                        end_ms=local_ms(2026, 3, day, 16), paid=True, service_queue_id=s.queue_id))
        db.add(ExceptionRequest(person_id=agent_a.id, exception_type_name="Doctor", shift_date=dt.date(2026, 3, 11),
                                start_ms=local_ms(2026, 3, 11, 9), end_ms=local_ms(2026, 3, 11, 11),
                                comment="+1 dentist", status="pending", created_ms=NOW - 3600_000))
        db.add(ExceptionRequest(person_id=agent_b.id, exception_type_name="Vacation", shift_date=dt.date(2026, 3, 12),
                                start_ms=local_ms(2026, 3, 12, 0), end_ms=local_ms(2026, 3, 13, 0), entire_day=True,
                                status="approved", created_ms=NOW - 7200_000, decided_ms=NOW - 3600_000))
        for qid, name in ((s.queue_id, "Sales"), (s.other_queue_id, "Support")):
            for k in range(4):
                start = local_ms(2026, 3, 9, 8) + k * 1_800_000
                db.add(HistoricalInterval(service_queue_id=qid, start_ms=start, local_date=dt.date(2026, 3, 9),
                                          period_minute=8 * 60 + 30 * k, service_name=name, received_calls=10 + k,
                                          handled_calls=9 + k, abandoned_calls=1, transferred_calls=0, avg_talk_s=120.5,
                                          avg_acw_s=30.0, asa_s=12.0, service_level=80.0, imported_ms=NOW))
    with factory.database.session(tenant.id) as db:
        category = CasCategory(name="Cancellation")
        db.add(category)
        db.flush()
        phrase = CasPhrase(category_id=category.id, phrase="cancel my account")
        db.add(phrase)
        db.flush()
        db.add_all([CasTextHit(contact_id=s.contacts[2], phrase_id=phrase.id, category_id=category.id, position=14,
                               length=17),
                    CasSpeechHit(contact_id=s.contacts[0], phrase_id=phrase.id, category_id=category.id, channel=1,
                                 start_ms=4000, stop_ms=5500, confidence=0.82),
                    CasSpeechHit(contact_id=s.contacts[3], phrase_id=phrase.id, category_id=category.id, channel=2,
                                 start_ms=1000, stop_ms=1800, confidence=0.6)])
        for agent in (agent_a, agent_b):
            for ts, state in ((local_ms(2026, 3, 10, 7, 55), 3), (local_ms(2026, 3, 10, 9), 4),
                              (local_ms(2026, 3, 10, 9, 10), 3), (local_ms(2026, 3, 10, 11), 2)):
                db.add(AgentStateChange(person_id=agent.id, ts_ms=ts, state=state,
                                        reason_code="11" if state == 2 else None, received_ms=ts))
    return s


REPORTS_PERMISSIONS = ("ReportAuthoring", "Search Contacts", "Edit Schedules", "Administer WFM", "Plan Schedules",
                       "View Schedules")


@pytest.fixture
def login_as(factory, tenant, new_client):
    """A client logged in as a new person holding these permissions and scope."""
    def make(*names, scope_teams=(), scope_all=False, team_id=None, enabled_for_scheduling=False):
        role = factory.role(tenant.id, [perms.BY_NAME[n].id for n in names])
        person = factory.person(tenant.id, role=role, scope_teams=scope_teams, scope_all=scope_all, team_id=team_id,
                                enabled_for_scheduling=enabled_for_scheduling)
        c = new_client()
        factory.login(c, person.email, factory.PASSWORD, tenant_id=tenant.id)
        c.person = person
        return c

    return make
