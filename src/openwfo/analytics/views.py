"""What the Text Hits, Speech Hits and Transcript Export APIs answer about one contact."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.principal import Principal
from ..errors import NotFound
from ..models import (
    CasCategory,
    CasPhrase,
    CasSpeechAnalysis,
    CasSpeechHit,
    CasTextContact,
    CasTextHit,
    CasUtterance,
    Contact,
    Group,
    Person,
    Team,
)
from ..recording.contacts.access import get_visible_contact
from . import qa, sentiment


def _people(db: Session, contact: Contact) -> dict:
    person = db.get(Person, contact.person_id) if contact.person_id else None
    team = db.get(Team, contact.team_id) if contact.team_id else None
    group = db.get(Group, contact.group_id) if contact.group_id else None
    first = person.first_name if person else None
    last = person.last_name if person else None
    return {"firstName": first, "lastName": last,
            "agentName": " ".join(x for x in (first, last) if x) or None,
            "personId": contact.person_id, "displayId": person.display_id if person else None,
            "team": team.name if team else None, "teamId": contact.team_id,
            "group": group.name if group else None, "groupId": contact.group_id}


def text_view(db: Session, principal: Principal, contact_id: int) -> dict:
    """Text Hits API: a text contact with its body and hits."""
    contact = get_visible_contact(db, principal, contact_id)
    text = db.get(CasTextContact, contact.id)
    if text is None:
        raise NotFound(f"Contact {contact_id} is not a text contact")
    hits = db.execute(select(CasTextHit.position, CasTextHit.length, CasTextHit.phrase_id, CasTextHit.category_id,
                             CasPhrase.phrase, CasCategory.name)
                      .join(CasPhrase, CasPhrase.id == CasTextHit.phrase_id)
                      .join(CasCategory, CasCategory.id == CasTextHit.category_id)
                      .where(CasTextHit.contact_id == contact.id)
                      .order_by(CasTextHit.position, CasTextHit.phrase_id))
    people = _people(db, contact)
    return {
        "date": text.analyzed_ms, "ccrId": contact.id, "textType": text.text_type, "time": contact.start_ms,
        "sender": text.sender, "receiver": json.loads(text.receivers), "subject": text.subject,
        "emailBody": text.body, "references": json.loads(text.references), "id": text.source_id,
        "sentiment": sentiment.score(text.body), "automaticEvaluations": qa.automatic_evaluations(db, contact.id),
        "hits": [{"position": h.position, "length": h.length, "phrase": h.phrase, "phraseId": h.phrase_id,
                  "category": h.name, "categoryId": h.category_id, "text": text.body[h.position:h.position + h.length]}
                 for h in hits],
        **{k: people[k] for k in ("firstName", "lastName", "agentName", "personId", "team", "teamId", "group",
                                  "groupId")},
    }


def _speech_hits(db: Session, contact_id: int) -> list:
    return list(db.execute(
        select(CasSpeechHit.start_ms, CasSpeechHit.stop_ms, CasSpeechHit.channel, CasSpeechHit.confidence,
               CasSpeechHit.phrase_id, CasSpeechHit.category_id, CasPhrase.phrase, CasCategory.name)
        .join(CasPhrase, CasPhrase.id == CasSpeechHit.phrase_id)
        .join(CasCategory, CasCategory.id == CasSpeechHit.category_id)
        .where(CasSpeechHit.contact_id == contact_id).order_by(CasSpeechHit.start_ms, CasSpeechHit.phrase_id)))


def speech_hits(db: Session, principal: Principal, contact_id: int) -> dict:
    """Speech Hits API: the phrases spotted in a contact's audio."""
    contact = get_visible_contact(db, principal, contact_id)
    state = db.get(CasSpeechAnalysis, contact.id)
    people = _people(db, contact)
    return {
        "date": state.analyzed_ms if state and state.status == "done" else None,
        "status": state.status if state else "none",
        "hits": [{"phrase": h.phrase, "start": h.start_ms, "stop": h.stop_ms, "audit": 0,
                  "confidence": round(h.confidence, 1), "channel": h.channel, "category": h.name,
                  "phraseId": h.phrase_id, "categoryId": h.category_id} for h in _speech_hits(db, contact.id)],
        "path": "", "automaticEvaluations": qa.automatic_evaluations(db, contact.id),
        "firstName": people["firstName"], "lastName": people["lastName"], "contactId": contact.id,
        "team": people["team"], "displayId": people["displayId"], "group": people["group"],
    }


def transcript(db: Session, principal: Principal, contact_id: int, is_root: bool | None) -> dict:
    """Transcript Export API: one entry per utterance with its words and the hits inside it; empty
    when the contact has no transcript. A root (gateway) recording is found only with isRootRecording."""
    contact = get_visible_contact(db, principal, contact_id)
    if is_root is True and not contact.is_root:
        raise NotFound(f"Contact {contact_id} is not a root recording")
    hits = _speech_hits(db, contact.id)
    texts = []
    for u in db.scalars(select(CasUtterance).where(CasUtterance.contact_id == contact.id)
                        .order_by(CasUtterance.start_ms, CasUtterance.channel)):
        inside = [h for h in hits if h.channel == u.channel and u.start_ms <= h.start_ms < u.end_ms]
        texts.append({"text": u.text, "channel": u.channel, "start": u.start_ms, "end": u.end_ms,
                      "sentiment": sentiment.score(u.text),
                      "words": [{"word": w, "start": s, "end": e} for w, s, e in json.loads(u.words)],
                      "hits": [{"category": h.name, "phrase": h.phrase, "start": h.start_ms, "stop": h.stop_ms,
                                "confidence": round(h.confidence, 1)} for h in inside]})
    scores = sentiment.summary([(t["channel"], t["start"], t["sentiment"]) for t in texts])
    return {"ccrid": contact.id, "texts": texts, "sentiment": scores}
