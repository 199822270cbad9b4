"""Export API: the caller's visible groups, teams or persons as CSV, headers in the caller's language.

What it writes is what the imports read: dates as M/D/YYYY, 12/31/2999 for "active", TRUE/FALSE,
semicolon lists, and names (or the id, where a name is shared) for teams, groups, roles and views.
"""

from __future__ import annotations

from sqlalchemy import and_
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...kit import csv as kit_csv
from ...models import Person
from ...org.scope import visible_group_ids, visible_person_filter, visible_team_ids
from .. import repository as repo
from ..context import Names
from ..fields import FIELDS, PERSON_BASIC_KEYS
from ..values import ACTIVE_DATE, Days, format_bool, format_date


def _header(import_type: str, keys, locale: str) -> list[str]:
    by_key = {f.key: f for f in FIELDS[import_type]}
    return [by_key[k].label(locale) for k in keys]


def _deactivated(days: Days, ms: int | None) -> str:
    return format_date(ACTIVE_DATE if ms is None else days.day(ms))


def export_groups(db: Session, principal: Principal) -> str:
    days = Days(repo.tenant_time_zone(db))
    visible = visible_group_ids(db, principal)
    rows = [(g.id, g.name, format_date(days.day(g.activated_date)), _deactivated(days, g.deactivated_date))
            for g in repo.load_groups(db) if not g.is_root and (visible is None or g.id in visible)]
    return kit_csv.write(_header("groups", [f.key for f in FIELDS["groups"]], principal.locale), rows)


def export_teams(db: Session, principal: Principal) -> str:
    days = Days(repo.tenant_time_zone(db))
    visible = visible_team_ids(db, principal)
    groups = Names("group", ((g.id, g.name) for g in repo.load_groups(db)))
    rows = [(t.id, t.name, format_date(days.day(t.activated_date)), _deactivated(days, t.deactivated_date),
             groups.label(t.group_id), format_bool(t.productivity_compilation))
            for t in repo.load_teams(db) if visible is None or t.id in visible]
    return kit_csv.write(_header("teams", [f.key for f in FIELDS["teams"]], principal.locale), rows)


def export_persons(db: Session, principal: Principal, acd_id: str | None = None, basic_info: bool = False) -> str:
    where = visible_person_filter(db, principal)
    if acd_id:
        where = Person.acd_id == acd_id if where is None else and_(where, Person.acd_id == acd_id)
    persons = repo.load_persons(db, where)
    if basic_info:
        rows = [(p.id, p.first_name, p.last_name, p.employee_id) for p in persons]
        return kit_csv.write(_header("persons", PERSON_BASIC_KEYS, principal.locale), rows)

    days = Days(repo.tenant_time_zone(db))
    links = repo.load_person_links(db, where)
    teams = Names("team", ((t.id, t.name) for t in repo.load_teams(db)))
    groups = Names("group", ((g.id, g.name) for g in repo.load_groups(db)))
    roles = Names("role", ((r.id, r.name) for r in repo.load_roles(db)))
    views = Names("view", ((v.id, v.name) for v in repo.load_views(db)))
    visible_groups = visible_group_ids(db, principal)
    visible_teams = visible_team_ids(db, principal)

    def names(index: Names, ids, visible=None) -> str:
        return ";".join(index.label(i, in_list=True) for i in ids if visible is None or i in visible)

    def day(ms) -> str:
        return format_date(days.day(ms))

    rows = []
    for p in persons:
        if p.deactivated:
            deactivated = day(p.deactivated_date)
        else:
            deactivated = format_date(ACTIVE_DATE)
        rows.append((
            p.id, p.email, p.first_name, p.last_name, p.time_zone, p.ad_login, teams.label(p.team_id),
            day(p.activated_date), deactivated, f"{p.lang}_{p.country}" if p.country else p.lang,
            names(roles, links["roles"].get(p.id, ())),
            names(groups, links["scope_groups"].get(p.id, ()), visible_groups),
            names(teams, links["scope_teams"].get(p.id, ()), visible_teams),
            format_bool(p.enabled_for_scheduling), names(views, links["views"].get(p.id, ())),
            views.label(links["main_view"].get(p.id)),
            day(p.company_start_date), day(p.termination_date), day(p.department_start_date),
            p.employee_id, p.rank, ";".join(str(v) for v in p.qm_views or ()), format_bool(p.is_reconcile_only),
            format_bool(p.scope_all), p.acd_id, p.acd_server_id,
        ))
    return kit_csv.write(_header("persons", [f.key for f in FIELDS["persons"]], principal.locale), rows)


def export(db: Session, principal: Principal, import_type: str, acd_id: str | None, basic_info: bool) -> str:
    if import_type == "groups":
        return export_groups(db, principal)
    if import_type == "teams":
        return export_teams(db, principal)
    return export_persons(db, principal, acd_id, basic_info)
