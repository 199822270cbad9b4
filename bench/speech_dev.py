"""The speech tuning (development) set: generated stereo 8 kHz calls made exactly as the evaluation
set (bench/speech_calls.py: festival's HTS voice, the other party's bleed at -25 dB, faint noise),
with wording written apart from both the evaluation calls and the domain model's corpus. Decoder
and segmentation settings are chosen on these calls only; the evaluation set is measured once with
the chosen settings.

Made once: `python -m bench.speech_dev`; writes bench/fixtures/dev_*.wav and
bench/fixtures/dev_calls.json.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from .speech_calls import OUT, make

CALLS = {
    "dev_delivery": [
        (0, "good morning you are through to the parcel team my name is john"),
        (1, "my package was meant to arrive yesterday but it never came"),
        (0, "can you read me the tracking number please"),
        (1, "yes it is on the email they sent me last week"),
        (0, "it looks like the driver left it with a neighbor"),
        (1, "that is strange nobody told me anything"),
    ],
    "dev_broadband": [
        (1, "my internet keeps dropping every evening"),
        (0, "sorry about that have you restarted the router"),
        (1, "yes several times and it still does not work"),
        (0, "i can book an engineer for thursday morning"),
        (1, "thursday is fine but i want a refund for this month"),
        (0, "i will add a credit to your next bill"),
    ],
    "dev_insurance": [
        (0, "thank you for holding how may i help"),
        (1, "i need to change the address on my policy"),
        (0, "no problem what is the new post code"),
        (1, "we moved to a small house near the station"),
        (0, "the price will go up a little from next month"),
        (1, "fine please send me the new documents"),
    ],
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        manifest = {name: make(name, script, Path(tmp)) for name, script in CALLS.items()}
    (OUT / "dev_calls.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
