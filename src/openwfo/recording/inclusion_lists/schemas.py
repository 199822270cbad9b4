"""Wire shape of an inclusion/exclusion list (the same for GET, POST and PUT)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...kit.wire import Body
from .matching import PATTERN_RE


class InclusionExclusionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    inclusionExclusionListId: int  # noqa: N815 - the reference's names
    inclusionExclusionType: int  # noqa: N815
    inclusionExclusionPatternType: int | None = None  # noqa: N815
    pattern: str | None = None
    inclusionExclusionCallDirection: int | None = None  # noqa: N815

    @classmethod
    def of(cls, row) -> InclusionExclusionRead:
        return cls(inclusionExclusionListId=row.id, inclusionExclusionType=row.list_type,
                   inclusionExclusionPatternType=row.pattern_type, pattern=row.pattern,
                   inclusionExclusionCallDirection=row.direction)


class InclusionExclusionCreate(Body):
    """POST/PUT body. The list id is assigned by the server on create (a given one is ignored);
    on update it must match the path when present."""

    inclusionExclusionListId: int | None = Field(None, ge=0, le=2**63 - 1)  # noqa: N815
    inclusionExclusionType: int = Field(..., ge=1, le=2, description="1 inclusion, 2 exclusion")  # noqa: N815
    inclusionExclusionPatternType: int | None = Field(  # noqa: N815
        None, ge=1, le=5, description="1 ANI, 2 DNIS, 3 extension, 4 phone number, 5 any (default)")
    pattern: str | None = Field(None, max_length=64, description="digits, ? one digit, * any digits, leading + country code")
    inclusionExclusionCallDirection: int | None = Field(  # noqa: N815
        None, ge=1, le=3, description="1 inbound, 2 outbound, 3 either (default)")

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not PATTERN_RE.match(value):
            raise ValueError("may hold digits, ? and *, and + only at the start")
        return value or None


InclusionExclusionUpdate = InclusionExclusionCreate
