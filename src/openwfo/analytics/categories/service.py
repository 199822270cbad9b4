"""Categories and phrases: reads, creates, updates, deletes; every change of phrases re-runs the
text hits of those phrases (at once, or as a job for a tenant with many texts: text_hits/jobs.py)
and queues the speech re-spotting (analytics/speech)."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError
from sqlalchemy import delete
from sqlalchemy.orm import Session

from ...errors import NotFound
from ...kit.clock import now_ms
from ...kit.violations import Violations
from ...models import CasCategory, CasPhrase, CasSetting, CasSpeechHit, CasTextHit
from ..text_hits.jobs import schedule_recompute
from ..textmatch import words
from . import repository
from .schemas import CategoryIn, PhraseIn, PhraseListIn

DEFAULT_CONFIDENCE = 50
DEFAULT_LANGUAGE = "en-us"

# Hooks run with (db, phrase ids) after phrases changed (the speech re-analysis registers one).
PHRASES_CHANGED: list = []


# ------------------------------------------------------------------ shapes

def category_json(c: CasCategory) -> dict:
    return {"id": c.id, "category": c.name, "description": c.description, "languageId": c.language_id}


def phrase_json(p: CasPhrase) -> dict:
    return {"phrase": p.phrase, "phonetic": p.phonetic, "soundsLike": p.sounds_like, "confidence": p.confidence,
            "id": p.id, "categoryId": p.category_id, "state": p.state}


def default_confidence(db: Session) -> int:
    row = repository.setting(db)
    return row.confidence if row is not None else DEFAULT_CONFIDENCE


def _answer(db: Session, cats: list[CasCategory], phrases: list[CasPhrase]) -> dict:
    return {"categories": [category_json(c) for c in cats], "phrases": [phrase_json(p) for p in phrases],
            "confidence": default_confidence(db)}


def read(db: Session, category_id: int | None = None, phrase_id: int | None = None) -> dict:
    """Every category and phrase; `category_id` narrows to one category and its phrases,
    `phrase_id` to one phrase (and its category)."""
    if phrase_id is not None:
        row = repository.phrase(db, phrase_id)
        if row is None:
            raise NotFound(f"Phrase {phrase_id} does not exist")
        return _answer(db, repository.categories(db, row.category_id), [row])
    cats = repository.categories(db, category_id)
    if category_id is not None and not cats:
        raise NotFound(f"Category {category_id} does not exist")
    return _answer(db, cats, repository.phrases(db, [c.id for c in cats] if category_id is not None else None))


# ------------------------------------------------------------------ input

def _validation_errors(exc: ValidationError, prefix: str, v: Violations) -> None:
    for e in exc.errors():
        loc = ".".join(str(p) for p in e["loc"])
        v.add(f"{prefix}.{loc}" if prefix and loc else (prefix or loc or "body"), e["msg"])


def parse_body(raw: Any, kind: str) -> PhraseListIn:
    """The request body in any shape the API takes: the GET shape ({categories, phrases, confidence}),
    one category (phraselist) or phrase (phrase) object, or a list of them."""
    v = Violations("request")
    if isinstance(raw, dict) and ({"categories", "phrases", "confidence"} & set(raw)) and not (
            kind == "phraselist" and ("category" in raw or "name" in raw)) and not (
            kind == "phrase" and "phrase" in raw):
        try:
            return PhraseListIn.model_validate(raw)
        except ValidationError as exc:
            _validation_errors(exc, "", v)
    elif isinstance(raw, dict | list):
        model = CategoryIn if kind == "phraselist" else PhraseIn
        items = raw if isinstance(raw, list) else [raw]
        try:
            parsed = TypeAdapter(list[model]).validate_python(items)
        except ValidationError as exc:
            _validation_errors(exc, "categories" if kind == "phraselist" else "phrases", v)
        else:
            return PhraseListIn(categories=parsed) if kind == "phraselist" else PhraseListIn(phrases=parsed)
    else:
        v.add("body", "must be a JSON object or array")
    v.raise_if_any()
    raise AssertionError("unreachable")


# ------------------------------------------------------------------ writes

class _Plan:
    def __init__(self, db: Session):
        self.db = db
        self.v = Violations("categories and phrases")
        self.names = {c.name.lower(): c for c in repository.categories(db)}
        self.changed_phrases: set[int] = set()


def _category_name(c: CategoryIn) -> str | None:
    return c.category if c.category is not None else c.name


def _check_phrase_text(plan: _Plan, p: PhraseIn, field: str, required: bool) -> None:
    if p.phrase is None:
        if required:
            plan.v.add(f"{field}.phrase", "is required")
        return
    if not words(p.phrase):
        plan.v.add(f"{field}.phrase", "must hold at least one word")


def _resolve_category(plan: _Plan, p: PhraseIn, field: str, default: CasCategory | None) -> CasCategory | None:
    if p.category_id is not None:
        row = plan.db.get(CasCategory, p.category_id)
        if row is None:
            plan.v.add(f"{field}.categoryId", f"category {p.category_id} does not exist")
        return row
    if p.category:
        row = plan.names.get(p.category.lower())
        if row is None:
            plan.v.add(f"{field}.category", f"category {p.category!r} does not exist")
        return row
    return default


def _new_phrase(plan: _Plan, p: PhraseIn, category: CasCategory, now: int) -> CasPhrase:
    row = CasPhrase(category_id=category.id, phrase=p.phrase, phonetic=p.phonetic, sounds_like=p.sounds_like,
                    confidence=p.confidence, state=p.state, created_ms=now, updated_ms=now)
    plan.db.add(row)
    return row


def _set_confidence(db: Session, confidence: int | None, now: int) -> None:
    if confidence is None:
        return
    row = repository.setting(db)
    if row is None:
        db.add(CasSetting(confidence=confidence, updated_ms=now))
    else:
        row.confidence, row.updated_ms = confidence, now


def _finish(plan: _Plan, cats: list[CasCategory], phrases: list[CasPhrase]) -> dict:
    plan.db.flush()
    plan.changed_phrases.update(p.id for p in phrases)
    phrases_changed(plan.db, plan.changed_phrases)
    return _answer(plan.db, cats, phrases)


def phrases_changed(db: Session, phrase_ids: set[int]) -> None:
    """Text hits of the phrases again (at once, or a job for a large tenant), then the hooks (the
    speech re-spotting job)."""
    if not phrase_ids:
        return
    schedule_recompute(db, phrase_ids)
    for hook in PHRASES_CHANGED:
        hook(db, phrase_ids)


def create(db: Session, body: PhraseListIn) -> dict:
    """New categories (with their embedded phrases) and new phrases (of a category named by id or
    name, a category of this request included)."""
    plan = _Plan(db)
    now = now_ms()
    new_cats: list[tuple[CasCategory, CategoryIn, str]] = []
    for i, c in enumerate(body.categories or []):
        field = f"categories[{i}]"
        name = _category_name(c)
        if not name:
            plan.v.add(f"{field}.category", "is required")
            continue
        if name.lower() in plan.names:
            plan.v.add(f"{field}.category", f"a category named {name!r} already exists")
            continue
        row = CasCategory(name=name, description=c.description, language_id=(c.language_id or DEFAULT_LANGUAGE).lower(),
                          created_ms=now, updated_ms=now)
        plan.names[name.lower()] = row
        new_cats.append((row, c, field))
        for j, p in enumerate(c.phrases or []):
            _check_phrase_text(plan, p, f"{field}.phrases[{j}]", True)
    top: list[tuple[PhraseIn, str]] = []
    for i, p in enumerate(body.phrases or []):
        field = f"phrases[{i}]"
        _check_phrase_text(plan, p, field, True)
        if p.category_id is None and not p.category:
            plan.v.add(f"{field}.categoryId", "is required (or category, the category's name)")
        top.append((p, field))
    if not new_cats and not top and body.confidence is None:
        plan.v.add("body", "names no category or phrase")
    plan.v.raise_if_any()
    for row, _c, _f in new_cats:
        db.add(row)
    db.flush()
    phrases: list[CasPhrase] = []
    for row, c, _f in new_cats:
        phrases += [_new_phrase(plan, p, row, now) for p in c.phrases or []]
    resolved = [(p, _resolve_category(plan, p, field, None)) for p, field in top]
    plan.v.raise_if_any()
    phrases += [_new_phrase(plan, p, cat, now) for p, cat in resolved]
    _set_confidence(db, body.confidence, now)
    return _finish(plan, [r for r, _c, _f in new_cats], phrases)


def _apply_phrase(plan: _Plan, row: CasPhrase, p: PhraseIn, category: CasCategory | None, now: int) -> None:
    before = (row.phrase, row.sounds_like, row.category_id)
    for attr in ("phrase", "phonetic", "sounds_like", "confidence", "state"):
        value = getattr(p, attr)
        if value is not None:
            setattr(row, attr, value)
    if category is not None:
        row.category_id = category.id
    row.updated_ms = now
    if (row.phrase, row.sounds_like, row.category_id) != before:
        plan.changed_phrases.add(row.id)


def update(db: Session, body: PhraseListIn) -> dict:
    """Categories and phrases named by id get the fields given (others keep their values); phrases
    without an id are created (embedded ones under their category)."""
    plan = _Plan(db)
    now = now_ms()
    cats: list[CasCategory] = []
    phrase_rows: list[CasPhrase] = []
    plans: list[tuple[CasPhrase | None, PhraseIn, CasCategory | None]] = []
    for i, c in enumerate(body.categories or []):
        field = f"categories[{i}]"
        if c.id is None:
            plan.v.add(f"{field}.id", "is required")
            continue
        row = db.get(CasCategory, c.id)
        if row is None:
            plan.v.add(f"{field}.id", f"category {c.id} does not exist")
            continue
        name = _category_name(c)
        if name is not None:
            other = plan.names.get(name.lower())
            if not name:
                plan.v.add(f"{field}.category", "must not be empty")
            elif other is not None and other.id != row.id:
                plan.v.add(f"{field}.category", f"a category named {name!r} already exists")
            else:
                plan.names.pop(row.name.lower(), None)
                row.name = name
                plan.names[name.lower()] = row
        if c.description is not None:
            row.description = c.description
        if c.language_id is not None:
            row.language_id = c.language_id.lower()
        row.updated_ms = now
        cats.append(row)
        for j, p in enumerate(c.phrases or []):
            pf = f"{field}.phrases[{j}]"
            target = _existing_phrase(plan, p, pf)
            _check_phrase_text(plan, p, pf, target is None and p.id is None)
            plans.append((target, p, _resolve_category(plan, p, pf, row)))
    for i, p in enumerate(body.phrases or []):
        field = f"phrases[{i}]"
        target = _existing_phrase(plan, p, field)
        _check_phrase_text(plan, p, field, p.id is None)
        cat = _resolve_category(plan, p, field, None)
        if p.id is None and cat is None and not plan.v.has(field):
            plan.v.add(f"{field}.categoryId", "is required for a new phrase")
        plans.append((target, p, cat))
    if not cats and not plans and body.confidence is None:
        plan.v.add("body", "names no category or phrase")
    plan.v.raise_if_any()
    for target, p, cat in plans:
        if target is None:
            phrase_rows.append(_new_phrase(plan, p, cat, now))
        else:
            _apply_phrase(plan, target, p, cat, now)
            phrase_rows.append(target)
    _set_confidence(db, body.confidence, now)
    return _finish(plan, cats, phrase_rows)


def _existing_phrase(plan: _Plan, p: PhraseIn, field: str) -> CasPhrase | None:
    if p.id is None:
        return None
    row = plan.db.get(CasPhrase, p.id)
    if row is None:
        plan.v.add(f"{field}.id", f"phrase {p.id} does not exist")
    return row


def delete_category(db: Session, category_id: int) -> dict:
    row = repository.category(db, category_id)
    if row is None:
        raise NotFound(f"Category {category_id} does not exist")
    ids = repository.phrase_ids_of(db, category_id)
    _drop_hits(db, ids)
    db.execute(delete(CasPhrase).where(CasPhrase.category_id == category_id))
    db.delete(row)
    db.flush()
    return {"deleted": 1}


def delete_phrase(db: Session, phrase_id: int) -> dict:
    row = repository.phrase(db, phrase_id)
    if row is None:
        raise NotFound(f"Phrase {phrase_id} does not exist")
    _drop_hits(db, [phrase_id])
    db.delete(row)
    db.flush()
    return {"deleted": 1}


def _drop_hits(db: Session, phrase_ids: list[int]) -> None:
    if phrase_ids:
        db.execute(delete(CasTextHit).where(CasTextHit.phrase_id.in_(phrase_ids)))
        db.execute(delete(CasSpeechHit).where(CasSpeechHit.phrase_id.in_(phrase_ids)))
