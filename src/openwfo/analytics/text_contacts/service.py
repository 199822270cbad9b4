"""Text contact import: the rules shared by the Generic Text Import API, its multiple-files API and
the drop folder (TEXTCONTACT.*).

A text contact is a QM contact (`qm_contact`, `medium` = its text type, the agent's team and group,
the default workflows, the evaluation form) written by the contact import's own pieces (agents,
bulk insert with ids, metadata fields), plus its `cas_text_contact` row. Each record succeeds or
fails alone. A source id already imported for the same text type (or repeated in the upload) is
reported as DUPLICATE and not imported again — except by PUT, which replaces that contact's text.
Hits of the new texts are computed in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, insert, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import Conflict
from ...kit.clock import now_ms
from ...models import CasTextContact, Contact, ContactMetadata, EvalForm, Person, Team, Tenant
from ...org.scope import visible_team_ids
from ...recording.contacts.access import default_workflows
from ...recording.imports.files import read_text
from ...recording.imports.service import (
    AgentInfo,
    insert_returning_ids,
    metadata_field_ids,
    resolve_agents,
    set_metadata,
)
from .. import qa, sentiment
from ..text_hits.compute import hits_for_texts
from ..textmatch import normalized
from .parsing import MAX_BODY_CHARS, TextSpec

CHUNK = 500


@dataclass
class TextImportContext:
    tenant_id: int
    source: str  # api | bulk | dataserver | demo
    principal: Principal | None = None  # None: a system import (drop folder, demo), tenant-wide
    replace: bool = False  # PUT: a known source id replaces that contact's text
    now: int = field(default_factory=now_ms)


@dataclass
class TextOutcome:
    spec: TextSpec
    status: str = "SUCCESS"  # SUCCESS | UPDATED | DUPLICATE | FAILED
    reason: str | None = None
    contact_id: int | None = None
    agent: AgentInfo | None = None
    body: str | None = None
    eval_form_id: int | None = None
    hits: int = 0

    def fail(self, reason: str) -> None:
        self.status, self.reason = "FAILED", reason

    def as_json(self) -> dict:
        out = {"row": self.spec.row, "source": self.spec.source, "status": self.status, "contactId": self.contact_id,
               "id": self.spec.source_id, "textType": self.spec.text_type}
        if self.reason:
            out["reason"] = self.reason
        return out


# ------------------------------------------------------------------ lookups

def _agents(db: Session, names: set[str], principal: Principal | None) -> dict[str, AgentInfo | str]:
    """username -> agent: a person id, email or domain\\user (as the contact import), or a bare
    login (the user part of an adLogin, or the adLogin itself)."""
    found = resolve_agents(db, names, principal)
    bare = {n for n in names if not isinstance(found.get(n), AgentInfo) and "@" not in n and "\\" not in n
            and "/" not in n and not n.isdecimal()}
    if bare:
        low = {n.lower(): n for n in bare}
        conds = [func.lower(Person.ad_login).in_(sorted(low))]
        conds += [func.lower(Person.ad_login).like("%\\" + k) for k in sorted(low)[:200]]
        teams = visible_team_ids(db, principal) if principal is not None else None
        matches: dict[str, list] = {}
        for r in db.execute(select(Person.id, Person.ad_login, Person.team_id, Team.group_id)
                            .join(Team, Team.id == Person.team_id).where(or_(*conds))):
            login = (r.ad_login or "").lower()
            user = login.rsplit("\\", 1)[-1]
            for key in {login, user} & set(low):
                matches.setdefault(low[key], []).append(r)
        for name, rows in matches.items():
            rows = [r for r in rows if teams is None or r.team_id in teams or r.id == principal.person_id]
            if len({r.id for r in rows}) == 1:
                r = rows[0]
                found[name] = AgentInfo(r.id, r.team_id, r.group_id)
            elif rows:
                found[name] = f"username {name!r} names more than one person; use domain\\user or the email"
    return found


def _eval_forms(db: Session, wanted: set[int | str]) -> dict[int | str, int | None]:
    ids = {w for w in wanted if isinstance(w, int)}
    names = {w.lower() for w in wanted if isinstance(w, str)}
    out: dict[int | str, int | None] = dict.fromkeys(wanted)
    if ids:
        for fid in db.scalars(select(EvalForm.id).where(EvalForm.id.in_(sorted(ids)))):
            out[fid] = fid
    if names:
        by_name = {n: i for i, n in db.execute(select(EvalForm.id, func.lower(EvalForm.name))
                                               .where(func.lower(EvalForm.name).in_(sorted(names)))
                                               .order_by(EvalForm.id.desc()))}
        for w in wanted:
            if isinstance(w, str):
                out[w] = by_name.get(w.lower())
    return out


def _existing_sources(db: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    items = sorted(keys)
    for i in range(0, len(items), CHUNK):
        part = items[i:i + CHUNK]
        q = select(CasTextContact.text_type, CasTextContact.source_id, CasTextContact.contact_id).where(
            tuple_(CasTextContact.text_type, CasTextContact.source_id).in_(part))
        out.update({(t, s): cid for t, s, cid in db.execute(q)})
    return out


def _body(spec: TextSpec, files: dict[str, Path]) -> str | None:
    if spec.text is not None:
        return spec.text
    path = files.get(spec.file_name or "")
    if path is None:
        return None
    if path.stat().st_size > MAX_BODY_CHARS * 4:
        raise ValueError("the content file is too large")
    text = read_text(path, spec.file_name or "")
    if "\x00" in text:
        raise ValueError("the content file holds NUL characters (not a text file)")
    return text


# ------------------------------------------------------------------ the import

def import_texts(db: Session, ctx: TextImportContext, specs: list[TextSpec], files: dict[str, Path]) -> dict:
    """Import parsed text records with their content files; answers the report."""
    tenant = db.get(Tenant, ctx.tenant_id)
    tz = tenant.time_zone if tenant else "UTC"
    outcomes = [TextOutcome(s) for s in specs]
    ok = [o for o in outcomes if not o.spec.errors]
    for o in outcomes:
        if o.spec.errors:
            o.fail("; ".join(o.spec.errors))
    agents = _agents(db, {o.spec.username for o in ok}, ctx.principal) if ok else {}
    forms = _eval_forms(db, {o.spec.eval_form for o in ok if o.spec.eval_form is not None})
    existing = _existing_sources(db, {(o.spec.text_type, o.spec.source_id) for o in ok if o.spec.source_id})
    seen: dict[tuple[str, str], TextOutcome] = {}
    used_files: set[str] = set()
    for o in ok:
        spec = o.spec
        agent = agents.get(spec.username)
        if not isinstance(agent, AgentInfo):
            o.fail(agent or f"username {spec.username!r} does not exist")
            continue
        o.agent = agent
        if spec.eval_form is not None:
            o.eval_form_id = forms.get(spec.eval_form)
            if o.eval_form_id is None:
                o.fail(f"evalForm {spec.eval_form!r} does not exist")
                continue
        if spec.file_name:
            used_files.add(spec.file_name)
        try:
            o.body = _body(spec, files)
        except ValueError as exc:
            o.fail(f"{spec.file_name}: {exc}")
            continue
        if o.body is None:
            o.fail(f"the content file {spec.file_name} is not in the upload")
            continue
        if spec.source_id:
            key = (spec.text_type, spec.source_id)
            if key in seen:
                o.status, o.reason = "DUPLICATE", f"id {spec.source_id} appears earlier in this import"
                o.contact_id = seen[key].contact_id
                continue
            seen[key] = o
            if key in existing:
                if ctx.replace:
                    o.status, o.contact_id = "UPDATED", existing[key]
                else:
                    o.status, o.reason = "DUPLICATE", f"id {spec.source_id} was already imported as {spec.text_type}"
                    o.contact_id = existing[key]
    try:
        _write(db, ctx, tz, [o for o in outcomes if o.status == "SUCCESS"],
               [o for o in outcomes if o.status == "UPDATED"])
    except IntegrityError:
        # Another import stored one of these source ids meanwhile (the unique key caught it).
        raise Conflict("A concurrent import stored one of these source ids; send the file again to see "
                       "which are duplicates") from None
    for o in outcomes:  # a repeat within the upload points at the contact its first occurrence made
        if o.status == "DUPLICATE" and o.contact_id is None and o.spec.source_id:
            first = seen.get((o.spec.text_type, o.spec.source_id))
            o.contact_id = first.contact_id if first else None
    counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("SUCCESS", "UPDATED", "DUPLICATE", "FAILED")}
    done = counts["SUCCESS"] + counts["UPDATED"]
    if counts["FAILED"] == 0:
        status = "SUCCESS"
    else:
        status = "FAILED" if done == 0 and counts["DUPLICATE"] == 0 else "PARTIAL"
    return {"status": status, "total": len(outcomes), "imported": counts["SUCCESS"], "updated": counts["UPDATED"],
            "duplicates": counts["DUPLICATE"], "failed": counts["FAILED"],
            "contacts": [o.as_json() for o in outcomes], "ignoredFiles": sorted(set(files) - used_files)}


def _text_row(ctx: TextImportContext, o: TextOutcome) -> dict:
    s = o.spec
    return {"contact_id": o.contact_id, "text_type": s.text_type, "source_id": s.source_id, "username": s.username,
            "sender": s.sender, "receivers": json.dumps(s.receivers, ensure_ascii=False), "subject": s.subject,
            "body": o.body, "norm_text": normalized(o.body or ""),
            "references": json.dumps(s.references, ensure_ascii=False), "file_name": s.file_name,
            "analyzed_ms": ctx.now, "sentiment": sentiment.score(o.body or "")}


def _write(db: Session, ctx: TextImportContext, tz: str, new: list[TextOutcome], updated: list[TextOutcome]) -> None:
    if new:
        workflows = default_workflows(db)
        rows = [{"tenant_id": ctx.tenant_id, "start_ms": o.spec.time_ms, "tz": tz, "duration_ms": 0,
                 "person_id": o.agent.id, "team_id": o.agent.team_id, "group_id": o.agent.group_id,
                 "contact_type": "quality", "quality_workflow_id": workflows["quality"],
                 "archive_workflow_id": workflows["archive"], "eval_form_id": o.eval_form_id,
                 "medium": o.spec.text_type, "has_transcription": True, "source": ctx.source,
                 "created_ms": ctx.now, "updated_ms": ctx.now} for o in new]
        for i in range(0, len(new), CHUNK):
            ids = insert_returning_ids(db, Contact, rows[i:i + CHUNK])
            for o, cid in zip(new[i:i + CHUNK], ids, strict=True):
                o.contact_id = cid
        text_rows = [_text_row(ctx, o) for o in new]
        for i in range(0, len(text_rows), CHUNK):
            db.execute(insert(CasTextContact), text_rows[i:i + CHUNK])
        names = {k for o in new for k in o.spec.metadata}
        if names:
            field_ids = metadata_field_ids(db, names, ctx.now)
            meta = [{"contact_id": o.contact_id, "field_id": field_ids[k], "value": v, "value_prefix": v[:200]}
                    for o in new for k, v in o.spec.metadata.items()]
            for i in range(0, len(meta), CHUNK):
                db.execute(insert(ContactMetadata), meta[i:i + CHUNK])  # stamped with the session's tenant
    for o in updated:
        contact = db.get(Contact, o.contact_id)
        contact.start_ms = o.spec.time_ms
        contact.person_id, contact.team_id, contact.group_id = o.agent.id, o.agent.team_id, o.agent.group_id
        contact.eval_form_id = o.eval_form_id if o.eval_form_id is not None else contact.eval_form_id
        contact.updated_ms = ctx.now
        row = db.get(CasTextContact, o.contact_id)
        for k, v in _text_row(ctx, o).items():
            if k != "contact_id":
                setattr(row, k, v)
        if o.spec.metadata:
            set_metadata(db, ctx.tenant_id, o.contact_id, o.spec.metadata, ctx.now, replace=True)
    db.flush()
    done = new + updated
    if done:
        hits_for_texts(db, [(o.contact_id, o.body) for o in done])
        qa.prefill(db, [o.contact_id for o in done])  # automated QA answers from the hits

