"""Automated QA (extension): evaluation questions bound to analytics, answered in a draft evaluation.

A rule binds a question of an evaluation form to a category (met when the contact has a hit of it,
on the given channel if one is named: 0 agent, 1 customer) or to talk-over / silence (met when the
contact's longest such event is under `limitMs`). When a contact's analytics finish (speech job, text
import), each form with rules gets a draft evaluation in progress on the contact, without evaluator,
marked automatic (`cas_auto_evaluation`), its bound questions answered, each with a comment saying
why. A form the contact already has a human evaluation of is left alone; an automatic draft still in
progress is updated. An approver confirms or changes it with the Evaluation API, or an evaluator
takes it over (`PUT /api/rest/cas/qa/evaluation/{id}/claim`) and then edits it as their own.
"""

from __future__ import annotations

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.deps import DbSession, Requires
from ..errors import NotFound
from ..kit.clock import now_ms
from ..kit.violations import Violations
from ..kit.wire import MAX_ID, Body, Id, IdPath
from ..models import (
    CasAutoEvaluation,
    CasCategory,
    CasQaRule,
    CasSpeechHit,
    CasTextHit,
    Contact,
    EvalOption,
    EvalQuestion,
    Evaluation,
)
from ..recording.contacts.access import get_visible_contact
from ..recording.evalforms.tree import load_form
from ..recording.evaluations import states
from ..recording.evaluations.service import record_history, rescore, sync_contact, write_answers

KINDS = ("category", "talkover", "silence")
router = APIRouter(tags=["analytics", "extension"])
BASE = "/api/rest/cas/qarule"
AdminAnalytics = Requires("Admin Desktop Analytics", "Admin Audio Analytics", "Admin LVCSR Analytics",
                          "Admin Text Analytics", "Administer Tenant IT")
Evaluator = Requires("Evaluate Contacts")


class QaRuleIn(Body):
    question_id: Id
    kind: str = Field(..., description="category | talkover | silence")
    category_id: Id | None = None
    channel: int | None = Field(None, ge=0, le=1, description="0 agent, 1 customer; none: either")
    limit_ms: int | None = Field(None, ge=0, le=86_400_000)
    option_met_id: Id
    option_not_met_id: Id


def rule_json(r: CasQaRule) -> dict:
    return {"id": r.id, "questionId": r.question_id, "formId": r.form_id, "kind": r.kind,
            "categoryId": r.category_id, "channel": r.channel, "limitMs": r.limit_ms,
            "optionMetId": r.option_met_id, "optionNotMetId": r.option_not_met_id}


def create_rule(db: Session, body: QaRuleIn) -> dict:
    v = Violations("automated QA rule")
    question = db.get(EvalQuestion, body.question_id)
    if question is None:
        v.add("questionId", "does not exist")
    if body.kind not in KINDS:
        v.add("kind", f"must be one of {', '.join(KINDS)}")
    if body.kind == "category" and (body.category_id is None or db.get(CasCategory, body.category_id) is None):
        v.add("categoryId", "a category rule needs an existing category")
    if body.kind in ("talkover", "silence") and body.limit_ms is None:
        v.add("limitMs", "is required for talk-over and silence rules")
    for field, oid in (("optionMetId", body.option_met_id), ("optionNotMetId", body.option_not_met_id)):
        option = db.get(EvalOption, oid)
        if option is None or question is None or option.question_id != question.id:
            v.add(field, "must be an option of the question")
    if question is not None and db.scalar(select(CasQaRule.id).where(CasQaRule.question_id == question.id)):
        v.add("questionId", "already has a rule")
    v.raise_if_any()
    row = CasQaRule(question_id=question.id, form_id=question.form_id, kind=body.kind,
                    category_id=body.category_id if body.kind == "category" else None, channel=body.channel,
                    limit_ms=body.limit_ms, option_met_id=body.option_met_id,
                    option_not_met_id=body.option_not_met_id, created_ms=now_ms())
    db.add(row)
    db.flush()
    return rule_json(row)


def _met(db: Session, rule: CasQaRule, contact: Contact) -> tuple[bool, str]:
    if rule.kind == "category":
        q = select(CasSpeechHit.start_ms).where(CasSpeechHit.contact_id == contact.id,
                                                CasSpeechHit.category_id == rule.category_id)
        if rule.channel is not None:
            q = q.where(CasSpeechHit.channel == rule.channel)
        at = db.scalar(q.order_by(CasSpeechHit.start_ms).limit(1))
        if at is not None:
            return True, f"automatic: category hit at {at / 1000:.1f} s"
        if rule.channel in (None, 0) and db.scalar(select(CasTextHit.id).where(
                CasTextHit.contact_id == contact.id, CasTextHit.category_id == rule.category_id).limit(1)):
            return True, "automatic: category found in the text"
        return False, "automatic: category not found"
    longest = contact.talkover_max_ms if rule.kind == "talkover" else contact.silence_max_ms
    ok = (longest or 0) < (rule.limit_ms or 0)
    return ok, f"automatic: longest {rule.kind} {(longest or 0) / 1000:.1f} s (limit {(rule.limit_ms or 0) / 1000:.1f} s)"


