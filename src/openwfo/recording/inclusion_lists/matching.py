"""Whether a call is recorded, by the tenant's inclusion and exclusion lists.

Patterns hold digits and two wildcards — `?` one digit, `*` any number of digits — and may start
with `+` (a country code: `+44` means every UK number). A rule without a pattern matches every
number, so a rule can stand for a call direction alone. Exclusions win over inclusions; when any
inclusion rule exists, a call must match one of them to be recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INCLUSION, EXCLUSION = 1, 2
ANI, DNIS, EXTENSION, PHONE_NUMBER, ANY = 1, 2, 3, 4, 5
INBOUND, OUTBOUND, EITHER = 1, 2, 3
PATTERN_RE = re.compile(r"^\+?[0-9?*]*$")
PATTERN_TYPE_NAMES = {ANI: "ANI", DNIS: "DNIS", EXTENSION: "extension", PHONE_NUMBER: "phone number", ANY: "any number"}
_STRIP = str.maketrans("", "", " -().\t")


def normalize_number(value: str | None) -> str | None:
    if not value:
        return None
    n = value.translate(_STRIP)
    if n.startswith("00"):
        n = "+" + n[2:]
    return n


def compile_pattern(pattern: str | None) -> re.Pattern | None:
    if not pattern:
        return None
    body = "".join(r"\d" if ch == "?" else r"\d*" if ch == "*" else re.escape(ch) for ch in pattern)
    if pattern.startswith("+") and "*" not in pattern and "?" not in pattern:
        body += r"\d*"  # a bare country code covers every number in it
    return re.compile(body)


@dataclass
class Rule:
    id: int
    list_type: int
    pattern_type: int
    pattern: str | None
    direction: int
    regex: re.Pattern | None

    @classmethod
    def of(cls, row) -> Rule:
        return cls(row.id, row.list_type, row.pattern_type or ANY, row.pattern, row.direction or EITHER,
                   compile_pattern(row.pattern))

    def describe(self) -> str:
        what = PATTERN_TYPE_NAMES.get(self.pattern_type, "number")
        direction = {INBOUND: "inbound", OUTBOUND: "outbound"}.get(self.direction, "")
        text = f"{what} {self.pattern}" if self.pattern else f"any {what}"
        return f"{text} {direction}".strip()

    def matches(self, ani: str | None, dnis: str | None, line: str | None, direction: int | None) -> bool:
        if self.direction == INBOUND and direction != 1:
            return False
        if self.direction == OUTBOUND and direction != 0:
            return False
        if self.regex is None:
            return True
        if self.pattern_type == ANI:
            numbers = (ani,)
        elif self.pattern_type == DNIS:
            numbers = (dnis,)
        elif self.pattern_type == EXTENSION:
            numbers = (line,)
        elif self.pattern_type == PHONE_NUMBER:
            numbers = (ani, dnis)
        else:
            numbers = (ani, dnis, line)
        return any(n is not None and self.regex.fullmatch(n) for n in map(normalize_number, numbers))


class RecordingRules:
    """The tenant's lists, compiled once per import."""

    def __init__(self, rows):
        rules = [Rule.of(r) for r in rows]
        self.exclusions = [r for r in rules if r.list_type == EXCLUSION]
        self.inclusions = [r for r in rules if r.list_type == INCLUSION]

    def decide(self, ani, dnis, line, direction) -> tuple[bool, str | None]:
        """(recorded, why not)."""
        for rule in self.exclusions:
            if rule.matches(ani, dnis, line, direction):
                return False, f"excluded by exclusion list {rule.id} ({rule.describe()})"
        if self.inclusions and not any(r.matches(ani, dnis, line, direction) for r in self.inclusions):
            return False, "not on any inclusion list"
        return True, None
