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
EXE = [sys.executable, "-m", "openwfo"]


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
    tenant, email, password = admin
    subprocess.run(EXE + ["admin", "create", "--tenant", tenant, "--email", email, "--password", password],
                   env=env, check=True, capture_output=True)
    try:
        with serving(env, tmp / "server.log", stop_timeout_s=stop_timeout_s) as (base, _proc):
            yield base, email, password
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@contextmanager
def serving(env: dict, log_path: Path | None, *, tries: int = 300, stop_timeout_s: float = 20):
    """`openwfo serve` on a free port with this environment, its log to log_path (none: dropped); yields
    (base URL, process) once it answers, and on leaving gives it stop_timeout_s to stop, then kills it."""
    port = free_port()
    with open(log_path or os.devnull, "wb") as log:
        proc = subprocess.Popen(EXE + ["serve", "--port", str(port), "--log-level", "warning"], env=env,
                                stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, tries, log_path)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=stop_timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def wait_until_up(base: str, tries: int = 300, log_path: Path | None = None) -> None:
    """Poll the server's version every 0.1 s until it answers; after `tries`, fail with its log's tail."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(base + "/api/rest/system/version", timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    tail = log_path.read_text(errors="replace")[-2000:] if log_path else "(no log)"
    raise RuntimeError("server did not start: " + tail)


def server_pid(base: str) -> int | None:
    """The `openwfo serve` process listening on the base URL's port (to read its CPU time)."""
    port = base.rsplit(":", 1)[1].encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"serve" in args and port in args:
            return int(entry.name)
    return None


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds a process has used (0 without a process)."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chromium_driver(*extra_args: str):
    """Headless Chromium at 1366×900 through Selenium, or None where Debian's chromium and
    chromium-driver are not installed."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1366,900", *extra_args):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service(driver_path))


def sign_in(driver, base: str, email: str, password: str) -> None:
    """The console's sign-in form, until the signed-in user's name shows."""
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/")
    driver.find_element("id", "userId").send_keys(email)
    driver.find_element("id", "password").send_keys(password)
    driver.find_element("css selector", "#signin-form button").click()
    WebDriverWait(driver, 30).until(lambda d: d.find_elements("id", "user-name"))


def drawn_seconds(driver, fragment: str, drawn, click: str | None = None, runs: int = 3, suffix: str = "") -> dict:
    """Each run's seconds from choosing a console page (its fragment, coming from the org page; then a click
    on the `click` element once it shows) until `drawn(driver)` holds (selenium's TimeoutException after
    120 s): their median and least (keys "median" and "min", then `suffix`) and how many runs."""
    from selenium.webdriver.support.ui import WebDriverWait

    times = []
    for _ in range(runs):
        driver.execute_script("location.hash = '#/org'")
        WebDriverWait(driver, 60).until(lambda d: d.find_elements("css selector", ".tree"))
        t0 = time.perf_counter()
        driver.execute_script("location.hash = arguments[0]", fragment)
        if click:
            WebDriverWait(driver, 60, poll_frequency=0.02).until(lambda d: d.find_elements("css selector", click))
            driver.find_element("css selector", click).click()
        WebDriverWait(driver, 120, poll_frequency=0.02).until(drawn)
        times.append(time.perf_counter() - t0)
    times.sort()
    return {"median" + suffix: round(times[runs // 2], 3), "min" + suffix: round(times[0], 3), "runs": runs}


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
