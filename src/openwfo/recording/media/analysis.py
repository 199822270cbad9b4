"""Silence and talk-over found in a recording's audio.

The audio is read in 50 ms windows; a channel is "speaking" when its level is above -40 dBFS.
Silence: no channel speaking for 3 s or more. Talk-over (stereo recordings keep the agent and the
customer on separate channels): both channels speaking for 1 s or more, gaps under 200 ms bridged.
Work is streamed window by window, so a long recording never sits in memory whole.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WINDOW_MS = 50
LEVEL_DBFS = -40.0
SILENCE_MIN_MS = 3000
TALKOVER_MIN_MS = 1000
BRIDGE_MS = 200
MAX_ANALYSED_MS = 4 * 3600 * 1000
_THRESHOLD = 32768.0 * 10 ** (LEVEL_DBFS / 20)


@dataclass
class AudioEvent:
    kind: str  # silence | talkover
    start_ms: int  # from the start of the recording
    duration_ms: int


def _runs(active: np.ndarray, min_windows: int, bridge_windows: int = 0) -> list[tuple[int, int]]:
    """(start, length) of runs of True at least min_windows long; gaps up to bridge_windows joined."""
    runs: list[tuple[int, int]] = []
    if active.size == 0:
        return runs
    padded = np.concatenate(([False], active, [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    starts, ends = edges[0::2], edges[1::2]
    merged: list[list[int]] = []
    for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
        if merged and s - merged[-1][1] <= bridge_windows:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    for s, e in merged:
        if e - s >= min_windows:
            runs.append((s, e - s))
    return runs


def _levels(blocks) -> np.ndarray:
    """Per-window RMS per channel, from an iterator of (samples[n, channels] int16, rate)."""
    out: list[np.ndarray] = []
    carry = None
    for samples, rate in blocks:
        win = max(1, int(rate * WINDOW_MS / 1000))
        if carry is not None:
            samples = np.concatenate((carry, samples))
        n = (len(samples) // win) * win
        carry = samples[n:]
        if n:
            frames = samples[:n].astype(np.float32).reshape(-1, win, samples.shape[1])
            out.append(np.sqrt(np.mean(frames * frames, axis=1)))
    return np.concatenate(out) if out else np.zeros((0, 1), dtype=np.float32)


def _wav_blocks(path: Path):
    with wave.open(str(path), "rb") as w:
        channels, width, rate = w.getnchannels(), w.getsampwidth(), w.getframerate()
        if width not in (1, 2):
            raise ValueError("only 8- and 16-bit PCM is analysed directly")
        limit = rate * MAX_ANALYSED_MS // 1000
        read = 0
        while read < limit:
            raw = w.readframes(rate * 10)
            if not raw:
                break
            if width == 2:
                data = np.frombuffer(raw, dtype="<i2")
            else:
                data = (np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) * 256
            frames = data.reshape(-1, channels)
            read += len(frames)
            yield frames, rate


def _av_blocks(path: Path):
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            return
        stream = container.streams.audio[0]
        channels = min(2, stream.codec_context.channels or 1)
        rate = 8000
        resampler = av.AudioResampler(format="s16", layout="stereo" if channels == 2 else "mono", rate=rate)
        total = 0
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                data = out.to_ndarray().reshape(-1, channels)
                total += len(data)
                yield data, rate
            if total >= rate * MAX_ANALYSED_MS // 1000:
                break


def analyse(path: Path, fmt: str) -> list[AudioEvent]:
    """Silence and talk-over events in the audio of a stored file (empty when it has no audio)."""
    try:
        blocks = _wav_blocks(path) if fmt == "wav" else _av_blocks(path)
        levels = _levels(blocks)
    except (ValueError, wave.Error, EOFError):
        levels = _levels(_av_blocks(path))
    if levels.size == 0:
        return []
    speaking = levels > _THRESHOLD
    events = [AudioEvent("silence", s * WINDOW_MS, n * WINDOW_MS)
              for s, n in _runs(~speaking.any(axis=1), SILENCE_MIN_MS // WINDOW_MS)]
    if speaking.shape[1] >= 2:
        both = speaking[:, 0] & speaking[:, 1]
        events += [AudioEvent("talkover", s * WINDOW_MS, n * WINDOW_MS)
                   for s, n in _runs(both, TALKOVER_MIN_MS // WINDOW_MS, BRIDGE_MS // WINDOW_MS)]
    return events
