"""Evaluations of a contact: create, change (the state machine), delete, read, comments; every change
re-scores the evaluation and brings the contact row's evaluation fields up to date."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ...auth import permissions as perms
from ...auth.principal import Principal
from ...errors import BadRequest, Forbidden, NotFound
from ...kit.clock import now_ms
from ...models import Contact, EvalAnswer, EvalComment, EvalHistory, EvalSectionScore, Evaluation, Person
from ...scheduling.rules import Violations
from ..contacts.access import get_visible_contact
from ..contacts.wire import load_people, person_ref
from ..evalforms.tree import (
    STATUS_ACTIVE,
    FormTree,
    load_form,
    load_forms,
    option_json,
    question_json,
    section_json,
)
from . import states
from .schemas import EvaluationIn
from .scoring import score

API = "/api/rest/recording"
MAX_COMMENT = 4000
EVALUATE = perms.BY_NAME["Evaluate Contacts"].id
_APPROVE = perms.BY_NAME["Approve Evaluations"].id
_ADMIN_QM = perms.BY_NAME["Administer QM"].id
_READERS = perms.ids_of("Search Contacts", "Evaluate Contacts", "Approve Evaluations", "Administer QM")


def is_approver(principal: Principal) -> bool:
    return principal.has(_APPROVE) or principal.has(_ADMIN_QM)


def evaluable_reason(contact: Contact, principal: Principal) -> str | None:
    """Why the caller may not evaluate this contact (None: they may). The same rule as the contact
    search's canEvaluate: Evaluate Contacts, a complete recorded quality contact of another agent in scope."""
    if not principal.has(EVALUATE):
        return "Evaluating needs the Evaluate Contacts permission"
    if contact.person_id is None:
        return "The contact has no agent to evaluate"
    if contact.person_id == principal.person_id:
        return "You cannot evaluate your own contact"
    if not contact.is_complete:
        return "The call is still in progress"
    if contact.contact_type != "quality":
        return "Archive contacts are not evaluated"
    if not contact.has_recording:
        return "The contact has no recording"
    return None


def visible_contact(db: Session, principal: Principal, contact_id: int) -> Contact:
    """The contact, when the caller sees it and may read its evaluations (readers, or its own agent)."""
    contact = get_visible_contact(db, principal, contact_id)
    if not (_READERS & principal.permission_ids) and contact.person_id != principal.person_id:
        raise Forbidden("Reading evaluations needs Search Contacts or Evaluate Contacts (or be the contact's agent)")
    return contact


def _sees(ev: Evaluation, contact: Contact, principal: Principal, own_calibrated: bool) -> bool:
    """Calibration evaluations are blind: their evaluator and approvers see them; other evaluators
    once they scored their own calibration of the contact; the agent never."""
    if not ev.calibration:
        return True
    if ev.evaluator_id == principal.person_id or is_approver(principal):
        return True
    return own_calibrated and contact.person_id != principal.person_id


def _own_calibrated(db: Session, contact_id: int, principal: Principal) -> bool:
    return db.scalar(select(func.count()).select_from(Evaluation).where(
        Evaluation.contact_id == contact_id, Evaluation.calibration.is_(True),
        Evaluation.evaluator_id == principal.person_id, Evaluation.state.in_(states.COUNTED))) > 0


def get_evaluation(db: Session, principal: Principal, contact: Contact, eval_id: int) -> Evaluation:
    ev = db.scalar(select(Evaluation).where(Evaluation.id == eval_id, Evaluation.contact_id == contact.id))
    if ev is None or not _sees(ev, contact, principal, ev.calibration and _own_calibrated(db, contact.id, principal)):
        raise NotFound(f"Evaluation {eval_id} of contact {contact.id} does not exist")
    return ev


def _answers_of(db: Session, eval_id: int) -> dict[int, EvalAnswer]:
    return {a.question_id: a for a in db.scalars(select(EvalAnswer).where(EvalAnswer.evaluation_id == eval_id))}


