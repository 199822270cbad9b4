"""Importing teams: id 0 (or empty) matches by name or creates; a known id updates that team.

parentGroupId names the team's group (its name, or its id), which must be in the caller's scope;
a new team without one goes into the default group. productivityCompilation defaults to true.
Dates as for groups. Sessions follow: new or moved teams change the lists of scoped users, renamed
or moved ones their members' sessions.
"""

from __future__ import annotations

from ..models import Team
from ..org.changes import mark_scoped_persons, mark_team_members
from ..org.scope import visible_group_ids, visible_team_ids
from . import repository as repo
from .context import ImportContext, Names, RowResult, fold
from .groups import check_dates, check_name, dates_changes, name_too_long, new_dates
from .reading import Record


def import_teams(ctx: ImportContext, records: list[Record]) -> list[RowResult] | None:
    """Check every row, then (if all are good) apply them; None when there were errors."""
    db, errors = ctx.db, ctx.errors
    teams = repo.load_teams(db)
    visible_teams = visible_team_ids(db, ctx.principal)
    visible_groups = visible_group_ids(db, ctx.principal)
    all_groups = [g for g in repo.load_groups(db) if visible_groups is None or g.id in visible_groups]
    groups = Names("group", ((g.id, g.name) for g in all_groups))
    default_group = next((g.id for g in all_groups if g.is_default), None)
    by_id = {t.id: t for t in teams}
    by_name: dict[str, list] = {}
    for t in teams:
        by_name.setdefault(fold(t.name), []).append(t)

    def in_scope(team_id: int) -> bool:
        return visible_teams is None or team_id in visible_teams

    seen: dict[object, int] = {}
    final_names: dict[str, tuple[object, int]] = {}
    plan: list[tuple[Record, int | None, dict]] = []
    for rec in records:
        if rec.line in errors.lines:
            continue
        v = rec.values
        tid = v.get("id", 0)
        name = check_name(ctx, rec)
        if tid < 0:
            errors.add(rec.line, rec.column("id"), "The id must be 0 for a new team or the id of an existing team")
            continue
        group_id = None
        if "parentGroupId" in v:
            group_id, why = groups.resolve(v["parentGroupId"])
            if why:
                errors.add(rec.line, rec.column("parentGroupId"), why)
                continue
        if name is None or not check_dates(ctx, rec, "deactivatedDate"):
            continue
        target = None
        if tid:
            t = by_id.get(tid)
            if t is None or not in_scope(tid):
                errors.add(rec.line, rec.column("id"), f"Team {tid} does not exist")
                continue
            target = t
            if any(o.id != tid for o in by_name.get(fold(name), ())):
                errors.add(rec.line, rec.column("name"), f"Another team is already named '{name}'")
                continue
        else:
            matches = by_name.get(fold(name), [])
            if len(matches) > 1:
                errors.add(rec.line, rec.column("name"), f"More than one team is named '{name}'; give its id")
                continue
            if matches:
                if not in_scope(matches[0].id):
                    errors.add(rec.line, rec.column("name"), f"A team named '{name}' exists outside your scope")
                    continue
                target = matches[0]
            elif group_id is None:
                group_id = default_group
                if group_id is None:
                    errors.add(rec.line, rec.column("parentGroupId"), "A new team needs its parent group")
                    continue
        if name_too_long(ctx, rec, name, target.name if target else None):
            continue
        identity = target.id if target else ("new", fold(name))
        if identity in seen:
            errors.add(rec.line, None, f"The row repeats the team of line {seen[identity]}")
            continue
        seen[identity] = rec.line
        other = final_names.get(fold(name))
        if other and other[0] != identity:
            errors.add(rec.line, rec.column("name"), f"Line {other[1]} gives another team the name '{name}'")
            continue
        final_names[fold(name)] = (identity, rec.line)

        productivity = v.get("productivityCompilation")
        if target is None:
            plan.append((rec, None, {
                "name": name, "group_id": group_id,
                "productivity_compilation": True if productivity is None else productivity,
                **new_dates(ctx, v, "activatedDate", "deactivatedDate"),
            }))
            continue
        changes = dates_changes(ctx, v, target.activated_date, target.deactivated_date,
                                "activatedDate", "deactivatedDate")
        if name != target.name:
            changes["name"] = name
        if group_id is not None and group_id != target.group_id:
            changes["group_id"] = group_id
        if productivity is not None and productivity != target.productivity_compilation:
            changes["productivity_compilation"] = productivity
        plan.append((rec, target.id, changes))
    if errors:
        return None

    new_ids = iter(repo.insert_rows(db, Team, [row for _, tid, row in plan if tid is None]))
    repo.update_rows(db, Team, [{"id": tid, **ch} for _, tid, ch in plan if tid is not None and ch])
    moved = [tid for _, tid, ch in plan if tid is not None and "group_id" in ch]
    if moved or any(tid is None for _, tid, _ in plan):
        mark_scoped_persons(db)
    mark_team_members(db, moved + [tid for _, tid, ch in plan if tid is not None and "name" in ch])
    return [
        RowResult(rec.line, "created", next(new_ids)) if tid is None
        else RowResult(rec.line, "updated" if ch else "unchanged", tid)
        for rec, tid, ch in plan
    ]
