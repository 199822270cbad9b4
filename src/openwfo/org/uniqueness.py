"""What a unique-index violation of the organization's tables means, in the caller's words.

The services check names and logins (ignoring case) before writing, for a clear 409; when two
requests pass that check together, the store's unique indexes (models/org.py) refuse the second
write and the IntegrityError handler asks here for the message: a 409 that names what is taken,
never a 500 or a vague conflict.
"""

from __future__ import annotations

# (what the store's message names: an index, or SQLite's "table.column" list), message, field
_KNOWN = (
    (("uq_org_person_email_ci", "uq_org_person_tenant_id_email", "org_person.email"),
     "A person with this email already exists (emails are unique ignoring case)", "email"),
    (("uq_org_person_ad_login_ci",), "A person with this adLogin already exists (adLogins are unique ignoring case)",
     "adLogin"),
    (("uq_org_group_name_ci",), "A group with this name already exists (names are unique ignoring case)", "name"),
    (("uq_org_team_name_ci",), "A team with this name already exists (names are unique ignoring case)", "name"),
    (("uq_org_role_name_ci", "uq_org_role_tenant_id_name", "org_role.name"),
     "A role with this name already exists (names are unique ignoring case)", "name"),
    (("uq_wfm_view_name_ci", "uq_wfm_view_tenant_id_name", "wfm_view.name"),
     "A view with this name already exists (names are unique ignoring case)", "name"),
    (("uq_tenant_name_ci", "uq_tenant_name", "tenant.name"),
     "A tenant with this name already exists (names are unique ignoring case)", "name"),
)


def explain(error: Exception) -> tuple[str, list[dict] | None] | None:
    """(message, errors) for a violation of one of the organization's unique indexes, else None."""
    text = str(getattr(error, "orig", None) or error)
    for needles, message, field in _KNOWN:
        if any(n in text for n in needles):
            return message, [{"field": field, "reason": "already exists"}]
    return None
