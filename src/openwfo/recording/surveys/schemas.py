"""Surveys on the wire: the Survey Configuration API shape, which authoring takes too; results."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ...kit.wire import Body, Id, Int32, Int64, Number


class SurveyAnswerIn(Body):
    id: Id | None = None
    label: str | None = None
    description: str | None = None
    provider_answer_id: str | None = None
    type: str | None = None
    weight: Number = 0.0
    value: str | None = None


class SurveyQuestionIn(Body):
    id: Id | None = None
    label: str | None = None
    description: str | None = None
    provider_question_id: str | None = None
    type: str | None = None
    weight: Number = 1.0
    is_kpi: bool = Field(False, validation_alias="isKPI")
    answers: list[SurveyAnswerIn] = Field(default_factory=list)


class SurveyIn(Body):
    name: str | None = None
    description: str | None = None
    provider_survey_id: str | None = None
    survey_provider_connection_id: Int64 | None = None
    status_fk: Int32 = Field(2, validation_alias="statusFK")
    meta_data_field_key: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict)
    questions: list[SurveyQuestionIn] = Field(default_factory=list)


class ResultAnswerIn(Body):
    question_id: Id | None = None
    provider_question_id: str | None = None
    answer_id: Id | None = None
    provider_answer_id: str | None = None
    value: str | int | float | None = None


class SurveyResultIn(Body):
    """A customer's answers: the contact by id, or by the value of the survey's metadata key."""

    contact_id: Id | None = None
    metadata_value: str | None = None
    respondent: str | None = None
    answers: list[ResultAnswerIn] = Field(default_factory=list)


class SurveyRead(Body):
    id: int
    name: str
    description: str | None = None
    creator: str | None = None
    created: int
    totalPoints: float  # noqa: N815 - the reference's names
    providerSurveyId: str | None = None  # noqa: N815
    surveyProviderConnectionId: int | None = None  # noqa: N815
    statusFK: int  # noqa: N815
    metaDataFieldKey: str | None = None  # noqa: N815
    lastModified: int  # noqa: N815
    properties: dict[str, Any]
    questions: list[dict[str, Any]]
