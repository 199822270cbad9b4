"""QM evaluation forms (sections, questions, options) and the evaluations of contacts scored on them:
answers, per-section scores, comments and the history of each evaluation (disputes, approvals).

Section scores carry the agent, team, form and evaluation time of their evaluation, so averages by
team/agent, form, section and period read one table through one index.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class EvalForm(TenantScoped, Base):
    __tablename__ = "qm_eval_form"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    creator_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    created_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    updater_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_tz: Mapped[str] = mapped_column(String(64), default="UTC")
    manual_weighting: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[int] = mapped_column(Integer, default=0)  # 0 active, 1 inactive, 2 retired
    default_form: Mapped[bool] = mapped_column(Boolean, default=False)
    approval_required: Mapped[bool] = mapped_column(Boolean, default=False)
    score_type: Mapped[int] = mapped_column(Integer, default=1)  # 1 percentage, 2 points
    bands: Mapped[str] = mapped_column(Text, default="[]")  # JSON [{band, begin, end}]


class EvalSection(TenantScoped, Base):
    __tablename__ = "qm_eval_section"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    form_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_form.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    start_color: Mapped[str | None] = mapped_column(String(20), nullable=True)
    end_color: Mapped[str | None] = mapped_column(String(20), nullable=True)


class EvalQuestion(TenantScoped, Base):
    __tablename__ = "qm_eval_question"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    form_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_form.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_section.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(String(2000))
    order: Mapped[int] = mapped_column(Integer, default=0)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvalOption(TenantScoped, Base):
    __tablename__ = "qm_eval_option"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    form_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_form.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_question.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(20))  # KPI | ADDITIVE | NOTAPPLICABLE
    label: Mapped[str] = mapped_column(String(200))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    kpi_priority: Mapped[int] = mapped_column(Integer, default=0)
    order: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[float] = mapped_column(Float, default=0.0)


class Evaluation(TenantScoped, Base):
    __tablename__ = "qm_evaluation"
    __table_args__ = (Index("ix_qm_evaluation_contact", "contact_id", "id"),
                      Index("ix_qm_evaluation_tenant_evaluator", "tenant_id", "evaluator_id", "evaluated_ms"),
                      Index("ix_qm_evaluation_tenant_form", "tenant_id", "form_id"))

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    form_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_form.id", ondelete="RESTRICT"))
    evaluator_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="SET NULL"),
                                                     nullable=True)
    # The evaluated agent and their team when the call was taken (copied from the contact).
    person_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    team_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    state: Mapped[int] = mapped_column(Integer, default=2)  # 1 scored, 2 in progress, 3 needs approval, 4 approved
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    band: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kpi_failed: Mapped[bool] = mapped_column(Boolean, default=False)
    hr: Mapped[bool] = mapped_column(Boolean, default=False)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    calibration: Mapped[bool] = mapped_column(Boolean, default=False)
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    evaluated_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    approver_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    approved_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    acknowledged_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    dispute: Mapped[str | None] = mapped_column(String(20), nullable=True)  # open | upheld | rescored


class EvalAnswer(TenantScoped, Base):
    __tablename__ = "qm_eval_answer"

    evaluation_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_evaluation.id", ondelete="CASCADE"),
                                               primary_key=True)
    question_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_question.id", ondelete="CASCADE"),
                                             primary_key=True)
    option_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_option.id", ondelete="CASCADE"))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class EvalSectionScore(TenantScoped, Base):
    """One section's score in one evaluation; `counted` is true for scored/approved non-calibration
    evaluations (what agents' averages take)."""

    __tablename__ = "qm_eval_section_score"
    __table_args__ = (Index("ix_qm_eval_section_score_avg", "tenant_id", "counted", "form_id", "evaluated_ms"),)

    evaluation_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_evaluation.id", ondelete="CASCADE"),
                                               primary_key=True)
    section_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_section.id", ondelete="CASCADE"),
                                            primary_key=True)
    form_id: Mapped[int] = mapped_column(IdType)
    person_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    team_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    evaluated_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    counted: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)


class EvalComment(TenantScoped, Base):
    __tablename__ = "qm_eval_comment"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    evaluation_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_evaluation.id", ondelete="CASCADE"),
                                               index=True)
    author_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    text: Mapped[str] = mapped_column(Text)


class EvalHistory(TenantScoped, Base):
    """What happened to an evaluation: created, saved, submitted, approved, rejected, acknowledged,
    disputed, upheld, rescored — with the score before and after."""

    __tablename__ = "qm_eval_history"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    evaluation_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_evaluation.id", ondelete="CASCADE"),
                                               index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    at_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    state: Mapped[int | None] = mapped_column(Integer, nullable=True)
    score_before: Mapped[float | None] = mapped_column(Float, nullable=True)
    score_after: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class Survey(TenantScoped, Base):
    """A post-call survey as a survey provider runs it; results attach to contacts by id or by the
    value of `metadata_key` (a contact metadata field, or callId / assocCallId / icmCallId)."""

    __tablename__ = "qm_survey"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    creator_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    provider_survey_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    provider_connection_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    status: Mapped[int] = mapped_column(Integer, default=2)
    metadata_key: Mapped[str | None] = mapped_column(String(100), nullable=True)
    properties: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    last_modified_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class SurveyQuestion(TenantScoped, Base):
    __tablename__ = "qm_survey_question"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    survey_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_question_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    weight: Mapped[float] = mapped_column(Float, default=1.0)
    is_kpi: Mapped[bool] = mapped_column(Boolean, default=False)
    order: Mapped[int] = mapped_column(Integer, default=0)
    last_modified_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class SurveyAnswer(TenantScoped, Base):
    __tablename__ = "qm_survey_answer"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    survey_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey_question.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    provider_answer_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    type: Mapped[str | None] = mapped_column(String(50), nullable=True)
    weight: Mapped[float] = mapped_column(Float, default=0.0)
    value: Mapped[str | None] = mapped_column(String(200), nullable=True)
    order: Mapped[int] = mapped_column(Integer, default=0)
    last_modified_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class SurveyResult(TenantScoped, Base):
    """One customer's answers to a survey about one contact, scored with the survey's weights."""

    __tablename__ = "qm_survey_result"
    __table_args__ = (Index("ix_qm_survey_result_contact", "contact_id", "id"),
                      Index("ix_qm_survey_result_survey", "survey_id", "received_ms"))

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    survey_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    received_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    respondent: Mapped[str | None] = mapped_column(String(200), nullable=True)
    points: Mapped[float | None] = mapped_column(Float, nullable=True)
    total_points: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    kpi_score: Mapped[float | None] = mapped_column(Float, nullable=True)


class SurveyResultAnswer(TenantScoped, Base):
    __tablename__ = "qm_survey_result_answer"

    result_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey_result.id", ondelete="CASCADE"),
                                           primary_key=True)
    question_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_survey_question.id", ondelete="CASCADE"),
                                             primary_key=True)
    answer_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("qm_survey_answer.id", ondelete="SET NULL"),
                                                  nullable=True)
    value: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    points: Mapped[float | None] = mapped_column(Float, nullable=True)


class RecordingControlState(TenantScoped, Base):
    """A person's live recording-control state: paused (and its open pause event), the screen-only
    recording in progress, and the phone extension they are logged in to (hoteling)."""

    __tablename__ = "qm_recording_control"
    __table_args__ = (Index("ix_qm_recording_control_extension", "tenant_id", "extension"),)

    person_id: Mapped[int] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="CASCADE"), primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    pause_contact_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    pause_event_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    paused_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    screen_contact_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    extension: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)
