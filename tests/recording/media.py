"""Test media made on the fly: PCM WAV with the wave module, WEBM/WMV with PyAV. Nothing downloaded."""

from __future__ import annotations

import io
import json
import wave

import av
import numpy as np


def wav_bytes(seconds: float = 1.0, rate: int = 8000, channels: int = 1, freq: float = 440.0,
              silent: tuple[tuple[float, float], ...] = (), level: int = 8000,
              right_silent: tuple[tuple[float, float], ...] | None = None) -> bytes:
    """A sine tone; `silent` spans (seconds) are zeroed on every channel, `right_silent` on the right only."""
    n = int(seconds * rate)
    t = np.arange(n) / rate
    left = (np.sin(2 * np.pi * freq * t) * level).astype(np.int16)
    for a, b in silent:
        left[int(a * rate):int(b * rate)] = 0
    if channels == 1:
        data = left
    else:
        right = (np.sin(2 * np.pi * freq * 1.5 * t) * level).astype(np.int16)
        for a, b in silent + tuple(right_silent or ()):
            right[int(a * rate):int(b * rate)] = 0
        data = np.stack([left, right], axis=1)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())
    return buf.getvalue()


def _encode(fmt: str, vcodec: str | None, acodec: str | None, seconds: float = 1.0, fps: int = 5,
            size: tuple[int, int] = (64, 48), arate: int = 48000) -> bytes:
    buf = io.BytesIO()
    out = av.open(buf, "w", format=fmt)
    vs = as_ = None
    if vcodec:
        vs = out.add_stream(vcodec, rate=fps)
        vs.width, vs.height = size
        vs.pix_fmt = "yuv420p"
    if acodec:
        as_ = out.add_stream(acodec, rate=arate)
        as_.layout = "mono"
        as_.bit_rate = 64000
        as_.codec_context.open()
    if vs is not None:
        for i in range(int(seconds * fps)):
            img = np.full((size[1], size[0], 3), (i * 37) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = i
            for p in vs.encode(frame):
                out.mux(p)
        for p in vs.encode():
            out.mux(p)
    if as_ is not None:
        samples = (np.sin(2 * np.pi * 440 * np.arange(int(seconds * arate)) / arate) * 8000).astype(np.int16)
        step = as_.codec_context.frame_size or 1024
        fmt_name = as_.codec_context.format.name if as_.codec_context.format else "s16"
        for i in range(0, len(samples) - step + 1, step):
            chunk = samples[i:i + step].reshape(1, -1)
            if fmt_name.startswith("flt"):
                frame = av.AudioFrame.from_ndarray((chunk / 32768).astype(np.float32),
                                                   format="fltp" if fmt_name.endswith("p") else "flt", layout="mono")
            else:
                frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="mono")
            frame.sample_rate = arate
            frame.pts = i
            for p in as_.encode(frame):
                out.mux(p)
        for p in as_.encode():
            out.mux(p)
    out.close()
    return buf.getvalue()


def webm_bytes(video: bool = True, audio: bool = True, seconds: float = 1.0, vcodec: str = "libvpx") -> bytes:
    return _encode("webm", vcodec if video else None, "libopus" if audio else None, seconds)


def wmv_bytes(seconds: float = 1.0, audio: bool = True) -> bytes:
    return _encode("asf", "wmv2", "wmav2" if audio else None, seconds, arate=22050)


def multipart(metadata: dict[str, str | bytes], media: dict[str, bytes] | None = None) -> list:
    """httpx `files=` list: metadata documents and media files, each under the field name `file`."""
    parts = []
    for name, content in metadata.items():
        parts.append(("file", (name, content if isinstance(content, bytes) else content.encode(), "text/plain")))
    for name, content in (media or {}).items():
        parts.append(("file", (name, content, "application/octet-stream")))
    return parts


def post_json_contacts(client, contacts: list[dict], media: dict[str, bytes] | None = None):
    return client.post("/api/upload/contacts", files=multipart({"contacts.json": json.dumps(contacts)}, media))


def post_csv(client, text: str, media: dict[str, bytes] | None = None, name: str = "batch.csv"):
    return client.post("/api/upload/contacts", files=multipart({name: text}, media))
