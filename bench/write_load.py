"""Concurrent writers: 8 clients doing mixed creates, updates and reads against a real `openwfo serve`
for 60 s, on SQLite and on PostgreSQL.

Each client loops over: create a person, update that person, read it, create an inclusion/exclusion
list, update its own WFM view, list the views. Requests are counted by kind and status.
Target: zero 5xx (no request fails because another one is writing), and every created person
is there afterwards.
Run: `python -m bench.write_load` (env BENCH_SECONDS, BENCH_CLIENTS, BENCH_STORES=sqlite,postgresql).
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

from .common import login_cookie, running_server, scratch_store, write_result

SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
TIMEOUT_S = 30  # a request unanswered this long counts as failed (status 0)
STORES = [s.strip() for s in os.environ.get("BENCH_STORES", "sqlite,postgresql").split(",") if s.strip()]


class Client:
    def __init__(self, base: str, cookie: str):
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_S)
        self.headers = {"Cookie": cookie, "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict | list | None, float]:
        """(status, parsed body, seconds); status 0 when the connection failed or timed out."""
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=self.headers)
            r = self.conn.getresponse()
            data = r.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()  # reconnects on the next request
            return 0, f"{type(exc).__name__}: {exc}", time.perf_counter() - t0
        elapsed = time.perf_counter() - t0
        try:
            parsed = json.loads(data) if data else None
        except ValueError:
            parsed = None
        return r.status, parsed, elapsed


def _client_loop(base: str, cookie: str, n: int, deadline: float, stats: dict, lock: threading.Lock) -> None:
    c = Client(base, cookie)
    counts: Counter = Counter()
    latencies: list[float] = []
    created: list[int] = []
    errors: list[str] = []
    status, view, _ = c.call("POST", "/api/rest/scheduling/view", {"name": f"bench-view-{n}"})
    view_id = view["id"] if status == 200 else None
    i = 0

    def record(kind: str, status: int, body, elapsed: float) -> None:
        counts[(kind, status)] += 1
        latencies.append(elapsed)
        if (status >= 500 or status == 0) and len(errors) < 5:
            errors.append(f"{kind} {status} {str(body)[:200]}")

    while time.monotonic() < deadline:
        i += 1
        status, body, t = c.call("POST", "/api/rest/org/common/person", {
            "firstName": f"Load{n}", "lastName": f"Run{i}", "email": f"load-{n}-{i}@bench.openwfo.test"})
        record("createPerson", status, body, t)
        if status == 200:
            pid = body["id"]
            created.append(pid)
            status, body, t = c.call("PUT", f"/api/rest/org/common/person/{pid}", {"firstName": f"Updated{i}"})
            record("updatePerson", status, body, t)
            status, body, t = c.call("GET", f"/api/rest/org/common/person/{pid}")
            record("readPerson", status, body, t)
        status, body, t = c.call("POST", "/api/rest/recording/inclusionExclusion", {
            "inclusionExclusionType": 2, "inclusionExclusionPatternType": 1,
            "pattern": f"6{n}{i % 100000:05d}???", "inclusionExclusionCallDirection": 1})
        record("createInclusionList", status, body, t)
        if view_id is not None:
            status, body, t = c.call("PUT", f"/api/rest/scheduling/view/{view_id}", {"name": f"bench-view-{n}-{i}"})
            record("updateView", status, body, t)
        status, body, t = c.call("GET", "/api/rest/scheduling/view")
        record("listViews", status, body, t)
    c.conn.close()
    with lock:
        stats["counts"].update(counts)
        stats["latencies"].extend(latencies)
        stats["created"].extend(created)
        stats["errors"].extend(errors)


def run_store(kind: str) -> dict:
    with scratch_store(kind, prefix="openwfo-write-load-") as (url, _tmp):
        env = {} if kind == "sqlite" else {"OPENWFO_DATABASE_URL": url}
        with running_server(env) as (base, email, password):
            cookie = login_cookie(base, email, password)
            stats = {"counts": Counter(), "latencies": [], "created": [], "errors": []}
            lock = threading.Lock()
            t0 = time.monotonic()
            deadline = t0 + SECONDS
            threads = [threading.Thread(target=_client_loop, args=(base, cookie, n, deadline, stats, lock))
                       for n in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
            missing = _missing_persons(base, cookie, stats["created"])
    counts: Counter = stats["counts"]
    by_kind: dict[str, dict] = {}
    for (k, status), n in sorted(counts.items()):
        by_kind.setdefault(k, {})[str(status)] = n
    total = sum(counts.values())
    writes = sum(n for (k, _s), n in counts.items() if not k.startswith(("read", "list")))
    lat = sorted(stats["latencies"])

    def pct(p: float) -> float | None:
        return round(lat[int(p / 100 * (len(lat) - 1))] * 1000, 1) if lat else None

    server_errors = sum(n for (_k, s), n in counts.items() if s >= 500)
    failed = sum(n for (_k, s), n in counts.items() if s == 0)
    return {
        "store": kind, "clients": CLIENTS, "seconds": round(elapsed, 1),
        "requests": total, "requestsPerSecond": round(total / elapsed, 1),
        "writesPerSecond": round(writes / elapsed, 1),
        "latencyMs": {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": pct(100)},
        "byKindAndStatus": by_kind, "serverErrors": server_errors,
        "connectionFailuresOrTimeouts": failed, "firstErrors": stats["errors"],
        "personsCreated": len(stats["created"]), "personsMissing": missing,
        "meetsTarget": server_errors == 0 and failed == 0 and missing == 0,
    }


def _missing_persons(base: str, cookie: str, ids: list[int]) -> int:
    c = Client(base, cookie)
    missing = sum(1 for pid in ids if c.call("GET", f"/api/rest/org/common/person/{pid}")[0] != 200)
    c.conn.close()
    return missing


def main() -> dict:
    runs = [run_store(kind) for kind in STORES]
    result = {"target": "zero 5xx and every created person present, 8 concurrent writing clients", "runs": runs,
              "meetsTarget": all(r["meetsTarget"] for r in runs)}
    write_result("write_load", result)
    return result


if __name__ == "__main__":
    main()
