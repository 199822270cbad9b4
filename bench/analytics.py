"""Analytics: speech throughput and accuracy, text hits after a category change.

Speech (pocketsphinx, the bundled en-US model, no domain language model): the generated stereo calls
tests/analytics/fixtures/call_8k.wav and call_16k.wav (festival's HTS voice, fixtures/make_call.py),
decoded per channel with voice-activity segmentation as the analysis job does. CPU seconds (process
time) per second of call audio for transcription and for phrase spotting; audio hours per hour on
this machine (one core); word error rate per call; spotting recall and precision for the script's
phrases plus distractors that were never said (a hit counts when it lies within 1 s of the
utterance that holds the phrase).

Text hits: BENCH_TEXT_CONTACTS (default 100,000) text contacts in SQLite; creating a category with
three phrases recomputes their hits in every text (contacts per second).

Run: `python -m bench.analytics`.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from pathlib import Path

from .common import scratch_store, write_result

FIXTURES = Path(__file__).parent.parent / "tests" / "analytics" / "fixtures"
TEXT_CONTACTS = int(os.environ.get("BENCH_TEXT_CONTACTS", "100000"))
SAID = {"cancel my account": (1, 3300, 6100), "speak to a supervisor": (1, 10600, 12900),
        "how can i help you": (0, 300, 2900), "check that for you": (0, 9800, 11400)}
NEVER_SAID = ["transfer me now", "close my account", "thank you for your patience", "i want a refund"]


def _wer(ref: str, hyp: str) -> float:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
    return d[len(h)] / len(r)


def speech() -> dict:
    import importlib.util

    from openwfo.analytics.speech import audio
    from openwfo.analytics.speech.engine import PocketSphinxEngine
    spec = importlib.util.spec_from_file_location("make_call", FIXTURES / "make_call.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    refs = {ch: " ".join(t for _n, c, _s, t in script.SCRIPT if c == ch) for ch in (0, 1)}
    engine = PocketSphinxEngine()
    engine.transcribe(audio.decode_channels(FIXTURES / "call_8k.wav")[0][:16000])  # load the models first
    engine.spot(audio.decode_channels(FIXTURES / "call_8k.wav")[0][:16000], ["hello"])
    out = {}
    for name in ("call_8k", "call_16k"):
        channels = audio.decode_channels(FIXTURES / f"{name}.wav")
        seconds = len(channels[0]) / audio.RATE
        masks = audio.voice_activity(channels)
        t_tr = t_sp = 0.0
        hyps = {0: [], 1: []}
        hits = []
        for ch, (pcm, mask) in enumerate(zip(channels, masks, strict=True)):
            for start, end in audio.segments(mask):
                piece = pcm[start * 16:end * 16]
                t = time.process_time()
                hyps[ch] += [w.word for w in engine.transcribe(piece)]
                t_tr += time.process_time() - t
                t = time.process_time()
                hits += [(s.key, ch, start + s.start_ms) for s in engine.spot(piece, [*SAID, *NEVER_SAID])]
                t_sp += time.process_time() - t
        correct = {k for k, ch, at in hits if k in SAID and SAID[k][0] == ch and SAID[k][1] - 1000 <= at <= SAID[k][2] + 1000}
        true_hits = sum(1 for k, ch, at in hits if k in SAID and SAID[k][0] == ch
                        and SAID[k][1] - 1000 <= at <= SAID[k][2] + 1000)
        wer = {ch: round(_wer(refs[ch], " ".join(hyps[ch])), 3) for ch in (0, 1)}
        out[name] = {
            "audioSeconds": round(seconds, 2),
            "transcriptionCpuPerAudioSecond": round(t_tr / seconds, 3),
            "spottingCpuPerAudioSecond": round(t_sp / seconds, 3),
            "audioHoursPerHourTranscription": round(seconds / t_tr, 1) if t_tr else None,
            "werByChannel": wer,
            "wer": round(_wer(refs[0] + " " + refs[1], " ".join(hyps[0] + hyps[1])), 3),
            "hypothesis": {ch: " ".join(hyps[ch]) for ch in (0, 1)},
            "spottingRecall": round(len(correct) / len(SAID), 2),
            "spottingPrecision": round(true_hits / len(hits), 2) if hits else None,
            "spotted": [[k, ch, at] for k, ch, at in hits],
        }
    return out


def text_hits() -> dict:
    from sqlalchemy import insert

    from openwfo.analytics.categories import service as categories
    from openwfo.analytics.categories.schemas import PhraseListIn
    from openwfo.analytics.textmatch import normalized
    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.migrate import migrate
    from openwfo.models import CasTextContact, Contact, Person, Team
    from openwfo.org.provision import create_tenant

    words = ("please account order refund delivery password manager service broken thanks hello issue "
             "invoice charged twice cancel close my the a to I want would like help now today").split()
    rng = random.Random(5)
    with scratch_store("sqlite", "openwfo-bench-analytics-") as (url, _tmp):
        database = Database(Settings(database_url=url))
        migrate(database)
        with database.session() as db:
            tid = create_tenant(db, f"bench-{uuid.uuid4().hex[:8]}").id
        with database.session(tid) as db:
            team = db.query(Team).first()
            p = Person(email="agent@bench.test", first_name="A", last_name="B", team_id=team.id)
            db.add(p)
            db.flush()
            pid, team_id = p.id, team.id
        t = time.perf_counter()
        for base in range(0, TEXT_CONTACTS, 10_000):
            n = min(10_000, TEXT_CONTACTS - base)
            with database.session(tid) as db:
                rows = [{"start_ms": 1_700_000_000_000 + i, "tz": "UTC", "person_id": pid, "team_id": team_id,
                         "medium": "email", "contact_type": "quality"} for i in range(n)]
                ids = [r.id for r in db.execute(insert(Contact).returning(Contact.id), rows)]
                texts = []
                for cid in ids:
                    body = " ".join(rng.choice(words) for _ in range(rng.randint(20, 120))) + "."
                    texts.append({"contact_id": cid, "text_type": "email", "username": "agent@bench.test",
                                  "body": body, "norm_text": normalized(body), "receivers": "[]", "references": "[]"})
                db.execute(insert(CasTextContact), texts)
        load_s = time.perf_counter() - t
        body = PhraseListIn.model_validate({"categories": [{"category": "Churn", "phrases": [
            {"phrase": "cancel my account"}, {"phrase": "charged twice"}, {"phrase": "want refund", "soundsLike": "would like refund"}]}]})
        t = time.perf_counter()
        with database.session(tid) as db:
            out = categories.create(db, body)
        recompute_s = time.perf_counter() - t
        with database.session(tid) as db:
            from sqlalchemy import func, select

            from openwfo.models import CasTextHit
            hits = db.scalar(select(func.count()).select_from(CasTextHit))
        database.dispose()
    return {"store": "sqlite", "textContacts": TEXT_CONTACTS, "loadSeconds": round(load_s, 1),
            "categoryChangeSeconds": round(recompute_s, 2),
            "contactsPerSecond": round(TEXT_CONTACTS / recompute_s), "hitsStored": hits,
            "phrases": len(out["phrases"])}


def main() -> None:
    write_result("analytics", {
        "notes": ("CPU per audio second is process time of one core divided by the call's length (both channels "
                  "decoded); no domain language model is built (WER with it not measured). Spotting: a hit counts "
                  "within 1 s of the utterance holding the phrase. Text hits: SQLite only on this 2-core machine."),
        "targets": {"transcriptionCpuPerAudioSecond": 0.25, "spottingCpuPerAudioSecond": 0.05, "wer8kWithDomainLm": 0.15,
                    "spottingRecall": 0.9, "spottingPrecision": 0.9},
        "speech": speech(),
        "textHits": text_hits(),
    })


if __name__ == "__main__":
    main()
