"""What QA teams do around a score: the agent acknowledges or disputes it; the evaluator or an
approver upholds or rescores a dispute (history kept); calibration reports compare evaluators."""

from __future__ import annotations

import statistics

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest, Conflict, Forbidden, NotFound
from ...kit.clock import now_ms
from ...models import EvalAnswer, EvalComment, EvalHistory, Evaluation
from ..contacts.wire import load_people, person_ref
from ..evalforms.tree import form_ref, load_form
from . import service, states
from .schemas import ResolveIn
from .scoring import score


def _agent_evaluation(db: Session, principal: Principal, contact_id: int, eval_id: int):
    contact = service.visible_contact(db, principal, contact_id)
    ev = service.get_evaluation(db, principal, contact, eval_id)
    if ev.person_id != principal.person_id:
        raise Forbidden("Only the evaluated agent can acknowledge or dispute an evaluation")
    if ev.calibration or ev.state not in states.COUNTED:
        raise Conflict(f"Only a scored or approved evaluation can be acknowledged or disputed (it is "
                       f"{states.NAMES[ev.state]}{', calibration' if ev.calibration else ''})")
    return contact, ev


def acknowledge(db: Session, principal: Principal, contact_id: int, eval_id: int) -> dict:
    contact, ev = _agent_evaluation(db, principal, contact_id, eval_id)
    if ev.acknowledged_ms is None:
        ev.acknowledged_ms = now_ms()
        service.record_history(db, ev, "acknowledged", principal.person_id, ev.score)
        db.flush()
    return service.evaluation_json(db, contact, ev, load_form(db, ev.form_id))


def dispute(db: Session, principal: Principal, contact_id: int, eval_id: int, reason: str | None) -> dict:
    contact, ev = _agent_evaluation(db, principal, contact_id, eval_id)
    if ev.dispute == "open":
        raise Conflict("The evaluation is already disputed")
    if not reason or not reason.strip() or len(reason) > service.MAX_COMMENT:
        raise BadRequest(f"A dispute needs a reason (1 to {service.MAX_COMMENT} characters)",
                         errors=[{"field": "reason", "reason": "is required"}])
    ev.dispute = "open"
    ev.updated_ms = now_ms()
    db.add(EvalComment(evaluation_id=ev.id, author_id=principal.person_id, created_ms=ev.updated_ms, text=reason))
    service.record_history(db, ev, "disputed", principal.person_id, ev.score, reason)
    db.flush()
    return service.evaluation_json(db, contact, ev, load_form(db, ev.form_id))


def resolve(db: Session, principal: Principal, contact_id: int, eval_id: int, body: ResolveIn) -> dict:
    """uphold keeps the score; rescore applies the answers given (the state stays as it is)."""
    contact = service.visible_contact(db, principal, contact_id)
    ev = service.get_evaluation(db, principal, contact, eval_id)
    if not ((ev.evaluator_id == principal.person_id and principal.has(service.EVALUATE))
            or service.is_approver(principal)):
        raise Forbidden("Only the evaluator or an approver can resolve a dispute")
    if ev.dispute != "open":
        raise Conflict("The evaluation has no open dispute")
    action = body.action.strip().lower()
    if action not in ("uphold", "rescore"):
        raise BadRequest("action must be uphold or rescore", errors=[{"field": "action", "reason": "uphold | rescore"}])
    tree = load_form(db, ev.form_id)
    before = ev.score
    if action == "rescore":
        given = service.check_answers(tree, body)
        if not given:
            raise BadRequest("A rescore needs answers", errors=[{"field": "answers", "reason": "is required"}])
        answers = service.write_answers(db, ev, given)
        service.require_complete(tree, answers)
        ev.evaluated_ms = now_ms()
        service.rescore(db, ev, tree, answers)
    ev.dispute = "upheld" if action == "uphold" else "rescored"
    ev.updated_ms = now_ms()
    service.add_comments(db, ev, principal.person_id, body.comment_texts)
    service.record_history(db, ev, ev.dispute, principal.person_id, before, body.note)
    service.sync_contact(db, contact)
    db.flush()
    return service.evaluation_json(db, contact, ev, tree)


