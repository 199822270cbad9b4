"""From wire input to what the services take: id lists in query strings, schedule bodies to AgentIn."""

from __future__ import annotations

from fastapi import Request
from pydantic import ValidationError

from ...errors import BadRequest
from ...kit.body import read_json_or_form
from ..rules import parse_date
from ..wire import MAX_INT64
from . import days, times
from .schemas import AgentScheduleWrite
from .writes import ActivityIn, AgentIn, DayIn

MAX_EPOCH_MS = 253_402_300_799_999


def id_list(values: list[str] | None, field: str) -> list[int] | None:
    """Ids from a query parameter given comma-separated, repeated, or both; None when absent."""
    if values is None:
        return None
    ids: list[int] = []
    for value in values:
        for piece in value.split(","):
            piece = piece.strip()
            if not piece:
                continue
            if not piece.isdecimal() or int(piece) > MAX_INT64:
                raise BadRequest(f"{field} must be ids separated by commas (found '{piece[:40]}')",
                                 errors=[{"field": field, "reason": "not an id"}])
            ids.append(int(piece))
    return ids or None


def agent_in(body: AgentScheduleWrite, agent_id: int, zone_name: str, prefix: str = "") -> AgentIn:
    """An AgentIn whose parts are located by their JSON paths (prefix for the bulk form's index).
    Times given as text are read here: epoch ms, ISO 8601 (without an offset: in the agent's zone), or
    times of day on the day's date (times.resolve_times_of_day); anything else is a 400 naming it."""
    tz = days.zone(zone_name)
    out = []
    bad = []
    for i, day in enumerate(body.activities_by_date):
        where = f"{prefix}activitiesByDate[{i}]"
        acts = []
        relative = []
        for j, a in enumerate(day.scheduled_activities):
            path = f"{where}.scheduledActivities[{j}]"
            activity = ActivityIn(
                where={"field": path}, activity_type=a.activity_type, start_time=0, end_time=0,
                detail_name=a.activity_detail_name, service_queue_id=a.service_queue_id,
                multi_skill_group_id=a.multi_skill_group_id, exception_id=a.exception_id, paid=a.paid,
                color=a.color, metadata=a.activity_metadata)
            of_day = {}
            for key, value in (("startTime", a.start_time), ("endTime", a.end_time)):
                of_day[key] = times.time_of_day(value) if isinstance(value, str) else None
                if of_day[key] is not None:
                    continue
                ms = value if isinstance(value, int) else times.instant(value, tz)
                if ms is None or not 0 <= ms <= MAX_EPOCH_MS:
                    bad.append({"field": f"{path}.{key}", "reason": f"'{value}' is not a time (epoch ms, ISO 8601, "
                                                                     "or HH:MM on the date)"})
                    continue
                setattr(activity, "start_time" if key == "startTime" else "end_time", ms)
            if of_day["startTime"] is not None or of_day["endTime"] is not None:
                relative.append((activity, of_day["startTime"], of_day["endTime"]))
            acts.append(activity)
        shift_date = parse_date(day.date)
        if relative and shift_date is not None:
            times.resolve_times_of_day(shift_date, tz, relative)
        out.append(DayIn(where={"field": f"{where}.date"}, date=day.date, activities=acts))
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise BadRequest(f"Invalid schedule: {bad[0]['field']} {bad[0]['reason']}{more}", errors=bad)
    return AgentIn(agent_id, zone_name, out)


def json_or_form(model):
    """A dependency reading the body as JSON or as form fields (the reference's multipart/form-data),
    fields missing from it taken from the query string; list fields given as text are comma-separated
    ("1,2,3" or "[1,2,3]")."""
    list_fields = {f.alias or name for name, f in model.model_fields.items()
                   if "list" in str(f.annotation)}

    async def read(request: Request):
        data = await read_json_or_form(request)
        # Fields left out of the body may come as query parameters (repeated, or comma-separated).
        for key in set(request.query_params) - set(data):
            values = request.query_params.getlist(key)
            data[key] = ",".join(values) if key in list_fields else values[-1]
        for key in list_fields & set(data):
            if isinstance(data[key], str):
                text = data[key].strip().strip("[]")
                data[key] = [piece.strip() for piece in text.split(",") if piece.strip()]
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            errors = [{"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]}
                      for e in exc.errors()]
            raise BadRequest(f"Invalid request: {errors[0]['field']} {errors[0]['reason']}", errors=errors) from None

    return read


def json_or_form_body(model) -> dict:
    """The OpenAPI request body of a json_or_form endpoint."""
    schema = model.model_json_schema(by_alias=True)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema},
                                                          "multipart/form-data": {"schema": schema}}}}
