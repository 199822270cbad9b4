"""Import preferences: named column mappings per tenant, one name per import type."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...errors import BadRequest, Conflict, NotFound
from ...kit.clock import now_ms
from ...models import ImportPreference
from ..fields import TYPES, field_by_key, normalize_type
from . import repository as repo
from .schemas import (
    ImportPreferenceCreate,
    ImportPreferenceList,
    ImportPreferenceRead,
    ImportPreferenceUpdate,
    PreferenceMapping,
)


def _checked(body: ImportPreferenceCreate) -> tuple[str, str, list[dict]]:
    kind = normalize_type(body.type)
    if kind is None:
        raise BadRequest(f"Unknown type '{body.type}': use persons, groups or teams",
                         errors=[{"field": "type", "reason": "unknown import type"}])
    name = body.name.strip()
    if not name:
        raise BadRequest("The name is required", errors=[{"field": "name", "reason": "required"}])
    mappings, seen = [], set()
    for i, m in enumerate(body.mappings):
        f = field_by_key(kind, m.field)
        if f is None:
            raise BadRequest(f"Unknown field '{m.field}' for {kind}",
                             errors=[{"field": f"mappings.{i}.field", "reason": "unknown field"}])
        data_type = f.data_type(m.data_type)
        if data_type is None:
            raise BadRequest(f"Data type '{m.data_type}' cannot be used for the field '{f.key}'",
                             errors=[{"field": f"mappings.{i}.dataType", "reason": f"use {' or '.join(f.types)}"}])
        if f.key in seen:
            raise BadRequest(f"The field '{f.key}' is mapped twice",
                             errors=[{"field": f"mappings.{i}.field", "reason": "mapped twice"}])
        seen.add(f.key)
        mappings.append({"field": f.key, "column": m.column.strip() or m.column, "dataType": data_type})
    return kind, name, mappings


def _unique(db: Session, kind: str, name: str, own_id: int | None = None) -> None:
    other = repo.find_by_name(db, kind, name)
    if other is not None and other.id != own_id:
        raise Conflict(f"An import preference named '{name}' already exists for {kind}")


def _get(db: Session, preference_id: int) -> ImportPreference:
    pref = repo.get_preference(db, preference_id)
    if pref is None:
        raise NotFound(f"Import preference {preference_id} does not exist")
    return pref


def list_preferences(db: Session) -> ImportPreferenceList:
    by_type: dict[str, list[ImportPreferenceRead]] = {t: [] for t in TYPES}
    for pref in repo.list_preferences(db):
        by_type.setdefault(pref.type, []).append(ImportPreferenceRead.of(pref))
    return ImportPreferenceList(preferences=[{t: prefs} for t, prefs in by_type.items()])


def get_preference(db: Session, preference_id: int) -> ImportPreferenceRead:
    return ImportPreferenceRead.of(_get(db, preference_id))


def create_preference(db: Session, body: ImportPreferenceCreate) -> ImportPreferenceRead:
    kind, name, mappings = _checked(body)
    _unique(db, kind, name)
    now = now_ms()
    pref = ImportPreference(name=name, type=kind, mappings=mappings, created_ms=now, updated_ms=now)
    db.add(pref)
    db.flush()
    return ImportPreferenceRead.of(pref)


def update_preference(db: Session, preference_id: int, body: ImportPreferenceUpdate) -> ImportPreferenceRead:
    pref = _get(db, preference_id)
    stored = [PreferenceMapping.model_validate(m) for m in pref.mappings or ()]
    merged = ImportPreferenceCreate.model_construct(
        name=pref.name if body.name is None else body.name,
        type=pref.type if body.type is None else body.type,
        mappings=stored if body.mappings is None else body.mappings)
    kind, name, mappings = _checked(merged)
    _unique(db, kind, name, pref.id)
    pref.name, pref.type, pref.mappings, pref.updated_ms = name, kind, mappings, now_ms()
    db.flush()
    return ImportPreferenceRead.of(pref)


def delete_preference(db: Session, preference_id: int) -> ImportPreferenceRead:
    pref = _get(db, preference_id)
    out = ImportPreferenceRead.of(pref)
    db.delete(pref)
    db.flush()
    return out
