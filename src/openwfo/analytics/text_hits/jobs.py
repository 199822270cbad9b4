"""Re-analysis of text hits after phrases change: at once for a small tenant, as a background job
(kind `analytics.texthits`, progress readable through the jobs API) for a large one.

- `schedule_recompute(db, phrase_ids)`: a tenant with at most `INLINE_LIMIT` text contacts gets its
  hits recomputed in the request's transaction (as before); a larger one has the old hits of those
  phrases deleted at once (no stale hit outlives the change) and one job queued with the phrases and
  the highest text contact id at that moment.
- The job walks the tenant's text contacts in slices of `SLICE` ids, each slice in its own short
  transaction (delete the phrases' hits in the slice, search them there again), so imports of new
  texts are never blocked for long: a text imported meanwhile has a higher id and was matched by its
  import against the phrases as they are now. Each slice is idempotent (a retried job redoes it);
  on PostgreSQL the slice locks the phrase rows, so two jobs for one phrase never interleave a slice.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...models import CasPhrase, CasTextContact, CasTextHit
from .compute import BATCH, recompute_phrases

JOB_KIND = "analytics.texthits"
INLINE_LIMIT = 20_000  # text contacts recomputed inside the request (about 1 s at the measured rate)
SLICE = 20_000  # text contacts per transaction of the job
JOBS_INFO = "analytics_jobs"  # db.info key: ids of the jobs a change queued (the endpoints answer them)


def _large(db: Session) -> bool:
    return db.scalar(select(CasTextContact.contact_id).order_by(CasTextContact.contact_id)
                     .offset(INLINE_LIMIT).limit(1)) is not None


def schedule_recompute(db: Session, phrase_ids: Iterable[int], requested_by: int | None = None) -> int | None:
    """Recompute the phrases' text hits now (small tenant) or queue the job (large); answers its id."""
    ids = sorted(set(phrase_ids))
    if not ids:
        return None
    if not _large(db):
        recompute_phrases(db, ids)
        return None
    for i in range(0, len(ids), BATCH):
        db.execute(delete(CasTextHit).where(CasTextHit.phrase_id.in_(ids[i:i + BATCH])))
    up_to = db.scalar(select(func.max(CasTextContact.contact_id)))
    job = enqueue(db, JOB_KIND, {"phraseIds": ids, "upToContactId": int(up_to or 0)}, requested_by=requested_by)
    db.info.setdefault(JOBS_INFO, []).append(job.id)
    return job.id


def _slices(db: Session, up_to: int) -> list[tuple[int, int]]:
    """(after, up to] contact id ranges of about SLICE text contacts each."""
    out, after = [], 0
    while after < up_to:
        end = db.scalar(select(CasTextContact.contact_id)
                        .where(CasTextContact.contact_id > after, CasTextContact.contact_id <= up_to)
                        .order_by(CasTextContact.contact_id).offset(SLICE - 1).limit(1))
        end = up_to if end is None else int(end)
        out.append((after, end))
        after = end
    return out


@job_handler(JOB_KIND)
def run_text_hits_job(ctx: JobContext, payload: dict) -> dict:
    ids = sorted({int(i) for i in payload.get("phraseIds", [])})
    up_to = int(payload.get("upToContactId") or 0)
    with ctx.session() as db:
        slices = _slices(db, up_to)
    examined = stored = 0
    for n, (after, end) in enumerate(slices, start=1):
        with ctx.session() as db:
            lock = select(CasPhrase.id).where(CasPhrase.id.in_(ids))
            if db.get_bind().dialect.name == "postgresql":
                lock = lock.with_for_update()
            if not list(db.scalars(lock)):
                break  # every phrase deleted meanwhile (their hits went with them)
            out = recompute_phrases(db, ids, after_id=after, up_to_id=end)
        examined += out["contacts"]
        stored += out["hits"]
        ctx.progress(100 * n // len(slices))
    return {"phrases": len(ids), "slices": len(slices), "contacts": examined, "hits": stored}
