"""Survey Configuration API and Survey ID API (GET), authoring in the same shape and survey results
(extension)."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ...auth.deps import DbSession, Requires
from ...kit.responses import JSON
from ...kit.wire import IdPath
from . import service
from .schemas import SurveyIn, SurveyRead, SurveyResultIn

router = APIRouter(tags=["recording"])
BASE = "/api/rest/recording/survey"
ReadSurveys = Requires("Administer QM Surveys", "View Survey Results", "QM Survey Reports")
AdministerSurveys = Requires("Administer QM Surveys")
_EXT = ["recording", "extension"]


@router.get(BASE, response_model=list[SurveyRead], summary="List surveys")
def list_surveys(principal: ReadSurveys, db: DbSession):
    """Every survey with its questions and answers."""
    return JSON([service.survey_json(s) for s in service.list_surveys(db)])


@router.get(BASE + "/{survey_id}", response_model=SurveyRead, summary="Read one survey")
def read_survey(survey_id: IdPath, principal: ReadSurveys, db: DbSession):
    """One survey; an unknown id is 404."""
    return JSON(service.survey_json(service.get_survey(db, survey_id)))


@router.post(BASE, response_model=SurveyRead, summary="Create a survey", tags=_EXT)
def create_survey(body: SurveyIn, principal: AdministerSurveys, db: DbSession):
    """Create a survey from the GET shape; the server assigns ids, creator and times."""
    return JSON(service.survey_json(service.create_survey(db, principal, body)))


@router.put(BASE + "/{survey_id}", response_model=SurveyRead, summary="Update a survey", tags=_EXT)
def update_survey(survey_id: IdPath, body: SurveyIn, principal: AdministerSurveys, db: DbSession):
    """Replace a survey in the GET shape: questions and answers with ids kept, new ones added, the rest removed."""
    return JSON(service.survey_json(service.update_survey(db, survey_id, body)))


@router.delete(BASE + "/{survey_id}", summary="Delete a survey", tags=_EXT)
def delete_survey(survey_id: IdPath, principal: AdministerSurveys, db: DbSession):
    """Delete a survey with its results."""
    service.delete_survey(db, survey_id)
    return JSON({})


@router.post(BASE + "/{survey_id}/result", response_model=dict, summary="Record a survey result", tags=_EXT)
def add_survey_result(survey_id: IdPath, body: SurveyResultIn, principal: AdministerSurveys, db: DbSession):
    """A provider posts a customer's answers for a contact (contactId, or metadataValue: the value of the
    survey's metaDataFieldKey, e.g. the call id); the result is scored with the survey's weights."""
    return JSON(service.add_result(db, principal, survey_id, body))


@router.get(BASE + "/{survey_id}/result", response_model=list[dict], summary="List survey results", tags=_EXT)
def list_survey_results(survey_id: IdPath, principal: ReadSurveys, db: DbSession,
                        limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10_000_000)):
    """Results of contacts in scope, newest first."""
    return JSON(service.list_results(db, principal, survey_id, limit, offset))


@router.get("/api/rest/recording/contact/{contact_id}/survey", response_model=list[dict],
            summary="A contact's survey results", tags=_EXT)
def list_contact_survey_results(contact_id: IdPath, principal: ReadSurveys, db: DbSession):
    """The survey results recorded for the contact, with their scores and answers."""
    return JSON(service.contact_results(db, principal, contact_id))
