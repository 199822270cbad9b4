"""Speech engines behind one interface; the offline default is pocketsphinx (its wheel ships the
en-US acoustic model, dictionary and language model: nothing is downloaded).

An engine takes 16 kHz mono 16-bit PCM (numpy int16) of one utterance and answers
- `transcribe`: the words with their times (ms from the start of the samples) and confidence — with
  the tenant's domain language model when one is given (lm.py), else the generic one; samples
  upsampled from telephone audio are flagged `narrowband` (their empty upper band is filled),
- `spot`: where given phrases were spoken (keyword spotting), each with its confidence.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Protocol

import numpy as np

RATE = 16000
FRAME_MS = 10  # pocketsphinx frames
# Telephone (8 kHz) audio upsampled to 16 kHz has nothing above 4 kHz, where the wideband acoustic
# model always saw some energy: its top filterbank channels then sit at the log floor and skew the
# cepstra. A faint noise fill of the top of the band (white noise through an 8-tap moving average,
# shifted up by half the sample rate: most of its energy within 6-8 kHz, a weaker lobe within 4-6 kHz;
# about -64 dBFS) makes such audio look like quiet wideband speech. Shape and level were chosen on the
# development calls (bench/speech_dev.py): a flat 4-8 kHz fill or a louder one did worse.
BAND_FILL = 40.0  # std of the white noise, in 16-bit sample units
BAND_FILL_TAPS = 8


def fill_band(pcm: np.ndarray, level: float = BAND_FILL) -> np.ndarray:
    """16 kHz int16 samples of narrowband audio with the faint upper-band noise fill (deterministic:
    the noise is seeded by the length)."""
    if len(pcm) == 0 or level <= 0:
        return pcm
    rng = np.random.default_rng(len(pcm))
    low = np.convolve(rng.standard_normal(len(pcm)) * level, np.ones(BAND_FILL_TAPS) / BAND_FILL_TAPS, mode="same")
    low[1::2] *= -1  # times (-1)^n: the low band moves to the top
    return np.clip(pcm.astype(np.float64) + low, -32768, 32767).astype(np.int16)


@dataclass(frozen=True)
class Word:
    word: str
    start_ms: int
    end_ms: int
    confidence: float  # 0-1


@dataclass(frozen=True)
class Spotted:
    key: str  # the phrase text spotted (as given to `spot`)
    start_ms: int
    end_ms: int
    confidence: float  # 0-1


class SpeechEngine(Protocol):
    name: str

    def transcribe(self, pcm: np.ndarray, domain=None, narrowband: bool = False) -> list[Word]: ...

    def spot(self, pcm: np.ndarray, phrases: list[str]) -> list[Spotted]: ...

    def known(self, phrase: str) -> bool: ...


_ALT = re.compile(r"\(\d+\)$")


class PocketSphinxEngine:
    """pocketsphinx with its bundled en-US model. A decoder is costly to load (~1-3 s), so each
    thread keeps one for transcription and one for keyword spotting."""

    name = "pocketsphinx-en-us"

    def __init__(self, kws_threshold: float = 1e-20):
        self.kws_threshold = kws_threshold
        self._local = threading.local()

    def _decoder(self, kind: str):
        dec = getattr(self._local, kind, None)
        if dec is None:
            from pocketsphinx import Decoder  # noqa: PLC0415 - loaded on first use only

            dec = Decoder(samprate=RATE, loglevel="FATAL") if kind == "lm" else Decoder(
                samprate=RATE, loglevel="FATAL", lm=None, keyphrase="placeholder", kws_threshold=self.kws_threshold)
            setattr(self._local, kind, dec)
        return dec

    def known(self, phrase: str) -> bool:
        dec = self._decoder("lm")
        words = phrase.lower().split()
        return bool(words) and all(dec.lookup_word(w) is not None for w in words)

    MAX_DOMAIN_MODELS = 4  # per thread's decoder (the least recently used is dropped)

    def _search(self, dec, domain) -> None:
        """Activate the domain model's search (loaded on first use) or the generic one."""
        if getattr(self._local, "generic_search", None) is None:
            self._local.generic_search = dec.current_search()
            self._local.domains = []
        if domain is None:
            dec.activate_search(self._local.generic_search)
            return
        loaded: list[str] = self._local.domains
        if domain.key in loaded:
            loaded.remove(domain.key)
        else:
            dec.add_lm_file(domain.key, str(domain.path))
        loaded.append(domain.key)
        dec.activate_search(domain.key)
        while len(loaded) > self.MAX_DOMAIN_MODELS:
            dec.remove_search(loaded.pop(0))

    @staticmethod
    def _front_end(dec, narrowband: bool) -> None:
        """The model's noise removal (spectral subtraction of the tracked noise floor) stays on for
        wideband audio; on narrowband audio it is off: there it took the fill of the empty band away
        again and made the result hang on the fill's noise (chosen on the development calls)."""
        remove_noise = not narrowband
        if bool(dec.config["remove_noise"]) != remove_noise:
            dec.config["remove_noise"] = remove_noise
            dec.reinit_feat()  # tens of microseconds

    def transcribe(self, pcm: np.ndarray, domain=None, narrowband: bool = False) -> list[Word]:
        """`narrowband`: the samples were upsampled from telephone audio (8 kHz): the empty band above
        4 kHz gets a faint noise fill (`fill_band`) before decoding, without noise removal."""
        dec = self._decoder("lm")
        self._search(dec, domain)
        pcm = np.ascontiguousarray(pcm, dtype=np.int16)
        if narrowband:
            pcm = fill_band(pcm)
        self._front_end(dec, narrowband)
        dec.start_utt()
        dec.process_raw(pcm.tobytes(), full_utt=True)
        dec.end_utt()
        out = []
        for seg in dec.seg() or []:
            word = _ALT.sub("", seg.word)
            if word.startswith(("<", "[")) or word in ("<sil>",):
                continue
            out.append(Word(word, seg.start_frame * FRAME_MS, (seg.end_frame + 1) * FRAME_MS,
                            float(min(1.0, max(0.0, seg.prob)))))
        return out

    def spot(self, pcm: np.ndarray, phrases: list[str]) -> list[Spotted]:
        keys = sorted({p.lower() for p in phrases if self.known(p)})
        if not keys or len(pcm) == 0:
            return []
        dec = self._decoder("kws")
        name = f"kws{hash(tuple(keys)) & 0xFFFFFFF}"
        if getattr(self._local, "kws_name", None) != name:
            import os  # noqa: PLC0415
            import tempfile  # noqa: PLC0415

            with tempfile.NamedTemporaryFile("w", suffix=".kws", delete=False) as f:
                for k in keys:
                    f.write(f"{k} /{self.kws_threshold:g}/\n")
                path = f.name
            try:
                dec.add_kws(name, path)
            finally:
                os.unlink(path)
            dec.activate_search(name)
            previous = getattr(self._local, "kws_name", None)
            if previous is not None:
                dec.remove_search(previous)  # one keyword search kept per thread
            self._local.kws_name = name
        dec.start_utt()
        dec.process_raw(np.ascontiguousarray(pcm, dtype=np.int16).tobytes(), full_utt=True)
        dec.end_utt()
        out = []
        for seg in dec.seg() or []:
            key = seg.word.strip().lower()
            if key in keys:
                out.append(Spotted(key, seg.start_frame * FRAME_MS, (seg.end_frame + 1) * FRAME_MS,
                                   float(min(1.0, max(0.0, seg.prob)))))
        return out


_DEFAULT: SpeechEngine | None = None


def default_engine() -> SpeechEngine:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = PocketSphinxEngine()
    return _DEFAULT
