"""Speech analysis of recorded contacts, as background jobs (kind `analytics.speech`).

For each contact: its audio recording is downloaded and decoded per channel at 16 kHz; voice-activity
detection (audio.py) cuts each channel into utterances and gives silence / talk-over events; each
utterance is transcribed (word timings) and the tenant's phrases are spotted in it (keyword
spotting, plus the phrase words found in the transcript); everything replaces what the contact had.
Jobs are queued when audio arrives (a sweep finds recorded contacts not analysed yet), on demand,
and (spotting only, one job walking every analysed call) when phrases change. Nothing of this runs in a request.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from ...jobs.registry import JobContext, job_handler
from ...jobs.service import enqueue
from ...kit import lifecycle
from ...kit.clock import now_ms
from ...models import (
    CasPhrase,
    CasSpeechAnalysis,
    CasSpeechHit,
    CasUtterance,
    Contact,
    ContactEvent,
    ContactMedia,
)
from ...storage import storage_for
from .. import qa, sentiment
from ..categories import service as categories
from ..textmatch import alternatives, words
from . import audio, lm
from .engine import SpeechEngine, default_engine

log = logging.getLogger("openwfo.analytics.speech")
JOB_KIND = "analytics.speech"
MAX_CONTACTS_PER_JOB = 200
SILENCE_MS = 3000
TALKOVER_MS = 200
NEAR_MS = 1000
DOMAIN_LM = os.environ.get("OPENWFO_SPEECH_DOMAIN_LM", "1") != "0"  # the tenant's domain language model (lm.py)


# ------------------------------------------------------------------ asking for it

def request_analysis(db: Session, contact_ids: list[int], *, spot_only: bool = False,
                     requested_by: int | None = None) -> list[int]:
    """Queue the contacts (state rows marked queued); answers the job ids."""
    ids = sorted(set(contact_ids))
    existing = {r.contact_id: r for r in db.scalars(select(CasSpeechAnalysis)
                                                    .where(CasSpeechAnalysis.contact_id.in_(ids)))} if ids else {}
    jobs = []
    for i in range(0, len(ids), MAX_CONTACTS_PER_JOB):
        part = ids[i:i + MAX_CONTACTS_PER_JOB]
        job = enqueue(db, JOB_KIND, {"contactIds": part, "spotOnly": spot_only}, requested_by=requested_by)
        jobs.append(job.id)
        for cid in part:
            row = existing.get(cid)
            if row is None:
                db.add(CasSpeechAnalysis(contact_id=cid, status="queued", job_id=job.id))
            elif not spot_only or row.status != "done":
                row.status, row.job_id = "queued", job.id
    db.flush()
    return jobs


def _respot_after_phrase_change(db: Session, phrase_ids: set[int]) -> None:
    """One job re-spots every analysed call, one after another (a single job thread, so the analysis
    of new recordings goes on beside it), up to the highest contact id analysed now."""
    up_to = db.scalar(select(func.max(CasSpeechAnalysis.contact_id)).where(CasSpeechAnalysis.status == "done"))
    if up_to is not None:
        job = enqueue(db, JOB_KIND, {"spotOnly": True, "respotUpTo": int(up_to)})
        db.info.setdefault("analytics_jobs", []).append(job.id)


categories.PHRASES_CHANGED.append(_respot_after_phrase_change)


# ------------------------------------------------------------------ the job

@job_handler(JOB_KIND)
def run_speech_job(ctx: JobContext, payload: dict) -> dict:
    if payload.get("respotUpTo") is not None:
        return _respot_all(ctx, int(payload["respotUpTo"]))
    ids = [int(i) for i in payload.get("contactIds", [])]
    spot_only = bool(payload.get("spotOnly"))
    storage = storage_for(ctx.database)
    done = failed = 0
    for n, cid in enumerate(ids, start=1):
        if _analyse_one(ctx, storage, cid, spot_only):
            done += 1
        else:
            failed += 1
        ctx.progress(100 * n // max(1, len(ids)))
    return {"contacts": len(ids), "analysed": done, "failed": failed}


def _analyse_one(ctx: JobContext, storage, cid: int, spot_only: bool, if_done: bool = False) -> bool:
    try:
        analyse_contact(ctx.database, ctx.tenant_id, storage, cid, spot_only=spot_only, if_done=if_done)
        return True
    except Exception as exc:  # one contact's failure is recorded on it; the others go on
        log.exception("speech analysis of contact %s failed", cid)
        with ctx.session() as db:
            row = db.get(CasSpeechAnalysis, cid)
            if row is not None:
                row.status, row.error = "failed", f"{type(exc).__name__}: {exc}"[:2000]
        return False


def _respot_all(ctx: JobContext, up_to: int) -> dict:
    """Spot the phrases again in every call analysed (done) up to `up_to`, in id order, a page of
    ids at a time; a call queued for full analysis meanwhile is left to that analysis."""
    storage = storage_for(ctx.database)
    with ctx.session() as db:
        phrases = tenant_phrases(db)
    domain_model(phrases)  # the phrases changed: the domain language model is rebuilt here, in the job
    with ctx.session() as db:
        total = db.scalar(select(func.count()).select_from(CasSpeechAnalysis)
                          .where(CasSpeechAnalysis.status == "done", CasSpeechAnalysis.contact_id <= up_to)) or 0
    after = seen = done = failed = 0
    while True:
        with ctx.session() as db:
            page = list(db.scalars(select(CasSpeechAnalysis.contact_id)
                                   .where(CasSpeechAnalysis.status == "done", CasSpeechAnalysis.contact_id > after,
                                          CasSpeechAnalysis.contact_id <= up_to)
                                   .order_by(CasSpeechAnalysis.contact_id).limit(MAX_CONTACTS_PER_JOB)))
        if not page:
            break
        for cid in page:
            if _analyse_one(ctx, storage, cid, True, if_done=True):
                done += 1
            else:
                failed += 1
            seen += 1
            ctx.progress(min(99, 100 * seen // max(1, total)))
        after = page[-1]
    return {"contacts": seen, "analysed": done, "failed": failed}


def tenant_phrases(db: Session) -> list[tuple[str, str | None]]:
    return [(p.phrase, p.sounds_like) for p in db.scalars(select(CasPhrase).order_by(CasPhrase.id))]


def domain_model(phrases: list[tuple[str, str | None]]) -> lm.DomainModel | None:
    """The tenant's domain language model (built now, outside any transaction, if its phrases changed
    since it was built; None when OPENWFO_SPEECH_DOMAIN_LM=0)."""
    return lm.domain_model(phrases) if DOMAIN_LM else None


def _phrase_keys(db: Session) -> tuple[dict[str, list[tuple[int, int, int]]], int]:
    """Spoken form ("w1 w2") -> [(phrase id, category id, threshold)], and the default threshold."""
    default = categories.default_confidence(db)
    keys: dict[str, list[tuple[int, int, int]]] = {}
    for p in db.scalars(select(CasPhrase)):
        threshold = p.confidence if p.confidence is not None else default
        for text in [p.phrase, *alternatives(p.sounds_like)]:
            key = " ".join(words(text))
            if key and (p.id, p.category_id, threshold) not in keys.get(key, []):
                keys.setdefault(key, []).append((p.id, p.category_id, threshold))
    return keys, default


def _transcript_hits(words_list: list[tuple[str, int, int, float]], keys: dict) -> list[tuple[str, int, int, float]]:
    """(key, start, end, confidence) where a phrase's words follow one another in the transcript."""
    out = []
    toks = [w for w, _s, _e, _c in words_list]
    for key in keys:
        form = key.split()
        k = len(form)
        for i in range(len(toks) - k + 1):
            if toks[i:i + k] == form:
                conf = sum(c for _w, _s, _e, c in words_list[i:i + k]) / k
                out.append((key, words_list[i][1], words_list[i + k - 1][2], conf))
    return out


