"""Evaluation states and who may move an evaluation from one to another.

    inProgress --submit--> scored            (needsApproval instead when the form requires approval)
    scored --edit--> scored | inProgress      (the evaluator, or an approver)
    needsApproval --approve--> approved       (an approver other than the evaluator)
    needsApproval --reject--> inProgress      (an approver)
    approved --rescore/reopen--> approved | inProgress   (an approver)
"""

from __future__ import annotations

from ...errors import BadRequest, Conflict, Forbidden

SCORED, IN_PROGRESS, NEEDS_APPROVAL, APPROVED = 1, 2, 3, 4
NAMES = {SCORED: "scored", IN_PROGRESS: "inProgress", NEEDS_APPROVAL: "needsApproval", APPROVED: "approved"}
_BY_NAME = {n.lower(): i for i, n in NAMES.items()} | {"in_progress": IN_PROGRESS, "needs_approval": NEEDS_APPROVAL,
                                                      "submitted": SCORED, "complete": SCORED}
COUNTED = (SCORED, APPROVED)


def parse_state(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value in NAMES:
        return value
    if isinstance(value, str):
        text = value.strip()
        if text.isdecimal() and int(text) in NAMES:
            return int(text)
        found = _BY_NAME.get(text.lower().replace(" ", ""))
        if found is not None:
            return found
    raise BadRequest("state must be scored, inProgress, needsApproval or approved (or 1-4)",
                     errors=[{"field": "state", "reason": "scored | inProgress | needsApproval | approved"}])


def next_state(current: int | None, wanted: int, *, approval_required: bool, is_evaluator: bool,
               is_approver: bool) -> int:
    """The state an evaluation takes when its editor asks for `wanted` (None current = a new one)."""
    if wanted == SCORED and approval_required:
        wanted = NEEDS_APPROVAL
    if wanted == NEEDS_APPROVAL and not approval_required:
        wanted = SCORED
    if current is None:
        if wanted == APPROVED:
            raise Conflict("A new evaluation is approved only after it needs approval")
        return wanted
    if current == APPROVED:
        if not is_approver:
            raise Forbidden("Only an approver (Approve Evaluations) can change an approved evaluation")
        if wanted == NEEDS_APPROVAL:
            return APPROVED  # an approver's rescore keeps it approved
        return wanted
    if wanted == APPROVED:
        if current != NEEDS_APPROVAL:
            raise Conflict(f"Only an evaluation that needs approval can be approved (it is {NAMES[current]})")
        if not is_approver:
            raise Forbidden("Approving needs the Approve Evaluations permission")
        if is_evaluator:
            raise Forbidden("An evaluator cannot approve their own evaluation")
        return APPROVED
    if current == NEEDS_APPROVAL and wanted == IN_PROGRESS and not (is_approver or is_evaluator):
        raise Forbidden("Only the evaluator or an approver can send an evaluation back")
    if not (is_evaluator or is_approver):
        raise Forbidden("Only the evaluator or an approver can change this evaluation")
    return wanted
