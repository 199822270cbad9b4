"""Demo QM data: ~3,000 contacts over the last 60 days with metadata and events, some with short
synthetic two-voice call audio (agent left, customer right) and some with screen recordings, plus
inclusion/exclusion lists. Written with bulk inserts so seeding stays quick.

The call audio is synthesized (no text-to-speech engine is assumed): voiced syllables with a pitch
contour and vowel formants, taking turns, with pauses and the odd moment of talking over each other.
"""

from __future__ import annotations

import io
import random
import tempfile
import wave
from pathlib import Path

import numpy as np
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..kit.clock import now_ms
from ..models import (
    Contact,
    ContactEvent,
    ContactMedia,
    ContactMetadata,
    InclusionExclusionList,
    Person,
    Team,
    Tenant,
)
from ..recording.contacts.access import default_workflows
from ..recording.imports.service import insert_returning_ids, metadata_field_ids, summarize_events
from ..recording.media import analysis
from ..storage import storage_for

CONTACTS = 3000
WITH_AUDIO = 30
WITH_SCREEN = 15
RATE = 8000
DAY = 86_400_000
VOWELS = [(730, 1090, 2440), (270, 2290, 3010), (530, 1840, 2480), (570, 840, 2410), (300, 870, 2240),
          (660, 1720, 2410), (490, 1350, 1690)]
QUEUES = ["Billing", "Technical Support", "Sales", "Retention", "Claims"]
OUTCOMES = ["resolved", "escalated", "callback", "sale", "no sale", "transferred"]


def _syllable(rng: random.Random, f0: float, seconds: float) -> np.ndarray:
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    contour = f0 * (1 + 0.08 * np.sin(2 * np.pi * rng.uniform(1, 3) * t) - 0.1 * t / max(seconds, 0.01))
    phase = 2 * np.pi * np.cumsum(contour) / RATE
    harmonics = np.arange(1, int(3800 / f0))
    formants = np.array(rng.choice(VOWELS))
    weights = np.exp(-(((harmonics[:, None] * f0) - formants[None, :]) / 90.0) ** 2).sum(axis=1) + 0.02
    out = (weights / harmonics ** 0.3) @ np.sin(harmonics[:, None] * phase[None, :])
    return out * np.hanning(n)


def _utterance(rng: random.Random, f0: float, seconds: float) -> np.ndarray:
    parts, total = [], 0.0
    while total < seconds:
        dur = rng.uniform(0.12, 0.28)
        parts.append(_syllable(rng, f0 * rng.uniform(0.9, 1.15), dur))
        gap = rng.choice([0.02, 0.04, 0.06, 0.15])
        parts.append(np.zeros(int(gap * RATE)))
        total += dur + gap
    return np.concatenate(parts)


def call_audio(seed: int, seconds: float = 15.0) -> bytes:
    """A stereo 8 kHz WAV of a short two-party conversation."""
    rng = random.Random(seed)
    n = int(seconds * RATE)
    left, right = np.zeros(n), np.zeros(n)
    agent_f0, caller_f0 = rng.choice([110, 120, 190, 210]), rng.choice([100, 130, 180, 220])
    t, speaker = 0.5, 0
    long_pause_at = rng.uniform(6, 12) if rng.random() < 0.5 else None
    while t < seconds - 1:
        length = rng.uniform(1.2, 3.5)
        voice = _utterance(rng, agent_f0 if speaker == 0 else caller_f0, length)
        start = int(t * RATE)
        end = min(n, start + len(voice))
        (left if speaker == 0 else right)[start:end] += voice[:end - start]
        t += length
        if long_pause_at is not None and t > long_pause_at:
            t += rng.uniform(3.5, 5.0)  # dead air: the agent looks something up
            long_pause_at = None
        elif rng.random() < 0.15:
            t -= rng.uniform(1.0, 1.6)  # they talk over each other
        else:
            t += rng.uniform(0.2, 0.8)
        speaker = 1 - speaker
    stereo = np.stack([left, right], axis=1)
    stereo = stereo / max(1e-9, np.abs(stereo).max()) * 0.6 * 32767
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(stereo.astype("<i2").tobytes())
    return buf.getvalue()


