"""Evaluation Form API and Evaluation Form ID API (GET), and authoring in the same shape (extension)."""

from __future__ import annotations

from fastapi import APIRouter

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ...kit.wire import IdPath
from . import service
from .schemas import EvalFormIn, EvalFormRead
from .tree import form_json, load_form

router = APIRouter(tags=["recording"])
BASE = "/api/rest/recording/evalform"
ReadForms = Requires("Administer QM", "Evaluate Contacts", "Approve Evaluations", "Search Contacts")
AdministerQM = Requires("Administer QM")


@router.get(BASE, response_model=list[EvalFormRead], summary="List evaluation forms")
def list_evalforms(principal: ReadForms, db: DbSession):
    """Every evaluation form of the tenant with its sections, questions and options."""
    return JSON([form_json(t) for t in service.list_forms(db)])


@router.get(BASE + "/{form_id}", response_model=EvalFormRead, summary="Read one evaluation form")
def read_evalform(form_id: IdPath, principal: ReadForms, db: DbSession):
    """One evaluation form; an unknown id is 404."""
    return JSON(form_json(load_form(db, form_id)))


@router.post(BASE, response_model=EvalFormRead, summary="Create an evaluation form", tags=["recording", "extension"])
def create_evalform(body: EvalFormIn, principal: AdministerQM, db: DbSession):
    """Create a form from the GET shape; the server assigns every id, the creator and the times."""
    return JSON(form_json(service.create_form(db, principal, body)))


@router.put(BASE + "/{form_id}", response_model=EvalFormRead, summary="Update an evaluation form",
            tags=["recording", "extension"])
def update_evalform(form_id: IdPath, body: EvalFormIn, principal: AdministerQM, db: DbSession):
    """Replace a form in the GET shape: items with their ids are kept, items without ids added, items
    left out removed. Once evaluations use the form only names, texts, colours, bands and status change."""
    return JSON(form_json(service.update_form(db, principal, form_id, body)))


@router.delete(BASE + "/{form_id}", summary="Delete (or retire) an evaluation form", tags=["recording", "extension"])
def delete_evalform(form_id: IdPath, principal: AdministerQM, db: DbSession):
    """Delete a form without evaluations ({}); a form with evaluations is retired (status 2) and returned."""
    tree = service.delete_form(db, principal, form_id)
    return JSON(form_json(tree) if tree is not None else {})
