"""Demo analytics: categories with phrases, a few hundred emails and chats that hit them, and demo calls
whose audio speaks some of the phrases (data/demo_call_8k.wav: festival's HTS voice on a stereo 8 kHz
call, made by tests/analytics/fixtures/make_call.py), queued for speech analysis."""

from __future__ import annotations

import random
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics.categories import service as categories
from ..analytics.categories.schemas import PhraseListIn
from ..analytics.text_contacts.parsing import TextSpec
from ..analytics.text_contacts.service import TextImportContext, import_texts
from ..kit.clock import now_ms
from ..models import CasCategory, Contact, ContactMedia, Person, Team, Tenant
from ..recording.contacts.access import default_workflows
from ..recording.imports.service import insert_returning_ids
from ..storage import storage_for

SPEECH_CALLS = 3
CALL = Path(__file__).parent.parent / "data" / "demo_call_8k.wav"
CALL_MS = 13_480

CATEGORIES = {
    "Cancellation": ("Customers who want to leave", ["cancel my account", "close my account", "end my contract"]),
    "Escalation": ("Asking for someone else", ["speak to a supervisor", "talk to your manager", "file a complaint"]),
    "Compliance greeting": ("The agent's greeting", ["thank you for calling", "how can i help you"]),
    "Billing": ("Money questions", ["refund", "charged twice", "my invoice"]),
}
OPENINGS = ["Hello,", "Hi there,", "Good morning,", "Dear support team,", "Hey!"]
MIDDLES = [
    "I want to cancel my account because the service keeps failing.",
    "I was charged twice this month, please check my invoice.",
    "If this is not fixed I will file a complaint.",
    "Can I speak to a supervisor about this?",
    "The delivery arrived on time, thanks.",
    "How do I change my password?",
    "Please close my account at the end of the month.",
    "I'd like a refund for the broken item.",
    "Could you tell me when my order ships?",
]
CLOSINGS = ["Thanks.", "Regards, a customer", "Best wishes", "Waiting for your answer.", ""]


def seed(db: Session, tenant: Tenant) -> None:
    if db.scalar(select(CasCategory.id).limit(1)) is not None:
        return  # seeded
    body = {"categories": [{"category": name, "description": desc, "languageId": "en-us",
                            "phrases": [{"phrase": p, "confidence": 50} for p in phrases]}
                           for name, (desc, phrases) in CATEGORIES.items()]}
    categories.create(db, PhraseListIn.model_validate(body))
    agents = list(db.scalars(select(Person.email).where(Person.deactivated.is_(False), ~Person.email.like("admin@%"))
                             .order_by(Person.id)))
    if not agents:
        return
    rng = random.Random(13)
    now = now_ms()
    specs = []
    for i in range(300):
        text_type = "email" if i % 3 else "chat"
        text = " ".join([rng.choice(OPENINGS), *rng.sample(MIDDLES, 2), rng.choice(CLOSINGS)]).strip()
        specs.append(TextSpec(row=i + 1, source="demo", text_type=text_type,
                              time_ms=now - rng.randint(1, 30 * 86400) * 1000, username=rng.choice(agents),
                              sender=f"customer{rng.randint(1, 500)}@example.com", receivers=["support@demo.test"],
                              subject=rng.choice(["My account", "Billing question", "Order status", "Complaint"])
                              if text_type == "email" else None, text=text, source_id=f"demo-{i + 1}"))
    import_texts(db, TextImportContext(tenant_id=tenant.id, source="demo", now=now), specs, {})
    _speech_calls(db, tenant, now)


def _speech_calls(db: Session, tenant: Tenant, now: int) -> None:
    """Calls with real speech, queued for analysis (jobs run once the seeding commits)."""
    from ..analytics.speech.service import request_analysis  # noqa: PLC0415 - registers the job kind

    agents = db.execute(select(Person.id, Person.team_id, Team.group_id).join(Team, Team.id == Person.team_id)
                        .where(Person.deactivated.is_(False), ~Person.email.like("admin@%"))
                        .order_by(Person.id).limit(SPEECH_CALLS)).all()
    if not agents or not CALL.is_file():
        return
    data = CALL.read_bytes()
    storage = storage_for(db.info["database"])
    workflows = default_workflows(db)
    rows, keys = [], []
    for n, agent in enumerate(agents):
        start = now - (n + 1) * 3_600_000
        key = f"t{tenant.id}/media/demo-speech-{tenant.id}-{n}.wav"
        storage.put_bytes(key, data, "audio/wav")
        keys.append((key, start))
        rows.append({"start_ms": start, "tz": tenant.time_zone, "duration_ms": CALL_MS, "person_id": agent.id,
                     "team_id": agent.team_id, "group_id": agent.group_id, "contact_type": "quality",
                     "quality_workflow_id": workflows["quality"], "archive_workflow_id": workflows["archive"],
                     "medium": "call", "audio_uploaded": True, "has_recording": True, "source": "demo",
                     "direction": 1, "ani": "5550100", "created_ms": start, "updated_ms": start})
    ids = insert_returning_ids(db, Contact, [{**r, "tenant_id": tenant.id} for r in rows])
    db.add_all([ContactMedia(contact_id=cid, kind="audio", format="wav", content_type="audio/wav", storage_key=key,
                             size_bytes=len(data), start_ms=start, offset_ms=0, duration_ms=CALL_MS, channels=2,
                             original_name="demo_call_8k.wav", created_ms=start)
                for cid, (key, start) in zip(ids, keys, strict=True)])
    db.flush()
    request_analysis(db, ids)
