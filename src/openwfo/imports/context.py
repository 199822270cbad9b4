"""What every import and export needs: the caller, the tenant's calendar, and name lookups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..auth.principal import Principal
from . import repository as repo
from .reading import RowErrors
from .values import Days


def fold(name: str) -> str:
    return " ".join((name or "").split()).lower()


@dataclass
class RowResult:
    line: int
    status: str  # created | updated | unchanged
    id: int


@dataclass
class ImportContext:
    db: Session
    principal: Principal
    errors: RowErrors
    days: Days
    now_ms: int

    @classmethod
    def open(cls, db: Session, principal: Principal, now_ms: int) -> ImportContext:
        return cls(db, principal, RowErrors(), Days(repo.tenant_time_zone(db)), now_ms)


class Names:
    """Ids by name (any case) of groups, teams, roles or views; a bare number also names an id."""

    def __init__(self, noun: str, items: Iterable[tuple[int, str]]):
        self.noun = noun
        self.by_id: dict[int, str] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for i, name in items:
            self.by_id[i] = name
            self.by_name[fold(name)].append(i)

    def resolve(self, value: str) -> tuple[int | None, str | None]:
        """(id, None) or (None, reason)."""
        ids = self.by_name.get(fold(value))
        if ids and len(ids) == 1:
            return ids[0], None
        if ids:
            return None, f"More than one {self.noun} is named '{value}'; give its id"
        if value.isdecimal() and int(value) in self.by_id:
            return int(value), None
        return None, f"{self.noun.capitalize()} '{value}' does not exist"

    def resolve_all(self, values: list[str]) -> tuple[list[int], list[str]]:
        ids, problems = [], []
        for v in values:
            i, why = self.resolve(v)
            if why:
                problems.append(why)
            elif i not in ids:
                ids.append(i)
        return ids, problems

    def label(self, i: int | None, in_list: bool = False) -> str:
        """How an export names it: the name, or the id where the name is shared (or, in a
        semicolon-separated list, where the name itself holds a semicolon)."""
        if i is None or i not in self.by_id:
            return ""
        name = self.by_id[i]
        if in_list and ";" in name:
            return str(i)
        return name if len(self.by_name[fold(name)]) == 1 else str(i)