def check_answers(tree: FormTree, body: EvaluationIn) -> dict[int, tuple[int | None, str | None]]:
    """question id -> (option id or None to clear, comment), every problem collected."""
    v = Violations("evaluation")
    questions = tree.questions()
    out: dict[int, tuple[int | None, str | None]] = {}
    for i, a in enumerate(body.answers or []):
        at = f"answers[{i}]"
        q = questions.get(a.question_id)
        if q is None:
            v.add(at + ".questionId", f"question {a.question_id} is not on form {tree.form.id}")
            continue
        if a.question_id in out:
            v.add(at + ".questionId", f"question {a.question_id} is answered twice")
        if a.option_id is not None and a.option_id not in {o.id for o in q.options}:
            v.add(at + ".optionId", f"option {a.option_id} is not an option of question {a.question_id}")
        if a.comment is not None and len(a.comment) > MAX_COMMENT:
            v.add(at + ".comment", f"must be at most {MAX_COMMENT} characters")
        out[a.question_id] = (a.option_id, a.comment)
    for i, text in enumerate(body.comment_texts):
        if len(text) > MAX_COMMENT:
            v.add(f"comments[{i}]", f"must be at most {MAX_COMMENT} characters")
    v.raise_if_any()
    return out


def require_complete(tree: FormTree, answers: dict[int, int]) -> None:
    v = Violations("evaluation")
    for s in tree.sections:
        for q in s.questions:
            if answers.get(q.row.id) is None:
                v.add("answers", f"question {q.row.id} ({q.row.text[:60]}) is not answered")
    v.raise_if_any()


def record_history(db: Session, ev: Evaluation, action: str, actor: int | None, before: float | None,
             note: str | None = None) -> None:
    db.add(EvalHistory(evaluation_id=ev.id, action=action, actor_id=actor, at_ms=now_ms(), state=ev.state,
                       score_before=before, score_after=ev.score, note=note))


def add_comments(db: Session, ev: Evaluation, author: int, texts: list[str]) -> None:
    now = now_ms()
    for text in texts:
        db.add(EvalComment(evaluation_id=ev.id, author_id=author, created_ms=now, text=text))


def write_answers(db: Session, ev: Evaluation, given: dict[int, tuple[int | None, str | None]]) -> dict[int, int]:
    """Merge the given answers into the stored ones; the resulting question -> option map."""
    stored = _answers_of(db, ev.id)
    for qid, (oid, comment) in given.items():
        row = stored.get(qid)
        if oid is None:
            if row is not None:
                db.delete(row)
                del stored[qid]
            continue
        if row is None:
            stored[qid] = EvalAnswer(evaluation_id=ev.id, question_id=qid, option_id=oid, comment=comment)
            db.add(stored[qid])
        else:
            row.option_id = oid
            if comment is not None:
                row.comment = comment
    db.flush()
    return {q: a.option_id for q, a in stored.items()}


def rescore(db: Session, ev: Evaluation, tree: FormTree, answers: dict[int, int]) -> None:
    result = score(tree, answers)
    ev.score, ev.band, ev.kpi_failed = result.score, result.band, result.kpi_failed
    db.execute(delete(EvalSectionScore).where(EvalSectionScore.evaluation_id == ev.id),
               execution_options={"synchronize_session": False})
    counted = ev.state in states.COUNTED and not ev.calibration
    rows = [{"tenant_id": ev.tenant_id, "evaluation_id": ev.id, "section_id": sid, "form_id": ev.form_id,
             "person_id": ev.person_id, "team_id": ev.team_id, "evaluated_ms": ev.evaluated_ms, "counted": counted,
             "score": value} for sid, value in result.sections.items()]
    if rows:
        db.execute(insert(EvalSectionScore), rows)


