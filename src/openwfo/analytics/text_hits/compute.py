"""Text hits: where each phrase occurs in each text contact (derived data, recomputed).

- At import, the new texts are matched against every phrase of the tenant.
- When phrases change (created, edited, deleted, or their category deleted), the hits of those
  phrases are deleted and the phrases are searched again in every text of the tenant: the store
  prefilters on the normalized text (LIKE '% w1 w2 %' per form), then the positions of the
  candidates are computed in Python (`textmatch.Matcher`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from ...kit.clock import now_ms
from ...models import CasPhrase, CasTextContact, CasTextHit
from ..textmatch import Matcher, PhraseForms, phrase_forms

BATCH = 2000


def tenant_phrases(db: Session, phrase_ids: Iterable[int] | None = None) -> list[PhraseForms]:
    q = select(CasPhrase.id, CasPhrase.category_id, CasPhrase.phrase, CasPhrase.sounds_like)
    if phrase_ids is not None:
        ids = list(phrase_ids)
        if not ids:
            return []
        q = q.where(CasPhrase.id.in_(ids))
    out = [phrase_forms(r.id, r.category_id, r.phrase, r.sounds_like) for r in db.execute(q.order_by(CasPhrase.id))]
    return [p for p in out if p.forms]


def _hit_rows(matcher: Matcher, contact_id: int, body: str) -> list[dict]:
    return [{"contact_id": contact_id, "phrase_id": p.phrase_id, "category_id": p.category_id,
             "position": pos, "length": length} for p, pos, length in matcher.find(body)]


def hits_for_texts(db: Session, texts: list[tuple[int, str]]) -> int:
    """Match newly imported (or re-imported) texts against every phrase; answers the hits stored."""
    if not texts:
        return 0
    ids = [cid for cid, _ in texts]
    for i in range(0, len(ids), BATCH):
        db.execute(delete(CasTextHit).where(CasTextHit.contact_id.in_(ids[i:i + BATCH])))
    matcher = Matcher(tenant_phrases(db))
    rows: list[dict] = []
    if matcher:
        for cid, body in texts:
            rows += _hit_rows(matcher, cid, body)
    _insert(db, rows)
    return len(rows)


def recompute_phrases(db: Session, phrase_ids: Iterable[int], *, after_id: int | None = None,
                      up_to_id: int | None = None) -> dict:
    """Search the given phrases again in the text contacts of the tenant — every one, or those with
    `after_id < contact id <= up_to_id` (one slice of a background job) — after deleting their hits
    there (deleted phrases just lose them). Answers {"contacts": texts examined, "hits": hits stored}."""
    ids = sorted(set(phrase_ids))
    if not ids:
        return {"contacts": 0, "hits": 0}
    in_range = []
    if after_id is not None:
        in_range.append(CasTextContact.contact_id > after_id)
    if up_to_id is not None:
        in_range.append(CasTextContact.contact_id <= up_to_id)
    for i in range(0, len(ids), BATCH):
        q = delete(CasTextHit).where(CasTextHit.phrase_id.in_(ids[i:i + BATCH]))
        if after_id is not None:
            q = q.where(CasTextHit.contact_id > after_id)
        if up_to_id is not None:
            q = q.where(CasTextHit.contact_id <= up_to_id)
        db.execute(q)
    phrases = tenant_phrases(db, ids)
    if not phrases:
        return {"contacts": 0, "hits": 0}
    matcher = Matcher(phrases)
    patterns = sorted({pat for p in phrases for pat in p.like_patterns()})
    examined = stored = 0
    now = now_ms()
    for i in range(0, len(patterns), 200):  # bounded OR lists
        cond = or_(*[CasTextContact.norm_text.like(pat) for pat in patterns[i:i + 200]])
        seen: set[int] = set()
        rows: list[dict] = []
        result = db.execute(select(CasTextContact.contact_id, CasTextContact.body).where(cond, *in_range)
                            .execution_options(yield_per=BATCH))
        for cid, body in result:
            if cid in seen:
                continue
            seen.add(cid)
            rows += _hit_rows(matcher, cid, body)
        examined += len(seen)
        stored += _insert(db, rows)
        touched = sorted(seen)
        for j in range(0, len(touched), BATCH):
            db.execute(update(CasTextContact).where(CasTextContact.contact_id.in_(touched[j:j + BATCH]))
                       .values(analyzed_ms=now).execution_options(synchronize_session=False))
    return {"contacts": examined, "hits": stored}


def _insert(db: Session, rows: list[dict]) -> int:
    for i in range(0, len(rows), BATCH):
        db.execute(insert(CasTextHit), rows[i:i + BATCH])  # stamped with the session's tenant
    return len(rows)
