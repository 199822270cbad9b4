"""How large a synchronous bulk contact upload (with audio) can be and still answer within 30 s, and
what the job path does above OPENWFO_UPLOAD_JOB_BYTES. Through a real `openwfo serve` on SQLite,
over HTTP, as a client sends it: one multipart body of a CSV and 30-second WAV recordings (each
stored and its audio analysed for silence and talk-over).

1. Synchronous: a server with OPENWFO_UPLOAD_JOB_BYTES (and the body limit) set far above the sizes
   tried, so every upload is imported in the request. Sizes double from BENCH_UPLOAD_START_MB until
   an answer takes longer than 30 s (or the time budget ends); then bisection between the last size
   that answered within 30 s and the first that did not, while the budget lasts. The largest size
   whose every try answered within 30 s is the measured limit (the last good size is tried twice).
2. Job path: a server with the default OPENWFO_UPLOAD_JOB_BYTES (16 MiB); an upload above it
   answers 202 with the job; the time to that answer and to the job's end (polling
   /api/rest/jobs/{id}) are recorded.

Run: `python -m bench.upload_limit` (env BENCH_UPLOAD_BUDGET_S, default 150: the synchronous
search stops starting new uploads after this many seconds; BENCH_UPLOAD_START_MB, default 16;
BENCH_UPLOAD_JOB_MB, default 64). Results: bench/results/upload_limit.json.
"""

from __future__ import annotations

import os
import time
import uuid

import httpx

from .common import call_wav, login_cookie, write_result
from .common import running_server as common_server

LIMIT_S = 30.0
BUDGET_S = float(os.environ.get("BENCH_UPLOAD_BUDGET_S", "150"))
START_MB = int(os.environ.get("BENCH_UPLOAD_START_MB", "16"))
JOB_MB = int(os.environ.get("BENCH_UPLOAD_JOB_MB", "64"))
MB = 1024 * 1024
T0 = 1_700_000_000_000


AUDIO = call_wav()


class Upload:
    """One multipart body of `count` contacts, each with its own WAV, produced as it is sent (the
    client never holds the body); its Content-Length is known up front."""

    def __init__(self, count: int, agent: str, tag: str):
        self.count = count
        self.boundary = uuid.uuid4().hex
        rows = ["AgentId,ContactStartTimeMs,CallId,CallingAddress,Recording1"]
        rows += [f"{agent},{T0 + i * 60_000},{tag}-{i},6125550{i % 1000:03d},{tag}-{i}.wav" for i in range(count)]
        self.csv = ("\n".join(rows) + "\n").encode()
        self.length = len(self._head("contacts.csv", "text/csv")) + len(self.csv) + 2
        self.length += sum(len(self._head(f"{tag}-{i}.wav", "audio/wav")) + len(AUDIO) + 2 for i in range(count))
        self.length += len(self._tail())
        self.tag = tag

    def _head(self, name: str, ctype: str) -> bytes:
        return (f"--{self.boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
                f"Content-Type: {ctype}\r\n\r\n").encode()

    def _tail(self) -> bytes:
        return f"--{self.boundary}--\r\n".encode()

    def __iter__(self):
        yield self._head("contacts.csv", "text/csv") + self.csv + b"\r\n"
        for i in range(self.count):
            yield self._head(f"{self.tag}-{i}.wav", "audio/wav") + AUDIO + b"\r\n"
        yield self._tail()

    @property
    def headers(self) -> dict:
        return {"Content-Type": f"multipart/form-data; boundary={self.boundary}", "Content-Length": str(self.length)}


def running_server(env_extra: dict):
    """bench.common's server, given time to stop after a gigabyte of imports."""
    return common_server(env_extra, stop_timeout_s=60)


