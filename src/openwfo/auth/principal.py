"""The caller of a request: who, in which tenant, with which permissions and scope."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Principal:
    session_id: str
    tenant_id: int
    person_id: int
    permission_ids: frozenset[int]
    scope_all: bool
    scope_group_ids: frozenset[int] = field(default_factory=frozenset)
    scope_team_ids: frozenset[int] = field(default_factory=frozenset)
    locale: str = "en"
    payload: dict = field(default_factory=dict, compare=False, hash=False)

    def has(self, permission_id: int) -> bool:
        return permission_id in self.permission_ids

    @classmethod
    def from_session(cls, session_id: str, tenant_id: int, person_id: int, payload: dict) -> Principal:
        auth = payload.get("_auth", {})
        return cls(
            session_id=session_id,
            tenant_id=tenant_id,
            person_id=person_id,
            permission_ids=frozenset(auth.get("permissionIds", ())),
            scope_all=bool(auth.get("scopeAll")),
            scope_group_ids=frozenset(auth.get("scopeGroupIds", ())),
            scope_team_ids=frozenset(auth.get("scopeTeamIds", ())),
            locale=payload.get("lang") or "en",
            payload=payload,
        )
