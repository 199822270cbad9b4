"""Wire conventions shared by the organization endpoints: id and time types, the reference's
"never deactivated" date, references given as ids or objects, names, dates, permissions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Path
from pydantic import Field

from ..auth import permissions as perms
from ..auth.principal import Principal
from ..errors import BadRequest, Forbidden
from ..kit import timezones
from ..kit.schemas import WireModel
from ..kit.violations import Violations
from ..kit.wire import MAX_ID, MAX_MS, Body, Id, IdPath, Ms, PathId  # noqa: F401 - org resources import them from here

NAME_MAX = 60  # the reference's limit for group and team names

# The reference's examples show active groups, teams and persons with this "deactivated" time
# (1 January 3000, midnight US Central): it means "never". Any future time reads as "not deactivated".
NOT_DEACTIVATED = 32503615200000


def deactivated_out(ms: int | None) -> int:
    return NOT_DEACTIVATED if ms is None else ms


def deactivated_in(ms: int | None, now: int) -> int | None:
    """None (active) for a missing or future time, else the deactivation time."""
    return None if ms is None or ms > now else ms


# The one request-body base (camelCase, unknown fields ignored, no NUL characters).
OrgInput = Body


class Ref(WireModel):
    """A reference given as an object: {"id": 3, "name": ...} (only the id or the name is used)."""

    id: Id | None = None
    name: str | None = None


RefItem = Id | str | Ref
# A group named where the reference says "ID" in one table and "name" in another (parentGroupId):
# an id, a digit string or the group's name.
GroupRef = Id | Annotated[str, Field(max_length=200)]


def ref_key(item: Any) -> int | str | None:
    """An id (int) or a name (str) from an id, a digit string, a name, or an {id, name} object."""
    if isinstance(item, Ref):
        if item.id is not None:
            return item.id
        return item.name.strip() if item.name and item.name.strip() else None
    if isinstance(item, dict):
        return ref_key(Ref.model_validate(item))
    if isinstance(item, bool):
        return None
    if isinstance(item, int):
        return item
    if isinstance(item, str):
        s = item.strip()
        if s.isdecimal():
            return int(s) if int(s) <= MAX_ID else None
        return s or None
    return None


def ref_ids_at(items, field: str, v: Violations | None = None) -> list[tuple[int, int]]:
    """(position in the list, id) of each distinct id listed (a name is refused): teams, users, groups
    given as ids or {id} objects. With `v` every item that is not an id is recorded there (and
    skipped), else the first raises."""
    out: dict[int, int] = {}
    for i, item in enumerate(items or ()):
        key = ref_key(item)
        if not isinstance(key, int):
            error = BadRequest(f"{field}[{i}] must be an id or an object with an id",
                               errors=[{"field": f"{field}[{i}]", "reason": "not an id"}])
            if v is None:
                raise error
            v.collect(error)
            continue
        out.setdefault(key, i)
    return [(i, key) for key, i in out.items()]


def ref_ids(items, field: str, v: Violations | None = None) -> list[int]:
    """The distinct ids listed (see `ref_ids_at`)."""
    return [key for _, key in ref_ids_at(items, field, v)]


def clean_name(value: str | None, field: str = "name", max_len: int = NAME_MAX) -> str:
    name = (value or "").strip()
    if not name:
        raise BadRequest(f"{field} is required", errors=[{"field": field, "reason": "required"}])
    if len(name) > max_len:
        raise BadRequest(f"{field} is longer than {max_len} characters",
                         errors=[{"field": field, "reason": f"at most {max_len} characters"}])
    return name


def parse_date(value, field: str, time_zone: str = "UTC") -> int | None:
    """A date-only field: epoch ms (kept as given), or YYYY-MM-DD / MM/DD/YYYY stored as the epoch ms
    of that day's midnight in `time_zone` (the tenant's, as the bulk import stores dates)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise BadRequest(f"{field} is not a date", errors=[{"field": field, "reason": "not a date"}])
    if isinstance(value, int):
        if not 0 <= value <= MAX_MS:
            raise BadRequest(f"{field} is out of range", errors=[{"field": field, "reason": "out of range"}])
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            d = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        try:
            zone = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = UTC
        return int(datetime(d.year, d.month, d.day, tzinfo=zone).timestamp() * 1000)
    raise BadRequest(f"{field} must be epoch milliseconds, YYYY-MM-DD or MM/DD/YYYY",
                     errors=[{"field": field, "reason": "not a date"}])


# A permission named in a path (`.../permission/{permission}`): a catalogue name or id, bounded.
PermissionPath = Annotated[str, Path(min_length=1, max_length=200, description="A permission's name or id")]


def permission_named(name: str) -> perms.Permission:
    """The permission a `.../permission/{permission}` path names (any case, spaces optional)."""
    found = perms.lookup(name.strip()) if name and name.strip() else None
    if found is None:
        raise BadRequest(f"Unknown permission: {name}", errors=[{"field": "permission", "reason": "unknown"}])
    return found


def require_permission(principal: Principal, name: str) -> perms.Permission:
    """The named permission, which the caller must hold (403 otherwise)."""
    found = permission_named(name)
    if not principal.has(found.id):
        raise Forbidden(f"Permission required: {found.name}")
    return found


def time_zone_out(name: str | None) -> int | str | None:
    """The catalogue id of a time zone (the Person API's `"timeZone": 1`), or its name when uncatalogued."""
    if not name:
        return None
    return timezones.id_of(name) or name


def time_zone_in(value, field: str = "timeZone") -> str:
    """An IANA name from a catalogue id or a name (400 when neither)."""
    name = timezones.resolve(value)
    if name is None:
        raise BadRequest(f"Unknown time zone: {value}", errors=[{"field": field, "reason": "unknown time zone"}])
    return name
