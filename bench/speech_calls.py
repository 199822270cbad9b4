"""The speech accuracy evaluation set: generated stereo 8 kHz calls (festival's HTS voice, as
tests/analytics/fixtures/make_call.py), agent on the left, customer on the right, the other's bleed
at -25 dB and faint noise. Their wording is written apart from the domain language model's corpus
(src/openwfo/data/speech_contact_centre.txt): only the category phrases are shared.

Made once (needs Debian's festival and festvox-us-slt-hts): `python -m bench.speech_calls`; writes
bench/fixtures/eval_*.wav and bench/fixtures/eval_calls.json (each utterance's channel, start, end,
text). The benchmark (bench/analytics.py) reads them with tests/analytics/fixtures/call_8k.wav.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import av
import numpy as np

OUT = Path(__file__).parent / "fixtures"
RATE = 8000
GAP_MS = 700
# (channel 0 agent / 1 customer, text)
CALLS = {
    "eval_billing": [
        (0, "good afternoon thank you for calling this is maria speaking"),
        (1, "hi i have been charged twice for the same order"),
        (0, "i am sorry about that let me have a look at your invoice"),
        (1, "it came off my card last tuesday and again on friday"),
        (0, "you will get a refund within five days"),
        (1, "great thanks a lot"),
    ],
    "eval_cancel": [
        (0, "hello how can i help you this morning"),
        (1, "i want to end my contract the connection is terrible"),
        (0, "i understand could i try to fix it first"),
        (1, "no i would rather talk to your manager"),
        (0, "of course i will put you through now"),
    ],
    "eval_complaint": [
        (1, "i would like to file a complaint about the engineer"),
        (0, "i am sorry to hear that what went wrong"),
        (1, "he never turned up and nobody phoned me"),
        (0, "i will pass this to a supervisor today"),
        (1, "please close my account if it happens again"),
    ],
}


def _say(text: str, path: Path) -> np.ndarray:
    subprocess.run(["text2wave", "-eval", "(voice_cmu_us_slt_arctic_hts)", "-o", str(path)],
                   input=text.encode(), check=True)
    with av.open(str(path)) as c:
        r = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        parts = [f.to_ndarray().reshape(-1) for fr in c.decode(c.streams.audio[0]) for f in r.resample(fr)]
    return np.concatenate(parts)


def make(name: str, script: list[tuple[int, str]], tmp: Path) -> list[dict]:
    at, placed = 300, []
    for i, (ch, text) in enumerate(script):
        clip = _say(text, tmp / f"{name}-{i}.wav")
        placed.append((ch, at, clip, text))
        at += len(clip) * 1000 // RATE + GAP_MS
    end = max(a * RATE // 1000 + len(clip) for _ch, a, clip, _t in placed) + RATE // 2
    sig = np.zeros((2, end), dtype=np.float32)
    for ch, a, clip, _t in placed:
        s = a * RATE // 1000
        sig[ch, s:s + len(clip)] += 0.7 * clip
    rng = np.random.default_rng(11)
    mixed = sig + 10 ** (-25 / 20) * sig[::-1] + 0.0005 * rng.standard_normal(sig.shape).astype(np.float32)
    pcm = (np.clip(mixed, -1, 1) * 32767).astype(np.int16)
    with av.open(str(OUT / f"{name}.wav"), "w", format="wav") as c:
        s = c.add_stream("pcm_mulaw", rate=RATE, layout="stereo")
        frame = av.AudioFrame.from_ndarray(pcm.T.reshape(1, -1).copy(), format="s16", layout="stereo")
        frame.rate = RATE
        for p in s.encode(frame):
            c.mux(p)
        for p in s.encode(None):
            c.mux(p)
    return [{"channel": ch, "start": a, "end": a + len(clip) * 1000 // RATE, "text": t} for ch, a, clip, t in placed]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        manifest = {name: make(name, script, Path(tmp)) for name, script in CALLS.items()}
    (OUT / "eval_calls.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
