"""The report catalog of a tenant: the built-in reports plus the tenant's saved definitions (a
built-in report with its own name, chosen columns and default parameter values).

A saved report's id is SAVED_ID_BASE + its row id, its qname `RP1_<id>_0_<suffix>`; the export
API takes either, like a built-in's.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth import permissions as perms
from ..auth.principal import Principal
from ..errors import BadRequest, NotFound
from ..kit.clock import now_ms
from ..kit.violations import Violations
from ..models import ReportDefinition
from ..scheduling.schedules import days
from ..scheduling.schedules import repository as schedule_repo
from . import params
from .catalog import BUILTINS, BY_ID, QNAME_PREFIX, Column, Report

SAVED_ID_BASE = 100_000
_QNAME = re.compile(r"^RP1_(\d+)_\d+_([a-z0-9]+)$", re.IGNORECASE)


@dataclass
class Resolved:
    report: Report
    id: int
    qname: str
    name: str
    description: str
    columns: list[Column]  # the columns this report exports, in order
    defaults: list  # default encodedParamValues entries
    definition: ReportDefinition | None = None

    def runnable_by(self, principal: Principal) -> bool:
        need = self.report.permissions
        return not need or any(principal.has(perms.BY_NAME[n].id) for n in need)

    def as_wire(self, principal: Principal, detail: bool = True) -> dict:
        out = {"reportId": self.id, "qname": self.qname, "name": self.name, "description": self.description,
               "builtIn": self.definition is None, "baseReportId": self.report.id,
               "runnable": self.runnable_by(principal)}
        if detail:
            out["columns"] = [c.as_wire() for c in self.columns]
            out["parameters"] = [p.as_wire() for p in self.report.params]
            out["defaultParamValues"] = self.defaults
            out["requiredPermissions"] = list(self.report.permissions)
        return out


def normalize_qname(value: str) -> str:
    """The reference's examples also write qnames with spaces for underscores."""
    return re.sub(r"\s+", "_", value.strip())


def _builtin(db: Session, report: Report) -> Resolved:
    return Resolved(report, report.id, report.qname, report.name, report.description, report.all_columns(db), [])


def _saved(db: Session, row: ReportDefinition) -> Resolved:
    base = BY_ID[row.base_report_id]
    available = {c.key: c for c in base.all_columns(db)}
    columns = [available[k] for k in row.columns if k in available] if row.columns else list(available.values())
    rid = SAVED_ID_BASE + row.id
    return Resolved(base, rid, f"{QNAME_PREFIX}_{rid}_0_{row.suffix}", row.name,
                    row.description or base.description, columns, list(row.defaults or []), row)


def catalog(db: Session) -> list[Resolved]:
    saved = db.scalars(select(ReportDefinition).order_by(ReportDefinition.id)).all()
    return [*(_builtin(db, r) for r in BUILTINS), *(_saved(db, r) for r in saved if r.base_report_id in BY_ID)]


def resolve(db: Session, ref: str) -> Resolved:
    """The report a path's reportId (an id or a qname) names; 404 when the tenant has none."""
    text = normalize_qname(ref or "")
    number: int | None = int(text) if text.isdecimal() and len(text) < 12 else None
    suffix = None
    m = _QNAME.match(text)
    if m and len(m.group(1)) < 12:
        number, suffix = int(m.group(1)), m.group(2).lower()
    # A built-in is named by its id (the reference's own examples misspell the suffix: il1 / ill).
    if number is not None and number in BY_ID:
        return _builtin(db, BY_ID[number])
    if number is not None and number > SAVED_ID_BASE:
        row = db.get(ReportDefinition, number - SAVED_ID_BASE)
        if row is not None and row.base_report_id in BY_ID and (suffix is None or suffix == row.suffix):
            return _saved(db, row)
    raise NotFound(f"Report {ref} does not exist")


def tenant_zone(db: Session):
    return days.zone(schedule_repo.tenant_time_zone(db))


def _check(db: Session, body: dict, v: Violations, base_id: int | None) -> tuple[Report | None, list, list]:
    base = BY_ID.get(base_id) if base_id is not None else None
    if base is None:
        v.add("baseReportId", "must be the id of a built-in report: " + ", ".join(str(r.id) for r in BUILTINS))
        return None, [], []
    keys = {c.key for c in base.all_columns(db)}
    columns = body.get("columns") or []
    if isinstance(columns, list):  # the GET shape: column objects, {"key", "label", "type"}
        columns = [c.get("key") if isinstance(c, dict) else c for c in columns]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        v.add("columns", "must be a list of column keys (or the column objects GET answers)")
        columns = []
    for i, key in enumerate(columns):
        if key not in keys:
            v.add(f"columns[{i}]", f"unknown column {key!r} of report {base.id}")
    if len(set(columns)) != len(columns):
        v.add("columns", "names a column twice")
    try:
        entries = params.decode(body.get("defaultParamValues", body.get("encodedParamValues")))
    except ValueError as exc:
        v.add("defaultParamValues", str(exc))
        entries = []
    params.parse(entries, list(base.params), tenant_zone(db), now_ms(), v, "defaultParamValues")
    return base, columns, entries


def _text(body: dict, key: str, limit: int, v: Violations, required: bool) -> str | None:
    value = body.get(key)
    if value is None:
        if required:
            v.add(key, "is required")
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > limit:
        v.add(key, f"must be text of 1-{limit} characters")
        return None
    return value.strip()


def _base_id(body: dict) -> int | None:
    value = body.get("baseReportId")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        m = _QNAME.match(normalize_qname(value))
        if m:
            return int(m.group(1))
        if value.strip().isdecimal() and len(value.strip()) < 12:
            return int(value.strip())
    return None


def save(db: Session, principal: Principal, body: dict) -> dict:
    """Save a new tenant report definition."""
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object")
    v = Violations("report definition")
    name = _text(body, "name", 200, v, True)
    description = _text(body, "description", 2000, v, False)
    base, columns, entries = _check(db, body, v, _base_id(body))
    v.raise_if_any()
    now = now_ms()
    row = ReportDefinition(base_report_id=base.id, name=name, description=description, suffix=secrets.token_hex(10),
                           columns=columns, defaults=entries, created_by=principal.person_id, created_ms=now,
                           updated_ms=now)
    db.add(row)
    db.flush()
    return _saved(db, row).as_wire(principal)


def _own(db: Session, report_id: str) -> ReportDefinition:
    found = resolve(db, report_id)
    if found.definition is None:
        raise BadRequest(f"Report {report_id} is built in; save a definition of it instead")
    return found.definition


def update(db: Session, principal: Principal, report_id: str, body: dict) -> dict:
    """Change a saved definition (name, description, columns, default parameters; the base stays)."""
    row = _own(db, report_id)
    if not isinstance(body, dict):
        raise BadRequest("The body must be a JSON object")
    v = Violations("report definition")
    name = _text(body, "name", 200, v, False)
    description = _text(body, "description", 2000, v, False)
    merged = {"columns": body.get("columns", row.columns),
              "defaultParamValues": body.get("defaultParamValues", body.get("encodedParamValues", row.defaults))}
    _, columns, entries = _check(db, merged, v, row.base_report_id)
    v.raise_if_any()
    row.name = name or row.name
    row.description = description if "description" in body else row.description
    row.columns, row.defaults, row.updated_ms = columns, entries, now_ms()
    db.flush()
    return _saved(db, row).as_wire(principal)


def delete(db: Session, report_id: str) -> None:
    db.delete(_own(db, report_id))
    db.flush()
