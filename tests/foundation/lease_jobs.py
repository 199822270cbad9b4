"""A job kind for the lease tests, importable by the test process and by a real `openwfo worker`:
it writes "start <pid>" to a log file, waits until a release file exists, then writes "done <pid>"."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from openwfo.jobs.registry import job_handler

KIND = "test.lease_record"


@job_handler(KIND)
def lease_record(ctx, payload):
    log = Path(payload["log"])
    with log.open("a") as f:
        f.write(f"start {os.getpid()} {ctx.job_id}\n")
    release = Path(payload["release"])
    deadline = time.time() + float(payload.get("wait", 60))
    while not release.exists() and time.time() < deadline:
        time.sleep(0.02)
    time.sleep(float(payload.get("extra", 0)))
    with log.open("a") as f:
        f.write(f"done {os.getpid()} {ctx.job_id}\n")
    return {"pid": os.getpid()}


def worker_command(threads: int = 1) -> list[str]:
    """`openwfo worker` with this job kind registered."""
    code = ("import sys; import tests.foundation.lease_jobs; from openwfo.cli import main; "
            f"sys.exit(main(['worker', '--threads', '{threads}']))")
    return [sys.executable, "-c", code]
