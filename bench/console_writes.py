"""What the console's Imports page and its CSRF-protected session cost, on a real `openwfo serve` (SQLite).

1. A 10,000-person CSV checked (POST /api/upload/persons?dryRun=true: every row checked, nothing written),
   then imported, then checked again (every row unchanged): wall seconds and the server's CPU seconds.
2. The same small write (PUT /api/rest/org/common/person/{id} with no change) sent N times by an API
   client's session (no token) and by a console session (X-CSRF-Token checked): requests per second
   and server CPU milliseconds per request, so the token check's cost shows beside the request's.

Run: `python -m bench.console_writes` (env BENCH_ROWS, BENCH_WRITES).
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
import uuid

from .common import cpu_seconds, login_cookie, running_server, server_pid, write_result
from .org_import import person_csv, person_rows

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
WRITES = int(os.environ.get("BENCH_WRITES", "400"))
ROUNDS = 8


def _request(base, path, method, cookie, body: bytes | None, headers=None) -> dict:
    req = urllib.request.Request(
        base + path, data=body, method=method, headers={"Cookie": cookie, **(headers or {})}
    )
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read() or b"null")


def _upload(base, cookie, data: bytes, dry: bool, token: str) -> dict:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="persons.csv"\r\n'
            f"Content-Type: text/csv\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return _request(
        base,
        "/api/upload/persons" + ("?dryRun=true" if dry else ""),
        "POST",
        cookie,
        body,
        {"Content-Type": f"multipart/form-data; boundary={boundary}", "X-CSRF-Token": token},
    )


def _timed(pid, fn) -> tuple[dict, float, float]:
    cpu0, t0 = cpu_seconds(pid), time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0, cpu_seconds(pid) - cpu0


def _console_login(base, email, password) -> tuple[str, str, int]:
    req = urllib.request.Request(
        base + "/api/rest/authorize",
        method="POST",
        data=json.dumps({"userId": email, "password": password}).encode(),
        headers={"Content-Type": "application/json", "X-OpenWFO-Console": "1"},
    )
    with urllib.request.urlopen(req) as r:
        session = json.loads(r.read())
        return "hazelcast.sessionId=" + session["sessionId"], r.headers["X-CSRF-Token"], session["id"]


def main() -> dict:
    data = person_csv(person_rows(ROWS))
    counts = ("created", "updated", "unchanged")
    with running_server() as (base, email, password):
        pid = server_pid(base)
        cookie, token, me = _console_login(base, email, password)
        api_cookie = login_cookie(base, email, password)
        imports = {}
        for name, dry in (("check", True), ("import", False), ("checkAgain", True)):
            out, wall, cpu = _timed(pid, lambda d=dry: _upload(base, cookie, data, d, token))
            imports[name] = {
                "seconds": round(wall, 3),
                "serverCpuSeconds": round(cpu, 3),
                "rowsPerSecond": round(ROWS / wall, 1),
                "result": {k: out[k] for k in counts},
            }
        path, body = f"/api/rest/org/common/person/{me}", b"{}"
        sessions = {"apiSession": (api_cookie, {}), "consoleSession": (cookie, {"X-CSRF-Token": token})}
        rounds: dict[str, list[tuple[float, float]]] = {name: [] for name in sessions}
        for _ in range(20):  # warm-up
            for c, h in sessions.values():
                _request(base, path, "PUT", c, body, {"Content-Type": "application/json", **h})
        # Alternating rounds, so that the machine's other load falls on both alike; the median round counts.
        per_round = max(1, WRITES // ROUNDS)
        for n in range(ROUNDS):
            for name, (c, h) in list(sessions.items())[
                :: 1 if n % 2 else -1
            ]:  # each goes first in half the rounds
                _, wall, cpu = _timed(
                    pid,
                    lambda c=c, h=h: [
                        _request(base, path, "PUT", c, body, {"Content-Type": "application/json", **h})
                        for _ in range(per_round)
                    ],
                )
                rounds[name].append((wall, cpu))
        writes = {}
        for name, measured in rounds.items():
            walls = sorted(w for w, _ in measured)
            cpus = sorted(c for _, c in measured)
            writes[name] = {
                "requests": per_round * ROUNDS,
                "rounds": ROUNDS,
                "requestsPerSecond": round(per_round / walls[len(walls) // 2], 1),
                "serverCpuMsPerRequest": round(cpus[len(cpus) // 2] * 1000 / per_round, 3),
            }
    result = {
        "store": "sqlite",
        "rows": ROWS,
        "imports": imports,
        "importPath": "POST /api/upload/persons (?dryRun=true to check), multipart CSV over HTTP, console session",
        "writes": writes,
        "writePath": "PUT /api/rest/org/common/person/{own id} with an empty body, one client, sequential, "
        "the two sessions in alternating rounds (median round)",
        "note": "measured on a shared 2-core machine under other load: wall times are pessimistic; the server "
        "CPU time (from /proc) is the steadier measure",
    }
    write_result("console_writes", result)
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