def screen_video(seed: int, seconds: int = 6) -> bytes:
    """A small VP8 WebM of a 'desktop': a window and a moving cursor."""
    import av

    rng = random.Random(seed)
    buf = io.BytesIO()
    out = av.open(buf, "w", format="webm")
    stream = out.add_stream("libvpx", rate=1)
    stream.width, stream.height, stream.pix_fmt = 160, 120, "yuv420p"
    stream.codec_context.options = {"deadline": "realtime", "cpu-used": "8"}
    base = np.full((120, 160, 3), 235, dtype=np.uint8)
    base[10:100, 15:145] = (60, 90, 160)
    base[20:90, 25:135] = 250
    for i in range(seconds):
        img = base.copy()
        x, y = 30 + (i * 7 + rng.randint(0, 5)) % 100, 30 + (i * 5) % 50
        img[y:y + 6, x:x + 4] = 0
        frame = av.VideoFrame.from_ndarray(img, format="rgb24")
        frame.pts = i
        for p in stream.encode(frame):
            out.mux(p)
    for p in stream.encode():
        out.mux(p)
    out.close()
    return buf.getvalue()


def _number(rng: random.Random) -> str:
    return rng.choice(["612", "651", "763", "952", "+44", "+49"]) + "".join(rng.choice("0123456789") for _ in range(7))