def sync_contact(db: Session, contact: Contact) -> None:
    """The contact row's evaluation summary: its latest non-calibration evaluation, hr/training when
    any of them is flagged (search filters read these columns)."""
    evs = list(db.scalars(select(Evaluation).where(Evaluation.contact_id == contact.id,
                                                   Evaluation.calibration.is_(False)).order_by(Evaluation.id.desc())))
    primary = evs[0] if evs else None
    contact.evaluation_id = primary.id if primary else None
    contact.eval_form_id = primary.form_id if primary else None
    contact.evaluator_id = primary.evaluator_id if primary else None
    contact.eval_score = primary.score if primary and primary.state != states.IN_PROGRESS else None
    contact.eval_state = primary.state if primary else None
    contact.scored = bool(primary and primary.state in states.COUNTED)
    contact.needs_approval = bool(primary and primary.state == states.NEEDS_APPROVAL)
    contact.eval_in_progress = bool(primary and primary.state == states.IN_PROGRESS)
    contact.approved = bool(primary and primary.state == states.APPROVED)
    contact.evaluated_ms = primary.evaluated_ms if primary else None
    contact.hr = any(e.hr for e in evs)
    contact.training = any(e.training for e in evs)
    contact.updated_ms = now_ms()


def _person_zone(db: Session, person_id: int) -> str:
    return db.scalar(select(Person.time_zone).where(Person.id == person_id)) or "UTC"


def create_evaluation(db: Session, principal: Principal, contact_id: int, body: EvaluationIn) -> dict:
    contact = visible_contact(db, principal, contact_id)
    reason = evaluable_reason(contact, principal)
    if reason:
        raise Forbidden(reason) if "permission" in reason or "own" in reason else BadRequest(reason)
    form_id = body.chosen_form or contact.eval_form_id
    if form_id is None:
        raise BadRequest("formId is required (the contact has no evaluation form)",
                         errors=[{"field": "formId", "reason": "is required"}])
    try:
        tree = load_form(db, form_id)
    except NotFound:
        raise BadRequest(f"Evaluation form {form_id} does not exist",
                         errors=[{"field": "formId", "reason": "does not exist"}]) from None
    if tree.form.status != STATUS_ACTIVE:
        raise BadRequest(f"Evaluation form {form_id} is not active", errors=[{"field": "formId", "reason": "not active"}])
    given = check_answers(tree, body)
    if tree.form.default_form:
        for s in tree.sections:
            for q in s.questions:
                default = next((o.id for o in q.options if o.is_default), None)
                if q.row.id not in given and default is not None:
                    given[q.row.id] = (default, None)
    chosen = {q: o for q, (o, _) in given.items() if o is not None}
    wanted = states.parse_state(body.state)
    if wanted is None:
        wanted = states.SCORED if len(chosen) == len(tree.questions()) else states.IN_PROGRESS
    state = states.next_state(None, wanted, approval_required=tree.form.approval_required, is_evaluator=True,
                              is_approver=is_approver(principal))
    if state != states.IN_PROGRESS:
        require_complete(tree, chosen)
    now = now_ms()
    ev = Evaluation(contact_id=contact.id, form_id=tree.form.id, evaluator_id=principal.person_id,
                    person_id=contact.person_id, team_id=contact.team_id, state=state, hr=bool(body.hr),
                    training=bool(body.training), calibration=bool(body.calibration),
                    tz=_person_zone(db, principal.person_id), created_ms=now, updated_ms=now,
                    evaluated_ms=None if state == states.IN_PROGRESS else now)
    db.add(ev)
    db.flush()
    answers = write_answers(db, ev, given)
    rescore(db, ev, tree, answers)
    add_comments(db, ev, principal.person_id, body.comment_texts)
    record_history(db, ev, "created", principal.person_id, None)
    if not ev.calibration:
        sync_contact(db, contact)
    db.flush()
    return evaluation_json(db, contact, ev, tree)


