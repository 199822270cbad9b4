"""GET /api/rest/scheduling/service with 500 service queues on SQLite.

A real `openwfo serve` (SQLite, fresh data directory) gets 500 queues through the API — with 50
skill mappings and 5 views, so the viewIds / skillMappingIds lists have something to say — then
the list is fetched plain and with view=true&skillMappings=true, one request at a time.
Target: median under 100 ms for both. Run: `python -m bench.service_list` (env BENCH_QUEUES,
BENCH_REQUESTS).
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import time
from urllib.parse import urlsplit

from .common import login_cookie, running_server, write_result

DAYS = {d: {"open": "08:00", "close": "20:00", "active": d not in ("saturday", "sunday")}
        for d in ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")}


class Client:
    def __init__(self, base: str, cookie: str):
        parts = urlsplit(base)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        self.headers = {"Cookie": cookie, "Content-Type": "application/json"}

    def call(self, method: str, path: str, body=None):
        self.conn.request(method, path, body=None if body is None else json.dumps(body), headers=self.headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}: {r.status} {data[:300]!r}")
        return json.loads(data) if data else None


def _populate(c: Client, queues: int) -> None:
    c.call("POST", "/api/rest/scheduling/acdServer", {"name": "Bench ACD", "acdType": "Cisco UCCE"})
    mappings = [c.call("POST", "/api/rest/scheduling/skillMapping", {"name": f"SG{i:03d}"})["id"] for i in range(50)]
    ids = []
    for i in range(queues):
        q = c.call("POST", "/api/rest/scheduling/service", {
            "number": 10_000 + i, "name": f"Queue {i:04d}", "priority": i % 1000, "type": i % 3,
            "talkTime": 200, "workTime": 30, "serviceLevelObjectivePercent": 80, "serviceLevelObjectiveSeconds": 20,
            "closedHoursRedistributionType": 1 if i % 3 == 2 else 0, "handlingThreshold": 60,
            "notAllowForecast": i % 10 == 0, "days": DAYS,
            "skillMappings": [{"id": mappings[i % 50], "priority": 1}],
        })
        ids.append(q["id"])
    for v in range(5):
        c.call("POST", "/api/rest/scheduling/view", {"name": f"Bench view {v}", "serviceQueueIds": ids[v::5]})


def _measure(c: Client, path: str, requests: int) -> dict:
    c.call("GET", path)  # warm-up
    times = []
    count = 0
    for _ in range(requests):
        t0 = time.perf_counter()
        count = len(c.call("GET", path))
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"path": path, "queuesReturned": count, "requests": requests,
            "medianMs": round(statistics.median(times), 2), "p90Ms": round(times[int(0.9 * (len(times) - 1))], 2),
            "maxMs": round(times[-1], 2), "meanMs": round(statistics.fmean(times), 2)}


def main() -> dict:
    queues = int(os.environ.get("BENCH_QUEUES", "500"))
    requests = int(os.environ.get("BENCH_REQUESTS", "50"))
    with running_server() as (base, email, password):
        c = Client(base, login_cookie(base, email, password))
        t0 = time.perf_counter()
        _populate(c, queues)
        populate_s = time.perf_counter() - t0
        plain = _measure(c, "/api/rest/scheduling/service", requests)
        full = _measure(c, "/api/rest/scheduling/service?view=true&skillMappings=true", requests)
    worst = max(plain["medianMs"], full["medianMs"])
    result = {
        "store": "sqlite",
        "queues": queues,
        "populateSeconds": round(populate_s, 1),
        "plain": plain,
        "withViewsAndSkillMappings": full,
        "target": "median < 100 ms",
        "meetsTarget": worst < 100,
    }
    write_result("service_list", result)
    return result


if __name__ == "__main__":
    main()