def seed(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(Contact.id).where(Contact.source == "demo").limit(1)):
        return
    rng = random.Random(20261128)
    now = now_ms()
    storage = storage_for(db.info["database"])
    agents = db.execute(select(Person.id, Person.team_id, Team.group_id).join(Team, Team.id == Person.team_id)
                        .where(Person.deactivated.is_(False)).order_by(Person.id)).all()
    agents = [a for a in agents if a.id != db.scalar(select(Person.id).where(Person.email.like("admin@%")).limit(1))]
    if not agents:
        return
    agents = agents[:60]
    workflows = default_workflows(db)
    if not db.scalar(select(InclusionExclusionList.id).limit(1)):
        db.add_all([
            InclusionExclusionList(list_type=2, pattern_type=2, pattern="911", direction=3, created_ms=now, updated_ms=now),
            InclusionExclusionList(list_type=2, pattern_type=1, pattern="+1900*", direction=1, created_ms=now,
                                   updated_ms=now),
            InclusionExclusionList(list_type=2, pattern_type=3, pattern="4???", direction=3, created_ms=now,
                                   updated_ms=now),
        ])
    rows = []
    for i in range(CONTACTS):
        agent = agents[i % len(agents)]
        start = now - rng.randint(0, 60 * DAY - 1)
        start -= start % 1000
        inbound = rng.random() < 0.8
        ctype = "archive" if rng.random() < 0.2 else "quality"
        rows.append({
            "tenant_id": tenant.id, "start_ms": start, "tz": tenant.time_zone, "duration_ms": rng.randint(30, 900) * 1000,
            "ani": _number(rng) if inbound else str(2000 + agent.id % 900),
            "dnis": rng.choice(["18005550100", "18005550111", "18005550122"]) if inbound else _number(rng),
            "line": str(2000 + agent.id % 900), "call_id": f"demo-{i:05d}", "icm_call_id": str(19291093 + i),
            "assoc_call_id": f"{290275383991253 + i // 2}", "direction": 1 if inbound else 0,
            "person_id": agent.id, "team_id": agent.team_id, "group_id": agent.group_id, "contact_type": ctype,
            "quality_reason_id": rng.choice([None, 1, 2, 3]) if ctype == "quality" else None,
            "quality_workflow_id": workflows["quality"] if ctype == "quality" else None,
            "archive_workflow_id": workflows["archive"], "hr": rng.random() < 0.03,
            "training": rng.random() < 0.05, "scored": rng.random() < 0.2, "needs_approval": rng.random() < 0.05,
            "eval_in_progress": rng.random() < 0.05, "tagged": rng.random() < 0.05, "is_complete": True,
            "is_root": False, "reconciled": True, "source": "demo", "created_ms": start, "updated_ms": start,
        })
    # Events, recordings and their summaries are worked out first, so every table is one bulk insert.
    events: list[list[tuple[str, int, int]]] = []
    for row in rows:
        found = []
        for kind in ("silence", "talkover"):
            for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
                found.append((kind, rng.randint(0, max(0, row["duration_ms"] - 10000)),
                              rng.randint(3000, 20000) if kind == "silence" else rng.randint(1000, 6000)))
        events.append(found)
    media: dict[int, list[dict]] = {}
    videos: dict[int, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="openwfo-demo-") as tmp:
        for n in range(min(WITH_AUDIO, len(rows))):
            data = call_audio(n)
            path = Path(tmp) / f"{n}.wav"
            path.write_bytes(data)
            key = f"t{tenant.id}/media/demo-{tenant.id}-{n}.wav"
            storage.put_bytes(key, data, "audio/wav")
            media.setdefault(n, []).append(_media(tenant.id, "audio", "wav", "audio/wav", key, len(data),
                                                  rows[n]["start_ms"], 15000, 2))
            rows[n]["duration_ms"] = 15000
            events[n] = [(e.kind, e.start_ms, e.duration_ms) for e in analysis.analyse(path, "wav")]
    for n in range(min(WITH_SCREEN, len(rows))):
        if n % 2 not in videos:  # two screen recordings, shared in turn, keep seeding quick
            videos[n % 2] = screen_video(n % 2)
        key = f"t{tenant.id}/media/demo-{tenant.id}-{n}.webm"
        storage.put_bytes(key, videos[n % 2], "video/webm")
        media.setdefault(n, []).append(_media(tenant.id, "screen", "webmv", "video/webm", key, len(videos[n % 2]),
                                              rows[n]["start_ms"], 6000, None))
    for n, row in enumerate(rows):
        kinds = {m["kind"] for m in media.get(n, ())}
        row.update(summarize_events(events[n]), audio_uploaded="audio" in kinds, screen_uploaded="screen" in kinds,
                   has_recording=bool(kinds))
    ids = insert_returning_ids(db, Contact, rows)
    fields = metadata_field_ids(db, {"accountNumber", "queue", "language", "outcome"}, now)
    meta, event_rows, media_rows = [], [], []
    for n, cid in enumerate(ids):
        values = {"accountNumber": str(rng.randint(10_000_000, 99_999_999)), "queue": rng.choice(QUEUES),
                  "language": rng.choice(["en", "en", "en", "es", "de"])}
        if rng.random() < 0.6:
            values["outcome"] = rng.choice(OUTCOMES)
        meta += [{"tenant_id": tenant.id, "contact_id": cid, "field_id": fields[k], "value": v, "value_prefix": v[:200]}
                 for k, v in values.items()]
        event_rows += [{"tenant_id": tenant.id, "contact_id": cid, "kind": k, "start_offset_ms": s, "duration_ms": d}
                       for k, s, d in events[n]]
        media_rows += [{**m, "contact_id": cid} for m in media.get(n, ())]
    # ORM bulk inserts, stamped and checked by db.py's tenant hook like every other write.
    db.execute(insert(ContactMetadata), meta)
    if event_rows:
        db.execute(insert(ContactEvent), event_rows)
    if media_rows:
        db.execute(insert(ContactMedia), media_rows)


def _media(tenant_id, kind, fmt, ctype, key, size, start, duration, channels) -> dict:
    return {"tenant_id": tenant_id, "kind": kind, "format": fmt, "content_type": ctype,
            "storage_key": key, "size_bytes": size, "start_ms": start, "offset_ms": 0, "duration_ms": duration,
            "channels": channels, "original_name": key.rsplit("/", 1)[-1], "created_ms": start}