def update_evaluation(db: Session, principal: Principal, contact_id: int, eval_id: int, body: EvaluationIn,
                      action: str | None = None) -> dict:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    is_evaluator = ev.evaluator_id == principal.person_id and principal.has(EVALUATE)
    if not (is_evaluator or is_approver(principal)):
        raise Forbidden("Only the evaluator or an approver can change this evaluation")
    if body.chosen_form is not None and body.chosen_form != ev.form_id:
        raise BadRequest("An evaluation's form cannot change", errors=[{"field": "formId", "reason": "cannot change"}])
    tree = load_form(db, ev.form_id)
    given = check_answers(tree, body)
    wanted = states.parse_state(body.state)
    before_state, before_score = ev.state, ev.score
    new_state = states.next_state(ev.state, wanted if wanted is not None else ev.state,
                                  approval_required=tree.form.approval_required, is_evaluator=is_evaluator,
                                  is_approver=is_approver(principal))
    answers = write_answers(db, ev, given)
    if new_state != states.IN_PROGRESS:
        require_complete(tree, answers)
    now = now_ms()
    ev.state = new_state
    if new_state == states.IN_PROGRESS:
        ev.evaluated_ms = None
    elif (new_state != before_state and new_state != states.APPROVED) or ev.evaluated_ms is None or given:
        ev.evaluated_ms = now
    if new_state == states.APPROVED and before_state != states.APPROVED:
        ev.approver_id, ev.approved_ms = principal.person_id, now
    elif new_state != states.APPROVED:
        ev.approver_id = ev.approved_ms = None
    for flag in ("hr", "training"):
        if getattr(body, flag) is not None:
            setattr(ev, flag, getattr(body, flag))
    ev.updated_ms = now
    rescore(db, ev, tree, answers)
    add_comments(db, ev, principal.person_id, body.comment_texts)
    record_history(db, ev, action or _action(before_state, new_state), principal.person_id, before_score)
    if not ev.calibration:
        sync_contact(db, contact)
    db.flush()
    return evaluation_json(db, contact, ev, tree)


def _action(before: int, after: int) -> str:
    if after == states.APPROVED and before != states.APPROVED:
        return "approved"
    if before == states.NEEDS_APPROVAL and after == states.IN_PROGRESS:
        return "rejected"
    if before == states.IN_PROGRESS and after != states.IN_PROGRESS:
        return "submitted"
    if after == states.IN_PROGRESS and before != states.IN_PROGRESS:
        return "reopened"
    return "saved" if after == states.IN_PROGRESS else "rescored"


def delete_evaluation(db: Session, principal: Principal, contact_id: int, eval_id: int) -> None:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    own = ev.evaluator_id == principal.person_id and ev.state != states.APPROVED
    if not (own or principal.has(_ADMIN_QM)):
        raise Forbidden("Only its evaluator (before approval) or a QM administrator can delete an evaluation")
    calibration = ev.calibration
    db.execute(delete(Evaluation).where(Evaluation.id == ev.id), execution_options={"synchronize_session": False})
    db.expire(ev)
    if not calibration:
        sync_contact(db, contact)
    db.flush()


def list_evaluations(db: Session, principal: Principal, contact_id: int) -> list[dict]:
    contact = visible_contact(db, principal, contact_id)
    evs = list(db.scalars(select(Evaluation).where(Evaluation.contact_id == contact.id).order_by(Evaluation.id)))
    own_cal = any(e.calibration and e.evaluator_id == principal.person_id and e.state in states.COUNTED for e in evs)
    evs = [e for e in evs if _sees(e, contact, principal, own_cal)]
    people = load_people(db, {e.evaluator_id for e in evs})
    forms = {t.form.id: t.form.name for t in load_forms(db, sorted({e.form_id for e in evs}))} if evs else {}
    return [summary_json(contact, e, people, forms.get(e.form_id)) for e in evs]


def read_evaluation(db: Session, principal: Principal, contact_id: int, eval_id: int) -> dict:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    return evaluation_json(db, contact, ev, load_form(db, ev.form_id))


def _base(contact_id: int, eval_id: int) -> str:
    return f"{API}/contact/{contact_id}/eval/{eval_id}"


