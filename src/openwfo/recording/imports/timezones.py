"""A contact's time zone as the importers send it: IANA name or id, UTC offset, or Windows name."""

from __future__ import annotations

import re

from ...kit import timezones

# The Windows zone names a desktop recording client sends, mapped to their Olson zone.
WINDOWS = {
    "dateline standard time": "Etc/GMT+12", "utc-11": "Etc/GMT+11", "hawaiian standard time": "Pacific/Honolulu",
    "alaskan standard time": "America/Anchorage", "pacific standard time": "America/Los_Angeles",
    "pacific standard time (mexico)": "America/Tijuana", "us mountain standard time": "America/Phoenix",
    "mountain standard time": "America/Denver", "mountain standard time (mexico)": "America/Mazatlan",
    "central america standard time": "America/Guatemala", "central standard time": "America/Chicago",
    "central standard time (mexico)": "America/Mexico_City", "canada central standard time": "America/Regina",
    "sa pacific standard time": "America/Bogota", "eastern standard time": "America/New_York",
    "us eastern standard time": "America/Indiana/Indianapolis", "atlantic standard time": "America/Halifax",
    "venezuela standard time": "America/Caracas", "sa western standard time": "America/La_Paz",
    "pacific sa standard time": "America/Santiago", "newfoundland standard time": "America/St_Johns",
    "e. south america standard time": "America/Sao_Paulo", "argentina standard time": "America/Argentina/Buenos_Aires",
    "sa eastern standard time": "America/Cayenne", "greenland standard time": "America/Godthab",
    "utc-02": "Etc/GMT+2", "azores standard time": "Atlantic/Azores", "cape verde standard time": "Atlantic/Cape_Verde",
    "utc": "Etc/UTC", "coordinated universal time": "Etc/UTC", "gmt standard time": "Europe/London",
    "greenwich standard time": "Atlantic/Reykjavik", "w. europe standard time": "Europe/Berlin",
    "central europe standard time": "Europe/Budapest", "romance standard time": "Europe/Paris",
    "central european standard time": "Europe/Warsaw", "w. central africa standard time": "Africa/Lagos",
    "gtb standard time": "Europe/Bucharest", "fle standard time": "Europe/Kiev", "e. europe standard time": "Europe/Chisinau",
    "egypt standard time": "Africa/Cairo", "south africa standard time": "Africa/Johannesburg",
    "israel standard time": "Asia/Jerusalem", "turkey standard time": "Europe/Istanbul", "arabic standard time": "Asia/Baghdad",
    "arab standard time": "Asia/Riyadh", "russian standard time": "Europe/Moscow", "e. africa standard time": "Africa/Nairobi",
    "iran standard time": "Asia/Tehran", "arabian standard time": "Asia/Dubai", "afghanistan standard time": "Asia/Kabul",
    "pakistan standard time": "Asia/Karachi", "india standard time": "Asia/Kolkata", "nepal standard time": "Asia/Kathmandu",
    "bangladesh standard time": "Asia/Dhaka", "se asia standard time": "Asia/Bangkok", "china standard time": "Asia/Shanghai",
    "singapore standard time": "Asia/Singapore", "taipei standard time": "Asia/Taipei",
    "w. australia standard time": "Australia/Perth", "tokyo standard time": "Asia/Tokyo", "korea standard time": "Asia/Seoul",
    "cen. australia standard time": "Australia/Adelaide", "aus central standard time": "Australia/Darwin",
    "e. australia standard time": "Australia/Brisbane", "aus eastern standard time": "Australia/Sydney",
    "tasmania standard time": "Australia/Hobart", "new zealand standard time": "Pacific/Auckland",
}
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


def resolve_zone(value) -> str | None:
    """An IANA zone (or `UTC+hh:mm` for an offset that is not whole hours); None when unknown."""
    if value is None:
        return None
    if not isinstance(value, str):
        return timezones.resolve(value)
    text = value.strip()
    if not text:
        return None
    windows = WINDOWS.get(text.lower())
    if windows:
        return windows
    m = _OFFSET.match(text)
    if m:
        sign, hours, minutes = m.group(1), int(m.group(2)), int(m.group(3) or 0)
        if hours > 14 or minutes >= 60:
            return None
        if minutes == 0:
            # Etc/GMT zones count the other way round: UTC-06:00 is Etc/GMT+6.
            return "Etc/UTC" if hours == 0 else f"Etc/GMT{'+' if sign == '-' else '-'}{hours}"
        return f"UTC{sign}{hours:02d}:{minutes:02d}"
    return timezones.resolve(text)
