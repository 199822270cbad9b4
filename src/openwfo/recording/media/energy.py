"""A recording's energy envelope for a waveform view (GET /recording/media/energy/{contactId}).

Computed once per recording and stored (`qm_media_energy`): the mean square of FINE equal slices
per channel (fewer for very short audio). A request for N points groups the stored slices into N,
takes the RMS of each group, and normalises to 0-100 against the loudest point of the answer
(a silent recording is all zeros). N is at most MAX_POINTS.
"""

from __future__ import annotations

import tempfile
import wave
from pathlib import Path

import numpy as np
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...auth.principal import Principal
from ...errors import NotFound
from ...kit.clock import now_ms
from ...models import ContactMedia, MediaEnergy
from ..contacts.access import get_visible_contact
from . import repository
from .analysis import _av_blocks, _wav_blocks
from .redaction import local_spans, pause_spans

FINE = 10_000
MAX_POINTS = 10_000
DEFAULT_POINTS = 1_000


def _envelope(path: Path, fmt: str) -> np.ndarray:
    """Mean square per fine slice, shape (points, channels); empty when the file holds no audio."""
    try:
        blocks = list(_wav_blocks(path) if fmt == "wav" else _av_blocks(path))
    except (ValueError, wave.Error, EOFError):
        blocks = list(_av_blocks(path))
    if not blocks:
        return np.zeros((0, 1), dtype=np.float32)
    samples = np.concatenate([b for b, _ in blocks]).astype(np.float64)
    if samples.size == 0:
        return np.zeros((0, 1), dtype=np.float32)
    points = min(FINE, len(samples))
    edges = np.linspace(0, len(samples), points + 1).astype(np.int64)[:-1]
    sums = np.add.reduceat(samples * samples, edges, axis=0)
    counts = np.diff(np.append(edges, len(samples)))[:, None]
    return (sums / counts).astype(np.float32)


def _stored(db: Session, storage, media: ContactMedia) -> MediaEnergy | None:
    row = repository.energy(db, media.id)
    if row is not None:
        return row
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"media.{media.format}"
        with path.open("wb") as f:
            storage.download_to(media.storage_key, f)
        env = _envelope(path, media.format)
    if env.shape[0] == 0:
        return None
    row = MediaEnergy(media_id=media.id, channels=env.shape[1], points=env.shape[0],
                      data=np.ascontiguousarray(env.T).tobytes(), created_ms=now_ms())
    try:
        with db.begin_nested():
            db.add(row)
    except IntegrityError:  # computed at the same moment by another request
        return repository.energy(db, media.id)
    return row


def energy(db: Session, principal: Principal, storage, contact_id: int, data_points: int) -> dict[str, list[float]]:
    contact = get_visible_contact(db, principal, contact_id)
    media = repository.audio_media(db, contact.id)
    row = chosen = None
    for m in media:
        row, chosen = _stored(db, storage, m), m
        if row is not None:
            break
    if row is None:
        raise NotFound(f"Contact {contact_id} has no audio")
    fine = np.frombuffer(row.data, dtype=np.float32).reshape(row.channels, row.points).astype(np.float64)
    if chosen.duration_ms:  # paused audio is not exposed: its slices read as silence
        for a, b in local_spans(pause_spans(db, contact.id), chosen):
            first = a * row.points // chosen.duration_ms
            last = min(row.points, -(-b * row.points // chosen.duration_ms))
            fine[:, first:last] = 0.0
    if data_points <= row.points:
        edges = np.linspace(0, row.points, data_points + 1).astype(np.int64)[:-1]
        counts = np.diff(np.append(edges, row.points))
        grouped = np.add.reduceat(fine, edges, axis=1) / counts
    else:
        grouped = fine[:, (np.arange(data_points) * row.points) // data_points]
    rms = np.sqrt(grouped)
    peak = float(rms.max()) if rms.size else 0.0
    scaled = rms / peak * 100 if peak > 0 else rms * 0
    return {f"channel_{i}": [round(float(v), 1) for v in scaled[i]] for i in range(row.channels)}