def analyse_contact(database, tenant_id: int, storage, contact_id: int, *, spot_only: bool = False,
                    engine: SpeechEngine | None = None, if_done: bool = False) -> dict:
    """Analyse one call (or only spot its phrases again); `if_done`: only a call whose analysis is
    done (one queued for a full analysis meanwhile is left to it)."""
    engine = engine or default_engine()
    with database.session(tenant_id) as db:
        contact = db.get(Contact, contact_id)
        if contact is None:
            return {"skipped": "contact gone"}
        media = db.scalar(select(ContactMedia).where(ContactMedia.contact_id == contact_id,
                                                     ContactMedia.kind.in_(("audio", "combined")))
                          .order_by(ContactMedia.offset_ms, ContactMedia.id).limit(1))
        keys, _default = _phrase_keys(db)
        phrases = tenant_phrases(db)
        state = db.get(CasSpeechAnalysis, contact_id)
        if if_done and (state is None or state.status != "done"):
            return {"skipped": "not analysed"}
        if state is None:
            state = CasSpeechAnalysis(contact_id=contact_id)
            db.add(state)
        state.status, state.engine, state.error = "running", engine.name, None
        if media is None:
            state.status, state.error, state.analyzed_ms = "failed", "the contact has no audio recording", now_ms()
            return {"skipped": "no audio"}
        key, offset = media.storage_key, media.offset_ms
        old_words = [] if not spot_only else [
            (u.channel, json.loads(u.words)) for u in db.scalars(select(CasUtterance)
                                                                  .where(CasUtterance.contact_id == contact_id))]
    utterances: list[dict] = []
    spotted: list[tuple[str, int, int, int, float]] = []  # key, channel, start, end, confidence
    spoken_keys = list(keys)
    domain = domain_model(phrases) if not spot_only else None
    with tempfile.TemporaryDirectory(prefix="openwfo-speech-") as tmp:
        local = Path(tmp) / "audio"
        with open(local, "wb") as f:
            storage.download_to(key, f)
        # Streamed: the levels first (one read), then each speech segment as it is decoded (another).
        levels, samples = audio.channel_levels(local)
        narrow = audio.narrowband(local)
        masks = audio.activity(levels)
        found_events = audio.events(masks, SILENCE_MS, TALKOVER_MS)
        for ch, start, _end, piece in audio.iter_segments(local, [audio.segments(m) for m in masks]):
            if len(piece) < audio.FRAME:
                continue
            if not spot_only:
                ws = engine.transcribe(piece, domain, narrowband=narrow)
                if ws:
                    wl = [(w.word, offset + start + w.start_ms, offset + start + w.end_ms, w.confidence) for w in ws]
                    utterances.append({"contact_id": contact_id, "channel": ch, "start_ms": wl[0][1],
                                       "end_ms": wl[-1][2], "text": " ".join(w for w, *_ in wl),
                                       "words": json.dumps([[w, s, e] for w, s, e, _c in wl]), "_wl": wl})
            if spoken_keys:
                for s in engine.spot(piece, spoken_keys):
                    spotted.append((s.key, ch, offset + start + s.start_ms, offset + start + s.end_ms, s.confidence))
    utterances.sort(key=lambda u: (u["channel"], u["start_ms"]))
    transcripts = ([(u["channel"], u.pop("_wl")) for u in utterances] if not spot_only
                   else [(ch, [(w, s, e, 1.0) for w, s, e in wl]) for ch, wl in old_words])
    for ch, wl in transcripts:
        for k, s, e, c in _transcript_hits(wl, keys):
            if not any(k2 == k and ch2 == ch and abs(s2 - s) < NEAR_MS for k2, ch2, s2, _e2, _c2 in spotted):
                spotted.append((k, ch, s, e, c))
    hits = []
    for k, ch, s, e, c in spotted:
        for pid, cat, threshold in keys.get(k, []):
            if c * 100 >= threshold:
                hits.append({"contact_id": contact_id, "phrase_id": pid, "category_id": cat, "channel": ch,
                             "start_ms": s, "stop_ms": e, "confidence": round(c * 100, 1)})
    with database.session(tenant_id) as db:
        contact = db.get(Contact, contact_id)
        if contact is None:
            return {"skipped": "contact gone"}
        db.execute(delete(CasSpeechHit).where(CasSpeechHit.contact_id == contact_id))
        if hits:
            db.execute(insert(CasSpeechHit), hits)
        if not spot_only:
            db.execute(delete(CasUtterance).where(CasUtterance.contact_id == contact_id))
            if utterances:
                db.execute(insert(CasUtterance), utterances)
            db.execute(delete(ContactEvent).where(ContactEvent.contact_id == contact_id,
                                                  ContactEvent.kind.in_(("silence", "talkover"))))
            if found_events:
                db.execute(insert(ContactEvent), [{"contact_id": contact_id, "kind": k, "start_offset_ms": offset + s,
                                                   "duration_ms": d} for k, s, d in found_events])
            _summarize(db, contact)
            contact.has_transcription = bool(utterances) or contact.has_transcription
        state = db.get(CasSpeechAnalysis, contact_id)
        state.status, state.error, state.analyzed_ms = "done", None, now_ms()
        if not spot_only:
            scores = [sentiment.score(u["text"]) for u in utterances]
            state.sentiment = round(sum(scores) / len(scores), 3) if scores else None
        db.flush()
        qa.prefill(db, [contact_id])  # automated QA answers from these analytics
        state.audio_ms = int(samples * 1000 // audio.RATE)
    return {"utterances": len(utterances), "hits": len(hits), "events": len(found_events)}


def _summarize(db: Session, contact: Contact) -> None:
    rows = db.execute(select(ContactEvent.kind, ContactEvent.duration_ms)
                      .where(ContactEvent.contact_id == contact.id)).all()
    for kind in ("silence", "talkover"):
        durations = [d for k, d in rows if k == kind]
        setattr(contact, f"{kind}_events", len(durations))
        setattr(contact, f"{kind}_max_ms", max(durations, default=0))


# ------------------------------------------------------------------ the sweep: audio arrived

def queue_new_recordings(database, limit: int = 100, tenant_id: int | None = None) -> int:
    """Queue every recorded contact (audio) without an analysis row (the demo tenant's synthetic calls
    excepted: analysed on demand); the row is claimed with an
    insert that skips existing keys, so several servers never queue one contact twice."""
    queued = 0
    with database.session(tenant_id, write=False) as db:
        rows = db.execute(select(Contact.tenant_id, Contact.id)
                          .join(CasSpeechAnalysis, CasSpeechAnalysis.contact_id == Contact.id, isouter=True)
                          .where(Contact.audio_uploaded.is_(True), CasSpeechAnalysis.contact_id.is_(None),
                                 Contact.source != "demo")  # the demo's synthetic calls: on demand only
                          .order_by(Contact.id.desc()).limit(limit)).all()
    by_tenant: dict[int, list[int]] = {}
    for tid, cid in rows:
        by_tenant.setdefault(tid, []).append(cid)
    for tid, ids in by_tenant.items():
        with database.session(tid) as db:
            dialect = db.get_bind().dialect.name
            ins = (pg_insert if dialect == "postgresql" else sqlite_insert)(CasSpeechAnalysis.__table__)
            claimed = list(db.execute(ins.values([{"tenant_id": tid, "contact_id": c, "status": "queued",
                                                   "audio_ms": 0, "analyzed_ms": 0} for c in ids])
                                      .on_conflict_do_nothing().returning(CasSpeechAnalysis.__table__.c.contact_id))
                           .scalars())
            if claimed:
                request_analysis(db, claimed)
                queued += len(claimed)
    return queued


def _start(app):
    interval = float(getattr(app.state.settings, "speech_scan_seconds", 0) or 0)
    if interval <= 0:
        return None
    database = app.state.database
    return lifecycle.every(interval, lambda: queue_new_recordings(database), "speech-sweep")


lifecycle.on_start(_start)
