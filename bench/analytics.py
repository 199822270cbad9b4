"""Analytics: speech throughput and accuracy, text hits after a category change.

Speech (pocketsphinx, the bundled en-US model), with the generic language model and with the domain
model built from PHRASES (speech/lm.py): the development calls' WER (bench/speech_dev.py: where the
8 kHz front end and the model's mixing weight were chosen), and four generated stereo 8 kHz calls — the tests' call
(tests/analytics/fixtures/call_8k.wav) and the evaluation set bench/fixtures/eval_*.wav, whose
wording is not the domain corpus's (bench/speech_calls.py) — and the wideband call_16k.wav
(festival's HTS voice), decoded per channel with voice-activity segmentation, streamed, as the
analysis job does. CPU seconds (process time) per second of call audio for transcription and for
phrase spotting; audio hours per hour on one core; word error rate over the calls; spotting recall
and precision as the job spots (keyword spotting plus the phrase words in the transcript, kept at
confidence >= 50), a hit counting when it lies within 1 s of the utterance that holds the phrase.

Text hits: BENCH_TEXT_CONTACTS (default 100,000) text contacts in SQLite; creating a category with
three phrases queues the text hits job (the request's time), which then recomputes their hits in
every text (contacts per second, wall and CPU).

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
EVAL = Path(__file__).parent / "fixtures"
# The demo tenant's phrases (demo/analytics.py), the tests' call's "check that for you", and
# distractors never said in any call.
PHRASES = ["cancel my account", "close my account", "end my contract", "speak to a supervisor", "talk to your manager",
           "file a complaint", "thank you for calling", "how can i help you", "refund", "charged twice", "my invoice",
           "check that for you", "transfer me now", "thank you for your patience", "i want a refund"]


def _wer(ref: str, hyp: str) -> float:
    r, h = ref.split(), hyp.split()
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
    return d[len(h)] / len(r)


def _eval_calls() -> dict[str, tuple[Path, list[dict]]]:
    """name -> (file, utterances {channel, start, end, text}): the tests' call and the evaluation set."""
    import json

    calls = {"call_8k": (FIXTURES / "call_8k.wav", [
        {"channel": 0, "start": 300, "end": 2900, "text": "thank you for calling how can i help you"},
        {"channel": 1, "start": 3300, "end": 6100, "text": "hello i would like to cancel my account please"},
        {"channel": 0, "start": 9800, "end": 11400, "text": "let me check that for you"},
        {"channel": 1, "start": 10600, "end": 12900, "text": "i want to speak to a supervisor"}])}
    manifest = json.loads((EVAL / "eval_calls.json").read_text())
    calls.update({name: (EVAL / f"{name}.wav", utts) for name, utts in manifest.items()})
    return calls


def _dev_calls() -> dict[str, tuple[Path, list[dict]]]:
    """The development calls (bench/speech_dev.py), on which decoder settings were chosen."""
    import json

    manifest = json.loads((EVAL / "dev_calls.json").read_text())
    return {name: (EVAL / f"{name}.wav", utts) for name, utts in manifest.items()}


def _set_wer(engine, calls: dict, dom, keys: dict) -> dict:
    errors, ref_words, per_call = 0.0, 0, {}
    for name, (path, utts) in calls.items():
        r = _decode(engine, path, dom, keys)
        call_errors = call_words = 0.0
        for ch in (0, 1):
            ref = " ".join(u["text"] for u in utts if u["channel"] == ch)
            n = len(ref.split())
            call_errors += _wer(ref, r["hyp"][ch]) * n
            call_words += n
        errors += call_errors
        ref_words += call_words
        per_call[name] = {"wer": round(call_errors / call_words, 3), "hypothesis": r["hyp"]}
    return {"calls8k": len(calls), "wer8k": round(errors / ref_words, 3), "perCall": per_call}


