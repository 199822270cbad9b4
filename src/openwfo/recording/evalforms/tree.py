"""A form with its sections, questions and options, read in four queries (for any number of forms),
and its wire form (the reference's Evaluation Form API shape)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import NotFound
from ...models import EvalForm, EvalOption, EvalQuestion, EvalSection

SCORE_TYPES = {1: "percentage", 2: "points"}
OPTION_TYPES = ("KPI", "ADDITIVE", "NOTAPPLICABLE")
STATUS_ACTIVE, STATUS_INACTIVE, STATUS_RETIRED = 0, 1, 2


@dataclass
class Question:
    row: EvalQuestion
    options: list[EvalOption] = field(default_factory=list)


@dataclass
class Section:
    row: EvalSection
    questions: list[Question] = field(default_factory=list)


@dataclass
class FormTree:
    form: EvalForm
    sections: list[Section] = field(default_factory=list)

    @property
    def bands(self) -> list[dict]:
        return json.loads(self.form.bands or "[]")

    def questions(self) -> dict[int, Question]:
        return {q.row.id: q for s in self.sections for q in s.questions}

    def options(self) -> dict[int, EvalOption]:
        return {o.id: o for s in self.sections for q in s.questions for o in q.options}


def load_forms(db: Session, ids: list[int] | None = None) -> list[FormTree]:
    q = select(EvalForm).order_by(EvalForm.id)
    if ids is not None:
        q = q.where(EvalForm.id.in_(ids))
    forms = list(db.scalars(q))
    if not forms:
        return []
    form_ids = [f.id for f in forms]
    trees = {f.id: FormTree(f) for f in forms}
    sections: dict[int, Section] = {}
    for s in db.scalars(select(EvalSection).where(EvalSection.form_id.in_(form_ids))
                        .order_by(EvalSection.order, EvalSection.id)):
        sections[s.id] = Section(s)
        trees[s.form_id].sections.append(sections[s.id])
    questions: dict[int, Question] = {}
    for r in db.scalars(select(EvalQuestion).where(EvalQuestion.form_id.in_(form_ids))
                        .order_by(EvalQuestion.order, EvalQuestion.id)):
        questions[r.id] = Question(r)
        sections[r.section_id].questions.append(questions[r.id])
    for o in db.scalars(select(EvalOption).where(EvalOption.form_id.in_(form_ids))
                        .order_by(EvalOption.order, EvalOption.id)):
        questions[o.question_id].options.append(o)
    return [trees[i] for i in form_ids]


def load_form(db: Session, form_id: int) -> FormTree:
    found = load_forms(db, [form_id])
    if not found:
        raise NotFound(f"Evaluation form {form_id} does not exist")
    return found[0]


def option_json(o: EvalOption) -> dict:
    return {"id": o.id, "type": o.type, "label": o.label, "isDefault": o.is_default, "kpiPriority": o.kpi_priority,
            "order": o.order, "points": o.points}


def question_json(q: Question) -> dict:
    r = q.row
    return {"id": r.id, "text": r.text, "order": r.order, "weight": r.weight, "description": r.description,
            "options": [option_json(o) for o in q.options]}


def section_json(s: Section, questions: list[dict] | None = None) -> dict:
    r = s.row
    return {"id": r.id, "name": r.name, "order": r.order, "weight": r.weight, "startColor": r.start_color,
            "endColor": r.end_color,
            "questions": questions if questions is not None else [question_json(q) for q in s.questions]}


def form_json(tree: FormTree) -> dict:
    f = tree.form
    return {
        "id": f.id, "name": f.name, "description": f.description,
        "creator": str(f.creator_id) if f.creator_id is not None else None, "created": f.created_ms,
        "manualWeighting": f.manual_weighting, "createdTz": f.created_tz, "createdTZ": f.created_tz,
        "updater": str(f.updater_id) if f.updater_id is not None else None, "updated": f.updated_ms,
        "updatedTz": f.updated_tz, "status": f.status, "defaultForm": f.default_form,
        "approvalRequired": f.approval_required, "bandRanges": tree.bands,
        "scoreType": {"id": f.score_type, "name": SCORE_TYPES.get(f.score_type, "percentage")},
        "sections": [section_json(s) for s in tree.sections],
    }


def form_ref(form_id: int, name: str | None) -> dict:
    return {"id": form_id, "name": name, "$ref": f"/api/rest/recording/evalform/{form_id}"}
