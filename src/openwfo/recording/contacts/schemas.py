"""Wire shapes of contacts and the resources their `$ref`s point to."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)


class Ref(_Wire):
    ref: str = Field(alias="$ref")


class PersonRef(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    firstName: str | None = None  # noqa: N815 - the reference's names
    lastName: str | None = None  # noqa: N815
    username: str | None = None
    displayId: str | None = None  # noqa: N815


class TeamRef(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str | None = None
    displayId: str | None = None  # noqa: N815


class GroupRef(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    name: str | None = None


class QualityReason(BaseModel):
    text: str
    reasonId: int  # noqa: N815
    key: str


class EvaluationRef(_Wire):
    ref: str = Field(alias="$ref")
    id: int
    evaluated: int | None = Field(None, description="when the contact was evaluated (epoch ms)")
    stateId: int | None = None  # noqa: N815
    score: float | None = None


class MetadataValue(BaseModel):
    key: str
    value: str


class EventCalculations(BaseModel):
    """Totals of the contact's events (expand=eventCalculations); seconds with one decimal."""

    silenceCount: int  # noqa: N815
    silenceSeconds: float  # noqa: N815
    longestSilenceSeconds: float  # noqa: N815
    talkOverCount: int  # noqa: N815
    talkOverSeconds: float  # noqa: N815
    longestTalkOverSeconds: float  # noqa: N815
    pauseCount: int  # noqa: N815
    pauseSeconds: float  # noqa: N815


class SearchStats(BaseModel):
    """searchStats=true: how many contacts match."""

    count: int


class EvalFormRef(_Wire):
    ref: str = Field(alias="$ref")
    name: str | None = None


class EventRead(BaseModel):
    id: int
    type: str  # silence | talkover | pause
    startOffset: int  # noqa: N815 - ms from the contact's start
    duration: int  # ms


class ContactRead(_Wire):
    id: int
    startTime: int  # noqa: N815
    tz: str
    callDuration: int  # noqa: N815
    ani: str | None = None
    dnis: str | None = None
    line: str | None = None
    callId: str | None = None  # noqa: N815
    icmCallId: str | None = None  # noqa: N815
    assocCallId: str | None = None  # noqa: N815
    direction: int | None = None
    type: str
    contactType: str = Field(description="CALL (recorded calls), EMAIL, or TEXT (chat, social, website, other)")  # noqa: N815
    isComplete: bool  # noqa: N815
    agent: PersonRef | None = None
    team: TeamRef | None = None
    group: GroupRef | None = None
    qualityReason: QualityReason | None = None  # noqa: N815
    evaluation: EvaluationRef | None = None
    evalForm: EvalFormRef | None = None  # noqa: N815
    evaluator: PersonRef | None = None
    hr: bool
    training: bool
    scored: bool
    needsApproval: bool  # noqa: N815
    tagged: bool
    audioUploaded: bool  # noqa: N815
    screenUploaded: bool  # noqa: N815
    recordingUrl: str | None = None  # noqa: N815
    archiveWF: Ref | None = None  # noqa: N815
    qualityWF: Ref | None = None  # noqa: N815
    metadata: dict[str, Any] = Field(description="{$ref} or, expanded, each name's {key, value}")
    eventCalculations: EventCalculations | None = Field(None, description="with expand=eventCalculations")  # noqa: N815
    event: dict[str, Any] | list[EventRead] = Field(description="{$ref} or, expanded (expand=event), the events")
    events: dict[str, Any] | list[EventRead] = Field(description="the same as event (an earlier name)")
    silenceEvents: int  # noqa: N815
    talkOverEvents: int  # noqa: N815
    rootRecording: bool  # noqa: N815
    reconciled: bool
    exclusionReason: str | None = None  # noqa: N815


class MediaRead(BaseModel):
    id: int
    type: str  # audio | screen | combined
    format: str
    contentType: str  # noqa: N815
    startTime: int  # noqa: N815
    offset: int
    duration: int | None = None
    sizeBytes: int  # noqa: N815
    url: str


class BasicSearchAgent(_Wire):
    ref: str = Field(alias="$ref")
    displayId: str | None = None  # noqa: N815
    lastName: str | None = None  # noqa: N815
    firstName: str | None = None  # noqa: N815
    username: str | None = None


class BasicSearchRead(BaseModel):
    id: int
    assocCallId: str | None = None  # noqa: N815
    callDuration: int  # noqa: N815
    recordingUrl: str | None = None  # noqa: N815
    isComplete: bool  # noqa: N815
    startTime: int  # noqa: N815
    agent: BasicSearchAgent | None = None