def _decode(engine, path: Path, domain, keys: dict) -> dict:
    """Transcribe and spot one call as the analysis job does (kws, plus the phrase words found in the
    transcript away from a kws hit; hits kept at confidence >= 50, the default threshold)."""
    from openwfo.analytics.speech import audio
    from openwfo.analytics.speech.service import NEAR_MS, _transcript_hits

    levels, samples = audio.channel_levels(path)
    narrow = audio.narrowband(path)
    masks = audio.activity(levels)
    t_tr = t_sp = 0.0
    words: dict[int, list] = {0: [], 1: []}
    spotted = []
    for ch, start, _end, piece in audio.iter_segments(path, [audio.segments(m) for m in masks]):
        t = time.process_time()
        ws = engine.transcribe(piece, domain, narrowband=narrow)
        t_tr += time.process_time() - t
        words[ch] += [(w.word, start + w.start_ms, start + w.end_ms, w.confidence) for w in ws]
        t = time.process_time()
        spotted += [(s.key, ch, start + s.start_ms, s.confidence) for s in engine.spot(piece, list(keys))]
        t_sp += time.process_time() - t
    for ch in (0, 1):
        for k, st, _e, c in _transcript_hits(sorted(words[ch], key=lambda w: w[1]), keys):
            if not any(k2 == k and ch2 == ch and abs(s2 - st) < NEAR_MS for k2, ch2, s2, _c in spotted):
                spotted.append((k, ch, st, c))
    return {"seconds": samples / audio.RATE, "cpuTranscription": t_tr, "cpuSpotting": t_sp,
            "hyp": {ch: " ".join(w for w, *_ in sorted(words[ch], key=lambda w: w[1])) for ch in (0, 1)},
            "hits": [(k, ch, at) for k, ch, at, c in spotted if c * 100 >= 50]}


