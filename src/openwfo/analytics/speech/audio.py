"""Audio for speech analysis: decoding to 16 kHz per channel, voice-activity detection with a
cross-talk gate, silence and talk-over.

- `decode_channels(path)`: every channel of the recording, resampled (8 kHz telephone audio is
  upsampled) to 16 kHz int16, channel 0 = the agent (left), 1 = the customer (right).
- `voice_activity(channels)`: per channel, 30 ms frames are speech when their energy is well above
  that channel's noise floor — and, on a stereo recording, not far below the other channel's energy
  at the same moment (the other party's bleed into this channel is not counted as speech).
  Speech runs closer than 300 ms are joined; runs shorter than 120 ms dropped.
- `events(activity, ...)`: silence = no channel speaking for at least `silence_ms`; talk-over =
  both channels speaking together for at least `talkover_ms` (200 ms).
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np

RATE = 16000
FRAME = 480  # 30 ms at 16 kHz
FRAME_MS = 30
JOIN_MS = 300
MIN_SPEECH_MS = 120
FLOOR_DB = 12.0  # above the channel's noise floor
ABS_MIN_DB = -50.0  # never speech below this (dBFS)
BLEED_DB = 10.0  # a frame this far below the other channel is bleed, not speech


def decode_channels(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels or 1
        layout = "stereo" if channels >= 2 else "mono"
        resampler = av.AudioResampler(format="s16p", layout=layout, rate=RATE)
        parts: list[np.ndarray] = []
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray())
        for out in resampler.resample(None):
            parts.append(out.to_ndarray())
    if not parts:
        return [np.zeros(0, dtype=np.int16)]
    data = np.concatenate(parts, axis=1)
    return [np.ascontiguousarray(data[i]) for i in range(data.shape[0])]


def frame_db(pcm: np.ndarray) -> np.ndarray:
    n = len(pcm) // FRAME
    if n == 0:
        return np.zeros(0)
    x = pcm[:n * FRAME].astype(np.float64).reshape(n, FRAME) / 32768.0
    return 10 * np.log10(np.mean(x * x, axis=1) + 1e-12)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) frame index runs where mask is true."""
    if not len(mask):
        return []
    padded = np.concatenate([[False], mask, [False]])
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def _smooth(mask: np.ndarray) -> np.ndarray:
    out = mask.copy()
    runs = _runs(mask)
    join = JOIN_MS // FRAME_MS
    for (_a, b), (c, _d) in zip(runs, runs[1:], strict=False):
        if c - b <= join:
            out[b:c] = True
    for a, b in _runs(out):
        if (b - a) * FRAME_MS < MIN_SPEECH_MS:
            out[a:b] = False
    return out


def voice_activity(channels: list[np.ndarray]) -> list[np.ndarray]:
    """Per channel, a boolean per 30 ms frame: speaking."""
    levels = [frame_db(c) for c in channels]
    n = min((len(x) for x in levels), default=0)
    levels = [x[:n] for x in levels]
    masks = []
    for i, db in enumerate(levels):
        if n == 0:
            masks.append(np.zeros(0, dtype=bool))
            continue
        floor = float(np.percentile(db, 10))
        speech = (db > max(floor + FLOOR_DB, ABS_MIN_DB))
        for j, other in enumerate(levels):
            if j != i:
                speech &= db > other - BLEED_DB  # the other party's bleed is not this channel's speech
        masks.append(_smooth(speech))
    return masks


def segments(mask: np.ndarray, pad_ms: int = 150) -> list[tuple[int, int]]:
    """Speech segments of one channel as (start_ms, end_ms), padded for the recognizer."""
    return [(max(0, a * FRAME_MS - pad_ms), b * FRAME_MS + pad_ms) for a, b in _runs(mask)]


def events(masks: list[np.ndarray], silence_ms: int = 3000, talkover_ms: int = 200) -> list[tuple[str, int, int]]:
    """(kind, start_ms, duration_ms) of silences and talk-overs."""
    if not masks or not len(masks[0]):
        return []
    anyone = np.logical_or.reduce(masks)
    out = [("silence", a * FRAME_MS, (b - a) * FRAME_MS) for a, b in _runs(~anyone)
           if (b - a) * FRAME_MS >= silence_ms]
    if len(masks) >= 2:
        both = np.logical_and(masks[0], masks[1])
        out += [("talkover", a * FRAME_MS, (b - a) * FRAME_MS) for a, b in _runs(both)
                if (b - a) * FRAME_MS >= talkover_ms]
    return sorted(out, key=lambda e: e[1])
