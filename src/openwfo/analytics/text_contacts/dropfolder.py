"""Text contacts through the drop folder: `<data_dir>/gis/<tenant>/TEXTCONTACT.*.csv|json` with the
TXT content files it names, taken like CONTACT files (dataserver/watcher.py: settled, claimed by an
atomic rename, moved to processed/ or failed/ beside a report)."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

from ...errors import AppError
from ...kit.clock import now_ms
from .parsing import parse_document
from .service import TextImportContext, import_texts

log = logging.getLogger("openwfo.dataserver")
PREFIX = "TEXTCONTACT."
SUFFIXES = (".csv", ".json")


def is_text_contact_file(name: str) -> bool:
    return name.startswith(PREFIX) and name.lower().endswith(SUFFIXES)


def take(watcher, tenant_id: int, folder: Path, doc_path: Path, now: float, signatures: dict,
         grace_s: float, temporary) -> dict | None:
    """Import one TEXTCONTACT document once its content files are there (or the grace has passed)."""
    text = doc_path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        specs, ignored = parse_document(text, doc_path.name)
        error = None
    except AppError as exc:
        specs, ignored, error = [], [], exc.message
    files: dict[str, Path] = {}
    waiting = False
    for ref in {s.file_name for s in specs if s.file_name and s.text is None}:
        path = folder / ref
        if "/" not in ref and "\\" not in ref and path.is_file() and not temporary(ref):
            if watcher._ready(path, now, signatures):
                files[ref] = path
            else:
                waiting = True
        else:
            waiting = True
    if waiting and now - doc_path.stat().st_mtime < grace_s:
        return None  # content files still arriving
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
            with watcher.database.session(tenant_id) as db:
                ctx = TextImportContext(tenant_id=tenant_id, source="dataserver", now=now_ms())
                report = import_texts(db, ctx, specs, files)
                report["ignoredColumns"] = ignored
        except Exception as exc:  # the report says what went wrong; the server goes on
            log.exception("drop-folder text import of %s failed", doc_path.name)
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