def speech() -> dict:
    from openwfo.analytics.speech import audio, lm
    from openwfo.analytics.speech.engine import PocketSphinxEngine
    from openwfo.analytics.textmatch import words as text_words

    keys = {" ".join(text_words(p)): [] for p in PHRASES}
    engine = PocketSphinxEngine()
    t = time.process_time()
    domain = lm.domain_model([(p, None) for p in PHRASES])
    build_cpu = time.process_time() - t
    warm = audio.decode_channels(FIXTURES / "call_8k.wav")[0][:16000]
    engine.transcribe(warm), engine.transcribe(warm, domain), engine.spot(warm, ["hello"])  # load the models first
    out: dict = {"phrases": PHRASES, "domainModelBuildCpuSeconds": round(build_cpu, 2),
                 "domainModelBytes": domain.path.stat().st_size}
    calls = _eval_calls()
    for label, dom in (("generic", None), ("domain", domain)):
        per_call, errors, ref_words, said_total, found, hits_total, hits_true = {}, 0.0, 0, 0, 0, 0, 0
        cpu_tr = cpu_sp = secs = 0.0
        for name, (path, utts) in calls.items():
            r = _decode(engine, path, dom, keys)
            secs += r["seconds"]
            cpu_tr += r["cpuTranscription"]
            cpu_sp += r["cpuSpotting"]
            said = [(k, u["channel"], u["start"], u["end"]) for u in utts for k in keys
                    if f" {k} " in f" {u['text']} "]
            ok = lambda k, ch, at, s=said: any(k == k2 and ch == c2 and a - 1000 <= at <= b + 1000  # noqa: E731
                                               for k2, c2, a, b in s)
            said_total += len(said)
            found += sum(1 for k2, c2, a, b in said if any(k == k2 and ch == c2 and a - 1000 <= at <= b + 1000
                                                           for k, ch, at in r["hits"]))
            hits_total += len(r["hits"])
            hits_true += sum(1 for h in r["hits"] if ok(*h))
            wer_call = 0.0
            for ch in (0, 1):
                ref = " ".join(u["text"] for u in utts if u["channel"] == ch)
                n = len(ref.split())
                errors += _wer(ref, r["hyp"][ch]) * n
                ref_words += n
                wer_call += _wer(ref, r["hyp"][ch]) * n
            per_call[name] = {"wer": round(wer_call / sum(len(u["text"].split()) for u in utts), 3),
                              "hypothesis": r["hyp"], "hits": r["hits"]}
        out[label] = {
            "calls8k": len(calls), "audioSeconds": round(secs, 1),
            "wer8k": round(errors / ref_words, 3),
            "transcriptionCpuPerAudioSecond": round(cpu_tr / secs, 3),
            "spottingCpuPerAudioSecond": round(cpu_sp / secs, 3),
            "audioHoursPerHourTranscription": round(secs / cpu_tr, 1) if cpu_tr else None,
            "spottingRecall": round(found / said_total, 3) if said_total else None,
            "spottingPrecision": round(hits_true / hits_total, 3) if hits_total else None,
            "phrasesSaid": said_total, "hits": hits_total, "perCall": per_call,
        }
        out[label]["dev"] = _set_wer(engine, _dev_calls(), dom, keys)
        wide = _decode(engine, FIXTURES / "call_16k.wav", dom, keys)
        ref16 = " ".join(u["text"] for ch in (0, 1) for u in calls["call_8k"][1] if u["channel"] == ch)
        out[label]["call16k"] = {"wer": round(_wer(ref16, wide["hyp"][0] + " " + wide["hyp"][1]), 3),
                                 "transcriptionCpuPerAudioSecond": round(wide["cpuTranscription"] / wide["seconds"], 3),
                                 "hypothesis": wide["hyp"]}
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
            job_ids = [j for j in db.info.get("analytics_jobs", [])]
        request_s = time.perf_counter() - t
        from openwfo.jobs.runner import run_job
        from openwfo.models import Job

        t, cpu = time.perf_counter(), time.process_time()
        for job_id in job_ids:  # the text hits job (what a job thread or worker runs)
            run_job(database, job_id)
        job_s, job_cpu = time.perf_counter() - t, time.process_time() - cpu
        with database.session(tid) as db:
            from sqlalchemy import func, select

            from openwfo.models import CasTextHit
            hits = db.scalar(select(func.count()).select_from(CasTextHit))
            jobs = [(j.kind, j.status, j.progress) for j in db.scalars(select(Job).where(Job.id.in_(job_ids)))]
        database.dispose()
    return {"store": "sqlite", "textContacts": TEXT_CONTACTS, "loadSeconds": round(load_s, 1),
            "categoryChangeRequestSeconds": round(request_s, 3), "jobs": jobs,
            "jobSeconds": round(job_s, 2), "jobCpuSeconds": round(job_cpu, 2),
            "contactsPerSecond": round(TEXT_CONTACTS / job_s), "contactsPerCpuSecond": round(TEXT_CONTACTS / job_cpu),
            "hitsStored": hits, "phrases": len(out["phrases"])}


def main() -> None:
    write_result("analytics", {
        "notes": ("CPU per audio second is process time of one core divided by the calls' length (both channels "
                  "decoded). WER and spotting over four generated 8 kHz calls (the evaluation set, measured once with "
                  "the settings chosen on the three development calls, whose WER is under dev), generic model vs "
                  "the domain model. "
                  "Spotting: a hit counts within 1 s of the utterance holding the phrase. Text hits: SQLite only. "
                  "Measured on a 2-core machine shared with other work: wall-clock figures are pessimistic, the "
                  "CPU figures less so."),
        "targets": {"transcriptionCpuPerAudioSecond": 0.25, "spottingCpuPerAudioSecond": 0.05, "wer8kWithDomainLm": 0.15,
                    "spottingRecall": 0.9, "spottingPrecision": 0.9},
        "speech": speech(),
        "textHits": text_hits(),
    })


if __name__ == "__main__":
    main()