def summary_json(contact: Contact, ev: Evaluation, people: dict, form_name: str | None) -> dict:
    base = _base(contact.id, ev.id)
    evaluator = people.get(ev.evaluator_id)
    return {
        "id": ev.id, "$ref": base, "contactId": contact.id,
        "form": {"id": ev.form_id, "name": form_name, "$ref": f"{API}/evalform/{ev.form_id}"},
        "evaluator": person_ref(evaluator) if evaluator else None,
        "stateId": ev.state, "state": states.NAMES[ev.state], "score": ev.score, "band": ev.band,
        "kpiFailed": ev.kpi_failed, "hr": ev.hr, "training": ev.training, "calibration": ev.calibration,
        "created": ev.created_ms, "updated": ev.updated_ms, "evaluated": ev.evaluated_ms, "tz": ev.tz,
        "approved": ev.approved_ms, "acknowledged": ev.acknowledged_ms, "dispute": ev.dispute,
        "comments": base + "/comment", "history": base + "/history",
    }


def evaluation_json(db: Session, contact: Contact, ev: Evaluation, tree: FormTree) -> dict:
    people = load_people(db, {ev.evaluator_id, ev.person_id, ev.approver_id})
    out = summary_json(contact, ev, people, tree.form.name)
    agent, approver = people.get(ev.person_id), people.get(ev.approver_id)
    out["agent"] = person_ref(agent) if agent else None
    out["approver"] = person_ref(approver) if approver else None
    answers = _answers_of(db, ev.id)
    result = score(tree, {q: a.option_id for q, a in answers.items()})
    options = tree.options()
    sections = []
    for s in tree.sections:
        questions = []
        for q in s.questions:
            a = answers.get(q.row.id)
            item = question_json(q)
            item["score"] = result.questions.get(q.row.id)
            item["answer"] = ({**option_json(options[a.option_id]), "optionId": a.option_id, "comment": a.comment}
                              if a is not None else None)
            questions.append(item)
        section = section_json(s, questions)
        section["score"] = result.sections.get(s.row.id)
        sections.append(section)
    out["sections"] = sections
    return out


def list_comments(db: Session, principal: Principal, contact_id: int, eval_id: int) -> list[dict]:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    rows = list(db.scalars(select(EvalComment).where(EvalComment.evaluation_id == ev.id).order_by(EvalComment.id)))
    people = load_people(db, {c.author_id for c in rows})
    return [comment_json(contact.id, ev.id, c, people) for c in rows]


def comment_json(contact_id: int, eval_id: int, c: EvalComment, people: dict) -> dict:
    author = people.get(c.author_id)
    return {"$ref": f"{_base(contact_id, eval_id)}/comment/{c.id}", "id": c.id, "created": c.created_ms,
            "author": person_ref(author) if author else None, "text": c.text}


def add_comment(db: Session, principal: Principal, contact_id: int, eval_id: int, text: str | None) -> dict:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    if text is None or not text.strip():
        raise BadRequest("A comment needs text", errors=[{"field": "text", "reason": "is required"}])
    if len(text) > MAX_COMMENT:
        raise BadRequest(f"A comment has at most {MAX_COMMENT} characters",
                         errors=[{"field": "text", "reason": f"at most {MAX_COMMENT} characters"}])
    c = EvalComment(evaluation_id=ev.id, author_id=principal.person_id, created_ms=now_ms(), text=text)
    db.add(c)
    db.flush()
    return comment_json(contact.id, ev.id, c, load_people(db, {principal.person_id}))


def read_comment(db: Session, principal: Principal, contact_id: int, eval_id: int, comment_id: int) -> dict:
    contact = visible_contact(db, principal, contact_id)
    ev = get_evaluation(db, principal, contact, eval_id)
    c = db.scalar(select(EvalComment).where(EvalComment.id == comment_id, EvalComment.evaluation_id == ev.id))
    if c is None:
        raise NotFound(f"Comment {comment_id} does not exist")
    return comment_json(contact.id, ev.id, c, load_people(db, {c.author_id}))
