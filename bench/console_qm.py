"""The console's Evaluations and Reports pages on the demo tenant (`openwfo demo --no-serve`, SQLite): the API
calls that feed each page, timed one by one (median of BENCH_RUNS) with the server's CPU seconds per page
load, and each page drawn in headless Chromium (from choosing it to its content on screen) when Debian's
chromium and chromium-driver are installed.

Pages: the evaluator's queue (one Contact API search), scoring a contact (the contact, its evaluations, the
evaluation forms, transcript, speech hits, media energy and events), an evaluation as scored (the evaluation,
its form, comments and history besides), the report catalog, a report's form (describe) and its preview
(the first 20 rows of Contact Detail), and a whole Contact Detail CSV (the download).
Target (the console's brief): every page under 200 ms server time on the demo tenant.
Run: `python -m bench.console_qm` (env BENCH_RUNS; OPENWFO_CONSOLE_SEEDED_DIR: copy an already seeded data dir).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .common import (
    EXE,
    chromium_driver,
    cpu_seconds,
    drawn_seconds,
    login_cookie,
    serving,
    sign_in,
    write_result,
)

RUNS = int(os.environ.get("BENCH_RUNS", "10"))
ADMIN, PASSWORD = "admin@demo.openwfo.test", "demo-password"


@contextmanager
def demo_server():
    tmp = Path(tempfile.mkdtemp(prefix="openwfo-bench-console-qm-"))
    env = {
        **os.environ,
        "OPENWFO_DATA_DIR": str(tmp),
        "OPENWFO_DATASERVER_SCAN_SECONDS": "0",
        "OPENWFO_SPEECH_SCAN_SECONDS": "0",
    }
    env.pop("OPENWFO_DATABASE_URL", None)
    seeded = os.environ.get("OPENWFO_CONSOLE_SEEDED_DIR")
    t0 = time.perf_counter()
    if seeded:
        shutil.copytree(seeded, tmp, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    else:
        subprocess.run(
            EXE + ["demo", "--no-serve", "--data-dir", str(tmp)],
            env=env,
            check=True,
            capture_output=True,
            timeout=1200,
        )
    seed_s = time.perf_counter() - t0
    try:
        with serving(env, tmp / "server.log", tries=600) as (base, proc):
            yield base, proc.pid, round(seed_s, 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _request(base, cookie, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        base + path,
        data=data,
        method="POST" if body is not None else "GET",
        headers={"Cookie": cookie, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read()


def _page(base, cookie, pid, calls: dict) -> dict:
    """Each call's median and the page's total; the server's CPU seconds per page load (all calls once)."""
    out = {}
    for fn in calls.values():
        fn()  # warm-up
    cpu0 = cpu_seconds(pid)
    times = {name: [] for name in calls}
    sizes = {}
    for _ in range(RUNS):
        for name, fn in calls.items():
            t0 = time.perf_counter()
            body = fn()
            times[name].append(time.perf_counter() - t0)
            sizes[name] = len(body)
    cpu = (cpu_seconds(pid) - cpu0) / RUNS
    for name, values in times.items():
        out[name] = {"bytes": sizes[name], "medianSeconds": round(statistics.median(values), 4)}
    out["pageSeconds"] = round(sum(v["medianSeconds"] for v in out.values()), 3)
    out["serverCpuSecondsPerPage"] = round(cpu, 4)
    return out


def _browser(base: str, pages: dict) -> dict | None:
    """Each page drawn in Chromium: from setting its fragment to the element that shows its content."""
    driver = chromium_driver("--mute-audio")
    if driver is None:
        return None
    out = {}
    try:
        sign_in(driver, base, ADMIN, PASSWORD)
        for name, (fragment, ready, click) in pages.items():
            out[name] = drawn_seconds(
                driver,
                fragment,
                lambda d, r=ready: d.execute_script("return !!document.querySelector(arguments[0])", r),
                click,
                suffix="Seconds",
            )
        return out
    finally:
        driver.quit()


