"""Real OpenWFO processes for tests that need them (a server on a free port, the CLI)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

EXE = [sys.executable, "-m", "openwfo"]


def run_cli(*args, env=None, check=True, timeout=120):
    return subprocess.run(EXE + list(args), capture_output=True, text=True, env=env, check=check, timeout=timeout)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(base, email, password, tenant_id=None) -> dict:
    body = {"userId": email, "password": password}
    if tenant_id:
        body["tenantId"] = tenant_id
    req = urllib.request.Request(base + "/api/rest/authorize", data=json.dumps(body).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


_CSRF: dict[tuple[str, str], str | None] = {}


def csrf_token(base, sid) -> str | None:
    """The session's CSRF token when the web console started it (GET /api/rest/authorize answers it)."""
    if (base, sid) not in _CSRF:
        req = urllib.request.Request(base + "/api/rest/authorize", headers={"Cookie": f"hazelcast.sessionId={sid}"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                _CSRF[base, sid] = r.headers.get("X-CSRF-Token")
        except urllib.error.HTTPError:
            return None
    return _CSRF[base, sid]


def call(base, path, sid, method="GET", body=None) -> tuple[int, object]:
    """(status, parsed JSON body or None) of one request with the session cookie (and, for a change in a
    session the console started, its CSRF token, as the console sends it)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Cookie": f"hazelcast.sessionId={sid}", "Content-Type": "application/json"}
    if method not in ("GET", "HEAD"):
        token = csrf_token(base, sid)
        if token:
            headers["X-CSRF-Token"] = token
    req = urllib.request.Request(base + path, method=method, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        raw, status = e.read(), e.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


class Server:
    """`openwfo serve` on a free port with the environment given; stop() ends it."""

    def __init__(self, env, *extra_args):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(EXE + ["serve", "--port", str(self.port), "--log-level", "warning", *extra_args],
                                     env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(600):
            try:
                urllib.request.urlopen(self.base + "/api/rest/system/version", timeout=1)
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(self.proc.stderr.read().decode()) from None
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)
