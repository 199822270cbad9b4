"""Audio for speech analysis: decoding to 16 kHz per channel, voice-activity detection with a
cross-talk gate, silence and talk-over.

- `decode_channels(path)`: every channel of the recording, resampled (8 kHz telephone audio is
  upsampled) to 16 kHz int16, channel 0 = the agent (left), 1 = the customer (right) — the whole
  recording in memory (tests, benchmarks); the analysis job streams instead; `narrowband(path)`:
  the recording's own rate is under 16 kHz (the recognizer fills the empty upper band):
- `channel_levels(path)` reads the file once, block by block, keeping only each channel's level per
  30 ms frame (about 270 bytes per second of audio); `activity(levels)` turns them into speech masks;
  `iter_segments(path, segments)` reads the file again and hands out each speech segment's samples as
  soon as they are decoded, holding no more than the segment being cut per channel.
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


def blocks(path: Path):
    """The recording decoded block by block: arrays of shape (channels, samples), int16 at 16 kHz."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels or 1
        layout = "stereo" if channels >= 2 else "mono"
        resampler = av.AudioResampler(format="s16p", layout=layout, rate=RATE)
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                yield out.to_ndarray()
        for out in resampler.resample(None):
            yield out.to_ndarray()


def source_rate(path: Path) -> int:
    """The recording's own sample rate (before resampling to 16 kHz); 0 when it has no audio."""
    with av.open(str(path)) as container:
        streams = container.streams.audio
        return int(streams[0].codec_context.sample_rate or streams[0].rate or 0) if streams else 0


def narrowband(path: Path) -> bool:
    """Telephone audio (8 kHz and the like): nothing above 4 kHz once upsampled."""
    return 0 < source_rate(path) < RATE


def decode_channels(path: Path) -> list[np.ndarray]:
    parts = list(blocks(path))
    if not parts:
        return [np.zeros(0, dtype=np.int16)]
    data = np.concatenate(parts, axis=1)
    return [np.ascontiguousarray(data[i]) for i in range(data.shape[0])]


def channel_levels(path: Path) -> tuple[list[np.ndarray], int]:
    """Per channel the level (dBFS) of each 30 ms frame, read block by block; and the samples per
    channel."""
    rest: np.ndarray | None = None
    levels: list[list[np.ndarray]] = []
    total = 0
    for block in blocks(path):
        total += block.shape[1]
        data = block if rest is None else np.concatenate([rest, block], axis=1)
        n = data.shape[1] // FRAME * FRAME
        if not levels:
            levels = [[] for _ in range(data.shape[0])]
        for i in range(data.shape[0]):
            levels[i].append(frame_db(data[i, :n]))
        rest = data[:, n:]
    if not levels:
        return [np.zeros(0)], 0
    return [np.concatenate(parts) if parts else np.zeros(0) for parts in levels], total


def iter_segments(path: Path, segments: list[list[tuple[int, int]]]):
    """(channel, start_ms, end_ms, samples) of each (start_ms, end_ms) segment of each channel, as the
    file is decoded (in the order segments end); only the samples of segments still to cut are kept."""
    to_cut = [sorted(s) for s in segments]
    nxt = [0] * len(to_cut)
    buf: list[np.ndarray] = [np.zeros(0, dtype=np.int16) for _ in to_cut]
    base = [0] * len(to_cut)  # sample index of buf[ch][0]
    pos = 0  # samples decoded per channel

    def cut(ch: int, final: bool):
        while nxt[ch] < len(to_cut[ch]):
            start, end = to_cut[ch][nxt[ch]]
            a, b = start * RATE // 1000, end * RATE // 1000
            if b > pos and not final:
                break
            yield ch, start, end, buf[ch][max(0, a - base[ch]):max(0, b - base[ch])].copy()
            nxt[ch] += 1
        keep = to_cut[ch][nxt[ch]][0] * RATE // 1000 if nxt[ch] < len(to_cut[ch]) else pos
        drop = min(len(buf[ch]), max(0, keep - base[ch]))
        if drop:
            buf[ch], base[ch] = buf[ch][drop:], base[ch] + drop

    for block in blocks(path):
        for ch in range(min(len(to_cut), block.shape[0])):
            buf[ch] = np.concatenate([buf[ch], block[ch]])
        pos += block.shape[1]
        for ch in range(len(to_cut)):
            yield from cut(ch, False)
    for ch in range(len(to_cut)):
        yield from cut(ch, True)


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
    return activity([frame_db(c) for c in channels])


def activity(levels: list[np.ndarray]) -> list[np.ndarray]:
    """Speech masks from the channels' frame levels (see `voice_activity`)."""
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