def measure() -> dict:
    with demo_server() as (base, pid, seed_s):
        cookie = login_cookie(base, ADMIN, PASSWORD)
        todo = json.loads(
            _request(base, cookie, "/api/rest/recording/contact?canEvaluate=true&evalState=unscored&limit=25")
        )
        cid = todo[0]["id"]
        scored = json.loads(
            _request(base, cookie, "/api/rest/recording/contact?evalState=scored&hasRecording=true&limit=1")
        )
        sid, eid = scored[0]["id"], scored[0]["evaluation"]["id"]
        form_id = json.loads(_request(base, cookie, f"/api/rest/recording/contact/{sid}/eval/{eid}"))["form"][
            "id"
        ]

        def contact_calls(c):
            rec = f"/api/rest/recording/contact/{c}"
            return {
                "contact": lambda: _request(base, cookie, rec),
                "evaluations": lambda: _request(base, cookie, f"{rec}/eval"),
                "transcript": lambda: _request(base, cookie, f"/api/rest/cas/speechtextview?ccrid={c}"),
                "speechHits": lambda: _request(base, cookie, f"/api/rest/cas/contact?ccrid={c}"),
                "energy": lambda: _request(
                    base, cookie, f"/api/rest/recording/media/energy/{c}?dataPoints=300"
                ),
                "events": lambda: _request(base, cookie, f"{rec}/event"),
            }

        one = f"/api/rest/recording/contact/{sid}/eval/{eid}"
        preview = {
            "action": "EXPORT_CSV",
            "paramValues": {"encodedParamValues": "[]"},
            "pageSpecification": [{"offset": 0, "limit": 20}],
        }
        whole = {"action": "EXPORT_CSV", "paramValues": {"encodedParamValues": "[]"}}
        result = {
            "queue": _page(
                base,
                cookie,
                pid,
                {
                    "search": lambda: _request(
                        base,
                        cookie,
                        "/api/rest/recording/contact?canEvaluate=true&evalState=unscored&limit=25",
                    )
                },
            ),
            "scoreANewEvaluation": _page(
                base,
                cookie,
                pid,
                {
                    **contact_calls(cid),
                    "forms": lambda: _request(base, cookie, "/api/rest/recording/evalform"),
                },
            ),
            "anEvaluation": _page(
                base,
                cookie,
                pid,
                {
                    **contact_calls(sid),
                    "evaluation": lambda: _request(base, cookie, one),
                    "form": lambda: _request(base, cookie, f"/api/rest/recording/evalform/{form_id}"),
                    "comments": lambda: _request(base, cookie, f"{one}/comment"),
                    "history": lambda: _request(base, cookie, f"{one}/history"),
                },
            ),
            "reportCatalog": _page(
                base,
                cookie,
                pid,
                {"catalog": lambda: _request(base, cookie, "/api/rest/dataexplorer/report")},
            ),
            "reportFormAndPreview": _page(
                base,
                cookie,
                pid,
                {
                    "describe": lambda: _request(base, cookie, "/api/rest/dataexplorer/report/217"),
                    "preview20Rows": lambda: _request(
                        base, cookie, "/api/rest/dataexplorer/report/217/export", preview
                    ),
                },
            ),
            "contactDetailCsv": _page(
                base,
                cookie,
                pid,
                {"export": lambda: _request(base, cookie, "/api/rest/dataexplorer/report/217/export", whole)},
            ),
        }
        rows = _request(base, cookie, "/api/rest/dataexplorer/report/217/export", whole).count(b"\n") - 1
        result["contactDetailCsv"]["rows"] = rows
        browser = _browser(
            base,
            {
                "queue": ("#/evaluations", "#queue-todo tbody tr", None),
                "scoreANewEvaluation": (f"#/evaluate/{cid}", "#eval-score[data-score]", None),
                "anEvaluation": (f"#/evaluate/{sid}/{eid}", "#eval-comments", None),
                "reportCatalog": ("#/reports", "#report-catalog tbody tr", None),
                "reportPreview": ("#/reports/217", "#report-rows tbody tr", "#report-preview-btn"),
            },
        )
    return {
        "store": "sqlite",
        "tenant": "demo",
        "seedSeconds": seed_s,
        "runs": RUNS,
        **result,
        "browser": browser or "chromium not installed: skipped",
        "loadAverage": os.getloadavg(),
    }


def main() -> dict:
    result = measure()
    write_result("console_qm", result)
    return result


if __name__ == "__main__":
    main()
