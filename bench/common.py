"""Shared benchmark helpers: run a real `openwfo serve`, and drive HTTP load at it."""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            **data}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(json.dumps(data, indent=2))
    return path


@contextmanager
def running_server(env_extra: dict | None = None, admin=("bench", "bench@example.test", "bench-password"),
                   stop_timeout_s: float = 20):
    """`openwfo serve` on a fresh data directory (SQLite unless env_extra says otherwise). Its log
    goes to a file there (a pipe nobody reads could fill and stall it); on leaving, it is given
    stop_timeout_s to stop, then killed."""
    tmp = Path(tempfile.mkdtemp(prefix="openwfo-bench-"))
    env = {**os.environ, "OPENWFO_DATA_DIR": str(tmp), **(env_extra or {})}
    exe = [sys.executable, "-m", "openwfo"]
    tenant, email, password = admin
    subprocess.run(exe + ["admin", "create", "--tenant", tenant, "--email", email, "--password", password],
                   env=env, check=True, capture_output=True)
    port = free_port()
    log_path = tmp / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(exe + ["serve", "--port", str(port), "--log-level", "warning"], env=env,
                                stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/api/rest/system/version", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start: " + log_path.read_text(errors="replace")[-2000:])
        yield base, email, password
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def call_wav(seconds: int = 30, rate: int = 8000) -> bytes:
    """A call-like mono 8 kHz recording: a tone with pauses (so the analysis finds silences)."""
    import io
    import wave

    import numpy as np

    t = np.arange(seconds * rate) / rate
    data = (np.sin(2 * np.pi * 300 * t) * 6000 * (np.sin(2 * np.pi * 0.2 * t) > -0.5)).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(data.tobytes())
    return buf.getvalue()


def login_cookie(base: str, email: str, password: str) -> str:
    req = urllib.request.Request(base + "/api/rest/authorize", data=json.dumps({"userId": email, "password": password}).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(req) as r:
        return "hazelcast.sessionId=" + json.loads(r.read())["sessionId"]


def load(url: str, *, seconds: float, connections: int, cookie: str | None = None) -> dict:
    """Requests per second and latency with `connections` keep-alive clients for `seconds`.
    Uses wrk when installed (it costs the server's CPU little); otherwise an asyncio client."""
    if shutil.which("wrk"):
        return _wrk(url, seconds, connections, cookie)
    return asyncio.run(_asyncio_load(url, seconds, connections, cookie))


def _wrk(url, seconds, connections, cookie) -> dict:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{int(seconds)}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    lat = dict(re.findall(r"\s+(50|90|99)%\s+([\d.]+\w+)", out))
    return {"tool": "wrk", "requestsPerSecond": rps, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "latency": {f"p{k}": v for k, v in lat.items()}}


async def _asyncio_load(url, seconds, connections, cookie) -> dict:
    m = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n"
    deadline = time.perf_counter() + seconds
    counts = {"ok": 0, "bad": 0}
    latencies: list[float] = []

    async def client():
        reader, writer = await asyncio.open_connection(host, port)
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            writer.write(request.encode())
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            counts["ok" if b" 200 " in status else "bad"] += 1
        writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - t0
    latencies.sort()

    def pct(p):
        return f"{latencies[int(p / 100 * (len(latencies) - 1))] * 1000:.2f}ms" if latencies else None

    return {"tool": "asyncio", "requestsPerSecond": round((counts["ok"] + counts["bad"]) / elapsed, 1),
            "non2xx": counts["bad"], "latency": {"p50": pct(50), "p90": pct(90), "p99": pct(99)}}


PG_ADMIN = os.environ.get("BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def scratch_store(kind: str, prefix: str = "openwfo-bench-"):
    """A fresh, empty store for one benchmark run: a SQLite file in a temp folder, or a PostgreSQL
    database created for the run; yields (SQLAlchemy URL, temp folder) and removes both after."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    pg_name = None
    try:
        if kind == "sqlite":
            url = f"sqlite:///{tmp / 'bench.db'}"
        else:
            import psycopg

            pg_name = f"openwfo_bench_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{pg_name}"')
            url = PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + "/" + pg_name
        yield url, tmp
    finally:
        if pg_name:
            import psycopg

            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)
