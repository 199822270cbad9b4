"""Authenticated GET /api/rest/authorize vs a bare JSON endpoint, same server, same run.

Target: the authenticated call at least 50% of the bare endpoint's throughput on SQLite.
Run: `python -m bench.auth_throughput` (env BENCH_SECONDS, BENCH_CONNECTIONS).
"""

from __future__ import annotations

import os

from .common import load, login_cookie, running_server, write_result


def main() -> dict:
    seconds = float(os.environ.get("BENCH_SECONDS", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "32"))
    with running_server() as (base, email, password):
        cookie = login_cookie(base, email, password)
        load(base + "/api/rest/system/version", seconds=2, connections=connections)  # warm-up
        bare = load(base + "/api/rest/system/version", seconds=seconds, connections=connections)
        authed = load(base + "/api/rest/authorize", seconds=seconds, connections=connections, cookie=cookie)
    ratio = authed["requestsPerSecond"] / bare["requestsPerSecond"] if bare["requestsPerSecond"] else 0.0
    result = {
        "store": "sqlite",
        "connections": connections,
        "secondsEach": seconds,
        "bare": {"path": "/api/rest/system/version", **bare},
        "authenticated": {"path": "/api/rest/authorize", **authed},
        "ratio": round(ratio, 3),
        "target": ">= 0.5",
        "meetsTarget": ratio >= 0.5,
    }
    write_result("auth_throughput", result)
    return result


if __name__ == "__main__":
    main()
