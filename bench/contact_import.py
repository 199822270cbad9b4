"""Bulk Contact Import throughput through the API: 10,000 metadata-only contacts in one CSV, and
500 contacts with 30-second WAV recordings (several multipart requests, under the body limit).

Run: `python -m bench.contact_import` (env BENCH_IMPORT_CONTACTS, default 10000; BENCH_IMPORT_WAVS,
default 500; BENCH_STORES, default "sqlite,postgresql"; BENCH_PG, the PostgreSQL server URL).
Target: at least 1,000 metadata-only contacts/s on SQLite.
"""

from __future__ import annotations

import os
import time

from .common import call_wav, scratch_store, write_result

N_META = int(os.environ.get("BENCH_IMPORT_CONTACTS", "10000"))
N_WAV = int(os.environ.get("BENCH_IMPORT_WAVS", "500"))
STORES = os.environ.get("BENCH_STORES", "sqlite,postgresql").split(",")
BATCH_BYTES = 48 * 1024 * 1024


def run_store(kind: str) -> dict:
    from fastapi.testclient import TestClient

    from openwfo.app import create_app
    from openwfo.config import Settings
    from openwfo.models import Person
    from openwfo.org.provision import create_tenant, default_team, upsert_administrator

    with scratch_store(kind, "openwfo-bench-import-") as (url, tmp):
        app = create_app(Settings(data_dir=tmp, database_url=url, dataserver_scan_seconds=0))
        try:
            with TestClient(app) as client:
                database = app.state.database
                with database.session() as db:
                    tenant = create_tenant(db, "bench")
                    upsert_administrator(db, tenant, "bench@example.test", "bench-password-1")
                    tid = tenant.id
                with database.session(tid) as db:
                    team = default_team(db)
                    agents = [Person(email=f"a{i}@bench.test", team_id=team.id, ad_login=f"CORP\\a{i}") for i in range(50)]
                    db.add_all(agents)
                    db.flush()
                    emails = [a.email for a in agents]
                r = client.post("/api/rest/authorize", json={"userId": "bench@example.test", "password": "bench-password-1"})
                assert r.status_code == 200, r.text
                lines = ["AgentId,ContactStartTimeMs,CallingAddress,CalledAddress,Line,Direction,CallId,"
                         "metadata.accountNumber,metadata.queue"]
                base = 1_700_000_000_000
                for i in range(N_META):
                    lines.append(f"{emails[i % 50]},{base + i * 1000},612555{i % 10000:04d},1800,2001,1,m{i},"
                                 f"ACC{i:07d},Billing")
                csv = ("\n".join(lines) + "\n").encode()
                t0 = time.perf_counter()
                r = client.post("/api/upload/contacts", files=[("file", ("contacts.csv", csv, "text/csv"))])
                meta_s = time.perf_counter() - t0
                assert r.status_code == 200 and r.json()["imported"] == N_META, r.text[:500]
                audio = call_wav()
                per_batch = max(1, BATCH_BYTES // len(audio))
                total_bytes, wav_s, done = 0, 0.0, 0
                while done < N_WAV:
                    count = min(per_batch, N_WAV - done)
                    rows = ["AgentId,ContactStartTimeMs,CallingAddress,Recording1"]
                    files = []
                    for k in range(done, done + count):
                        rows.append(f"{emails[k % 50]},{base + k * 60000},763555{k:04d},r{k}.wav")
                        files.append(("file", (f"r{k}.wav", audio, "audio/wav")))
                    files.insert(0, ("file", ("batch.csv", ("\n".join(rows) + "\n").encode(), "text/csv")))
                    t0 = time.perf_counter()
                    r = client.post("/api/upload/contacts", files=files)
                    wav_s += time.perf_counter() - t0
                    assert r.status_code == 200 and r.json()["imported"] == count, r.text[:500]
                    total_bytes += len(audio) * count
                    done += count
            return {
                "metadataOnly": {"contacts": N_META, "seconds": round(meta_s, 2),
                                 "contactsPerSecond": round(N_META / meta_s, 1), "csvBytes": len(csv)},
                "withRecordings": {"contacts": N_WAV, "wavSeconds": 30, "wavBytes": len(audio), "requests": -(-N_WAV // per_batch),
                                   "seconds": round(wav_s, 2), "contactsPerSecond": round(N_WAV / wav_s, 1),
                                   "megabytesPerSecond": round(total_bytes / wav_s / 1e6, 1),
                                   "note": "includes storing each file and analysing its audio for silence/talk-over"},
            }
        finally:
            app.state.database.dispose()


def main() -> dict:
    result = {"path": "POST /api/upload/contacts (in-process ASGI client, multipart parsing included)",
              "target": ">= 1000 metadata-only contacts/s on SQLite", "stores": {}}
    for kind in STORES:
        result["stores"][kind.strip()] = run_store(kind.strip())
        print(kind, result["stores"][kind.strip()], flush=True)
    sqlite = result["stores"].get("sqlite")
    result["meetsTarget"] = bool(sqlite and sqlite["metadataOnly"]["contactsPerSecond"] >= 1000)
    write_result("contact_import", result)
    return result


if __name__ == "__main__":
    main()
