"""The time-zone catalogue: IANA zones with stable numeric ids (the Person API sends `"timeZone": 1`).

Ids come from data/timezones.txt (line N is id N; the file is append-only). Everywhere a time zone
is accepted, the id or the IANA name will do.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_FILE = Path(__file__).resolve().parent.parent / "data" / "timezones.txt"


@lru_cache(maxsize=1)
def catalogue() -> tuple[dict[int, str], dict[str, int]]:
    lines = [ln.strip() for ln in _FILE.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    by_id = {i: name for i, name in enumerate(lines, start=1)}
    return by_id, {name.lower(): i for i, name in by_id.items()}


def resolve(value) -> str | None:
    """An IANA name from an id (int or digit string) or a name (any case); None when unknown."""
    by_id, by_name = catalogue()
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) or (isinstance(value, str) and value.strip().isdecimal()):
        return by_id.get(int(value))
    if isinstance(value, str):
        i = by_name.get(value.strip().lower())
        if i:
            return by_id[i]
        try:
            ZoneInfo(value.strip())
            return value.strip()
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def id_of(name: str) -> int | None:
    return catalogue()[1].get((name or "").lower())
