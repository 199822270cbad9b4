"""Collect every violation of a request, then answer one 400 naming each field (or row) and rule.

Every area validates this way, so a client sees all that is wrong with a body at once."""

from __future__ import annotations

from ..errors import BadRequest


class Violations:
    """Violations of one request: `add(field, reason)` each, then `raise_if_any()`."""

    def __init__(self, subject: str):
        self.subject = subject
        self.items: list[dict[str, str]] = []

    def add(self, field: str, reason: str) -> None:
        self.items.append({"field": field, "reason": reason})

    def has(self, prefix: str) -> bool:
        return any(i["field"] == prefix or i["field"].startswith(prefix + ".") or i["field"].startswith(prefix + "[")
                   for i in self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        first = self.items[0]
        more = f" (and {len(self.items) - 1} more)" if len(self.items) > 1 else ""
        raise BadRequest(f"Invalid {self.subject}: {first['field']} {first['reason']}{more}", errors=self.items)


def fail(subject: str, field: str, reason: str) -> BadRequest:
    """A single-violation 400, to raise."""
    return BadRequest(f"Invalid {subject}: {field} {reason}", errors=[{"field": field, "reason": reason}])