def prefill(db: Session, contact_ids: list[int]) -> int:
    """Draft (or update) the automatic evaluations of the contacts; answers how many were written."""
    rules = list(db.scalars(select(CasQaRule).order_by(CasQaRule.form_id, CasQaRule.id)))
    if not rules or not contact_ids:
        return 0
    by_form: dict[int, list[CasQaRule]] = {}
    for r in rules:
        by_form.setdefault(r.form_id, []).append(r)
    written = 0
    now = now_ms()
    for cid in contact_ids:
        contact = db.get(Contact, cid)
        if contact is None or contact.person_id is None:
            continue
        evs = list(db.scalars(select(Evaluation).where(Evaluation.contact_id == cid)))
        auto = set(db.scalars(select(CasAutoEvaluation.evaluation_id).where(CasAutoEvaluation.contact_id == cid)))
        for form_id, form_rules in by_form.items():
            on_form = [e for e in evs if e.form_id == form_id]
            if any(e.id not in auto for e in on_form):
                continue  # a person evaluates this contact on this form
            draft = next((e for e in on_form if e.state == states.IN_PROGRESS and e.evaluator_id is None), None)
            if on_form and draft is None:
                continue  # the automatic draft was confirmed or taken over
            tree = load_form(db, form_id)
            if draft is None:
                draft = Evaluation(contact_id=cid, form_id=form_id, evaluator_id=None, person_id=contact.person_id,
                                   team_id=contact.team_id, state=states.IN_PROGRESS, tz="UTC", created_ms=now,
                                   updated_ms=now, evaluated_ms=None)
                db.add(draft)
                db.flush()
                db.add(CasAutoEvaluation(evaluation_id=draft.id, contact_id=cid, created_ms=now, updated_ms=now))
                record_history(db, draft, "created", None, None)
            else:
                row = db.get(CasAutoEvaluation, draft.id)
                row.updated_ms = now
                draft.updated_ms = now
            given = {}
            for r in form_rules:
                met, why = _met(db, r, contact)
                given[r.question_id] = (r.option_met_id if met else r.option_not_met_id, why)
            answers = write_answers(db, draft, given)
            rescore(db, draft, tree, answers)
            sync_contact(db, contact)
            written += 1
    db.flush()
    return written


def automatic_evaluations(db: Session, contact_id: int) -> list[int]:
    return list(db.scalars(select(CasAutoEvaluation.evaluation_id).where(CasAutoEvaluation.contact_id == contact_id)
                           .order_by(CasAutoEvaluation.evaluation_id)))


@router.get(BASE, summary="Automated QA rules (extension)")
def list_rules(principal: AdminAnalytics, db: DbSession) -> list[dict]:
    """Every evaluation question bound to analytics."""
    return [rule_json(r) for r in db.scalars(select(CasQaRule).order_by(CasQaRule.id))]


@router.post(BASE, summary="Bind an evaluation question to analytics (extension)")
def add_rule(body: QaRuleIn, principal: AdminAnalytics, db: DbSession) -> dict:
    """`{questionId, kind: category|talkover|silence, categoryId, channel, limitMs, optionMetId, optionNotMetId}`."""
    return create_rule(db, body)


@router.delete(BASE, summary="Delete an automated QA rule (extension)")
def delete_rule(principal: AdminAnalytics, db: DbSession, id: int = Query(..., ge=0, le=MAX_ID)) -> dict:  # noqa: A002
    row = db.get(CasQaRule, id)
    if row is None:
        raise NotFound(f"Automated QA rule {id} does not exist")
    db.delete(row)
    db.flush()
    return {"deleted": 1}


@router.put("/api/rest/cas/qa/evaluation/{evaluation_id}/claim", summary="Take over an automatic draft (extension)")
def claim(evaluation_id: IdPath, principal: Evaluator, db: DbSession) -> dict:
    """The caller becomes the evaluator of an automatic draft still without one; they then confirm or
    change it with the Evaluation API."""
    row = db.get(CasAutoEvaluation, evaluation_id)
    ev = db.get(Evaluation, evaluation_id) if row is not None else None
    if ev is None:
        raise NotFound(f"Automatic evaluation {evaluation_id} does not exist")
    contact = get_visible_contact(db, principal, ev.contact_id)
    if ev.evaluator_id is None:
        ev.evaluator_id = principal.person_id
        record_history(db, ev, "claimed", principal.person_id, ev.score)
        sync_contact(db, contact)
        db.flush()
    return {"evaluationId": ev.id, "contactId": ev.contact_id, "evaluatorId": ev.evaluator_id, "automatic": True}
