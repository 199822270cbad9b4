"""Per-agent and per-team average scores by form, section and period.

Only scored and approved, non-calibration evaluations count (`counted` on the section-score rows,
kept by every change of an evaluation). The store sums per (agent or team, form, section, UTC day);
days fold into weeks (from Monday), months or one period here. A section's average is the mean of
its scores; the form's average is the mean of the evaluations' scores.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ...models import EvalForm, EvalSection, EvalSectionScore, Evaluation, Person, Team
from ...org.scope import visible_team_ids
from . import states

DAY_MS = 86_400_000
PERIODS = ("day", "week", "month", "all")
GROUPINGS = ("agent", "team")


def _day_ms(value: str | None, field: str, *, end: bool = False) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadRequest(f"{field} must be a date YYYY-MM-DD", errors=[{"field": field, "reason": "YYYY-MM-DD"}]) from None
    if end:
        day += dt.timedelta(days=1)
    return int(dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)


def _period_start(day_number: int, period: str) -> str | None:
    day = dt.date(1970, 1, 1) + dt.timedelta(days=day_number)
    if period == "day":
        return day.isoformat()
    if period == "week":
        return (day - dt.timedelta(days=day.weekday())).isoformat()
    if period == "month":
        return day.replace(day=1).isoformat()
    return None


def averages(db: Session, principal: Principal, *, by: str, period: str, form_ids: list[int], team_ids: list[int],
             agent_ids: list[int], begin_date: str | None, end_date: str | None) -> list[dict]:
    by, period = by.strip().lower(), period.strip().lower()
    if by not in GROUPINGS:
        raise BadRequest("by must be agent or team", errors=[{"field": "by", "reason": "agent | team"}])
    if period not in PERIODS:
        raise BadRequest("period must be day, week, month or all", errors=[{"field": "period", "reason": "day | week | month | all"}])
    begin, end = _day_ms(begin_date, "beginDate"), _day_ms(end_date, "endDate", end=True)
    if begin is not None and end is not None and end <= begin:
        raise BadRequest("endDate is before beginDate", errors=[{"field": "endDate", "reason": "after beginDate"}])
    visible = visible_team_ids(db, principal)
    key_s = EvalSectionScore.person_id if by == "agent" else EvalSectionScore.team_id
    key_e = Evaluation.person_id if by == "agent" else Evaluation.team_id

    def where(q, model):
        q = q.where(model.evaluated_ms.is_not(None))
        if model is EvalSectionScore:
            q = q.where(EvalSectionScore.counted.is_(True))
        else:
            q = q.where(Evaluation.calibration.is_(False), Evaluation.state.in_(states.COUNTED))
        if form_ids:
            q = q.where(model.form_id.in_(form_ids))
        if team_ids:
            q = q.where(model.team_id.in_(team_ids))
        if agent_ids:
            q = q.where(model.person_id.in_(agent_ids))
        if visible is not None:
            q = q.where(model.team_id.in_(sorted(visible)))
        if begin is not None:
            q = q.where(model.evaluated_ms >= begin)
        if end is not None:
            q = q.where(model.evaluated_ms < end)
        return q

    # one period: no need to split by day in the store
    day_s = (literal(0) if period == "all" else EvalSectionScore.evaluated_ms // DAY_MS).label("day")
    day_e = (literal(0) if period == "all" else Evaluation.evaluated_ms // DAY_MS).label("day")
    section_rows = db.execute(where(
        select(key_s.label("key"), EvalSectionScore.form_id, EvalSectionScore.section_id, day_s,
               func.sum(EvalSectionScore.score).label("total"), func.count(EvalSectionScore.score).label("n")),
        EvalSectionScore).group_by(key_s, EvalSectionScore.form_id, EvalSectionScore.section_id, day_s))
    eval_rows = db.execute(where(
        select(key_e.label("key"), Evaluation.form_id, day_e, func.sum(Evaluation.score).label("total"),
               func.count(Evaluation.id).label("n")), Evaluation).group_by(key_e, Evaluation.form_id, day_e))
    groups: dict[tuple, dict] = {}

    def bucket(key, form_id, day) -> dict:
        k = (key, form_id, _period_start(int(day), period))
        if k not in groups:
            groups[k] = {"total": 0.0, "n": 0, "sections": {}}
        return groups[k]

    for r in eval_rows:
        b = bucket(r.key, r.form_id, r.day)
        b["total"] += r.total or 0.0
        b["n"] += r.n
    for r in section_rows:
        sec = bucket(r.key, r.form_id, r.day)["sections"].setdefault(r.section_id, [0.0, 0])
        sec[0] += r.total or 0.0
        sec[1] += r.n
    return _render(db, groups, by)


def _render(db: Session, groups: dict[tuple, dict], by: str) -> list[dict]:
    keys = {k[0] for k in groups if k[0] is not None}
    forms = {k[1] for k in groups}
    if by == "agent":
        names = {r.id: {"id": r.id, "firstName": r.first_name, "lastName": r.last_name}
                 for r in db.execute(select(Person.id, Person.first_name, Person.last_name).where(Person.id.in_(keys)))}
    else:
        names = {r.id: {"id": r.id, "name": r.name} for r in db.execute(select(Team.id, Team.name).where(Team.id.in_(keys)))}
    form_names = dict(db.execute(select(EvalForm.id, EvalForm.name).where(EvalForm.id.in_(forms))).all()) if forms else {}
    section_info = {r.id: (r.name, r.order) for r in db.execute(
        select(EvalSection.id, EvalSection.name, EvalSection.order).where(EvalSection.form_id.in_(forms)))} if forms else {}
    out = []
    for (key, form_id, start), b in sorted(groups.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2] or "")):
        sections = [{"id": sid, "name": section_info.get(sid, (None, 0))[0],
                     "average": round(total / n, 2) if n else None, "count": n}
                    for sid, (total, n) in sorted(b["sections"].items(), key=lambda kv: section_info.get(kv[0], ("", 0))[1])]
        out.append({by: names.get(key, {"id": key}), "form": {"id": form_id, "name": form_names.get(form_id)},
                    "period": start, "evaluations": b["n"],
                    "average": round(b["total"] / b["n"], 2) if b["n"] else None, "sections": sections})
    return out
