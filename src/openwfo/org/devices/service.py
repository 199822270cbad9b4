"""Device association: which person a phone and its extensions belong to.

The import (POST /api/rest/fileimport/devices, Calabrio ONE's device association CSV) creates or
updates devices by DeviceName and associates each with a person, found by `Username` (with
`DomainName`: the person's adLogin `DOMAIN\\user`; bare: their adLogin or email) or else by
`DisplayID`. Every row is checked against the stored data and the other rows; only a file without
a problem is applied (all or nothing). Devices the file does not name are kept. An extension
belongs to one device of the tenant, so `person_for_extension` has one answer.
LastName and FirstName are informational (the person is found by login or display id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import BadRequest
from ...imports.reading import RowErrors
from ...imports.service import ImportFailed, read_table
from ...kit.clock import now_ms
from ...models import Device, DeviceExtension, Person, RecordingControlState
from .. import scope

COLUMNS = ("DeviceName", "DeviceType", "Extensions", "VirtualDeviceId", "VirtualDeviceName", "TelephonyGroup",
           "DisplayID", "Username", "DomainName", "LastName", "FirstName", "MonitorServer", "RecordingCluster",
           "RecordingType")
# Stored text columns, with their maximum length.
_TEXT = {"DeviceType": ("device_type", 100), "VirtualDeviceId": ("virtual_device_id", 200),
         "VirtualDeviceName": ("virtual_device_name", 200), "TelephonyGroup": ("telephony_group", 200),
         "MonitorServer": ("monitor_server", 200), "RecordingCluster": ("recording_cluster", 200),
         "RecordingType": ("recording_type", 100)}
_EXTENSION_SPLIT = re.compile(r"[;|,\s]+")
EXTENSION_MAX = 64


def person_for_extension(db: Session, extension: str) -> Person | None:
    """The active person on this extension (the tenant-bound session's tenant), else None: the person
    logged in to it through recording controls (hoteling), else the person its device is associated with."""
    ext = (extension or "").strip()
    if not ext or len(ext) > EXTENSION_MAX:
        return None
    hoteling = db.scalars(select(Person).join(RecordingControlState, RecordingControlState.person_id == Person.id)
                          .where(RecordingControlState.extension == ext, Person.deactivated.is_(False))).first()
    if hoteling is not None:
        return hoteling
    person = db.scalars(select(Person).join(Device, Device.person_id == Person.id)
                        .join(DeviceExtension, DeviceExtension.device_id == Device.id)
                        .where(DeviceExtension.extension == ext)).first()
    return person if person is not None and not person.deactivated else None


def devices_of(db: Session, person_id: int) -> list[Device]:
    return list(db.scalars(select(Device).where(Device.person_id == person_id).order_by(Device.name)))


def device_read(d: Device) -> dict:
    return {"id": d.id, "device_name": d.name, "device_type": d.device_type,
            "extensions": [e.extension for e in d.extensions], "virtual_device_id": d.virtual_device_id,
            "virtual_device_name": d.virtual_device_name, "telephony_group": d.telephony_group,
            "monitor_server": d.monitor_server, "recording_cluster": d.recording_cluster,
            "recording_type": d.recording_type, "person_id": d.person_id}


# ---------------------------------------------------------------- the import


@dataclass
class _Row:
    line: int
    name: str
    person_id: int
    extensions: list[str]
    values: dict = field(default_factory=dict)


def _header(header: list[str], errors: RowErrors) -> dict[str, int]:
    known = {c.lower(): c for c in COLUMNS}
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        text = cell.strip()
        if not text:
            continue
        name = known.get(text.lower())
        if name is None:
            errors.add(1, text, f"unknown column (expected {','.join(COLUMNS)})")
        elif name in index:
            errors.add(1, text, "column given twice")
        else:
            index[name] = i
    if "DeviceName" not in index:
        errors.add(1, "DeviceName", "required column missing")
    if "Username" not in index and "DisplayID" not in index:
        errors.add(1, "Username", "a Username or DisplayID column is needed to find each device's person")
    return index


class _Persons:
    """The importer's persons, indexed by lower-case adLogin, email and display id."""

    def __init__(self, db: Session, principal: Principal):
        q = select(Person.id, Person.email, Person.ad_login, Person.display_id, Person.first_name,
                   Person.last_name)
        visible = scope.visible_person_filter(db, principal)
        if visible is not None:
            q = q.where(visible)
        self.by_login: dict[str, set[int]] = {}
        self.by_email: dict[str, int] = {}
        self.by_display: dict[str, set[int]] = {}
        for pid, email, ad, display, first, last in db.execute(q):
            self.by_email[email.lower()] = pid
            if ad:
                self.by_login.setdefault(ad.lower().replace("/", "\\"), set()).add(pid)
            shown = (display or f"{first} {last}".strip()).lower()
            self.by_display.setdefault(shown, set()).add(pid)

    def find(self, username: str, domain: str, display_id: str) -> tuple[int | None, str, str]:
        """(person id or None, column, reason when None)."""
        if username:
            user = username.lower().replace("/", "\\")
            if domain:
                ids = self.by_login.get(f"{domain.lower()}\\{user}", set())
                what = f"{domain}\\{username}"
            else:
                ids = set(self.by_login.get(user, set()))
                if user in self.by_email:
                    ids.add(self.by_email[user])
                what = username
            if len(ids) == 1:
                return next(iter(ids)), "Username", ""
            return None, "Username", (f"no person with the login {what}" if not ids
                                      else f"several persons have the login {what}")
        if display_id:
            ids = self.by_display.get(display_id.lower(), set())
            if len(ids) == 1:
                return next(iter(ids)), "DisplayID", ""
            return None, "DisplayID", (f"no person with the display id {display_id}" if not ids
                                       else f"several persons have the display id {display_id}")
        return None, "Username", "Username or DisplayID is required to find the device's person"


def _read_rows(db: Session, principal: Principal, data: bytes, errors: RowErrors) -> list[_Row]:
    table = read_table(data)
    index = _header(table.header, errors)
    if errors:
        return []
    persons = _Persons(db, principal)
    rows: list[_Row] = []
    names: dict[str, int] = {}
    exts: dict[str, int] = {}
    for rec in table.records:
        cells = {c: (rec.cells[i].strip() if i < len(rec.cells) else "") for c, i in index.items()}
        if not any(cells.values()):
            continue
        line = rec.line
        name = cells.get("DeviceName", "")
        if not name:
            errors.add(line, "DeviceName", "required")
        elif len(name) > 200:
            errors.add(line, "DeviceName", "at most 200 characters")
        elif name.lower() in names:
            errors.add(line, "DeviceName", f"device {name} is also on line {names[name.lower()]}")
        else:
            names[name.lower()] = line
        extensions = [e for e in _EXTENSION_SPLIT.split(cells.get("Extensions", "")) if e]
        for ext in extensions:
            if len(ext) > EXTENSION_MAX:
                errors.add(line, "Extensions", f"extension {ext[:20]}... is longer than {EXTENSION_MAX} characters")
            elif ext in exts and exts[ext] != line:
                errors.add(line, "Extensions", f"extension {ext} is also on line {exts[ext]}")
            else:
                exts[ext] = line
        values = {}
        for column, (attr, limit) in _TEXT.items():
            text = cells.get(column, "")
            if len(text) > limit:
                errors.add(line, column, f"at most {limit} characters")
            values[attr] = text or None
        person_id, column, reason = persons.find(cells.get("Username", ""), cells.get("DomainName", ""),
                                                 cells.get("DisplayID", ""))
        if person_id is None:
            errors.add(line, column, reason)
        rows.append(_Row(line, name, person_id or 0, list(dict.fromkeys(extensions)), values))
    if not rows and not errors:
        errors.add(2, None, "The file has no device rows")
    return rows


def _check_stored(db: Session, principal: Principal, rows: list[_Row], errors: RowErrors) -> dict[str, Device]:
    """The stored devices the file names (by lower-case name); an extension of another stored device,
    or a device of a person outside the importer's scope, is a row error."""
    stored = {d.name.lower(): d for d in db.scalars(
        select(Device).where(func.lower(Device.name).in_([r.name.lower() for r in rows])))}
    visible = scope.visible_team_ids(db, principal)
    if visible is not None:
        owners = {d.person_id for d in stored.values()}
        seen = set(db.scalars(select(Person.id).where(Person.id.in_(owners or [0]))
                              .where(scope.visible_person_filter(db, principal))))
        for r in rows:
            d = stored.get(r.name.lower())
            if d is not None and d.person_id not in seen:
                errors.add(r.line, "DeviceName", f"device {r.name} belongs to a person outside your scope")
    wanted = {ext: r for r in rows for ext in r.extensions}
    if wanted:
        taken = db.execute(select(DeviceExtension.extension, Device.name)
                           .join(Device, Device.id == DeviceExtension.device_id)
                           .where(DeviceExtension.extension.in_(list(wanted))))
        for ext, device_name in taken:
            r = wanted[ext]
            if device_name.lower() != r.name.lower() and device_name.lower() not in {x.name.lower() for x in rows}:
                errors.add(r.line, "Extensions", f"extension {ext} is already on device {device_name}")
    return stored


def import_devices(db: Session, principal: Principal, data: bytes) -> None:
    """Check every row, then apply all of them (raises ImportFailed listing every problem)."""
    errors = RowErrors()
    rows = _read_rows(db, principal, data, errors)
    stored = _check_stored(db, principal, [r for r in rows if r.name], errors) if rows else {}
    if errors:
        raise ImportFailed(errors.sorted())
    now = now_ms()
    # Extensions move between the file's devices: free them all first, then give them out again.
    for d in stored.values():
        d.extensions = []
    db.flush()
    for r in rows:
        d = stored.get(r.name.lower())
        if d is None:
            d = Device(name=r.name)
            db.add(d)
        for attr, value in r.values.items():
            setattr(d, attr, value)
        d.person_id, d.updated_ms = r.person_id, now
        d.extensions = [DeviceExtension(extension=ext, position=i) for i, ext in enumerate(r.extensions)]
    db.flush()


def import_failure(failed: ImportFailed) -> BadRequest:
    first = failed.errors[0]
    reason = f"{first['column']}: {first['reason']}" if first.get("column") else first["reason"]
    return BadRequest(f"Error in file import, line {first['row']}! {reason}", errors=failed.errors)
