"""Text contacts through the drop folder: `<data_dir>/gis/<tenant>/TEXTCONTACT.*.csv|json` with the
TXT content files it names, taken like CONTACT files (dataserver/watcher.py: settled, claimed by an
atomic rename, moved to processed/ or failed/ beside a report)."""

from __future__ import annotations

from pathlib import Path

from ...errors import AppError
from ...kit.clock import now_ms
from .parsing import parse_document
from .service import TextImportContext, import_texts

PREFIX = "TEXTCONTACT."
SUFFIXES = (".csv", ".json")


def is_text_contact_file(name: str) -> bool:
    return name.startswith(PREFIX) and name.lower().endswith(SUFFIXES)


def take(watcher, tenant_id: int, folder: Path, doc_path: Path, now: float, signatures: dict) -> dict | None:
    """Import one TEXTCONTACT document once its content files are there (or the grace has passed)."""
    text = doc_path.read_bytes().decode("utf-8-sig", errors="replace")
    try:
        specs, ignored = parse_document(text, doc_path.name)
        error = None
    except AppError as exc:
        specs, ignored, error = [], [], exc.message

    def run(files: dict[str, Path]) -> dict:
        with watcher.database.session(tenant_id) as db:
            ctx = TextImportContext(tenant_id=tenant_id, source="dataserver", now=now_ms())
            report = import_texts(db, ctx, specs, files)
        report["ignoredColumns"] = ignored
        return report

    refs = {s.file_name for s in specs if s.file_name and s.text is None}
    return watcher.take_document(tenant_id, folder, doc_path, now, signatures, refs, error, run, plain_names=True)
