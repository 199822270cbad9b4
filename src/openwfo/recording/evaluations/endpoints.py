"""Evaluations of a contact (extension): the contact's `evaluation` $ref, its list, answers, comments."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ...kit.responses import JSON
from ...scheduling.wire import IdPath
from . import service
from .schemas import CommentIn, EvaluationIn, EvaluationRead

router = APIRouter(tags=["recording", "extension"])
BASE = "/api/rest/recording/contact/{contact_id}/eval"
ONE = BASE + "/{eval_id}"
Evaluate = Requires("Evaluate Contacts", "Approve Evaluations", "Administer QM")


@router.get(BASE, response_model=list[EvaluationRead], summary="List a contact's evaluations")
def list_contact_evaluations(contact_id: IdPath, principal: CurrentPrincipal, db: DbSession):
    """The contact's evaluations: id, form, evaluator, state, score, evaluated (epoch ms) and the
    path of their comments. Others' calibration evaluations stay hidden until the caller scored theirs."""
    return JSON(service.list_evaluations(db, principal, contact_id))


@router.post(BASE, response_model=dict, summary="Evaluate a contact")
def create_contact_evaluation(contact_id: IdPath, body: EvaluationIn, principal: Evaluate, db: DbSession):
    """Score the contact on a form: one option per question (with comments). state inProgress saves
    a draft; scored submits (needsApproval when the form requires approval)."""
    return JSON(service.create_evaluation(db, principal, contact_id, body))


@router.get(ONE, response_model=dict, summary="Read one evaluation")
def read_contact_evaluation(contact_id: IdPath, eval_id: IdPath, principal: CurrentPrincipal, db: DbSession):
    """The evaluation with its form's sections and questions, each with its answer and score."""
    return JSON(service.read_evaluation(db, principal, contact_id, eval_id))


@router.put(ONE, response_model=dict, summary="Change an evaluation")
def update_contact_evaluation(contact_id: IdPath, eval_id: IdPath, body: EvaluationIn, principal: Evaluate,
                              db: DbSession):
    """Change answers, flags or state (submit, approve, send back, reopen); answers not given are kept."""
    return JSON(service.update_evaluation(db, principal, contact_id, eval_id, body))


@router.delete(ONE, summary="Delete an evaluation")
def delete_contact_evaluation(contact_id: IdPath, eval_id: IdPath, principal: Evaluate, db: DbSession):
    """Delete an evaluation (its evaluator before approval, or a QM administrator)."""
    service.delete_evaluation(db, principal, contact_id, eval_id)
    return JSON({})


@router.get(ONE + "/comment", response_model=list[dict], summary="List an evaluation's comments")
def list_evaluation_comments(contact_id: IdPath, eval_id: IdPath, principal: CurrentPrincipal, db: DbSession):
    """Comments oldest first: {$ref, created, author, text}."""
    return JSON(service.list_comments(db, principal, contact_id, eval_id))


@router.post(ONE + "/comment", response_model=dict, summary="Comment on an evaluation")
def add_evaluation_comment(contact_id: IdPath, eval_id: IdPath, body: CommentIn, principal: CurrentPrincipal,
                           db: DbSession):
    """Add a comment ({"text": ...}); anyone who can read the evaluation, the agent included."""
    return JSON(service.add_comment(db, principal, contact_id, eval_id, body.text or body.comment))


@router.get(ONE + "/comment/{comment_id}", response_model=dict, summary="Read one comment")
def read_evaluation_comment(contact_id: IdPath, eval_id: IdPath, comment_id: IdPath, principal: CurrentPrincipal,
                            db: DbSession):
    """One comment of the evaluation."""
    return JSON(service.read_comment(db, principal, contact_id, eval_id, comment_id))
