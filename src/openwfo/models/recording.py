"""QM contacts (recorded calls), their media, events and custom metadata; recording workflows;
inclusion/exclusion lists; single-contact exports.

Search reads qm_contact alone for every scalar filter, so the columns the reference filters on
live there (with the silence/talk-over summaries of qm_contact_event), and each index leads with
tenant_id because every query carries it.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, IdType, TenantScoped

# Indexed phone-number columns are searched with prefix patterns (`612*`): on PostgreSQL the
# pattern operator class lets LIKE 'prefix%' use the index whatever the database collation.
_PATTERN_OPS = "varchar_pattern_ops"


class RecordingWorkflow(TenantScoped, Base):
    """A QM workflow (quality or archive) a contact is filed under: the archiveWF/qualityWF $refs."""

    __tablename__ = "qm_workflow"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # quality | archive
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class MetadataField(TenantScoped, Base):
    """A custom metadata field, created the first time a contact carries it."""

    __tablename__ = "qm_metadata_field"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(39))
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class Contact(TenantScoped, Base):
    __tablename__ = "qm_contact"
    __table_args__ = (
        Index("ix_qm_contact_tenant_start", "tenant_id", "start_ms"),
        Index("ix_qm_contact_tenant_team_start", "tenant_id", "team_id", "start_ms"),
        Index("ix_qm_contact_tenant_group_start", "tenant_id", "group_id", "start_ms"),
        Index("ix_qm_contact_tenant_person_start", "tenant_id", "person_id", "start_ms"),
        Index("ix_qm_contact_tenant_created", "tenant_id", "created_ms"),
        # Numbers with the start time: a wildcard search checks the date range in the index.
        Index("ix_qm_contact_tenant_ani", "tenant_id", "ani", "start_ms", postgresql_ops={"ani": _PATTERN_OPS}),
        Index("ix_qm_contact_tenant_dnis", "tenant_id", "dnis", "start_ms", postgresql_ops={"dnis": _PATTERN_OPS}),
        Index("ix_qm_contact_tenant_line", "tenant_id", "line", "start_ms", postgresql_ops={"line": _PATTERN_OPS}),
        Index("ix_qm_contact_tenant_call_id", "tenant_id", "call_id"),
        Index("ix_qm_contact_tenant_assoc", "tenant_id", "assoc_call_id"),
        Index("ix_qm_contact_tenant_evaluated", "tenant_id", "evaluated_ms"),
    )

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    tz: Mapped[str] = mapped_column(String(64))
    duration_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    ani: Mapped[str | None] = mapped_column(String(64), nullable=True)
    dnis: Mapped[str | None] = mapped_column(String(64), nullable=True)
    line: Mapped[str | None] = mapped_column(String(64), nullable=True)
    call_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    icm_call_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    assoc_call_id: Mapped[str | None] = mapped_column(String(52), nullable=True)
    direction: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0 outbound, 1 inbound
    # The agent, and their team and group when the call was taken (kept when the agent moves on).
    person_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("org_person.id", ondelete="SET NULL"), nullable=True)
    team_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("org_team.id", ondelete="SET NULL"), nullable=True)
    group_id: Mapped[int | None] = mapped_column(IdType, ForeignKey("org_group.id", ondelete="SET NULL"), nullable=True)
    contact_type: Mapped[str] = mapped_column(String(20), default="quality")  # quality | archive
    quality_reason_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    quality_workflow_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("qm_workflow.id", ondelete="SET NULL"), nullable=True)
    archive_workflow_id: Mapped[int | None] = mapped_column(
        IdType, ForeignKey("qm_workflow.id", ondelete="SET NULL"), nullable=True)
    # Evaluation summary (owned by evaluations; stored here so search filters stay on one table).
    eval_state: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eval_score: Mapped[float | None] = mapped_column(Float, nullable=True)
    eval_form_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    evaluator_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    evaluation_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    hr: Mapped[bool] = mapped_column(Boolean, default=False)
    training: Mapped[bool] = mapped_column(Boolean, default=False)
    scored: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    eval_in_progress: Mapped[bool] = mapped_column(Boolean, default=False)
    approved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When the contact was evaluated (epoch ms): dateEvaluatedStart/End search on it.
    evaluated_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    tagged: Mapped[bool] = mapped_column(Boolean, default=False)
    audio_uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    screen_uploaded: Mapped[bool] = mapped_column(Boolean, default=False)
    has_recording: Mapped[bool] = mapped_column(Boolean, default=False)
    # The contact's medium: call (recorded calls) or, for imported text contacts,
    # email | chat | twitter | facebook | website | other. contactType CALL/EMAIL/TEXT reads it.
    medium: Mapped[str] = mapped_column(String(20), default="call", server_default="call")
    has_transcription: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    is_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    # Gateway recordings arrive as root recordings without an agent and are reconciled later.
    is_root: Mapped[bool] = mapped_column(Boolean, default=False)
    reconciled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an inclusion/exclusion list kept the call from being recorded.
    exclusion_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    silence_events: Mapped[int] = mapped_column(Integer, default=0)
    silence_max_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    talkover_events: Mapped[int] = mapped_column(Integer, default=0)
    talkover_max_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    source: Mapped[str] = mapped_column(String(20), default="bulk")  # bulk | realtime | dataserver | demo
    # Kept whatever its workflows' retention says while set (recording/retention/).
    legal_hold: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class ContactMetadata(TenantScoped, Base):
    """One custom metadata value of a contact. value_prefix (the first 200 characters) is what the
    index holds, so long values never overflow an index entry."""

    __tablename__ = "qm_contact_metadata"
    __table_args__ = (
        Index("ix_qm_contact_metadata_field_value", "field_id", "value_prefix", "contact_id",
              postgresql_ops={"value_prefix": _PATTERN_OPS}),
    )

    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"), primary_key=True)
    field_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_metadata_field.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[str] = mapped_column(String(2056))
    value_prefix: Mapped[str] = mapped_column(String(200))


class ContactEvent(TenantScoped, Base):
    """Silence, talk-over and pause events of a contact (offsets from the contact's start)."""

    __tablename__ = "qm_contact_event"
    __table_args__ = (Index("ix_qm_contact_event_contact_kind", "contact_id", "kind", "duration_ms"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # silence | talkover | pause
    start_offset_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    duration_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class ContactMedia(TenantScoped, Base):
    """A stored recording of a contact: audio, screen, or both in one file (combined)."""

    __tablename__ = "qm_contact_media"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # audio | screen | combined
    format: Mapped[str] = mapped_column(String(10))  # wav | webm | webma | webmv | spx | wmv
    content_type: Mapped[str] = mapped_column(String(100))
    storage_key: Mapped[str] = mapped_column(String(300))
    size_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    offset_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # from the contact's start
    duration_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    channels: Mapped[int | None] = mapped_column(Integer, nullable=True)
    original_name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class MediaEnergy(TenantScoped, Base):
    """A recording's energy envelope, computed once: per channel, the mean square of each of
    `points` equal slices (float32, channel after channel), resampled to what a waveform view asks."""

    __tablename__ = "qm_media_energy"

    media_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact_media.id", ondelete="CASCADE"),
                                          primary_key=True)
    channels: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class InclusionExclusionList(TenantScoped, Base):
    """One inclusion or exclusion rule: which numbers/directions are (not) recorded."""

    __tablename__ = "qm_inclusion_exclusion"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    list_type: Mapped[int] = mapped_column(Integer)  # 1 inclusion, 2 exclusion
    pattern_type: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1 ANI .. 5 any
    pattern: Mapped[str | None] = mapped_column(String(64), nullable=True)
    direction: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 1 in, 2 out, 3 either
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class ContactExport(TenantScoped, Base):
    """A single-contact export in one format: encoding, then ready (the file in storage) or failed."""

    __tablename__ = "qm_contact_export"
    __table_args__ = (UniqueConstraint("contact_id", "format"),)

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    contact_id: Mapped[int] = mapped_column(IdType, ForeignKey("qm_contact.id", ondelete="CASCADE"))
    format: Mapped[str] = mapped_column(String(12))  # WEBM | WEBM_VP8 | WEBM_VP9 | WAV | OPUS
    status: Mapped[str] = mapped_column(String(12), default="encoding")  # encoding | ready | failed
    storage_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    size_bytes: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    job_id: Mapped[int | None] = mapped_column(IdType, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    requested_by: Mapped[int | None] = mapped_column(IdType, nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger, default=0)
    finished_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
