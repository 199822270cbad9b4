"""Surveys: authoring in the Survey Configuration API shape, and results a survey provider posts
for a contact, scored with the survey's weights.

Scoring: an answer is worth question weight x answer weight; `totalPoints` of a survey is the sum
over its questions of weight x the best answer's weight (one decimal). A result's `score` is
100 x points / the best points of the questions it answers; `kpiScore` is the same over its KPI
questions. Free-text questions (no answers configured) are stored and not scored.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, NotFound
from ...kit.clock import now_ms
from ...models import (
    Contact,
    ContactMetadata,
    MetadataField,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResult,
    SurveyResultAnswer,
)
from ...scheduling.rules import Violations, check_name, name_taken
from ..contacts.access import contact_scope_filter, get_visible_contact
from .schemas import SurveyIn, SurveyResultIn

API = "/api/rest/recording"
# metadata keys that name a contact column rather than a custom metadata field
_COLUMN_KEYS = {"callid": Contact.call_id, "assoccallid": Contact.assoc_call_id, "icmcallid": Contact.icm_call_id}


def _load(db: Session, ids: list[int] | None = None) -> list[tuple[Survey, list[SurveyQuestion], dict[int, list]]]:
    q = select(Survey).order_by(Survey.id)
    if ids is not None:
        q = q.where(Survey.id.in_(ids))
    surveys = list(db.scalars(q))
    if not surveys:
        return []
    sids = [s.id for s in surveys]
    questions: dict[int, list[SurveyQuestion]] = {}
    for r in db.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id.in_(sids))
                        .order_by(SurveyQuestion.order, SurveyQuestion.id)):
        questions.setdefault(r.survey_id, []).append(r)
    answers: dict[int, list[SurveyAnswer]] = {}
    for a in db.scalars(select(SurveyAnswer).where(SurveyAnswer.survey_id.in_(sids))
                        .order_by(SurveyAnswer.order, SurveyAnswer.id)):
        answers.setdefault(a.question_id, []).append(a)
    return [(s, questions.get(s.id, []), answers) for s in surveys]


def get_survey(db: Session, survey_id: int):
    found = _load(db, [survey_id])
    if not found:
        raise NotFound(f"Survey {survey_id} does not exist")
    return found[0]


def list_surveys(db: Session):
    return _load(db)


def _best(question: SurveyQuestion, answers: list[SurveyAnswer]) -> float | None:
    return question.weight * max(a.weight for a in answers) if answers else None


def survey_json(loaded) -> dict:
    s, questions, answers = loaded
    best = [_best(q, answers.get(q.id, [])) for q in questions]
    return {
        "id": s.id, "name": s.name, "description": s.description,
        "creator": str(s.creator_id) if s.creator_id is not None else None, "created": s.created_ms,
        "totalPoints": round(sum(b for b in best if b is not None), 1), "providerSurveyId": s.provider_survey_id,
        "surveyProviderConnectionId": s.provider_connection_id, "statusFK": s.status,
        "metaDataFieldKey": s.metadata_key, "lastModified": s.last_modified_ms,
        "properties": json.loads(s.properties or "{}"),
        "questions": [{"id": q.id, "surveyId": s.id, "label": q.label, "description": q.description,
                       "providerQuestionId": q.provider_question_id, "type": q.type, "weight": q.weight,
                       "isKPI": q.is_kpi, "lastModified": q.last_modified_ms,
                       "answers": [{"id": a.id, "questionId": q.id, "label": a.label, "description": a.description,
                                    "providerAnswerId": a.provider_answer_id, "type": a.type, "weight": a.weight,
                                    "value": a.value, "lastModified": a.last_modified_ms}
                                   for a in answers.get(q.id, [])]}
                      for q in questions],
    }


def _validate(db: Session, body: SurveyIn, current=None) -> str:
    v = Violations("survey")
    name = check_name(v, "name", body.name, max_len=200)
    if name and name_taken(db, Survey, name, exclude_id=current[0].id if current else None):
        v.add("name", "another survey has this name")
    for field, value, n in (("description", body.description, 4000), ("providerSurveyId", body.provider_survey_id, 200),
                            ("metaDataFieldKey", body.meta_data_field_key, 100)):
        if value is not None and len(value) > n:
            v.add(field, f"must be at most {n} characters")
    own_q = {q.id for q in current[1]} if current else set()
    own_a = {a.id for lst in current[2].values() for a in lst} if current else set()
    for qi, q in enumerate(body.questions):
        at = f"questions[{qi}]"
        check_name(v, at + ".label", q.label, max_len=2000)
        if q.id is not None and q.id not in own_q:
            v.add(at + ".id", f"question {q.id} is not part of this survey")
        for ai, a in enumerate(q.answers):
            check_name(v, f"{at}.answers[{ai}].label", a.label, max_len=2000)
            if a.id is not None and a.id not in own_a:
                v.add(f"{at}.answers[{ai}].id", f"answer {a.id} is not part of this survey")
            if a.value is not None and len(a.value) > 200:
                v.add(f"{at}.answers[{ai}].value", "must be at most 200 characters")
    v.raise_if_any()
    return name


def _write(db: Session, survey: Survey, body: SurveyIn, current) -> None:
    now = now_ms()
    old_q = {q.id: q for q in current[1]} if current else {}
    old_a = {a.id: a for lst in current[2].values() for a in lst} if current else {}
    keep_q, keep_a = set(), set()
    for qi, q in enumerate(body.questions):
        values = {"survey_id": survey.id, "label": q.label.strip(), "description": q.description,
                  "provider_question_id": q.provider_question_id, "type": q.type, "weight": q.weight,
                  "is_kpi": q.is_kpi, "order": qi, "last_modified_ms": now}
        row = old_q.get(q.id) if q.id is not None else None
        if row is None:
            row = SurveyQuestion(**values)
            db.add(row)
        else:
            for k, val in values.items():
                setattr(row, k, val)
        db.flush()
        keep_q.add(row.id)
        for ai, a in enumerate(q.answers):
            avals = {"survey_id": survey.id, "question_id": row.id, "label": a.label.strip(),
                     "description": a.description, "provider_answer_id": a.provider_answer_id, "type": a.type,
                     "weight": a.weight, "value": a.value, "order": ai, "last_modified_ms": now}
            arow = old_a.get(a.id) if a.id is not None else None
            if arow is None:
                arow = SurveyAnswer(**avals)
                db.add(arow)
            else:
                for k, val in avals.items():
                    setattr(arow, k, val)
            db.flush()
            keep_a.add(arow.id)
    for model, old, keep in ((SurveyAnswer, old_a, keep_a), (SurveyQuestion, old_q, keep_q)):
        gone = set(old) - keep
        if gone:
            db.execute(delete(model).where(model.id.in_(gone)), execution_options={"synchronize_session": False})
    db.expire_all()


def _fields(body: SurveyIn, name: str) -> dict:
    return {"name": name, "description": body.description, "provider_survey_id": body.provider_survey_id,
            "provider_connection_id": body.survey_provider_connection_id, "status": body.status_fk,
            "metadata_key": body.meta_data_field_key, "properties": json.dumps(body.properties),
            "last_modified_ms": now_ms()}


def create_survey(db: Session, principal: Principal, body: SurveyIn):
    name = _validate(db, body)
    s = Survey(**_fields(body, name), creator_id=principal.person_id, created_ms=now_ms())
    db.add(s)
    db.flush()
    _write(db, s, body, None)
    return get_survey(db, s.id)


def update_survey(db: Session, survey_id: int, body: SurveyIn):
    current = get_survey(db, survey_id)
    name = _validate(db, body, current)
    for k, val in _fields(body, name).items():
        setattr(current[0], k, val)
    db.flush()
    _write(db, current[0], body, current)
    return get_survey(db, survey_id)


def delete_survey(db: Session, survey_id: int) -> None:
    get_survey(db, survey_id)
    db.execute(delete(Survey).where(Survey.id == survey_id), execution_options={"synchronize_session": False})


# ------------------------------------------------------------------ results

def _find_contact(db: Session, principal: Principal, survey: Survey, body: SurveyResultIn) -> Contact:
    if body.contact_id is not None:
        return get_visible_contact(db, principal, body.contact_id)
    value = body.metadata_value
    if value is None or not survey.metadata_key:
        raise BadRequest("A result names its contact: contactId, or metadataValue (the survey's metaDataFieldKey)",
                         errors=[{"field": "contactId", "reason": "contactId or metadataValue is required"}])
    key = survey.metadata_key
    q = select(Contact)
    column = _COLUMN_KEYS.get(key.lower())
    if column is not None:
        q = q.where(column == value)
    else:
        q = q.where(Contact.id.in_(select(ContactMetadata.contact_id).join(
            MetadataField, MetadataField.id == ContactMetadata.field_id).where(
            MetadataField.name == key, ContactMetadata.value_prefix == value[:200], ContactMetadata.value == value)))
    scope = contact_scope_filter(db, principal)
    if scope is not None:
        q = q.where(scope)
    contact = db.scalar(q.order_by(Contact.start_ms.desc(), Contact.id.desc()).limit(1))
    if contact is None:
        raise NotFound(f"No contact has {key} {value!r}")
    return contact


def _match(v: Violations, at: str, item, questions, answers):
    q = None
    if item.question_id is not None:
        q = next((x for x in questions if x.id == item.question_id), None)
    elif item.provider_question_id is not None:
        q = next((x for x in questions if x.provider_question_id == item.provider_question_id), None)
    if q is None:
        v.add(at + ".questionId", "names no question of this survey")
        return None, None
    options = answers.get(q.id, [])
    a = None
    if item.answer_id is not None:
        a = next((x for x in options if x.id == item.answer_id), None)
    elif item.provider_answer_id is not None:
        a = next((x for x in options if x.provider_answer_id == item.provider_answer_id), None)
    elif item.value is not None and options:
        text = str(item.value).strip().lower()
        a = next((x for x in options if (x.value or "").strip().lower() == text), None) or next(
            (x for x in options if x.label.strip().lower() == text), None)
    if options and a is None:
        v.add(at + ".answerId", f"names no answer of question {q.id}")
    return q, a


def add_result(db: Session, principal: Principal, survey_id: int, body: SurveyResultIn) -> dict:
    survey, questions, answers = get_survey(db, survey_id)
    contact = _find_contact(db, principal, survey, body)
    v = Violations("survey result")
    if not body.answers:
        v.add("answers", "a result needs answers")
    picked = []
    seen = set()
    for i, item in enumerate(body.answers):
        q, a = _match(v, f"answers[{i}]", item, questions, answers)
        if q is not None:
            if q.id in seen:
                v.add(f"answers[{i}].questionId", f"question {q.id} is answered twice")
            seen.add(q.id)
            value = str(item.value) if item.value is not None else (a.value if a is not None else None)
            if value is not None and len(value) > 2000:
                v.add(f"answers[{i}].value", "must be at most 2000 characters")
            picked.append((q, a, value))
    if body.respondent is not None and len(body.respondent) > 200:
        v.add("respondent", "must be at most 200 characters")
    v.raise_if_any()
    points = best = kpi_points = kpi_best = 0.0
    rows = []
    for q, a, value in picked:
        p = q.weight * a.weight if a is not None else None
        top = _best(q, answers.get(q.id, []))
        if p is not None and top is not None:
            points, best = points + p, best + top
            if q.is_kpi:
                kpi_points, kpi_best = kpi_points + p, kpi_best + top
        rows.append((q, a, value, p))
    result = SurveyResult(survey_id=survey.id, contact_id=contact.id, received_ms=now_ms(), respondent=body.respondent,
                          points=round(points, 2), total_points=round(best, 2),
                          score=round(100 * points / best, 2) if best > 0 else None,
                          kpi_score=round(100 * kpi_points / kpi_best, 2) if kpi_best > 0 else None)
    db.add(result)
    db.flush()
    for q, a, value, p in rows:
        db.add(SurveyResultAnswer(result_id=result.id, question_id=q.id, answer_id=a.id if a else None, value=value,
                                  points=p))
    db.flush()
    return _results(db, [result])[0]


def _results(db: Session, results: list[SurveyResult]) -> list[dict]:
    if not results:
        return []
    ids = [r.id for r in results]
    qs = {q.id: q for q in db.scalars(select(SurveyQuestion).where(
        SurveyQuestion.survey_id.in_({r.survey_id for r in results})))}
    ans = {a.id: a for a in db.scalars(select(SurveyAnswer).where(
        SurveyAnswer.survey_id.in_({r.survey_id for r in results})))}
    names = dict(db.execute(select(Survey.id, Survey.name).where(Survey.id.in_({r.survey_id for r in results}))).all())
    given: dict[int, list] = {}
    for ra in db.scalars(select(SurveyResultAnswer).where(SurveyResultAnswer.result_id.in_(ids))):
        given.setdefault(ra.result_id, []).append(ra)
    out = []
    for r in results:
        items = []
        for ra in sorted(given.get(r.id, []), key=lambda x: (qs[x.question_id].order, x.question_id)):
            q, a = qs[ra.question_id], ans.get(ra.answer_id)
            items.append({"questionId": q.id, "providerQuestionId": q.provider_question_id, "label": q.label,
                          "isKPI": q.is_kpi, "answerId": a.id if a else None,
                          "providerAnswerId": a.provider_answer_id if a else None,
                          "answerLabel": a.label if a else None, "value": ra.value, "points": ra.points})
        out.append({"id": r.id, "survey": {"id": r.survey_id, "name": names.get(r.survey_id),
                                           "$ref": f"{API}/survey/{r.survey_id}"},
                    "contact": {"id": r.contact_id, "$ref": f"{API}/contact/{r.contact_id}"},
                    "received": r.received_ms, "respondent": r.respondent, "points": r.points,
                    "totalPoints": r.total_points, "score": r.score, "kpiScore": r.kpi_score, "answers": items})
    return out


def list_results(db: Session, principal: Principal, survey_id: int, limit: int, offset: int) -> list[dict]:
    get_survey(db, survey_id)
    q = select(SurveyResult).join(Contact, Contact.id == SurveyResult.contact_id).where(SurveyResult.survey_id == survey_id)
    scope = contact_scope_filter(db, principal)
    if scope is not None:
        q = q.where(scope)
    return _results(db, list(db.scalars(q.order_by(SurveyResult.received_ms.desc(), SurveyResult.id.desc())
                                        .limit(limit).offset(offset))))


def contact_results(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = get_visible_contact(db, principal, contact_id)
    return _results(db, list(db.scalars(select(SurveyResult).where(SurveyResult.contact_id == contact.id)
                                        .order_by(SurveyResult.id))))

