"""Importing groups: id 0 (or empty) matches by name or creates; a known id updates that group.

New groups go under the tenant's root group. Dates: an empty activatedDate keeps the stored one
(a new group is activated today); an empty deactivatedDate keeps the state; 12/31/2999 (what the
export writes for an active group) means active; a future deactivation date is refused (the
Organization APIs treat one as "active").
Sessions follow: a new group changes the lists of scoped users, a renamed one its members' sessions.
"""

from __future__ import annotations

from ..models import Group
from ..org.changes import mark_scoped_persons, mark_team_members
from ..org.scope import visible_group_ids
from . import repository as repo
from .context import ImportContext, RowResult, fold
from .reading import Record
from .values import ACTIVE_DATE

MAX_NAME = 60


def dates_changes(ctx: ImportContext, values: dict, current_activated, current_deactivated,
                  activated_key: str, deactivated_key: str) -> dict:
    """Changes to (activated_date, deactivated_date) the row asks for, compared as calendar days."""
    days, out = ctx.days, {}
    activated = values.get(activated_key)
    if activated is not None and days.day(current_activated) != activated:
        out["activated_date"] = days.ms(activated)
    deactivated = values.get(deactivated_key)
    if deactivated == ACTIVE_DATE:
        if current_deactivated is not None:
            out["deactivated_date"] = None
    elif deactivated is not None and days.day(current_deactivated) != deactivated:
        out["deactivated_date"] = days.ms(deactivated)
    return out


def new_dates(ctx: ImportContext, values: dict, activated_key: str, deactivated_key: str) -> dict:
    activated = values.get(activated_key)
    deactivated = values.get(deactivated_key)
    return {
        "activated_date": ctx.days.ms(activated) if activated is not None else ctx.now_ms,
        "deactivated_date": None if deactivated in (None, ACTIVE_DATE) else ctx.days.ms(deactivated),
    }


def check_dates(ctx: ImportContext, rec: Record, deactivated_key: str) -> bool:
    gone = rec.values.get(deactivated_key)
    if gone is not None and gone != ACTIVE_DATE and ctx.days.ms(gone) > ctx.now_ms:
        ctx.errors.add(rec.line, rec.column(deactivated_key),
                       "The deactivation date is in the future (12/31/2999 means active)")
        return False
    return True


def check_name(ctx: ImportContext, rec: Record, key: str = "name") -> str | None:
    name = rec.values.get(key)
    if name is None:
        ctx.errors.add(rec.line, rec.column(key), "A name is required")
    return name


def name_too_long(ctx: ImportContext, rec: Record, name: str, current: str | None) -> bool:
    """New and changed names follow the reference's limit; a longer name stored earlier may stay."""
    if len(name) > MAX_NAME and name != current:
        ctx.errors.add(rec.line, rec.column("name"), f"The name is longer than {MAX_NAME} characters")
        return True
    return False


def import_groups(ctx: ImportContext, records: list[Record]) -> list[RowResult] | None:
    """Check every row, then (if all are good) apply them; None when there were errors."""
    db, errors = ctx.db, ctx.errors
    groups = repo.load_groups(db)
    visible = visible_group_ids(db, ctx.principal)
    by_id = {g.id: g for g in groups}
    by_name: dict[str, list] = {}
    for g in groups:
        by_name.setdefault(fold(g.name), []).append(g)
    root = next((g for g in groups if g.is_root), None)

    seen: dict[object, int] = {}  # group id or new name -> line
    final_names: dict[str, tuple[object, int]] = {}
    plan: list[tuple[Record, object, dict]] = []  # (record, group id or None, changes or new row)
    for rec in records:
        if rec.line in errors.lines:
            continue
        gid = rec.values.get("id", 0)
        name = check_name(ctx, rec)
        if gid < 0:
            errors.add(rec.line, rec.column("id"), "The id must be 0 for a new group or the id of an existing group")
            continue
        if name is None or not check_dates(ctx, rec, "deactivatedDate"):
            continue
        target = None
        if gid:
            g = by_id.get(gid)
            if g is None or g.is_root or (visible is not None and gid not in visible):
                errors.add(rec.line, rec.column("id"), f"Group {gid} does not exist")
                continue
            target = g
            if any(o.id != gid for o in by_name.get(fold(name), ())):
                errors.add(rec.line, rec.column("name"), f"Another group is already named '{name}'")
                continue
        else:
            matches = by_name.get(fold(name), [])
            if len(matches) > 1:
                errors.add(rec.line, rec.column("name"), f"More than one group is named '{name}'; give its id")
                continue
            if matches:
                g = matches[0]
                if g.is_root:
                    errors.add(rec.line, rec.column("name"), "The root group cannot be imported")
                    continue
                if visible is not None and g.id not in visible:
                    errors.add(rec.line, rec.column("name"), f"A group named '{name}' exists outside your scope")
                    continue
                target = g
            elif not ctx.principal.scope_all:
                errors.add(rec.line, rec.column("name"), "Only a user with tenant-wide scope can create groups")
                continue
        if name_too_long(ctx, rec, name, target.name if target else None):
            continue
        identity = target.id if target else ("new", fold(name))
        if identity in seen:
            errors.add(rec.line, None, f"The row repeats the group of line {seen[identity]}")
            continue
        seen[identity] = rec.line
        other = final_names.get(fold(name))
        if other and other[0] != identity:
            errors.add(rec.line, rec.column("name"), f"Line {other[1]} gives another group the name '{name}'")
            continue
        final_names[fold(name)] = (identity, rec.line)

        if target is None:
            plan.append((rec, None, {"name": name, "parent_id": root.id if root else None,
                                     **new_dates(ctx, rec.values, "activatedDate", "deactivatedDate")}))
        else:
            changes = dates_changes(ctx, rec.values, target.activated_date, target.deactivated_date,
                                    "activatedDate", "deactivatedDate")
            if name != target.name:
                changes["name"] = name
            plan.append((rec, target.id, changes))
    if errors:
        return None

    new_rows = [row for _, gid, row in plan if gid is None]
    new_ids = iter(repo.insert_rows(db, Group, new_rows))
    repo.update_rows(db, Group, [{"id": gid, **ch} for _, gid, ch in plan if gid is not None and ch])
    if new_rows:
        mark_scoped_persons(db)
    renamed = [gid for _, gid, ch in plan if gid is not None and "name" in ch]
    if renamed:
        mark_team_members(db, [t.id for t in repo.load_teams(db) if t.group_id in renamed])
    results = []
    for rec, gid, ch in plan:
        if gid is None:
            results.append(RowResult(rec.line, "created", next(new_ids)))
        else:
            results.append(RowResult(rec.line, "updated" if ch else "unchanged", gid))
    return results
