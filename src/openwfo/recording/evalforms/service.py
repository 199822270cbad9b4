"""Authoring evaluation forms: every violation of a form collected into one 400; a form's scoring
structure is frozen once evaluations use it (409), and deleting such a form retires it."""

from __future__ import annotations

import json

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import Conflict
from ...kit import timezones
from ...kit.clock import now_ms
from ...models import EvalForm, EvalOption, EvalQuestion, EvalSection, Evaluation, Person
from ...scheduling.rules import Violations, check_name, name_taken
from .schemas import EvalFormIn, OptionIn, QuestionIn, SectionIn
from .tree import OPTION_TYPES, SCORE_TYPES, STATUS_RETIRED, FormTree, load_form, load_forms

MAX_TEXT = 2000
MAX_LABEL = 200
MAX_COLOR = 20
_TYPE_ALIASES = {"N/A": "NOTAPPLICABLE", "NA": "NOTAPPLICABLE", "NOT_APPLICABLE": "NOTAPPLICABLE",
                 "NOTAPPLICABLE": "NOTAPPLICABLE", "KPI": "KPI", "ADDITIVE": "ADDITIVE"}


def list_forms(db: Session) -> list[FormTree]:
    return load_forms(db)


def has_evaluations(db: Session, form_id: int) -> bool:
    return bool(db.scalar(select(exists().where(Evaluation.form_id == form_id))))


def _option_type(v: Violations, at: str, value: str) -> str:
    kind = _TYPE_ALIASES.get(str(value).strip().upper().replace(" ", ""))
    if kind is None:
        v.add(at + ".type", "must be one of " + ", ".join(OPTION_TYPES))
        return "ADDITIVE"
    return kind


def _score_type(v: Violations, body: EvalFormIn) -> int:
    st = body.score_type
    if st is None:
        return 1
    if st.id is not None:
        if st.id not in SCORE_TYPES:
            v.add("scoreType.id", "must be 1 (percentage) or 2 (points)")
            return 1
        return st.id
    by_name = {n: i for i, n in SCORE_TYPES.items()}
    if st.name is not None and st.name.strip().lower() in by_name:
        return by_name[st.name.strip().lower()]
    if st.name is not None:
        v.add("scoreType.name", "must be percentage or points")
    return 1


def _bands(v: Violations, body: EvalFormIn) -> list[dict]:
    bands = []
    for i, b in enumerate(body.band_ranges):
        if b.begin > b.end:
            v.add(f"bandRanges[{i}].end", "must not be before begin")
        bands.append({"band": b.band, "begin": b.begin, "end": b.end})
    numbers = [b["band"] for b in bands]
    if len(set(numbers)) != len(numbers):
        v.add("bandRanges", "band numbers must be unique")
    ordered = sorted(bands, key=lambda b: (b["begin"], b["end"]))
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b["begin"] < a["end"]:
            v.add("bandRanges", f"band {a['band']} and band {b['band']} overlap")
    return bands


def _zone(v: Violations, field: str, value: str | None, fallback: str) -> str:
    if value is None or not str(value).strip():
        return fallback
    zone = timezones.resolve(value)
    if zone is None:
        v.add(field, "is not a known time zone")
        return fallback
    return zone


def _check_text(v: Violations, at: str, value: str | None, max_len: int, *, required: bool = False) -> None:
    if value is None:
        if required:
            v.add(at, "is required")
        return
    if required and not value.strip():
        v.add(at, "must not be empty")
    if len(value) > max_len:
        v.add(at, f"must be at most {max_len} characters")


def _check_structure(v: Violations, body: EvalFormIn, manual: bool) -> None:
    if not body.sections:
        v.add("sections", "a form needs at least one section")
    for si, s in enumerate(body.sections):
        at = f"sections[{si}]"
        _check_text(v, at + ".name", s.name, 200, required=True)
        _check_text(v, at + ".startColor", s.start_color, MAX_COLOR)
        _check_text(v, at + ".endColor", s.end_color, MAX_COLOR)
        if s.weight < 0:
            v.add(at + ".weight", "must not be negative")
        if not s.questions:
            v.add(at + ".questions", "a section needs at least one question")
        for qi, q in enumerate(s.questions):
            qat = f"{at}.questions[{qi}]"
            _check_text(v, qat + ".text", q.text, MAX_TEXT, required=True)
            _check_text(v, qat + ".description", q.description, MAX_TEXT)
            if q.weight < 0:
                v.add(qat + ".weight", "must not be negative")
            if not q.options:
                v.add(qat + ".options", "a question needs at least one option")
            kinds = []
            for oi, o in enumerate(q.options):
                oat = f"{qat}.options[{oi}]"
                kinds.append(_option_type(v, oat, o.type))
                _check_text(v, oat + ".label", o.label, MAX_LABEL)
                if o.kpi_priority < 0:
                    v.add(oat + ".kpiPriority", "must not be negative")
            if q.options and all(k == "NOTAPPLICABLE" for k in kinds):
                v.add(qat + ".options", "a question needs an option that scores (KPI or ADDITIVE)")
            if sum(1 for o in q.options if o.is_default) > 1:
                v.add(qat + ".options", "at most one option is the default")
    if manual and body.sections and sum(s.weight for s in body.sections) <= 0:
        v.add("sections", "with manual weighting the section weights must not all be zero")


