"""Importing persons: matched on personId, email, adLogin or acdId; inserted or updated, never deleted.

Rules (the reference's, with the gaps filled):
- An empty cell keeps what is stored (a new person gets the default); an identifier (email,
  adLogin, acdId) is never blanked.
- personId 0 (or empty) matches on the identifiers, or creates; a known personId updates that
  person, and its identifiers may not belong to someone else.
- A new person needs email, firstName and lastName and gets the default team, the tenant's time
  zone, locale en, today's activation, the default agent role and the default view.
- deactivated 12/31/2999 reactivates; a past date (or today) deactivates as of that day; a future
  one is refused (as the Person API, a person is either active or deactivated since a day).
- roles, scopegroups, scopeteams, views, qmViews are semicolon lists that replace the stored ones;
  mainView must be (or becomes) one of the views.
- The caller manages what they see: teams, scope groups and scope teams outside their scope
  cannot be given (and those a person already has stay as they are); roles carrying permissions
  the caller does not hold cannot be given (a new person's default role included); only a caller
  with tenant-wide scope changes scopetenant (org/guard.py).
- A file that would leave the tenant without an active administrator with tenant-wide scope is
  refused as a whole (409), as the Person API refuses such a change.
- enableScheduling needs acdId and acdServerId.
Everything is checked (all rows, against the stored data and each other) before anything is
written; then the whole file is applied with batched statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..auth.deps import mark_person_changed
from ..kit.timezones import resolve as resolve_time_zone
from ..models import Person, PersonRole, PersonScopeGroup, PersonScopeTeam, PersonView
from ..org.guard import ensure_administrator_remains, not_held
from ..org.guard import names as permission_names
from ..org.scope import visible_group_ids, visible_person_filter, visible_team_ids
from ..scheduling.live_view.changes import MEMBERSHIP_COLUMNS, membership_changed
from . import repository as repo
from .context import ImportContext, Names, RowResult
from .reading import Record
from .values import ACTIVE_DATE

EMAIL = re.compile(r"[^@\s,;]+@[^@\s,;]+")
LOCALE = re.compile(r"([A-Za-z]{2,3})(?:[_-]([A-Za-z]{2}))?")
MAX_INT32 = 2**31 - 1
# The reference's limits, for new and changed values (longer ones stored through the Person API stay).
LIMITS = {"email": ("email", 254), "firstName": ("first_name", 50), "lastName": ("last_name", 50),
          "adLogin": ("ad_login", 50), "acdId": ("acd_id", 200), "employeeId": ("employee_id", 200)}
DATE_COLUMNS = {"companyStartDate": "company_start_date", "companyEndDate": "termination_date",
                "departmentStartDate": "department_start_date"}
PLAIN_COLUMNS = {"firstName": "first_name", "lastName": "last_name", "enableScheduling": "enabled_for_scheduling",
                 "employeeId": "employee_id", "rank": "rank", "isReconcileOnly": "is_reconcile_only",
                 "acdServerId": "acd_server_id"}
# Changes that alter what a live session of the person says or may do.
SESSION_COLUMNS = {"email", "first_name", "last_name", "team_id", "time_zone", "lang", "country", "deactivated",
                   "deactivated_date", "activated_date", "scope_all"}
SESSION_LINKS = {"roles", "scope_groups", "scope_teams"}
# Changes that can take Administer Tenant with tenant-wide scope from a person (with "roles" links).
ADMINISTRATION_COLUMNS = {"scope_all", "deactivated"}


@dataclass(eq=False)
class Plan:
    rec: Record
    person_id: int | None  # None until a new person is inserted
    is_new: bool
    columns: dict = field(default_factory=dict)  # changed (or, for a new person, all) columns
    links: dict = field(default_factory=dict)  # "roles" / "scope_groups" / "scope_teams": ids; "views": (ids, main)


class PersonImport:
    def __init__(self, ctx: ImportContext):
        self.ctx = ctx
        db, principal = ctx.db, ctx.principal
        self.persons = {p.id: p for p in repo.load_persons(db)}
        self.links = repo.load_person_links(db)
        self.by_email: dict[str, list[int]] = {}
        self.by_ad: dict[str, list[int]] = {}
        self.by_acd: dict[str, list[int]] = {}
        for p in self.persons.values():
            self.by_email.setdefault(p.email.lower(), []).append(p.id)
            if p.ad_login:
                self.by_ad.setdefault(p.ad_login.lower(), []).append(p.id)
            if p.acd_id:
                self.by_acd.setdefault(p.acd_id, []).append(p.id)
        where = visible_person_filter(db, principal)
        self.visible_persons = None if where is None else {p.id for p in repo.load_persons(db, where)}
        self.visible_teams = visible_team_ids(db, principal)
        self.visible_groups = visible_group_ids(db, principal)
        teams = repo.load_teams(db)
        self.teams = Names("team", ((t.id, t.name) for t in teams))
        self.groups = Names("group", ((g.id, g.name) for g in repo.load_groups(db)))
        roles = repo.load_roles(db)
        self.roles = Names("role", ((r.id, r.name) for r in roles))
        self.role_permissions = {r.id: set(r.permission_ids or ()) for r in roles}
        agent = [r.id for r in roles if r.is_default_agent] or [r.id for r in roles if r.builtin == "agent"]
        self.default_roles = agent[:1]
        views = repo.load_views(db)
        self.views = Names("view", ((v.id, v.name) for v in views))
        self.default_view = next((v.id for v in views if v.is_default), views[0].id if views else None)
        self.default_team = next((t.id for t in teams if t.is_default), teams[0].id if teams else None)
        self.tenant_zone = repo.tenant_time_zone(db)

    # --- checking -------------------------------------------------------------------------
    def error(self, rec: Record, key: str | None, reason: str) -> None:
        self.ctx.errors.add(rec.line, rec.column(key) if key else None, reason)

    def person_visible(self, pid: int) -> bool:
        return self.visible_persons is None or pid in self.visible_persons

    def check_values(self, rec: Record) -> dict | None:
        """Field-level checks; the converted values (time zone, locale, ids) or None."""
        v, out, ok = rec.values, {}, True
        if "email" in v and not EMAIL.fullmatch(v["email"]):
            self.error(rec, "email", f"'{v['email']}' is not an email address")
            ok = False
        # A rank may be negative, as the Person API allows (an exported negative rank imports back).
        for key, low in (("rank", -MAX_INT32 - 1), ("acdServerId", 0)):
            if key in v and not low <= v[key] <= MAX_INT32:
                self.error(rec, key, f"{v[key]} is out of range")
                ok = False
        if "personId" in v and v["personId"] < 0:
            self.error(rec, "personId", "The personId must be 0 for a new person or the id of an existing person")
            ok = False
        gone = v.get("deactivated")
        if gone is not None and gone != ACTIVE_DATE and self.ctx.days.ms(gone) > self.ctx.now_ms:
            self.error(rec, "deactivated", "The deactivation date is in the future (12/31/2999 reactivates)")
            ok = False
        if "timeZone" in v:
            out["time_zone"] = resolve_time_zone(v["timeZone"])
            if out["time_zone"] is None:
                self.error(rec, "timeZone", f"Unknown time zone '{v['timeZone']}'")
                ok = False
        if "locale" in v:
            m = LOCALE.fullmatch(v["locale"])
            if not m:
                self.error(rec, "locale", f"'{v['locale']}' is not a locale (like en or en_US)")
                ok = False
            else:
                out["lang"], out["country"] = m[1].lower(), (m[2] or "").upper()
        for key, names in (("memberGroup", self.teams), ("mainView", self.views)):
            if key in v:
                out[key], why = names.resolve(v[key])
                if why:
                    self.error(rec, key, why)
                    ok = False
        for key, names in (("roles", self.roles), ("scopegroups", self.groups), ("scopeteams", self.teams),
                           ("views", self.views)):
            if key in v:
                out[key], problems = names.resolve_all(v[key])
                for why in problems:
                    self.error(rec, key, why)
                ok = ok and not problems
        return out if ok else None

    def check_lengths(self, rec: Record, pid: int | None) -> bool:
        ok = True
        for key, (col, limit) in LIMITS.items():
            value = rec.values.get(key)
            if value is not None and len(value) > limit and (pid is None or value != getattr(self.persons[pid], col)):
                self.error(rec, key, f"Longer than {limit} characters")
                ok = False
        return ok

    def match(self, rec: Record) -> tuple[bool, int | None]:
        """(ok, the existing person the row is about or None for a new one)."""
        v = rec.values
        found: dict[int, str] = {}
        server = v.get("acdServerId")
        for key, index, value in (("email", self.by_email, v.get("email", "").lower()),
                                  ("adLogin", self.by_ad, v.get("adLogin", "").lower()),
                                  ("acdId", self.by_acd, v.get("acdId", ""))):
            for pid in index.get(value, ()) if value else ():
                # An ACD id is unique per ACD server: with a server given, the same id on another one is someone else.
                if key == "acdId" and server is not None and self.persons[pid].acd_server_id not in (None, server):
                    continue
                found.setdefault(pid, key)
        pid = v.get("personId", 0)
        if pid:
            if pid not in self.persons or not self.person_visible(pid):
                self.error(rec, "personId", f"Person {pid} does not exist")
                return False, None
            for other, key in found.items():
                if other != pid:
                    self.error(rec, key, f"The {key} '{v[key]}' belongs to another person")
                    return False, None
            return True, pid
        if len(found) > 1:
            keys = sorted(set(found.values()))
            what = " and ".join(f"{k} '{v[k]}'" for k in keys)
            if len(keys) == 1:
                hint = "the personId or acdServerId" if keys == ["acdId"] else "the personId"
                self.error(rec, keys[0], f"More than one person has the {what}; give {hint}")
            else:
                self.error(rec, keys[0], f"The {what} belong to different persons")
            return False, None
        if found:
            (pid, key), = found.items()
            if not self.person_visible(pid):
                self.error(rec, key, f"The {key} '{v[key]}' belongs to a person outside your scope")
                return False, None
            return True, pid
        return True, None

    def check_grants(self, rec: Record, pid: int | None, conv: dict, scope_all) -> bool:
        """What the caller may give: teams and scope in their scope, roles within their permissions."""
        p = self.ctx.principal
        ok = True
        current_team = self.persons[pid].team_id if pid else None
        team = conv.get("memberGroup")
        if team is not None and team != current_team and self.visible_teams is not None \
                and team not in self.visible_teams:
            self.error(rec, "memberGroup", f"Team '{rec.values['memberGroup']}' does not exist")
            ok = False
        if pid is None and team is None and self.visible_teams is not None \
                and self.default_team not in self.visible_teams:
            self.error(rec, "memberGroup", "A new person needs memberGroup: the default team is outside your scope")
            ok = False
        for key, link, visible in (("scopegroups", "scope_groups", self.visible_groups),
                                   ("scopeteams", "scope_teams", self.visible_teams)):
            if key in conv and visible is not None:
                had = set(self.links[link].get(pid, ())) if pid else set()
                for i in set(conv[key]) - had - visible:
                    noun = "Group" if key == "scopegroups" else "Team"
                    self.error(rec, key, f"{noun} '{(self.groups if noun == 'Group' else self.teams).by_id[i]}' does not exist")
                    ok = False
        if "roles" in conv or pid is None:
            # the roles given, or a new person's default role: each within the caller's permissions
            had = set(self.links["roles"].get(pid, ())) if pid else set()
            wanted = conv.get("roles") or ([] if pid else self.default_roles)
            for rid in sorted(set(wanted) - had):
                missing = not_held(p, self.role_permissions[rid])
                if missing:
                    self.error(rec, "roles", f"Role '{self.roles.by_id[rid]}' has permissions you do not hold: "
                                             f"{permission_names(missing)}")
                    ok = False
        current_all = bool(self.persons[pid].scope_all) if pid else False
        if scope_all is not None and scope_all != current_all and not p.scope_all:
            self.error(rec, "scopetenant", "Only a user with tenant-wide scope can change scopetenant")
            ok = False
        return ok

    # --- planning -------------------------------------------------------------------------
    def scope_list(self, pid: int | None, link: str, given: list[int], visible: set[int] | None) -> list[int]:
        """The given ids plus those the person has outside the caller's scope (which stay)."""
        if pid is None or visible is None:
            return given
        return given + [i for i in self.links[link].get(pid, ()) if i not in visible and i not in given]

    def plan_new(self, rec: Record, conv: dict) -> Plan | None:
        v, days, ctx = rec.values, self.ctx.days, self.ctx
        missing = [k for k in ("email", "firstName", "lastName") if k not in v]
        for k in missing:
            self.error(rec, k, f"A new person needs {k}")
        if missing:
            return None
        deactivated = v.get("deactivated")
        cols = {
            "email": v["email"], "first_name": v["firstName"], "last_name": v["lastName"],
            "team_id": conv.get("memberGroup") or self.default_team,
            "time_zone": conv.get("time_zone") or self.tenant_zone,
            "lang": conv.get("lang", "en"), "country": conv.get("country", ""),
            "ad_login": v.get("adLogin"), "acd_id": v.get("acdId"), "acd_server_id": v.get("acdServerId"),
            "activated_date": days.ms(v["activated"]) if "activated" in v else ctx.now_ms,
            "deactivated": deactivated not in (None, ACTIVE_DATE),
            "deactivated_date": None if deactivated in (None, ACTIVE_DATE) else days.ms(deactivated),
            "enabled_for_scheduling": v.get("enableScheduling", False),
            "employee_id": v.get("employeeId"), "rank": v.get("rank"),
            "qm_views": v.get("qmViews", []), "is_reconcile_only": v.get("isReconcileOnly", False),
            "scope_all": v.get("scopetenant", False),
            **{col: days.ms(v[k]) if k in v else None for k, col in DATE_COLUMNS.items()},
        }
        views = conv.get("views") or ([self.default_view] if self.default_view else [])
        main = conv.get("mainView") or (views[0] if views else None)
        if main is not None and main not in views:
            views = [*views, main]
        links = {"roles": conv.get("roles") or self.default_roles, "scope_groups": conv.get("scopegroups", []),
                 "scope_teams": conv.get("scopeteams", []), "views": (views, main)}
        return Plan(rec, None, True, cols, links)

    def plan_update(self, rec: Record, pid: int, conv: dict) -> Plan:
        v, days, cur = rec.values, self.ctx.days, self.persons[pid]
        want: dict = {}
        if "email" in v:
            want["email"] = v["email"]
        for key in ("adLogin", "acdId"):
            if key in v:
                want["ad_login" if key == "adLogin" else "acd_id"] = v[key]
        for key, col in PLAIN_COLUMNS.items():
            if key in v:
                want[col] = v[key]
        for key in ("time_zone", "lang", "country"):
            if key in conv:
                want[key] = conv[key]
        if "memberGroup" in conv:
            want["team_id"] = conv["memberGroup"]
        if "scopetenant" in v:
            want["scope_all"] = v["scopetenant"]
        cols = {c: val for c, val in want.items() if getattr(cur, c) != val}
        if "qmViews" in v and [str(x) for x in cur.qm_views or ()] != v["qmViews"]:
            cols["qm_views"] = v["qmViews"]
        if "activated" in v and days.day(cur.activated_date) != v["activated"]:
            cols["activated_date"] = days.ms(v["activated"])
        deactivated = v.get("deactivated")
        if deactivated == ACTIVE_DATE:
            if cur.deactivated or cur.deactivated_date is not None:
                cols.update(deactivated=False, deactivated_date=None)
        elif deactivated is not None and (not cur.deactivated or days.day(cur.deactivated_date) != deactivated):
            cols.update(deactivated=True, deactivated_date=days.ms(deactivated))
        for key, col in DATE_COLUMNS.items():
            if key in v and days.day(getattr(cur, col)) != v[key]:
                cols[col] = days.ms(v[key])

        links: dict = {}
        for key, link, visible in (("roles", "roles", None), ("scopegroups", "scope_groups", self.visible_groups),
                                   ("scopeteams", "scope_teams", self.visible_teams)):
            if key in conv:
                ids = self.scope_list(pid, link, conv[key], visible)
                if set(ids) != set(self.links[link].get(pid, ())):
                    links[link] = ids
        if "views" in conv or "mainView" in conv:
            had = self.links["views"].get(pid, [])
            had_main = self.links["main_view"].get(pid)
            views = list(conv.get("views") or had)
            main = conv.get("mainView") or (had_main if had_main in views else (views[0] if views else None))
            if main is not None and main not in views:
                views.append(main)
            if set(views) != set(had) or main != had_main:
                links["views"] = (views, main)
        return Plan(rec, pid, False, cols, links)

    def final(self, plan: Plan, col: str):
        if col in plan.columns or plan.is_new:
            return plan.columns.get(col)
        return getattr(self.persons[plan.person_id], col)

    # --- the whole file -------------------------------------------------------------------
    def check(self, records: list[Record]) -> list[Plan]:
        errors = self.ctx.errors
        plans: list[Plan] = []
        seen: dict[object, int] = {}
        for rec in records:
            conv = self.check_values(rec)
            if rec.line in errors.lines:
                continue  # every cell of a bad row is reported, but it goes no further
            if conv is None:
                continue
            ok, pid = self.match(rec)
            if not ok or not self.check_lengths(rec, pid) \
                    or not self.check_grants(rec, pid, conv, rec.values.get("scopetenant")):
                continue
            identity = pid if pid is not None else ("new", rec.values.get("email", "").lower())
            if identity in seen:
                self.error(rec, None, f"The row repeats the person of line {seen[identity]}")
                continue
            seen[identity] = rec.line
            plan = self.plan_new(rec, conv) if pid is None else self.plan_update(rec, pid, conv)
            if plan is None:
                continue
            if self.final(plan, "enabled_for_scheduling") and (
                    not self.final(plan, "acd_id") or self.final(plan, "acd_server_id") is None):
                self.error(rec, "enableScheduling", "A person enabled for scheduling needs acdId and acdServerId")
                continue
            plans.append(plan)
        self.check_identifiers_unique(plans)
        return plans

    def check_identifiers_unique(self, plans: list[Plan]) -> None:
        """No two rows of the file may end up with the same email, adLogin or acdId (on one ACD server)."""
        for col, key, lower in (("email", "email", True), ("ad_login", "adLogin", True), ("acd_id", "acdId", False)):
            owner: dict[object, tuple[object, int]] = {}
            for plan in plans:
                value = self.final(plan, col)
                if not value:
                    continue
                value = value.lower() if lower else (value, self.final(plan, "acd_server_id"))
                identity = ("new", plan.rec.line) if plan.is_new else plan.person_id
                other = owner.get(value)
                if other and other[0] != identity:
                    self.error(plan.rec, key, f"Line {other[1]} gives the same {key} to another person")
                else:
                    owner[value] = (identity, plan.rec.line)

    def apply(self, plans: list[Plan]) -> list[RowResult]:
        db = self.ctx.db
        new = [p for p in plans if p.is_new]
        for plan, pid in zip(new, repo.insert_persons(db, [p.columns for p in new]), strict=True):
            plan.person_id = pid
        repo.update_rows(db, Person, [{"id": p.person_id, **p.columns} for p in plans if not p.is_new and p.columns])
        link_tables = (("roles", PersonRole, "role_id"), ("scope_groups", PersonScopeGroup, "group_id"),
                       ("scope_teams", PersonScopeTeam, "team_id"))
        for link, model, col in link_tables:
            touched = [p for p in plans if link in p.links]
            rows = [{"person_id": p.person_id, col: i} for p in touched for i in p.links[link]]
            repo.replace_links(db, model, [p.person_id for p in touched if not p.is_new], rows)
        touched = [p for p in plans if "views" in p.links]
        rows = [{"person_id": p.person_id, "view_id": vid, "main": vid == p.links["views"][1]}
                for p in touched for vid in p.links["views"][0]]
        repo.replace_links(db, PersonView, [p.person_id for p in touched if not p.is_new], rows)
        if new or touched or any(MEMBERSHIP_COLUMNS & p.columns.keys() for p in plans):
            membership_changed(db)  # bulk SQL: live views hear of it from here, not from the session's flush
        for p in plans:
            if not p.is_new and (SESSION_COLUMNS & p.columns.keys() or SESSION_LINKS & p.links.keys()):
                mark_person_changed(db, p.person_id)
        return [RowResult(p.rec.line, _status(p), p.person_id) for p in plans]


def _status(plan: Plan) -> str:
    if plan.is_new:
        return "created"
    return "updated" if plan.columns or plan.links else "unchanged"


def import_persons(ctx: ImportContext, records: list[Record]) -> list[RowResult] | None:
    """Check every row, then (if all are good) apply them; None when there were errors."""
    job = PersonImport(ctx)
    plans = job.check(records)
    if ctx.errors:
        return None
    results = job.apply(plans)
    if any(not p.is_new and (ADMINISTRATION_COLUMNS & p.columns.keys() or "roles" in p.links) for p in plans):
        ensure_administrator_remains(ctx.db, ctx.principal)
    return results
