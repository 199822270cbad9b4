"""Wire shapes of the contact imports."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RecordingStatus(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    status: str  # SUCCESS | MISSING | FAILED | EXCLUDED | SKIPPED
    type: str | None = None  # audio | screen | combined
    mediaId: int | None = None  # noqa: N815
    offsetMs: int | None = None  # noqa: N815
    reason: str | None = None


class ContactStatus(BaseModel):
    row: int
    source: str
    status: str  # SUCCESS | MERGED | RECONCILED | FAILED
    contactId: int | None = None  # noqa: N815
    callId: str | None = None  # noqa: N815
    agentId: int | None = None  # noqa: N815
    recorded: bool
    reason: str | None = None
    recordings: list[RecordingStatus]


class BulkImportReport(BaseModel):
    status: str  # SUCCESS | PARTIAL | FAILED
    total: int
    imported: int
    failed: int
    excluded: int
    contacts: list[ContactStatus]
    ignoredFiles: list[str]  # noqa: N815
    ignoredColumns: list[str] = []  # noqa: N815


class RealtimeImportResult(BaseModel):
    id: int
    contactId: int  # noqa: N815
    status: str  # SUCCESS | MERGED | RECONCILED | UPDATED
    recorded: bool
    isComplete: bool  # noqa: N815
    audioUploadUrl: str  # noqa: N815
    videoUploadUrl: str  # noqa: N815
    expectedRecordings: list[str] = []  # noqa: N815
    reason: str | None = None


class MediaUploadResult(BaseModel):
    contactId: int  # noqa: N815
    status: str  # SUCCESS | EXCLUDED
    mediaId: int | None = None  # noqa: N815
    type: str | None = None
    format: str | None = None
    offsetMs: int | None = None  # noqa: N815
    durationMs: int | None = None  # noqa: N815
    sizeBytes: int | None = None  # noqa: N815
    reason: str | None = None