def _known_ids(v: Violations, body: EvalFormIn, tree: FormTree | None) -> None:
    """Ids in a PUT must be this form's own (a POST ignores them)."""
    sec = {s.row.id for s in tree.sections} if tree else set()
    qs = set(tree.questions()) if tree else set()
    opts = set(tree.options()) if tree else set()
    seen: set[tuple[str, int]] = set()
    for si, s in enumerate(body.sections):
        for kind, at, item_id, known in [("section", f"sections[{si}]", s.id, sec)] + [
                ("question", f"sections[{si}].questions[{qi}]", q.id, qs) for qi, q in enumerate(s.questions)] + [
                ("option", f"sections[{si}].questions[{qi}].options[{oi}]", o.id, opts)
                for qi, q in enumerate(s.questions) for oi, o in enumerate(q.options)]:
            if item_id is None:
                continue
            if item_id not in known:
                v.add(at + ".id", f"{kind} {item_id} is not part of this form")
            elif (kind, item_id) in seen:
                v.add(at + ".id", f"{kind} {item_id} appears twice")
            seen.add((kind, item_id))


def _validate(db: Session, body: EvalFormIn, tree: FormTree | None, fallback_tz: str) -> tuple[dict, list[dict]]:
    v = Violations("evaluation form")
    name = check_name(v, "name", body.name, max_len=200)
    _check_text(v, "description", body.description, MAX_TEXT)
    if body.status not in (0, 1, 2):
        v.add("status", "must be 0 (active), 1 (inactive) or 2 (retired)")
    score_type = _score_type(v, body)
    bands = _bands(v, body)
    created_tz = _zone(v, "createdTz", body.created_tz or body.created_tz_upper,
                       tree.form.created_tz if tree else fallback_tz)
    updated_tz = _zone(v, "updatedTz", body.updated_tz, fallback_tz)
    _check_structure(v, body, body.manual_weighting)
    if tree is not None:
        _known_ids(v, body, tree)
    else:
        for s in body.sections:
            s.id = None
            for q in s.questions:
                q.id = None
                for o in q.options:
                    o.id = None
    if name and name_taken(db, EvalForm, name, exclude_id=tree.form.id if tree else None):
        v.add("name", "another evaluation form has this name")
    v.raise_if_any()
    fields = {"name": name, "description": body.description, "manual_weighting": body.manual_weighting,
              "status": body.status, "default_form": body.default_form, "approval_required": body.approval_required,
              "score_type": score_type, "bands": json.dumps(bands), "created_tz": created_tz, "updated_tz": updated_tz}
    return fields, bands


def _person_zone(db: Session, principal: Principal) -> str:
    return db.scalar(select(Person.time_zone).where(Person.id == principal.person_id)) or "UTC"


def _signature_of_body(body: EvalFormIn, fields: dict) -> tuple:
    return (fields["manual_weighting"], fields["score_type"],
            tuple(sorted((s.id or 0, s.weight) for s in body.sections)),
            tuple(sorted((q.id or 0, s.id or 0, q.weight) for s in body.sections for q in s.questions)),
            tuple(sorted((o.id or 0, q.id or 0, _TYPE_ALIASES.get(o.type.strip().upper().replace(" ", "")), o.points,
                          o.kpi_priority) for s in body.sections for q in s.questions for o in q.options)))


def _signature_of_tree(tree: FormTree) -> tuple:
    f = tree.form
    return (f.manual_weighting, f.score_type,
            tuple(sorted((s.row.id, s.row.weight) for s in tree.sections)),
            tuple(sorted((q.row.id, s.row.id, q.row.weight) for s in tree.sections for q in s.questions)),
            tuple(sorted((o.id, q.row.id, o.type, o.points, o.kpi_priority)
                         for s in tree.sections for q in s.questions for o in q.options)))


