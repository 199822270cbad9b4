"""Evaluations on the wire: what an evaluator sends (answers by question, or the GET shape back)."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ...kit.wire import Body, Id
from ...scheduling.wire import Ref


class AnswerIn(Body):
    question_id: Id
    option_id: Id | None = None
    comment: str | None = None


class EvaluationIn(Body):
    """Create (POST) or change (PUT) an evaluation. Answers come as `answers: [{questionId, optionId,
    comment}]` or in the GET shape (`sections[].questions[].answer.optionId`)."""

    form_id: Id | None = None
    form: Ref | None = None
    eval_form: Ref | None = None
    answers: list[AnswerIn] | None = None
    state: str | int | None = None
    hr: bool | None = None
    training: bool | None = None
    calibration: bool | None = None
    comments: str | list[str] | None = None
    comment: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _answers_from_sections(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("answers") is not None or not isinstance(data.get("sections"), list):
            return data
        answers = []
        for s in data["sections"]:
            for q in (s.get("questions") or []) if isinstance(s, dict) else []:
                if not isinstance(q, dict) or q.get("id") is None:
                    continue
                a = q.get("answer")
                if isinstance(a, dict):
                    answers.append({"questionId": q["id"], "optionId": a.get("optionId", a.get("id")),
                                    "comment": a.get("comment")})
                elif "optionId" in q:
                    answers.append({"questionId": q["id"], "optionId": q.get("optionId"), "comment": q.get("comment")})
        return {**data, "answers": answers}

    @property
    def chosen_form(self) -> int | None:
        for ref in (self.form, self.eval_form):
            if ref is not None:
                return ref.id
        return self.form_id

    @property
    def comment_texts(self) -> list[str]:
        texts = [self.comments] if isinstance(self.comments, str) else list(self.comments or [])
        if self.comment:
            texts.append(self.comment)
        return [t for t in texts if t and t.strip()]


class CommentIn(Body):
    text: str | None = None
    comment: str | None = None


class DisputeIn(Body):
    reason: str | None = Field(None, description="why the agent disputes the score")
    text: str | None = None


class ResolveIn(EvaluationIn):
    """How a dispute ends: `uphold` keeps the score, `rescore` applies the answers given."""

    action: str = "uphold"
    note: str | None = None


class EvaluationRead(Body):
    id: int
    stateId: int  # noqa: N815 - the reference's names
    state: str
    score: float | None = None
    evaluated: int | None = None
    comments: str
