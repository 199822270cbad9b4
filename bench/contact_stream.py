"""The streamed contact search over a million contacts, through a real `openwfo serve` (SQLite):
`GET /recording/contact?limit=500000` — time to the last byte and the server's RSS growth (sampled
from /proc every 20 ms) — beside the raw SQL read of the same rows in the same run; and
`searchStats=true` for 30-day windows (p50/p95 over HTTP).

Run: `python -m bench.contact_stream` (env BENCH_CONTACTS, default 1,000,000; BENCH_RUNS, default 30).
Targets: streamed answer within 3x the raw read, RSS growth under 100 MB, searchStats p95 < 100 ms.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from .common import free_port, login_cookie, write_result
from .contact_search import N, _load, _pct, _setup_org

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
LIMIT = 500_000
EMAIL, PASSWORD = "bench@example.test", "bench-password"


def _rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _get(url: str, cookie: str) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=600) as r:
        body = r.read()
    return time.perf_counter() - t0, body


def _stream(url: str, cookie: str) -> tuple[float, int, int]:
    """Seconds to the last byte, bytes, and contacts (counted as the bytes arrive, never held)."""
    marker = b'"startTime":'
    t0 = time.perf_counter()
    size = count = 0
    tail = b""
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(req, timeout=900) as r:
        while chunk := r.read(1 << 20):
            size += len(chunk)
            joined = tail + chunk
            count += joined.count(marker)
            tail = joined[-(len(marker) - 1):]
            count -= tail.count(marker)
    return time.perf_counter() - t0, size, count


def main() -> dict:
    from sqlalchemy import select

    from openwfo.config import Settings
    from openwfo.db import Database
    from openwfo.models import Tenant

    tmp = Path(tempfile.mkdtemp(prefix="openwfo-bench-stream-"))
    env = {**os.environ, "OPENWFO_DATA_DIR": str(tmp)}
    exe = [sys.executable, "-m", "openwfo"]
    proc = None
    try:
        subprocess.run(exe + ["admin", "create", "--tenant", "bench", "--email", EMAIL, "--password", PASSWORD],
                       env=env, check=True, capture_output=True)
        database = Database(Settings(data_dir=tmp))
        with database.session() as db:
            tid = db.scalar(select(Tenant.id).where(Tenant.name == "bench"))
        _, agents = _setup_org(database, tid)
        load_s, _ = _load(database, tid, agents)
        db_path = database.url.split("///", 1)[-1]
        database.dispose()
        port = free_port()
        proc = subprocess.Popen(exe + ["serve", "--port", str(port), "--log-level", "warning"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/rest/system/version", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        cookie = login_cookie(base, EMAIL, PASSWORD)
        today = dt.datetime.now(dt.UTC).date()
        begin = (today - dt.timedelta(days=366)).isoformat()
        url = f"{base}/api/rest/recording/contact?beginDate={begin}&limit={LIMIT}"
        _get(f"{base}/api/rest/recording/contact?beginDate={begin}&limit=2000", cookie)  # warm the server
        baseline = _rss_kb(proc.pid)
        peak = [baseline]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak[0] = max(peak[0], _rss_kb(proc.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        streamed_s, size, count = _stream(url, cookie)
        done.set()
        sampler.join()
        size_mb = round(size / 1e6, 1)
        b_ms = int(dt.datetime.combine(today - dt.timedelta(days=366), dt.time(0), tzinfo=dt.UTC).timestamp() * 1000)
        conn = sqlite3.connect(db_path)
        t0 = time.perf_counter()
        rows = conn.execute("SELECT * FROM qm_contact WHERE tenant_id = ? AND start_ms >= ? "
                            "ORDER BY start_ms DESC, id DESC LIMIT ?", (tid, b_ms, LIMIT)).fetchall()
        raw_s = time.perf_counter() - t0
        conn.close()
        assert len(rows) == count, (len(rows), count)
        del rows
        rng = random.Random(5)
        stats = []
        for i in range(RUNS + 3):
            start = today - dt.timedelta(days=rng.randrange(30, 360))
            t, answer = _get(f"{base}/api/rest/recording/contact?beginDate={start.isoformat()}"
                             f"&endDate={(start + dt.timedelta(days=30)).isoformat()}&searchStats=true", cookie)
            assert "count" in json.loads(answer)
            if i >= 3:
                stats.append(t)
        growth_mb = round((peak[0] - baseline) / 1024, 1)
        result = {
            "store": "sqlite", "contacts": N, "limit": LIMIT, "loadSeconds": round(load_s, 1),
            "streamed": {"rows": count, "megabytes": size_mb, "secondsToLastByte": round(streamed_s, 2),
                         "serverRssBaselineMb": round(baseline / 1024, 1), "serverRssGrowthMb": growth_mb},
            "rawSqlRead": {"rows": count, "seconds": round(raw_s, 2)},
            "ratioToRawRead": round(streamed_s / raw_s, 2),
            "searchStats30DayWindow": {"p50ms": _pct(stats, 50), "p95ms": _pct(stats, 95), "runs": RUNS},
            "targets": "streamed <= 3x raw read; RSS growth < 100 MB; searchStats p95 < 100 ms",
        }
        result["meetsTarget"] = {"streamedWithin3xRaw": streamed_s <= 3 * raw_s, "memoryUnder100Mb": growth_mb < 100,
                                 "searchStatsP95Under100ms": result["searchStats30DayWindow"]["p95ms"] < 100}
        write_result("contact_stream", result)
        return result
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
