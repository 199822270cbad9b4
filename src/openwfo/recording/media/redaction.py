"""Paused audio is never exposed: playback, the energy envelope and the export silence every pause span.

A contact's pause spans are its `pause` events (offsets from the contact's start; recording
controls' pause/resume write them, imports may carry them); a pause still open (the person paused
and not resumed) runs to the end of the recording. A recording overlapping a span is served as a
redacted copy: PCM / IEEE-float / G.711 WAV keeps its exact format with the paused samples set to
silence (byte-level, fast); any other recording is re-encoded with PyAV — audio as PCM WAV,
recordings with video as WebM (VP8 + Opus) with black frames over the spans. Copies are made on
first playback and kept in a small per-process cache (a temp folder, least recently used out),
so Range requests of a seeking player read the same file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tempfile
import threading
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ContactEvent, ContactMedia, RecordingControlState
from ...storage import Storage
from ...storage.local import LocalStorage

OPEN = 2**62  # an open pause: to the end of anything
CACHE_FILES = 32


def pause_spans(db: Session, contact_id: int) -> list[tuple[int, int]]:
    """Merged [start, end) pause spans of the contact, in ms from its start."""
    events = list(db.execute(select(ContactEvent.id, ContactEvent.start_offset_ms, ContactEvent.duration_ms)
                             .where(ContactEvent.contact_id == contact_id, ContactEvent.kind == "pause")))
    if not events:
        return []
    open_ids = set(db.scalars(select(RecordingControlState.pause_event_id).where(
        RecordingControlState.paused.is_(True), RecordingControlState.pause_contact_id == contact_id)))
    spans = sorted((s, OPEN if i in open_ids else s + max(0, d)) for i, s, d in events)
    merged: list[list[int]] = []
    for s, e in spans:
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def local_spans(spans: list[tuple[int, int]], media: ContactMedia) -> list[tuple[int, int]]:
    """The spans that overlap the recording, in ms from the recording's own start."""
    length = media.duration_ms if media.duration_ms else OPEN
    out = []
    for s, e in spans:
        a, b = max(0, s - media.offset_ms), min(length, e - media.offset_ms)
        if b > a:
            out.append((a, b))
    return out


# ------------------------------------------------------------------ WAV, byte-level

_SILENT_BYTE = {1: None, 3: 0, 6: 0xD5, 7: 0xFF}  # PCM (0x80 for 8-bit, else 0), float, A-law, mu-law


def _wav_layout(data: bytes | bytearray) -> tuple[int, int, int, int, int, int] | None:
    """(format tag, sample rate, block align, bits, data offset, data size) of a RIFF WAV, or None."""
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        return None
    pos, fmt = 12, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt " and size >= 16:
            tag, _ch, rate, _bps, align, bits = struct.unpack("<HHIIHH", data[body:body + 16])
            if tag == 0xFFFE and size >= 40:  # WAVE_FORMAT_EXTENSIBLE: the sub-format's tag
                tag = struct.unpack("<H", data[body + 24:body + 26])[0]
            fmt = (tag, rate, align, bits)
        elif cid == b"data" and fmt is not None:
            size = min(size, len(data) - body)
            return (*fmt, body, size)
        pos = body + size + (size & 1)
    return None


def redact_wav(src: Path, dst: Path, spans: list[tuple[int, int]]) -> bool:
    """Silence the spans of a byte-addressable WAV into dst; False when the WAV is not one."""
    data = bytearray(src.read_bytes())
    layout = _wav_layout(data)
    if layout is None or layout[0] not in _SILENT_BYTE or layout[2] <= 0:
        return False
    tag, rate, align, bits, offset, size = layout
    if offset + size > len(data):
        size = len(data) - offset
    silent = _SILENT_BYTE[tag]
    if silent is None:
        silent = 0x80 if bits == 8 else 0
    frames = size // align
    for a, b in spans:
        fa, fb = min(frames, a * rate // 1000), min(frames, -(-b * rate // 1000) if b < OPEN else frames)
        if fb > fa:
            data[offset + fa * align:offset + fb * align] = bytes([silent]) * ((fb - fa) * align)
    dst.write_bytes(bytes(data))
    return True


# ------------------------------------------------------------------ anything else: re-encode

def redact_any(src: Path, dst_base: Path, has_video: bool, spans: list[tuple[int, int]]) -> tuple[Path, str]:
    """Re-encode with the spans silenced (and blacked out): (file, content type)."""
    from ..export.transcode import FORMATS, Source, transcode

    target = "WEBM" if has_video else "WAV"
    out = dst_base.with_suffix("." + FORMATS[target][3])
    import av

    with av.open(str(src)) as c:
        has_audio = bool(c.streams.audio)
    transcode(target, Source(src, 0) if has_audio else None, Source(src, 0) if has_video else None, out,
              mute=spans)
    return out, FORMATS[target][4]


# ------------------------------------------------------------------ playback

class _Cache:
    """Redacted copies by (storage key, spans): a temp folder per process, least recently used out."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix=f"openwfo-redacted-{os.getpid()}-"))
        self.storage = LocalStorage(self.root)
        self.lock = threading.Lock()
        self.building: dict[str, threading.Lock] = {}
        self.types: dict[str, str] = {}

    def get(self, storage: Storage, media: ContactMedia, spans: list[tuple[int, int]]) -> tuple[str, str]:
        digest = hashlib.sha256(repr((media.storage_key, spans)).encode()).hexdigest()[:32]
        with self.lock:
            guard = self.building.setdefault(digest, threading.Lock())
        with guard:
            with self.lock:
                key = next((k for k in self.types if k.startswith(digest)), None)
            if key is not None and self.storage.exists(key):
                os.utime(self.root / key)
                return key, self.types[key]
            work = Path(tempfile.mkdtemp(prefix="work-", dir=self.root))
            try:
                src = work / f"src.{media.format}"
                with src.open("wb") as f:
                    storage.download_to(media.storage_key, f)
                dst = work / f"out.{media.format}"
                if media.format == "wav" and redact_wav(src, dst, spans):
                    ctype = media.content_type
                else:
                    dst, ctype = redact_any(src, work / "out", media.kind in ("screen", "combined"), spans)
                key = f"{digest}{dst.suffix}"
                os.replace(dst, self.root / key)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            with self.lock:
                self.types[key] = ctype
                self._evict()
            return key, ctype

    def _evict(self) -> None:
        files = sorted((p for p in self.root.iterdir() if p.is_file()), key=lambda p: p.stat().st_mtime)
        for p in files[:-CACHE_FILES] if len(files) > CACHE_FILES else []:
            p.unlink(missing_ok=True)
            self.types.pop(p.name, None)


_cache: _Cache | None = None
_cache_lock = threading.Lock()


def playable(db: Session, storage: Storage, media: ContactMedia) -> tuple[Storage, str, str]:
    """(storage, key, content type) to stream for a recording: the stored file, or its redacted copy
    when a pause overlaps it."""
    spans = local_spans(pause_spans(db, media.contact_id), media)
    if not spans:
        return storage, media.storage_key, media.content_type
    global _cache
    with _cache_lock:
        if _cache is None or not _cache.root.exists():
            _cache = _Cache()
    key, ctype = _cache.get(storage, media, spans)
    return _cache.storage, key, ctype
