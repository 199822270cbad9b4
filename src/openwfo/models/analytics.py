"""Analytics (cas): categories and their phrases, text contacts (a qm_contact with its text), the
phrase hits found in texts and in speech, and transcripts.

A text contact is a QM contact (`qm_contact.medium` = its text type) plus one `cas_text_contact` row
holding what a text has and a call has not. Hits are derived data: recomputed from the phrases.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped


class CasCategory(TenantScoped, Base):
    """A category of phrases ("Cancellation", "Escalation")."""

    __tablename__ = "cas_category"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    language_id: Mapped[str] = mapped_column(String(20), default="en-us")
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class CasPhrase(TenantScoped, Base):
    """A phrase searched for in texts and speech; soundsLike holds alternatives separated by `|`."""

    __tablename__ = "cas_phrase"
    __table_args__ = (Index("ix_cas_phrase_tenant_category", "tenant_id", "category_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    category_id: Mapped[int] = mapped_column(IdType, ForeignKey("cas_category.id", ondelete="CASCADE"))
    phrase: Mapped[str] = mapped_column(String(500))
    phonetic: Mapped[str | None] = mapped_column(String(500), nullable=True)
    sounds_like: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    confidence: Mapped[int | None] = mapped_column(Integer, nullable=True)  # hit threshold, 0-100
    state: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class CasSetting(TenantScoped, Base):
    """Tenant-wide analytics settings: the default confidence threshold (the lists' `confidence`)."""

    __tablename__ = "cas_setting"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    confidence: Mapped[int] = mapped_column(Integer, default=50)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class CasTextContact(TenantScoped, Base):
    """The text of a text contact (email, chat, ...). `norm_text` is the body's words, lower case,
    punctuation dropped, one space apart and framed by spaces: phrase search prefilters on it."""

    __tablename__ = "cas_text_contact"
    __table_args__ = (
        # A source id is imported once per text type (NULLs never clash).
        UniqueConstraint("tenant_id", "text_type", "source_id"),
    )

    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"), primary_key=True)
    text_type: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    username: Mapped[str] = mapped_column(String(320))
    sender: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    receivers: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    subject: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    norm_text: Mapped[str] = mapped_column(Text)
    references: Mapped[str] = mapped_column(Text, default="[]")  # JSON list
    file_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    analyzed_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    sentiment: Mapped[float | None] = mapped_column(Float, nullable=True)  # VADER compound of the body, -1..1


class CasTextHit(TenantScoped, Base):
    """A phrase found in a text contact: character position and length in the body."""

    __tablename__ = "cas_text_hit"
    __table_args__ = (Index("ix_cas_text_hit_contact", "contact_id", "position"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    phrase_id: Mapped[int] = mapped_column(IdType, ForeignKey("cas_phrase.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(IdType, ForeignKey("cas_category.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    length: Mapped[int] = mapped_column(Integer)


class CasSpeechAnalysis(TenantScoped, Base):
    """Speech analysis state of a recorded contact: queued | running | done | failed."""

    __tablename__ = "cas_speech_analysis"

    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="queued")
    engine: Mapped[str | None] = mapped_column(String(50), nullable=True)
    job_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    audio_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    analyzed_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    sentiment: Mapped[float | None] = mapped_column(Float, nullable=True)  # mean over the utterances, -1..1


class CasUtterance(TenantScoped, Base):
    """One utterance of a transcript: a channel's speech between two pauses, with word timings
    (JSON `[[word, start_ms, end_ms], ...]`, offsets from the contact's start)."""

    __tablename__ = "cas_utterance"
    __table_args__ = (Index("ix_cas_utterance_contact", "contact_id", "start_ms"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    channel: Mapped[int] = mapped_column(Integer)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    words: Mapped[str] = mapped_column(Text, default="[]")


class CasSpeechHit(TenantScoped, Base):
    """A phrase spotted in a contact's audio (offsets in ms from the contact's start)."""

    __tablename__ = "cas_speech_hit"
    __table_args__ = (Index("ix_cas_speech_hit_contact", "contact_id", "start_ms"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    phrase_id: Mapped[int] = mapped_column(IdType, ForeignKey("cas_phrase.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(IdType, ForeignKey("cas_category.id", ondelete="CASCADE"))
    channel: Mapped[int] = mapped_column(Integer)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    stop_ms: Mapped[int] = mapped_column(BigInteger)
    confidence: Mapped[float] = mapped_column(Float, default=0.0)


class CasQaRule(TenantScoped, Base):
    """Automated QA: an evaluation question answered from analytics. kind `category` — met when a hit of
    the category was found (on `channel` if given); `talkover` / `silence` — met when the contact's longest
    such event is under `limit_ms`. The answer is `option_met_id` or `option_not_met_id`."""

    __tablename__ = "cas_qa_rule"
    __table_args__ = (UniqueConstraint("tenant_id", "question_id"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    question_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_question.id", ondelete="CASCADE"))
    form_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_form.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # category | talkover | silence
    category_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("cas_category.id", ondelete="CASCADE"),
                                                    nullable=True)
    channel: Mapped[int | None] = mapped_column(Integer, nullable=True)
    limit_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    option_met_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_option.id", ondelete="CASCADE"))
    option_not_met_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_eval_option.id", ondelete="CASCADE"))
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class CasAutoEvaluation(TenantScoped, Base):
    """An evaluation drafted by automated QA (in progress until an evaluator confirms or changes it)."""

    __tablename__ = "cas_auto_evaluation"

    evaluation_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_evaluation.id", ondelete="CASCADE"),
                                               primary_key=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"), index=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)
