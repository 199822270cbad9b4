"""Workflow rules (extension): how exception requests are approved, denied or left pending."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ..wire import IdPath
from . import service
from .schemas import WorkflowRuleCreate, WorkflowRuleRead, WorkflowRuleUpdate

router = APIRouter(tags=["scheduling", "extension"])
PATH = "/api/rest/scheduling/workflowRule"
Admin = Requires("Administer WFM")


@router.get(PATH, response_model=list[WorkflowRuleRead], summary="List workflow rules")
def list_workflow_rules(principal: Admin, db: DbSession):
    """Every workflow rule, by priority."""
    return service.list_rules(db)


@router.post(PATH, response_model=WorkflowRuleRead, summary="Create a workflow rule")
def create_workflow_rule(body: WorkflowRuleCreate, principal: Admin, db: DbSession):
    """Create a workflow rule with its conditions."""
    return service.create_rule(db, principal, body)


@router.get(PATH + "/{rule_id}", response_model=WorkflowRuleRead, summary="Read a workflow rule")
def read_workflow_rule(rule_id: IdPath, principal: Admin, db: DbSession):
    """One workflow rule."""
    return service.to_read(service.get_rule(db, rule_id))


@router.put(PATH + "/{rule_id}", response_model=WorkflowRuleRead, summary="Update a workflow rule")
def update_workflow_rule(rule_id: IdPath, body: WorkflowRuleUpdate, principal: Admin, db: DbSession):
    """Update a workflow rule; conditions are replaced when present."""
    return service.update_rule(db, principal, rule_id, body)


@router.delete(PATH + "/{rule_id}", summary="Delete a workflow rule")
def delete_workflow_rule(rule_id: IdPath, principal: Admin, db: DbSession) -> None:
    """Delete a workflow rule and its conditions."""
    service.delete_rule(db, rule_id)
