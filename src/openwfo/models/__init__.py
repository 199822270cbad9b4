"""Every ORM table, one module per aggregate. Importing this package registers them all on Base.metadata."""

from .base import Base, TenantScoped
from .imports import ImportPreference
from .org import (
    Group,
    Person,
    PersonRole,
    PersonScopeGroup,
    PersonScopeTeam,
    PersonView,
    Role,
    Team,
    Tenant,
    View,
)
from .recording import (
    Contact,
    ContactEvent,
    ContactExport,
    ContactMedia,
    ContactMetadata,
    InclusionExclusionList,
    MetadataField,
    RecordingWorkflow,
)
from .system import AuthSession, Job, LoginFailure

__all__ = [
    "ImportPreference",
    "Contact",
    "ContactEvent",
    "ContactExport",
    "ContactMedia",
    "ContactMetadata",
    "InclusionExclusionList",
    "MetadataField",
    "RecordingWorkflow",
    "AuthSession",
    "Base",
    "Group",
    "Job",
    "LoginFailure",
    "Person",
    "PersonRole",
    "PersonScopeGroup",
    "PersonScopeTeam",
    "PersonView",
    "Role",
    "Team",
    "Tenant",
    "TenantScoped",
    "View",
]
