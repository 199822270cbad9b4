"""Evaluation forms on the wire: the reference's GET shape, which authoring (POST/PUT) takes too."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ...kit.wire import Body, Id, Int32, Number


class OptionIn(Body):
    id: Id | None = None
    type: str = "ADDITIVE"
    label: str = ""
    is_default: bool = False
    kpi_priority: Int32 = 0
    order: Int32 | None = None
    points: Number = 0.0


class QuestionIn(Body):
    id: Id | None = None
    text: str | None = None
    order: Int32 | None = None
    weight: Number = 1.0
    description: str | None = None
    options: list[OptionIn] = Field(default_factory=list)


class SectionIn(Body):
    id: Id | None = None
    name: str | None = None
    order: Int32 | None = None
    weight: Number = 1.0
    start_color: str | None = None
    end_color: str | None = None
    questions: list[QuestionIn] = Field(default_factory=list)


class BandIn(Body):
    band: Int32
    begin: Number
    end: Number


class ScoreTypeIn(Body):
    id: Int32 | None = None
    name: str | None = None


class EvalFormIn(Body):
    """A form as GET answers it; id, creator and timestamps are the server's and ignored."""

    name: str | None = None
    description: str | None = None
    manual_weighting: bool = False
    created_tz: str | None = Field(None, validation_alias="createdTz")
    created_tz_upper: str | None = Field(None, validation_alias="createdTZ")
    updated_tz: str | None = Field(None, validation_alias="updatedTz")
    status: Int32 = 0
    default_form: bool = False
    approval_required: bool = False
    band_ranges: list[BandIn] = Field(default_factory=list)
    score_type: ScoreTypeIn | None = None
    sections: list[SectionIn] = Field(default_factory=list)


class OptionRead(Body):
    id: int
    type: str
    label: str
    isDefault: bool  # noqa: N815 - the reference's names
    kpiPriority: int  # noqa: N815
    order: int
    points: float


class QuestionRead(Body):
    id: int
    text: str
    order: int
    weight: float
    description: str | None = None
    options: list[OptionRead]


class SectionRead(Body):
    id: int
    name: str
    order: int
    weight: float
    startColor: str | None = None  # noqa: N815
    endColor: str | None = None  # noqa: N815
    questions: list[QuestionRead]


class EvalFormRead(Body):
    id: int
    name: str
    description: str | None = None
    creator: str | None = None
    created: int
    manualWeighting: bool  # noqa: N815
    createdTz: str  # noqa: N815
    createdTZ: str  # noqa: N815
    updater: str | None = None
    updated: int
    updatedTz: str  # noqa: N815
    status: int
    defaultForm: bool  # noqa: N815
    approvalRequired: bool  # noqa: N815
    bandRanges: list[dict[str, Any]]  # noqa: N815
    scoreType: dict[str, Any]  # noqa: N815
    sections: list[SectionRead]
