"""Collect every violation of a request, then answer one error naming each field (or row) and rule.

Every area validates this way, so a client sees all that is wrong with a body at once.

`add(field, reason)` records a malformed field (400). Rules that answer another status keep it:
`collect(error)` (or `attempt(fn, ...)`, or `with v.check():`) records a raised `BadRequest`,
`NotFound` or `Conflict` with its own message and `errors`. At the end `raise_if_any()` raises one
error listing every violation in order; its status is the first of 400, 404, 409 present (a
malformed body before a missing reference before a conflict with stored data), its message that
of the first violation of that status plus "(and N more)". A single violation therefore answers
exactly what the rule alone would. A refusal of the caller (`Forbidden`) is never collected: it
propagates at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from ..errors import AppError, BadRequest, Conflict, NotFound

T = TypeVar("T")

# Statuses a violation may carry, in the order one is chosen for the answer.
_KINDS: tuple[type[AppError], ...] = (BadRequest, NotFound, Conflict)


class Violations:
    """Violations of one request: `add(field, reason)` / `collect(error)` each, then `raise_if_any()`."""

    def __init__(self, subject: str):
        self.subject = subject
        self.items: list[dict[str, str]] = []
        # (kind, message) per violation, in the order they were found.
        self._found: list[tuple[type[AppError], str]] = []

    def add(self, field: str, reason: str) -> None:
        self.items.append({"field": field, "reason": reason})
        self._found.append((BadRequest, f"Invalid {self.subject}: {field} {reason}"))

    def collect(self, error: AppError, field: str | None = None) -> None:
        """Record a raised 400, 404 or 409 (its message and errors kept); anything else is re-raised."""
        kind = next((k for k in _KINDS if isinstance(error, k)), None)
        if kind is None:
            raise error
        if error.errors:
            self.items.extend(error.errors)
        else:
            self.items.append({"field": field, "reason": error.message} if field else {"reason": error.message})
        self._found.append((kind, error.message))

    def attempt(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """fn(*args, **kwargs), or None with its 400/404/409 recorded."""
        try:
            return fn(*args, **kwargs)
        except (BadRequest, NotFound, Conflict) as e:
            self.collect(e)
            return None

    @contextmanager
    def check(self, field: str | None = None) -> Iterator[None]:
        """A block whose 400/404/409 is recorded (the rest of the block is skipped)."""
        try:
            yield
        except (BadRequest, NotFound, Conflict) as e:
            self.collect(e, field)

    def has(self, prefix: str) -> bool:
        return any((i.get("field") or "") == prefix or (i.get("field") or "").startswith(prefix + ".")
                   or (i.get("field") or "").startswith(prefix + "[")
                   for i in self.items)

    def any(self) -> bool:
        return bool(self._found)

    def raise_if_any(self) -> None:
        if not self._found:
            return
        kind = next(k for k in _KINDS if any(f[0] is k for f in self._found))
        message = next(m for k, m in self._found if k is kind)
        more = f" (and {len(self._found) - 1} more)" if len(self._found) > 1 else ""
        raise kind(f"{message}{more}", errors=self.items)


def fail(subject: str, field: str, reason: str) -> BadRequest:
    """A single-violation 400, to raise."""
    return BadRequest(f"Invalid {subject}: {field} {reason}", errors=[{"field": field, "reason": reason}])
