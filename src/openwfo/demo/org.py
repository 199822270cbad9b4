"""The demo organization: three groups in two countries, eight teams, about eighty people —
agents on every team, a supervisor per group (scoped to it) and two administrators."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..auth.passwords import hash_password
from ..kit.clock import now_ms
from ..models import Group, Person, PersonView, Team, Tenant
from ..org.provision import builtin_role, default_view

PASSWORD = "demo-password"  # the demo's one password (see demo/__init__.py)
DOMAIN = "demo.openwfo.test"
DAY_MS = 86_400_000

# group -> (time zone, teams)
STRUCTURE = {
    "Customer Care": ("America/Chicago", ["Billing", "Retention", "General Enquiries"]),
    "Sales": ("America/New_York", ["Inbound Sales", "Outbound Sales", "Partner Sales"]),
    "Technical Support": ("Europe/London", ["Tier 1 Support", "Tier 2 Support"]),
}
AGENTS_PER_TEAM = 9

FIRST = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "Lucas", "Mia",
         "Mateo", "Amelia", "Ethan", "Harper", "Aiden", "Evelyn", "Logan", "Abigail", "Jackson", "Priya",
         "Kenji", "Fatima", "Oscar", "Ingrid", "Diego", "Chloe", "Samuel", "Nora", "Tomas", "Leah", "Omar",
         "Grace", "Marco", "Hannah", "Rahul", "Zoe", "Felix", "Aisha", "Victor"]
LAST = ["Johnson", "Garcia", "Martinez", "Brown", "Davis", "Rodriguez", "Wilson", "Anderson", "Thomas",
        "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker",
        "Hall", "Young", "Allen", "King", "Wright", "Scott", "Nguyen", "Hill", "Adams", "Baker", "Nelson",
        "Carter", "Mitchell", "Patel", "Roberts", "Turner", "Phillips", "Campbell", "Evans", "Edwards",
        "Collins", "Murphy", "Okafor", "Kowalski", "Lindqvist", "Haddad", "Tanaka", "Schmidt", "O'Brien"]

SUPERVISORS = {
    "Customer Care": ("Rosa", "Delgado"),
    "Sales": ("Marcus", "Bennett"),
    "Technical Support": ("Siobhan", "Clarke"),
}
ADMINISTRATORS = [("Helen", "Park"), ("David", "Osei")]


def _email(first: str, last: str) -> str:
    return f"{first}.{last}".lower().replace("'", "") + f"@{DOMAIN}"


def _names():
    """An endless run of distinct (first, last) pairs, the same on every run."""
    i = 0
    while True:
        yield FIRST[i % len(FIRST)], LAST[(i * 7 + i // len(FIRST)) % len(LAST)]
        i += 1


def seed(db: Session, tenant: Tenant) -> None:
    now = now_ms()
    root = db.scalars(select(Group).where(Group.is_root.is_(True))).first()
    view = default_view(db)
    password_hash = hash_password(PASSWORD)  # once: argon2 is slow by design
    roles = {r: builtin_role(db, r) for r in ("agent", "supervisor", "system_administrator")}
    existing = set(db.scalars(select(Person.email)))

    def person(first, last, team, tz, role, **fields) -> Person | None:
        email = _email(first, last)
        if email in existing:
            return None
        existing.add(email)
        p = Person(email=email, first_name=first, last_name=last, team_id=team.id, time_zone=tz,
                   activated_date=now - 400 * DAY_MS, password_hash=password_hash, **fields)
        p.roles = [roles[role]]
        p.views = [PersonView(view=view, main=True)]
        db.add(p)
        return p

    names = _names()
    acd = 4100
    for group_name, (tz, team_names) in STRUCTURE.items():
        group = db.scalars(select(Group).where(Group.name == group_name)).first()
        if group is None:
            group = Group(name=group_name, parent_id=root.id, activated_date=now - 500 * DAY_MS)
            db.add(group)
            db.flush()
        teams = []
        for team_name in team_names:
            team = db.scalars(select(Team).where(Team.name == team_name)).first()
            if team is None:
                team = Team(name=team_name, group_id=group.id, activated_date=now - 500 * DAY_MS)
                db.add(team)
                db.flush()
            teams.append(team)
        for team in teams:
            for n in range(AGENTS_PER_TEAM):
                first, last = next(names)
                acd += 1
                person(first, last, team, tz, "agent", acd_id=str(acd), acd_server_id=1,
                       display_id=f"{first} {last}", enabled_for_scheduling=True,
                       employee_id=f"E{acd}", rank=1 + n % 3,
                       company_start_date=_midnight(now - (200 + 37 * n) * DAY_MS),
                       department_start_date=_midnight(now - (120 + 29 * n) * DAY_MS))
        first, last = SUPERVISORS[group_name]
        sup = person(first, last, teams[0], tz, "supervisor")
        if sup is not None:
            sup.scope_groups = [group]
    admin_team = db.scalars(select(Team).where(Team.is_default.is_(True))).first()
    for first, last in ADMINISTRATORS:
        person(first, last, admin_team, tenant.time_zone, "system_administrator", scope_all=True)
    db.flush()


def _midnight(ms: int) -> int:
    return ms - ms % DAY_MS
