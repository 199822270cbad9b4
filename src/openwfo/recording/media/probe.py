"""What an uploaded media file really is: the container and codecs must match the declared type.

Nothing about a file is trusted: its name only says which type it claims to be; the bytes are
checked (magic numbers, then the demuxer's view of the streams) before it is stored.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

# type -> (content type served, what the file must hold)
FORMATS: dict[str, str] = {
    "wav": "audio/wav",
    "webm": "video/webm",
    "webma": "audio/webm",
    "webmv": "video/webm",
    "spx": "audio/ogg",
    "wmv": "video/x-ms-wmv",
}
WEBM_VIDEO = {"vp8", "vp9", "av1"}
WEBM_AUDIO = {"opus", "vorbis"}
WMV_VIDEO = {"wmv1", "wmv2", "wmv3", "vc1", "wmv3image", "vc1image", "msmpeg4v3", "mpeg4"}
WMV_AUDIO = {"wmav1", "wmav2", "wmapro", "wmavoice", "wmalossless", "mp3"}


class MediaError(ValueError):
    """The file is not what its type says (or not media at all)."""


@dataclass
class MediaInfo:
    format: str
    has_audio: bool
    has_video: bool
    duration_ms: int | None
    channels: int | None
    sample_rate: int | None

    @property
    def content_type(self) -> str:
        if self.format in ("webm", "webmv") and not self.has_video:
            return "audio/webm"
        return FORMATS[self.format]


def format_of_name(name: str) -> str | None:
    """The declared type from a file name's extension (case-insensitive), or None."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext if ext in FORMATS else None


def _magic_ok(fmt: str, head: bytes) -> bool:
    if fmt == "wav":
        return head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE"
    if fmt in ("webm", "webma", "webmv"):
        return head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]
    if fmt == "spx":
        return head[:4] == b"OggS" and b"Speex   " in head[:128]
    if fmt == "wmv":
        return head[:16] == bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")
    return False


def probe(path: Path, fmt: str) -> MediaInfo:
    """Check `path` holds media of type `fmt`; raise MediaError saying why not."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise MediaError(f"unsupported media type {fmt!r} (supported: {', '.join(sorted(FORMATS))})")
    with open(path, "rb") as f:
        head = f.read(256)
    if not head:
        raise MediaError("the file is empty")
    if not _magic_ok(fmt, head):
        raise MediaError(f"the file is not a {fmt.upper()} file (its content does not match the type)")
    if fmt == "wav":
        info = _probe_pcm_wav(path)
        if info is not None:
            return info
    return _probe_av(path, fmt)


def _probe_pcm_wav(path: Path) -> MediaInfo | None:
    try:
        with wave.open(str(path), "rb") as w:
            frames, rate, channels = w.getnframes(), w.getframerate(), w.getnchannels()
    except (wave.Error, EOFError):
        return None  # not plain PCM (mu-law, ADPCM...): let the demuxer judge
    if rate <= 0 or channels <= 0:
        raise MediaError("the WAV header is invalid")
    return MediaInfo("wav", True, False, int(frames * 1000 / rate), channels, rate)


def _probe_av(path: Path, fmt: str) -> MediaInfo:
    import av

    try:
        container = av.open(str(path), options={"probesize": "5000000"})
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise MediaError(f"the file cannot be read as {fmt.upper()}: {exc.__class__.__name__}") from None
    try:
        name = container.format.name
        audio = [s for s in container.streams if s.type == "audio"]
        video = [s for s in container.streams if s.type == "video"]
        acodecs = {s.codec_context.name for s in audio}
        vcodecs = {s.codec_context.name for s in video}
        duration = container.duration
        channels = audio[0].codec_context.channels if audio else None
        rate = audio[0].codec_context.sample_rate if audio else None
    finally:
        container.close()
    if fmt == "wav":
        if name != "wav" or not audio or video:
            raise MediaError("the WAV file holds no audio stream")
    elif fmt in ("webm", "webma", "webmv"):
        if "webm" not in name or not (acodecs | vcodecs):
            raise MediaError("the file is not a WebM file")
        if acodecs - WEBM_AUDIO or vcodecs - WEBM_VIDEO:
            raise MediaError(f"WebM may hold VP8/VP9/AV1 video and Opus/Vorbis audio, not {sorted(acodecs | vcodecs)}")
        if fmt == "webma" and (video or not audio):
            raise MediaError("a WEBMA file must hold audio only")
        if fmt == "webmv" and (audio or not video):
            raise MediaError("a WEBMV file must hold video only")
        if fmt == "webm" and not video and not audio:
            raise MediaError("the WebM file holds no stream")
    elif fmt == "spx":
        if name != "ogg" or acodecs != {"speex"} or video:
            raise MediaError("an SPX file must be Ogg Speex audio")
    elif fmt == "wmv":
        if name != "asf" or not video or vcodecs - WMV_VIDEO or acodecs - WMV_AUDIO:
            raise MediaError("a WMV file must be ASF with Windows Media video")
    duration_ms = int(duration / 1000) if duration and duration > 0 else None
    return MediaInfo(fmt, bool(audio), bool(video), duration_ms, channels, rate)
