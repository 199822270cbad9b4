"""Encoding a contact's recordings into one export file with PyAV (FFmpeg).

Audio and screen recordings are decoded together, in time order, each shifted by its offset from
the contact's start, so the export plays them in sync; a late audio start is filled with silence.
Frames stream through the encoders (nothing is decoded whole into memory).
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from av.audio.fifo import AudioFifo

FORMATS = {
    # type: (container, video codec or None, audio codec, extension, content type)
    "WEBM": ("webm", "libvpx", "libopus", "webm", "video/webm"),
    "WEBM_VP8": ("webm", "libvpx", "libopus", "webm", "video/webm"),
    "WEBM_VP9": ("webm", "libvpx-vp9", "libopus", "webm", "video/webm"),
    "WAV": ("wav", None, "pcm_s16le", "wav", "audio/wav"),
    "OPUS": ("ogg", None, "libopus", "opus", "audio/ogg"),
}
AUDIO_ONLY = {"WAV", "OPUS"}
MS = Fraction(1, 1000)


class ExportError(RuntimeError):
    pass


@dataclass
class Source:
    path: Path
    offset_ms: int


def _audio_frames(src: Source, base_ms: int):
    """(time_s, frame) of the audio, on the export's timeline."""
    with av.open(str(src.path)) as c:
        if not c.streams.audio:
            return
        for frame in c.decode(c.streams.audio[0]):
            t = float(frame.time or 0.0) if frame.time is not None else 0.0
            yield t + (src.offset_ms - base_ms) / 1000, 0, frame


def _video_frames(src: Source, base_ms: int):
    with av.open(str(src.path)) as c:
        if not c.streams.video:
            return
        for frame in c.decode(c.streams.video[0]):
            t = float(frame.time) if frame.time is not None else 0.0
            yield t + (src.offset_ms - base_ms) / 1000, 1, frame


def _audio_layout(src: Source) -> tuple[str, int]:
    with av.open(str(src.path)) as c:
        s = c.streams.audio[0].codec_context
        return ("stereo" if (s.channels or 1) >= 2 else "mono"), (s.sample_rate or 8000)


def _video_size(src: Source) -> tuple[int, int, float]:
    with av.open(str(src.path)) as c:
        s = c.streams.video[0]
        rate = float(s.average_rate) if s.average_rate else 10.0
        return s.codec_context.width or 320, s.codec_context.height or 240, min(max(rate, 1.0), 30.0)


def _in_spans(t: float, spans: list[tuple[float, float]]) -> bool:
    return any(a <= t < b for a, b in spans)


def _silence(chunk, t0: float, rate: int, spans: list[tuple[float, float]], layout: str):
    """The s16 chunk starting at t0 (s) with its samples inside the spans set to zero."""
    n = chunk.samples
    hits = [(max(0, int(round((a - t0) * rate))), min(n, int(round((b - t0) * rate)))) for a, b in spans
            if b > t0 and a < t0 + n / rate]
    hits = [(x, y) for x, y in hits if y > x]
    if not hits:
        return chunk
    channels = 2 if layout == "stereo" else 1
    data = chunk.to_ndarray().copy()
    for x, y in hits:
        data[0, x * channels:y * channels] = 0
    out = av.AudioFrame.from_ndarray(data, format="s16", layout=layout)
    out.sample_rate = rate
    return out


def transcode(target: str, audio: Source | None, video: Source | None, out_path: Path,
              mute: list[tuple[int, int]] | None = None) -> None:
    """Write the export of `target` type to out_path. `mute`: [start, end) spans in ms on the
    sources' timeline (their offsets' origin) where the audio is silenced and the video is black."""
    if target not in FORMATS:
        raise ExportError(f"unknown export type {target}")
    container_fmt, vcodec, acodec, _ext, _ctype = FORMATS[target]
    if target in AUDIO_ONLY:
        video = None
        if audio is None:
            raise ExportError("the contact has no audio recording to export")
    if audio is None and video is None:
        raise ExportError("the contact has no recording to export")
    base = min(s.offset_ms for s in (audio, video) if s is not None)
    spans = [((a - base) / 1000, (b - base) / 1000) for a, b in (mute or ())]
    out = av.open(str(out_path), "w", format=container_fmt)
    try:
        astream = vstream = None
        resampler = fifo = None
        if audio is not None:
            layout, src_rate = _audio_layout(audio)
            rate = 48000 if acodec == "libopus" else min(src_rate, 48000)
            astream = out.add_stream(acodec, rate=rate)
            astream.layout = layout
            if acodec == "libopus":
                astream.bit_rate = 48000 if layout == "stereo" else 32000
            sample_fmt = "s16"
            resampler = av.AudioResampler(format=sample_fmt, layout=layout, rate=rate)
            fifo = AudioFifo()
            frame_size = 960 if acodec == "libopus" else 1024
            lead = int(round((audio.offset_ms - base) / 1000 * rate))
            channels = 2 if layout == "stereo" else 1
            if lead > 0:
                silence = av.AudioFrame.from_ndarray(np.zeros((1, lead * channels), dtype=np.int16), format="s16",
                                                     layout=layout)
                silence.sample_rate = rate
                silence.pts = None
                fifo.write(silence)
        if video is not None and vcodec:
            width, height, fps = _video_size(video)
            vstream = out.add_stream(vcodec, rate=Fraction(fps).limit_denominator(1000))
            vstream.width, vstream.height = max(2, width - width % 2), max(2, height - height % 2)
            vstream.pix_fmt = "yuv420p"
            vstream.codec_context.time_base = MS
            vstream.bit_rate = 400_000
            vstream.codec_context.options = {"deadline": "realtime", "cpu-used": "8", "lag-in-frames": "0"}
            if vcodec == "libvpx-vp9":
                vstream.codec_context.options["row-mt"] = "1"
        sources = []
        if astream is not None:
            sources.append(_audio_frames(audio, base))
        if vstream is not None:
            sources.append(_video_frames(video, base))
        samples_out = 0
        last_vpts = -1
        black = None

        def drain_audio(final: bool = False):
            nonlocal samples_out
            while fifo.samples >= frame_size or (final and fifo.samples > 0):
                chunk = fifo.read(frame_size) if fifo.samples >= frame_size else fifo.read()
                if spans:
                    chunk = _silence(chunk, samples_out / astream.rate, astream.rate, spans, layout)
                chunk.pts = samples_out
                chunk.time_base = Fraction(1, astream.rate)
                samples_out += chunk.samples
                for packet in astream.encode(chunk):
                    out.mux(packet)

        for _t, kind, frame in heapq.merge(*sources, key=lambda item: (item[0], item[1])):
            if kind == 0:
                frame.pts = None
                for converted in resampler.resample(frame):
                    fifo.write(converted)
                drain_audio()
            else:
                pts = int(round(_t * 1000))
                if pts <= last_vpts:
                    continue
                last_vpts = pts
                if spans and _in_spans(_t, spans):
                    if black is None:
                        black = av.VideoFrame.from_ndarray(
                            np.zeros((vstream.height, vstream.width, 3), dtype=np.uint8), format="rgb24")
                    frame = black
                image = frame.reformat(width=vstream.width, height=vstream.height, format="yuv420p")
                image.pts = max(0, pts)
                image.time_base = MS
                for packet in vstream.encode(image):
                    out.mux(packet)
        if astream is not None:
            for converted in resampler.resample(None):
                fifo.write(converted)
            drain_audio(final=True)
            for packet in astream.encode(None):
                out.mux(packet)
        if vstream is not None:
            for packet in vstream.encode(None):
                out.mux(packet)
    finally:
        out.close()
