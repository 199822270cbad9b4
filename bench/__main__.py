"""Run every benchmark (or the ones named): `python -m bench [auth_throughput org_import ...]`."""

from __future__ import annotations

import importlib
import sys
import traceback

BENCHMARKS = [
    "auth_throughput",
    "org_import",
    "service_list",
    "contact_search",
    "contact_import",
    "contact_stream",
    "schedules",
    "evaluations",
    "write_load",
    "realtime",
    "live_stream",
    "reports",
    "recording_controls",
    "upload_limit",
    "analytics",
    "console",
    "console_qm",
    "console_writes",
    "planning",
    "intraday",
]


def main(argv: list[str]) -> int:
    names = argv or BENCHMARKS
    failed = 0
    for name in names:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"[bench] {name}: not present, skipped")
                continue
            raise
        print(f"[bench] {name} ...", flush=True)
        try:
            module.main()
        except Exception:
            failed += 1
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
