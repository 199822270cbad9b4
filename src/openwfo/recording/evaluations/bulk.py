"""Many evaluations at once (demo data, benchmarks): scored with the same rules, written with a few
executemany statements, and the contacts' evaluation fields set to match.

The contacts are assumed to have no evaluation yet (each gets the last of its specs as its primary).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm import Session

from ...models import Contact, EvalAnswer, EvalComment, EvalHistory, EvalSectionScore, Evaluation
from ..evalforms.tree import FormTree
from ..imports.service import insert_returning_ids
from . import states
from .scoring import score

CHUNK = 20_000


@dataclass
class EvalSpec:
    contact_id: int
    person_id: int | None
    team_id: int | None
    evaluator_id: int | None
    answers: dict[int, int]
    state: int
    evaluated_ms: int
    hr: bool = False
    training: bool = False
    calibration: bool = False
    comments: list[str] = field(default_factory=list)


def _chunks(rows: list[dict]):
    for i in range(0, len(rows), CHUNK):
        yield rows[i:i + CHUNK]


def insert_evaluations(db: Session, tenant_id: int, tree: FormTree, specs: list[EvalSpec], tz: str = "UTC") -> list[int]:
    results = [score(tree, s.answers) for s in specs]
    rows = []
    for s, r in zip(specs, results, strict=True):
        done = s.state != states.IN_PROGRESS
        rows.append({"tenant_id": tenant_id, "contact_id": s.contact_id, "form_id": tree.form.id,
                     "evaluator_id": s.evaluator_id, "person_id": s.person_id, "team_id": s.team_id, "state": s.state,
                     "score": r.score, "band": r.band, "kpi_failed": r.kpi_failed, "hr": s.hr, "training": s.training,
                     "calibration": s.calibration, "tz": tz, "created_ms": s.evaluated_ms, "updated_ms": s.evaluated_ms,
                     "evaluated_ms": s.evaluated_ms if done else None,
                     "approver_id": None, "approved_ms": s.evaluated_ms if s.state == states.APPROVED else None,
                     "acknowledged_ms": None, "dispute": None})
    ids = insert_returning_ids(db, Evaluation, rows)
    conn = db.connection()
    answers, sections, history, comments, contacts = [], [], [], [], {}
    for eid, s, r, row in zip(ids, specs, results, rows, strict=True):
        answers += [{"tenant_id": tenant_id, "evaluation_id": eid, "question_id": q, "option_id": o, "comment": None}
                    for q, o in s.answers.items()]
        counted = s.state in states.COUNTED and not s.calibration
        sections += [{"tenant_id": tenant_id, "evaluation_id": eid, "section_id": sid, "form_id": tree.form.id,
                      "person_id": s.person_id, "team_id": s.team_id, "evaluated_ms": row["evaluated_ms"],
                      "counted": counted, "score": value} for sid, value in r.sections.items()]
        history.append({"tenant_id": tenant_id, "evaluation_id": eid, "action": "created", "actor_id": s.evaluator_id,
                        "at_ms": s.evaluated_ms, "state": s.state, "score_before": None, "score_after": r.score,
                        "note": None})
        comments += [{"tenant_id": tenant_id, "evaluation_id": eid, "author_id": s.evaluator_id,
                      "created_ms": s.evaluated_ms, "text": t} for t in s.comments]
        if not s.calibration:
            contacts[s.contact_id] = {
                "cid": s.contact_id, "tid": tenant_id, "evaluation_id": eid, "eval_form_id": tree.form.id,
                "evaluator_id": s.evaluator_id, "eval_score": r.score if s.state != states.IN_PROGRESS else None,
                "eval_state": s.state, "scored": s.state in states.COUNTED,
                "needs_approval": s.state == states.NEEDS_APPROVAL, "eval_in_progress": s.state == states.IN_PROGRESS,
                "approved": s.state == states.APPROVED, "evaluated_ms": row["evaluated_ms"], "hr": s.hr,
                "training": s.training}
    for table, batch in ((EvalAnswer, answers), (EvalSectionScore, sections), (EvalHistory, history),
                         (EvalComment, comments)):
        for part in _chunks(batch):
            db.execute(insert(table), part)  # ORM bulk insert: stamped and checked by db.py's tenant hook
    t = Contact.__table__
    stmt = (update(t).where(t.c.id == bindparam("cid"), t.c.tenant_id == bindparam("tid"))
            .values({k: bindparam(k) for k in ("evaluation_id", "eval_form_id", "evaluator_id", "eval_score",
                                               "eval_state", "scored", "needs_approval", "eval_in_progress",
                                               "approved", "evaluated_ms", "hr", "training")}))
    for part in _chunks(list(contacts.values())):
        conn.execute(stmt, part)
    return ids