def _contacts_for(mb: float) -> int:
    return max(1, int(mb * MB // (len(AUDIO) + 200)))


def _post(client: httpx.Client, base: str, cookie: str, upload: Upload) -> tuple[int, float, dict]:
    t0 = time.perf_counter()
    r = client.post(base + "/api/upload/contacts", content=iter(upload), headers={**upload.headers, "Cookie": cookie})
    seconds = time.perf_counter() - t0
    try:
        body = r.json()
    except ValueError:
        body = {"text": r.text[:500]}
    return r.status_code, seconds, body


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def synchronous() -> dict:
    env = {"OPENWFO_UPLOAD_JOB_BYTES": str(64 * 1024 * MB), "OPENWFO_MAX_BODY_BYTES": str(64 * 1024 * MB),
           "OPENWFO_DATASERVER_SCAN_SECONDS": "0"}
    tries: list[dict] = []
    with running_server(env) as (base, email, password), httpx.Client(timeout=600) as client:
        cookie = login_cookie(base, email, password)
        started = time.perf_counter()

        def attempt(mb: float) -> bool:
            upload = Upload(_contacts_for(mb), email, f"s{len(tries)}")
            status, seconds, body = _post(client, base, cookie, upload)
            ok = status == 200 and body.get("imported") == upload.count
            tries.append({"megabytes": round(upload.length / MB, 1), "bytes": upload.length, "contacts": upload.count,
                          "status": status, "seconds": round(seconds, 2), "imported": body.get("imported"),
                          "withinLimit": ok and seconds <= LIMIT_S, "loadAverage": _load(),
                          **({} if status == 200 else {"answer": str(body)[:300]})})
            print(f"[upload_limit] {tries[-1]}", flush=True)
            if not ok:
                raise RuntimeError(f"upload of {upload.length} bytes answered {status}: {str(body)[:300]}")
            return seconds <= LIMIT_S

        good, bad = None, None
        mb = float(START_MB)
        while time.perf_counter() - started < BUDGET_S:
            if attempt(mb):
                good = mb
                mb *= 2
            else:
                bad = mb
                break
        while bad is not None and good is not None and bad / good > 1.1 and time.perf_counter() - started < BUDGET_S:
            mid = (good + bad) / 2
            if attempt(mid):
                good = mid
            else:
                bad = mid
        if good is not None and bad is not None:
            attempt(good)  # once more: the machine is shared, one fast answer is not enough
    # A size counts when every try of it answered within the limit.
    by_size: dict[int, list[dict]] = {}
    for t in tries:
        by_size.setdefault(t["contacts"], []).append(t)
    within = [ts for ts in by_size.values() if all(t["withinLimit"] for t in ts)]
    over = [ts for ts in by_size.values() if not all(t["withinLimit"] for t in ts)]
    largest = max(within, key=lambda ts: ts[0]["contacts"]) if within else None
    smallest_over = min(over, key=lambda ts: ts[0]["contacts"]) if over else None
    rate = (sum(t["bytes"] for t in tries) / MB) / sum(t["seconds"] for t in tries) if tries else None

    def summary(ts):
        return ts and {"megabytes": ts[0]["megabytes"], "contacts": ts[0]["contacts"],
                       "seconds": [t["seconds"] for t in ts]}

    return {
        "tries": tries,
        "largestWithin30s": summary(largest),
        "smallestOver30s": summary(smallest_over),
        "bracketed": smallest_over is not None,
        "megabytesPerSecond": round(rate, 1) if rate else None,
        "note": ("the 30 s limit was reached: the largest size whose every try answered in time is the measure"
                 if smallest_over is not None else
                 "the time budget ended before any upload took 30 s: the limit is above the largest size tried"),
    }


def job_path() -> dict:
    env = {"OPENWFO_DATASERVER_SCAN_SECONDS": "0"}  # the default OPENWFO_UPLOAD_JOB_BYTES (16 MiB)
    with running_server(env) as (base, email, password), httpx.Client(timeout=600) as client:
        cookie = login_cookie(base, email, password)
        upload = Upload(_contacts_for(JOB_MB), email, "job")
        t0 = time.perf_counter()
        status, seconds, body = _post(client, base, cookie, upload)
        if status != 202:
            raise RuntimeError(f"a {upload.length}-byte upload answered {status}, not 202: {str(body)[:300]}")
        job = {}
        while time.perf_counter() - t0 < 600:
            job = client.get(base + body["statusUrl"], headers={"Cookie": cookie}).json()
            if job["status"] in ("done", "succeeded", "finished", "failed", "completed"):
                break
            time.sleep(0.5)
        total = time.perf_counter() - t0
        result = job.get("result") or {}
        return {
            "megabytes": round(upload.length / MB, 1), "contacts": upload.count, "answer": status,
            "answerSeconds": round(seconds, 2), "answerBody": {k: body.get(k) for k in ("status", "jobId", "statusUrl")},
            "jobStatus": job.get("status"), "jobImported": result.get("imported"),
            "secondsToJobEnd": round(total, 2), "loadAverage": _load(),
        }


def main() -> None:
    sync = synchronous()
    job = job_path()
    write_result("upload_limit", {
        "path": "POST /api/upload/contacts through `openwfo serve` over HTTP (multipart body streamed by the client)",
        "store": "sqlite",
        "recording": {"seconds": 30, "format": "wav, 8 kHz mono 16-bit", "bytes": len(AUDIO),
                      "analysed": "silence and talk-over"},
        "limitSeconds": LIMIT_S,
        "budgetSeconds": BUDGET_S,
        "machineNote": "2 CPUs shared with other work (see loadAverage per try): the figures are a lower bound",
        "synchronous": sync,
        "jobPath": job,
    })


if __name__ == "__main__":
    main()
