"""The files of an import: multipart parts or ZIP entries, flattened to their base names and
spooled to a private temporary folder under server-made names.

A file's name is only the key the CSV/JSON refers to; it never becomes a path. ZIPs are read
entry by entry with limits on the entry count, on each entry's real (not declared) size, on the
total, and on the compression ratio, so a ZIP bomb stops early.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool

from ...errors import BadRequest, PayloadTooLarge

MAX_FILES = 20_000
MAX_ENTRY_BYTES = 2 * 1024**3
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed/compressed, for entries above 1 MiB
MAX_METADATA_BYTES = 256 * 1024**2
CHUNK = 1024 * 1024


def flat_name(name: str) -> str | None:
    """The base name of a part or entry ('a/b\\c.wav' -> 'c.wav'); None for folders and junk."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base in (".", "..") or base.startswith("._") or len(base) > 255:
        return None
    if any(ord(ch) < 32 for ch in base):
        return None
    return base


@dataclass
class UploadSet:
    root: Path
    files: dict[str, Path] = field(default_factory=dict)  # base name -> spooled file
    metadata: list[tuple[str, Path]] = field(default_factory=list)  # CSV/JSON documents
    total: int = 0
    count: int = 0

    def _spool(self, source: BinaryIO, limit: int) -> tuple[Path, int]:
        self.count += 1
        if self.count > MAX_FILES:
            raise PayloadTooLarge(f"an import may hold at most {MAX_FILES} files")
        path = self.root / f"f{self.count:06d}"
        written = 0
        with open(path, "wb") as out:
            while True:
                chunk = source.read(CHUNK)
                if not chunk:
                    break
                written += len(chunk)
                self.total += len(chunk)
                if written > limit or self.total > MAX_TOTAL_BYTES:
                    raise PayloadTooLarge("the upload expands beyond the size an import may have")
                out.write(chunk)
        return path, written

    def add(self, name: str, source: BinaryIO) -> None:
        """One part of the request: a CSV/JSON document, a media file, or a ZIP of them."""
        base = flat_name(name)
        if base is None:
            return
        low = base.lower()
        if low.endswith(".zip"):
            path, _ = self._spool(source, MAX_ENTRY_BYTES)
            self._add_zip(path, base)
            path.unlink(missing_ok=True)
            return
        if low.endswith((".csv", ".json")):
            path, _ = self._spool(source, MAX_METADATA_BYTES)
            self.metadata.append((base, path))
            return
        if base in self.files:
            raise BadRequest(f"the file name {base} appears twice in the upload",
                             errors=[{"field": base, "reason": "duplicate file name"}])
        path, _ = self._spool(source, MAX_ENTRY_BYTES)
        self.files[base] = path

    def add_text(self, name: str, text: str) -> None:
        """A metadata document sent as a plain form field."""
        self.count += 1
        path = self.root / f"f{self.count:06d}"
        path.write_text(text, encoding="utf-8")
        self.metadata.append((name, path))

    def _add_zip(self, path: Path, zip_name: str) -> None:
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise BadRequest(f"{zip_name} is not a valid ZIP file") from None
        with archive:
            entries = archive.infolist()
            if len(entries) > MAX_FILES:
                raise PayloadTooLarge(f"{zip_name} holds more than {MAX_FILES} entries")
            for info in entries:
                if info.is_dir():
                    continue
                base = flat_name(info.filename)
                if base is None or info.filename.startswith("__MACOSX/"):
                    continue
                if base.lower().endswith(".zip"):
                    continue  # ZIPs inside ZIPs are not opened
                if info.file_size > MAX_ENTRY_BYTES or (
                    info.file_size > CHUNK and info.file_size > MAX_RATIO * max(1, info.compress_size)
                ):
                    raise PayloadTooLarge(f"{zip_name}: entry {base} is too large or too highly compressed")
                try:
                    with archive.open(info) as entry:
                        limit = MAX_METADATA_BYTES if base.lower().endswith((".csv", ".json")) else MAX_ENTRY_BYTES
                        limit = min(limit, info.file_size)  # the declared size is an upper bound, checked
                        spooled, _ = self._spool(entry, limit)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as exc:
                    raise BadRequest(f"{zip_name}: entry {base} cannot be read ({exc.__class__.__name__})") from None
                if base.lower().endswith((".csv", ".json")):
                    self.metadata.append((base, spooled))
                elif base in self.files:
                    raise BadRequest(f"the file name {base} appears twice in the upload",
                                     errors=[{"field": base, "reason": "duplicate file name"}])
                else:
                    self.files[base] = spooled


class TempUploads:
    """A private temporary folder for one import, removed afterwards."""

    def __enter__(self) -> UploadSet:
        self._dir = tempfile.mkdtemp(prefix="openwfo-import-")
        return UploadSet(Path(self._dir))

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)


async def add_multipart(request, uploads: UploadSet) -> None:
    """The parts of a multipart/form-data request into `uploads`: file parts (ZIPs opened) under their
    names, text parts as a CSV or JSON document (by their first character). 400 when malformed."""
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=1000)
    except Exception as exc:  # malformed multipart bodies
        raise BadRequest(f"Malformed multipart body: {exc}") from None
    try:
        for key, value in form.multi_items():
            if isinstance(value, str):
                if value.strip():
                    kind = ".json" if value.lstrip()[:1] in ("{", "[") else ".csv"
                    uploads.add_text(key if key.lower().endswith(kind) else key + kind, value)
            else:
                await run_in_threadpool(uploads.add, value.filename or key, value.file)
    finally:
        await form.close()


def read_text(path: Path, name: str) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
