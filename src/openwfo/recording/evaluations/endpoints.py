"""Evaluations of a contact (extension): the contact's `evaluation` $ref, its list, answers, comments."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import CurrentPrincipal, DbSession, Requires
from ...kit.responses import JSON
from ...kit.wire import MAX_INT64, IdPath
from . import averages, review, service
from .schemas import CommentIn, DisputeIn, EvaluationIn, EvaluationRead, ResolveIn

router = APIRouter(tags=["recording", "extension"])
BASE = "/api/rest/recording/contact/{contact_id}/eval"
ONE = BASE + "/{eval_id}"
Evaluate = Requires("Evaluate Contacts", "Approve Evaluations", "Administer QM")
Averages = Requires("Evaluate Contacts", "Approve Evaluations", "Administer QM", "View Reports")


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


@router.get(ONE + "/history", response_model=list[dict], summary="An evaluation's history")
def read_evaluation_history(contact_id: IdPath, eval_id: IdPath, principal: CurrentPrincipal, db: DbSession):
    """Created, submitted, approved, rejected, acknowledged, disputed, upheld, rescored: who, when, the
    score before and after."""
    return JSON(review.history(db, principal, contact_id, eval_id))


@router.post(ONE + "/acknowledge", response_model=dict, summary="Acknowledge an evaluation")
def acknowledge_evaluation(contact_id: IdPath, eval_id: IdPath, principal: CurrentPrincipal, db: DbSession):
    """The evaluated agent confirms they have seen the scored evaluation (once; repeating changes nothing)."""
    return JSON(review.acknowledge(db, principal, contact_id, eval_id))


@router.post(ONE + "/dispute", response_model=dict, summary="Dispute an evaluation")
def dispute_evaluation(contact_id: IdPath, eval_id: IdPath, body: DisputeIn, principal: CurrentPrincipal,
                       db: DbSession):
    """The evaluated agent disputes the score with a reason; it goes back to the evaluator or an approver."""
    return JSON(review.dispute(db, principal, contact_id, eval_id, body.reason or body.text))


@router.post(ONE + "/dispute/resolve", response_model=dict, summary="Resolve a dispute")
def resolve_evaluation_dispute(contact_id: IdPath, eval_id: IdPath, body: ResolveIn, principal: Evaluate,
                               db: DbSession):
    """action uphold keeps the score; rescore applies the answers given. The history keeps both scores."""
    return JSON(review.resolve(db, principal, contact_id, eval_id, body))


@router.get("/api/rest/recording/contact/{contact_id}/calibration", response_model=dict,
            summary="Calibration report of a contact")
def read_calibration_report(contact_id: IdPath, principal: Evaluate, db: DbSession,
                            formId: int | None = Query(None, ge=0, le=MAX_INT64, description="the form (default: the one calibrated most)")):  # noqa: N803
    """Each calibration evaluator's score and deviation from the reference score, and each question's
    spread. Calibration evaluations never count in the contact's fields or in averages."""
    return JSON(review.calibration_report(db, principal, contact_id, formId))


@router.get("/api/rest/recording/evaluation/averages", response_model=list[dict], summary="Average evaluation scores")
def read_evaluation_averages(
    principal: Averages, db: DbSession,
    by: str = Query("agent", max_length=10, description="agent or team"),
    period: str = Query("all", max_length=10, description="day, week (from Monday), month or all"),
    formId: list[int] = Query([], description="form ids (repeatable)"),  # noqa: N803
    team: list[int] = Query([], description="team ids (repeatable)"),
    agent: list[int] = Query([], description="agent person ids (repeatable)"),
    beginDate: str | None = Query(None, max_length=10, description="evaluated on or after (YYYY-MM-DD, UTC)"),  # noqa: N803
    endDate: str | None = Query(None, max_length=10, description="evaluated on or before (YYYY-MM-DD, UTC)"),  # noqa: N803
):
    """Per-agent or per-team averages by form, section and period over scored and approved evaluations
    in scope (calibration evaluations never count)."""
    return JSON(averages.averages(db, principal, by=by, period=period, form_ids=formId, team_ids=team, agent_ids=agent,
                                  begin_date=beginDate, end_date=endDate))
