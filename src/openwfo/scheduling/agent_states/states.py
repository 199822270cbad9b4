"""Agent states: the GIS state identifiers an ACD adapter sends and the names the reference reads them
back as. Work Not Ready (5) and Work Ready (6) are both after-contact work; they stay apart in the store."""

from __future__ import annotations

LOGOUT, NOT_READY, READY, TALKING, WORK_NOT_READY, WORK_READY, HOLD = 1, 2, 3, 4, 5, 6, 10

LOGGED_OUT = "LOGGED_OUT"
NOT_READY_BUSY = "NOT_READY_BUSY"
READY_WAITING = "READY_WAITING"
TALK = "TALK"
WORK_AFTER_CONTACT = "WORK_AFTER_CONTACT"
HOLD_NAME = "HOLD"

NAMES: dict[int, str] = {
    LOGOUT: LOGGED_OUT,
    NOT_READY: NOT_READY_BUSY,
    READY: READY_WAITING,
    TALKING: TALK,
    WORK_NOT_READY: WORK_AFTER_CONTACT,
    WORK_READY: WORK_AFTER_CONTACT,
    HOLD: HOLD_NAME,
}
# Every state name, in the reference's order.
ALL_NAMES: tuple[str, ...] = (LOGGED_OUT, READY_WAITING, TALK, WORK_AFTER_CONTACT, HOLD_NAME, NOT_READY_BUSY)


def name_of(code: int) -> str:
    return NAMES.get(code, LOGGED_OUT)


def reason_out(value: str | None) -> int | str | None:
    """A stored reason code as the APIs answer it: a number when it is one (1-65535), else the text."""
    if value is None:
        return None
    if value.isdecimal() and len(value) <= 5:
        return int(value)
    return value
