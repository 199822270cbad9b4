"""The drop folder `<data_dir>/gis/<tenant>/` (tenant id or exact name), as the data server's GIS folder.

A `TEXTCONTACT.*.csv|json` file is a text contact import (analytics/text_contacts/dropfolder.py).
A `CONTACT.*.csv` file (the prefix is case-sensitive) with the media files it names is imported
like the Bulk Contact Import API. A file is taken only once it has stopped changing: the same
size and modification time on two scans in a row, the last change at least `settle_seconds` ago,
and no temporary name (`.part`, `.tmp`, a leading dot). Referenced media still arriving are waited
for (up to MEDIA_GRACE_S). The CSV is claimed by an atomic rename, so several servers sharing the
folder never import it twice; afterwards it moves with its media to `processed/` (or `failed/`
when nothing in it could be imported) beside a `<name>.report.json`.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from sqlalchemy import select

from ..analytics.text_contacts import dropfolder as text_drop
from ..errors import AppError
from ..kit import lifecycle
from ..kit.clock import now_ms
from ..models import Tenant
from ..recording.imports.parsing import parse_csv
from ..recording.imports.service import ImportContext, import_contacts
from ..storage import storage_for

log = logging.getLogger("openwfo.dataserver")
GIS = "gis"
PREFIX = "CONTACT."
MEDIA_GRACE_S = 300
TEMP_SUFFIXES = (".part", ".tmp", ".crdownload", ".partial", "~", ".filepart")


def _temporary(name: str) -> bool:
    return name.startswith(".") or name.lower().endswith(TEMP_SUFFIXES)


class DropFolderWatcher:
    def __init__(self, database, settings, storage=None, settle_seconds: float = 2.0):
        self.database = database
        self.settings = settings
        self.storage = storage or storage_for(database, settings)
        self.settle = settle_seconds
        self.root = Path(settings.data_dir) / GIS
        self._seen: dict[Path, tuple[int, int]] = {}

    # -- readiness
    def _ready(self, path: Path, now: float, signatures: dict) -> bool:
        sig = signatures.get(path)
        if sig is None or self._seen.get(path) != sig:
            return False
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        return now - max(st.st_mtime, st.st_ctime) >= self.settle

    def tenant_folders(self) -> list[tuple[int, Path]]:
        if not self.root.is_dir():
            return []
        out = []
        with self.database.session() as db:
            names = {t.name: t.id for t in db.scalars(select(Tenant))}
        ids = set(names.values())
        for folder in sorted(p for p in self.root.iterdir() if p.is_dir()):
            if folder.name.isdecimal() and int(folder.name) in ids:
                out.append((int(folder.name), folder))
            elif folder.name in names:
                out.append((names[folder.name], folder))
        return out

    def scan(self, now: float | None = None) -> list[dict]:
        """One pass over every tenant folder; answers the reports of the files imported."""
        now = time.time() if now is None else now
        signatures: dict[Path, tuple[int, int]] = {}
        reports = []
        for tenant_id, folder in self.tenant_folders():
            entries = sorted(p for p in folder.iterdir() if p.is_file())
            for path in entries:
                try:
                    st = path.stat()
                except FileNotFoundError:
                    continue
                signatures[path] = (st.st_size, st.st_mtime_ns)
            for doc_path in entries:  # text contacts (analytics): TEXTCONTACT.*.csv|json
                if (text_drop.is_text_contact_file(doc_path.name) and doc_path.is_file()
                        and not _temporary(doc_path.name) and self._ready(doc_path, now, signatures)):
                    report = text_drop.take(self, tenant_id, folder, doc_path, now, signatures)
                    if report is not None:
                        reports.append(report)
            for csv_path in entries:
                name = csv_path.name
                if not (csv_path.is_file() and name.startswith(PREFIX) and name.lower().endswith(".csv")):
                    continue
                if _temporary(name) or not self._ready(csv_path, now, signatures):
                    continue
                report = self._take(tenant_id, folder, csv_path, now, signatures)
                if report is not None:
                    reports.append(report)
        self._seen = signatures
        return reports

    def _take(self, tenant_id: int, folder: Path, csv_path: Path, now: float, signatures: dict) -> dict | None:
        text = csv_path.read_bytes().decode("utf-8-sig", errors="replace")
        try:
            specs, ignored = parse_csv(text, csv_path.name)
            error = None
        except AppError as exc:
            specs, ignored, error = [], [], exc.message

        def run(media: dict[str, Path]) -> dict:
            with self.database.session(tenant_id) as db:
                ctx = ImportContext(tenant_id=tenant_id, storage=self.storage, source="dataserver", now=now_ms())
                report = import_contacts(db, ctx, specs, media)
            report["ignoredColumns"] = ignored
            return report

        return self.take_document(tenant_id, folder, csv_path, now, signatures,
                                  {m.name for s in specs for m in s.media}, error, run)

    def take_document(self, tenant_id: int, folder: Path, doc_path: Path, now: float, signatures: dict,
                      refs: set[str], error: str | None, run, *, plain_names: bool = False) -> dict | None:
        """The life of one drop-folder document, whatever it imports: wait for the files it names
        (`refs`) until they have settled or MEDIA_GRACE_S has passed, claim it by an atomic rename,
        import (`run(files)` answers the report, unless `error` already failed the document), then
        move it with its files to processed/ or failed/ beside a report. `plain_names`: a name with
        a path separator is never taken from the folder."""
        files: dict[str, Path] = {}
        waiting = False
        for ref in refs:
            path = folder / ref
            usable = not plain_names or ("/" not in ref and "\\" not in ref)
            if usable and path.is_file() and not _temporary(ref):
                if self._ready(path, now, signatures):
                    files[ref] = path
                else:
                    waiting = True
            else:
                waiting = True
        if waiting and now - doc_path.stat().st_mtime < MEDIA_GRACE_S:
            return None  # the files it names are still arriving
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now))
        work = folder / ".processing"
        work.mkdir(exist_ok=True)
        claimed = work / f"{stamp}-{doc_path.name}"
        try:
            os.rename(doc_path, claimed)  # the claim: only one scanner wins it
        except OSError:
            return None
        if error is None:
            try:
                report = run(files)
            except Exception as exc:  # the report says what went wrong; the server goes on
                log.exception("drop-folder import of %s failed", doc_path.name)
                report = {"status": "FAILED", "error": f"{type(exc).__name__}: {exc}"}
        else:
            report = {"status": "FAILED", "error": error}
        report.update({"file": doc_path.name, "tenantId": tenant_id})
        dest = folder / ("failed" if report["status"] == "FAILED" else "processed")
        dest.mkdir(exist_ok=True)
        os.replace(claimed, dest / claimed.name)
        for ref, path in files.items():
            try:
                os.replace(path, dest / f"{stamp}-{ref}")
            except OSError:
                pass
        (dest / f"{claimed.name}.report.json").write_text(json.dumps(report, indent=2))
        log.info("drop folder: %s -> %s (%s)", doc_path.name, dest.name, report["status"])
        return report


def _start(app):
    settings = app.state.settings
    interval = float(getattr(settings, "dataserver_scan_seconds", 0) or 0)
    if interval <= 0:
        return None
    watcher = DropFolderWatcher(app.state.database, settings)
    log.info("watching %s every %.0f s", watcher.root, interval)
    return lifecycle.every(interval, watcher.scan, "dropfolder")


lifecycle.on_start(_start)
