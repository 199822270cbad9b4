"""Demo analytics: categories with phrases, and a few hundred emails and chats that hit them."""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics.categories import service as categories
from ..analytics.categories.schemas import PhraseListIn
from ..analytics.text_contacts.parsing import TextSpec
from ..analytics.text_contacts.service import TextImportContext, import_texts
from ..kit.clock import now_ms
from ..models import CasCategory, Person, Tenant

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
