"""The activity colours a queue or exception may take: a fixed catalogue, the same for every tenant.

Codes are compared case-insensitively (the leading "#" may be left out) and stored in the
catalogue's spelling. The first entry is
ActivityColor.IN_SERVICE_COLOR, every queue's default.
"""

from __future__ import annotations

IN_SERVICE_COLOR = "#7399BD"

# (code, name) — ids are positions + 1 and never change (append only).
CATALOGUE: tuple[tuple[str, str], ...] = (
    ("#7399BD", "In Service"),
    ("#6666FF", "In Service (Multi-Skill)"),
    ("#A3AD00", "Lunch"),
    ("#F2C500", "Break"),
    ("#C0C0C0", "Not Available"),
    ("#808080", "Closed Service"),
    ("#E57E25", "Overtime"),
    ("#9B59B6", "Project"),
    ("#2ECC71", "Available"),
    ("#D35400", "Exception"),
    ("#3498DB", "Blue"),
    ("#1F4E79", "Navy"),
    ("#5DADE2", "Sky"),
    ("#48C9B0", "Turquoise"),
    ("#16A085", "Teal"),
    ("#27AE60", "Green"),
    ("#82E0AA", "Mint"),
    ("#196F3D", "Forest"),
    ("#F4D03F", "Yellow"),
    ("#F39C12", "Orange"),
    ("#E74C3C", "Red"),
    ("#922B21", "Maroon"),
    ("#F1948A", "Salmon"),
    ("#FF69B4", "Pink"),
    ("#C39BD3", "Lavender"),
    ("#6C3483", "Purple"),
    ("#A04000", "Brown"),
    ("#D7BDE2", "Lilac"),
    ("#AAB7B8", "Silver"),
    ("#566573", "Slate"),
    ("#000000", "Black"),
    ("#FFFFFF", "White"),
)

_BY_CODE = {code.upper(): code for code, _ in CATALOGUE}


def canonical(code: str | None) -> str | None:
    """The catalogue's spelling of a colour code, or None when it is not in the catalogue."""
    if not isinstance(code, str):
        return None
    code = code.strip().upper()
    return _BY_CODE.get(code if code.startswith("#") else "#" + code)


def list_colors() -> list[dict]:
    return [{"id": i, "colorCode": code, "name": name} for i, (code, name) in enumerate(CATALOGUE, start=1)]