def _option_fields(o: OptionIn, index: int) -> dict:
    return {"type": _TYPE_ALIASES[o.type.strip().upper().replace(" ", "")], "label": o.label,
            "is_default": o.is_default, "kpi_priority": o.kpi_priority,
            "order": o.order if o.order is not None else index, "points": o.points}


def _question_fields(q: QuestionIn, index: int) -> dict:
    return {"text": q.text.strip(), "order": q.order if q.order is not None else index, "weight": q.weight,
            "description": q.description}


def _section_fields(s: SectionIn, index: int) -> dict:
    return {"name": s.name.strip(), "order": s.order if s.order is not None else index, "weight": s.weight,
            "start_color": s.start_color, "end_color": s.end_color}


def _upsert(db: Session, model, row_id: int | None, existing: dict, values: dict):
    row = existing.get(row_id) if row_id is not None else None
    if row is None:
        row = model(**values)
        db.add(row)
    else:
        for k, val in values.items():
            setattr(row, k, val)
    return row


def _write_structure(db: Session, form_id: int, body: EvalFormIn, tree: FormTree | None) -> None:
    """Sections, questions and options as the body gives them: known ids updated, new ones added,
    the rest removed."""
    old_sections = {s.row.id: s.row for s in tree.sections} if tree else {}
    old_questions = {q: v.row for q, v in tree.questions().items()} if tree else {}
    old_options = tree.options() if tree else {}
    keep_s, keep_q, keep_o = set(), set(), set()
    for si, s in enumerate(body.sections):
        sec = _upsert(db, EvalSection, s.id, old_sections, {"form_id": form_id, **_section_fields(s, si)})
        db.flush()
        keep_s.add(sec.id)
        for qi, q in enumerate(s.questions):
            que = _upsert(db, EvalQuestion, q.id, old_questions,
                          {"form_id": form_id, "section_id": sec.id, **_question_fields(q, qi)})
            db.flush()
            keep_q.add(que.id)
            for oi, o in enumerate(q.options):
                opt = _upsert(db, EvalOption, o.id, old_options,
                              {"form_id": form_id, "question_id": que.id, **_option_fields(o, oi)})
                db.flush()
                keep_o.add(opt.id)
    for model, old, keep in ((EvalOption, old_options, keep_o), (EvalQuestion, old_questions, keep_q),
                             (EvalSection, old_sections, keep_s)):
        gone = set(old) - keep
        if gone:
            db.execute(delete(model).where(model.id.in_(gone)), execution_options={"synchronize_session": False})
    db.expire_all()


def create_form(db: Session, principal: Principal, body: EvalFormIn) -> FormTree:
    fields, _ = _validate(db, body, None, _person_zone(db, principal))
    now = now_ms()
    form = EvalForm(**fields, creator_id=principal.person_id, updater_id=principal.person_id, created_ms=now,
                    updated_ms=now)
    db.add(form)
    db.flush()
    _write_structure(db, form.id, body, None)
    return load_form(db, form.id)


def update_form(db: Session, principal: Principal, form_id: int, body: EvalFormIn) -> FormTree:
    tree = load_form(db, form_id)
    fields, _ = _validate(db, body, tree, _person_zone(db, principal))
    if has_evaluations(db, form_id) and _signature_of_body(body, fields) != _signature_of_tree(tree):
        raise Conflict(f"Evaluation form {form_id} has evaluations: its sections, questions, options, weights, "
                       "points and scoring cannot change (names, texts, labels, colours, bands and status can)")
    form = tree.form
    for k, val in fields.items():
        setattr(form, k, val)
    form.updater_id = principal.person_id
    form.updated_ms = now_ms()
    db.flush()
    _write_structure(db, form_id, body, tree)
    return load_form(db, form_id)


def delete_form(db: Session, principal: Principal, form_id: int) -> FormTree | None:
    """Deletes a form no evaluation uses; a form with evaluations is retired instead (and returned)."""
    tree = load_form(db, form_id)
    if has_evaluations(db, form_id):
        tree.form.status = STATUS_RETIRED
        tree.form.updater_id = principal.person_id
        tree.form.updated_ms = now_ms()
        db.flush()
        return tree
    db.execute(delete(EvalForm).where(EvalForm.id == form_id), execution_options={"synchronize_session": False})
    return None