def history(db: Session, principal: Principal, contact_id: int, eval_id: int) -> list[dict]:
    contact = service.visible_contact(db, principal, contact_id)
    ev = service.get_evaluation(db, principal, contact, eval_id)
    rows = list(db.scalars(select(EvalHistory).where(EvalHistory.evaluation_id == ev.id).order_by(EvalHistory.id)))
    people = load_people(db, {h.actor_id for h in rows})
    return [{"action": h.action, "at": h.at_ms, "actor": person_ref(people[h.actor_id]) if h.actor_id in people else None,
             "stateId": h.state, "state": states.NAMES.get(h.state), "scoreBefore": h.score_before,
             "scoreAfter": h.score_after, "note": h.note} for h in rows]


def calibration_report(db: Session, principal: Principal, contact_id: int, form_id: int | None) -> dict:
    """Each calibration evaluator's score and deviation from the reference (the contact's own scored
    evaluation on the form, else the calibration mean), and each question's spread."""
    contact = service.visible_contact(db, principal, contact_id)
    evs = list(db.scalars(select(Evaluation).where(Evaluation.contact_id == contact.id).order_by(Evaluation.id)))
    calibrations = [e for e in evs if e.calibration and e.state in states.COUNTED]
    if not service.is_approver(principal) and not any(e.evaluator_id == principal.person_id for e in calibrations):
        raise Forbidden("The calibration report is for approvers and for evaluators who scored their calibration")
    if form_id is None:
        if not calibrations:
            raise NotFound(f"Contact {contact.id} has no scored calibration evaluation")
        form_id = statistics.mode([e.form_id for e in calibrations])
    calibrations = [e for e in calibrations if e.form_id == form_id]
    if not calibrations:
        raise NotFound(f"Contact {contact.id} has no scored calibration evaluation on form {form_id}")
    tree = load_form(db, form_id)
    primary = next((e for e in reversed(evs) if not e.calibration and e.form_id == form_id
                    and e.state in states.COUNTED), None)
    scores = [e.score for e in calibrations if e.score is not None]
    if primary is not None and primary.score is not None:
        reference = {"evaluationId": primary.id, "score": primary.score, "source": "evaluation"}
    else:
        reference = {"evaluationId": None, "score": round(statistics.fmean(scores), 2) if scores else None,
                     "source": "calibrationMean"}
    ref_score = reference["score"]
    people = load_people(db, {e.evaluator_id for e in calibrations})
    answers: dict[int, dict[int, int]] = {}
    for a in db.scalars(select(EvalAnswer).where(EvalAnswer.evaluation_id.in_([e.id for e in calibrations]))):
        answers.setdefault(a.evaluation_id, {})[a.question_id] = a.option_id
    per_eval = {e.id: score(tree, answers.get(e.id, {})) for e in calibrations}
    options = tree.options()
    evaluators = []
    for e in calibrations:
        dev = round(e.score - ref_score, 2) if e.score is not None and ref_score is not None else None
        evaluators.append({"evaluator": person_ref(people[e.evaluator_id]) if e.evaluator_id in people else None,
                           "evaluationId": e.id, "score": e.score, "deviation": dev})
    questions = []
    for s in tree.sections:
        for q in s.questions:
            given = []
            for e in calibrations:
                oid = answers.get(e.id, {}).get(q.row.id)
                given.append({"evaluationId": e.id, "evaluatorId": e.evaluator_id, "optionId": oid,
                              "label": options[oid].label if oid in options else None,
                              "score": per_eval[e.id].questions.get(q.row.id)})
            values = [g["score"] for g in given if g["score"] is not None]
            questions.append({"id": q.row.id, "text": q.row.text, "sectionId": s.row.id, "answers": given,
                              "min": min(values) if values else None, "max": max(values) if values else None,
                              "spread": round(max(values) - min(values), 2) if values else None,
                              "agreement": len({g["optionId"] for g in given}) == 1})
    devs = [abs(x["deviation"]) for x in evaluators if x["deviation"] is not None]
    return {"contactId": contact.id, "form": form_ref(form_id, tree.form.name), "reference": reference,
            "evaluators": evaluators, "questions": questions,
            "meanAbsoluteDeviation": round(statistics.fmean(devs), 2) if devs else None}
