"""The reference's `*` and `?` wildcards as SQL: GLOB on SQLite (case-sensitive, uses the index),
LIKE on PostgreSQL (with the pattern operator class index)."""

from __future__ import annotations

from sqlalchemy import func


def has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value


def _like(value: str) -> str:
    out = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return out.replace("*", "%").replace("?", "_")


def matches(column, value: str, sqlite: bool):
    """column matches value, where `*` is any run of characters and `?` one character."""
    if not has_wildcard(value):
        return column == value
    if sqlite:
        return column.op("GLOB")(value.replace("[", "[[]"))
    return column.like(_like(value), escape="\\")


def matches_folded(column, value: str):
    """Case-insensitive wildcard match (names)."""
    if not has_wildcard(value):
        return func.lower(column) == value.lower()
    return func.lower(column).like(_like(value.lower()), escape="\\")


def literal_prefix(value: str) -> str:
    """The characters before the first wildcard."""
    cut = min((i for i in (value.find("*"), value.find("?")) if i >= 0), default=len(value))
    return value[:cut]
