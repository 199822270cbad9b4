"""The permission catalogue: every permission the reference names, with a stable numeric id.

Ids never change once published (roles store them); new permissions take the next free id.
`name` is the reference's spelling and is what the session JSON's `permissions` list carries.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    id: int
    name: str
    area: str


CATALOGUE: tuple[Permission, ...] = (
    Permission(3, "ViewOrg", "org"),
    Permission(4, "UpdateOrg", "org"),
    Permission(5, "LiveScreenMonitoring", "qm"),
    Permission(6, "AdministerPasswordPolicy", "tenant"),
    Permission(7, "Search Contacts", "qm"),
    Permission(8, "Edit Schedules", "wfm"),
    Permission(9, "View Schedules", "wfm"),
    Permission(10, "Plan Schedules", "wfm"),
    Permission(11, "Administer WFM", "wfm"),
    Permission(12, "WFM App Management", "wfm"),
    Permission(13, "Service User", "tenant"),
    Permission(14, "Bulk Import", "tenant"),
    Permission(15, "Administer Tenant", "tenant"),
    Permission(16, "Administer Tenant IT", "tenant"),
    Permission(17, "Administer QM", "qm"),
    Permission(18, "Administer QM Surveys", "qm"),
    Permission(19, "View Survey Results", "qm"),
    Permission(20, "QM Survey Reports", "qm"),
    Permission(21, "Record Voice", "qm"),
    Permission(22, "Record Screen", "qm"),
    Permission(23, "Recording Controls", "qm"),
    Permission(24, "Export Recordings", "qm"),
    Permission(25, "Admin Desktop Analytics", "analytics"),
    Permission(26, "Admin Audio Analytics", "analytics"),
    Permission(27, "Admin LVCSR Analytics", "analytics"),
    Permission(28, "Admin Text Analytics", "analytics"),
    Permission(29, "View Audio Analytics", "analytics"),
    Permission(30, "Administer Speech to Text Analytics", "analytics"),
    Permission(31, "ReportAuthoring", "reports"),
    Permission(32, "Administer Messaging", "wfm"),
    Permission(33, "Update messaging requests", "wfm"),
    Permission(34, "Evaluate Contacts", "qm"),
    Permission(35, "Approve Evaluations", "qm"),
    Permission(36, "View Reports", "reports"),
)

BY_ID: dict[int, Permission] = {p.id: p for p in CATALOGUE}
BY_NAME: dict[str, Permission] = {p.name: p for p in CATALOGUE}
_BY_FOLDED: dict[str, Permission] = {p.name.replace(" ", "").lower(): p for p in CATALOGUE}
ALL_IDS: frozenset[int] = frozenset(BY_ID)


def lookup(name_or_id: str | int) -> Permission | None:
    """Find a permission by id, exact name, or name ignoring case and spaces ("planschedules")."""
    if isinstance(name_or_id, int) or (isinstance(name_or_id, str) and name_or_id.isdecimal()):
        return BY_ID.get(int(name_or_id))
    return BY_NAME.get(name_or_id) or _BY_FOLDED.get(str(name_or_id).replace(" ", "").lower())


def ids_of(*names: str) -> frozenset[int]:
    """Ids of the named permissions; an unknown name is a programming error."""
    return frozenset(BY_NAME[n].id for n in names)


# Default roles created with every tenant.
SYSTEM_ADMINISTRATOR = "System Administrator"
SUPERVISOR = "Supervisor"
AGENT = "Agent"

SUPERVISOR_PERMISSIONS = ids_of(
    "ViewOrg",
    "Search Contacts",
    "Edit Schedules",
    "View Schedules",
    "Plan Schedules",
    "LiveScreenMonitoring",
    "View Survey Results",
    "QM Survey Reports",
    "Export Recordings",
    "View Audio Analytics",
    "Evaluate Contacts",
    "Approve Evaluations",
    "View Reports",
    "Update messaging requests",
)
AGENT_PERMISSIONS = ids_of("View Schedules", "Record Voice", "Record Screen", "Recording Controls")
