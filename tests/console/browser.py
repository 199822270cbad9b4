"""A real server on a seeded demo data dir and one headless Chromium driving the console (Selenium)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ..processes import Server, run_cli

ADMIN, PASSWORD = "admin@demo.openwfo.test", "demo-password"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# Where the screenshots go: docs/screenshots when OPENWFO_SCREENSHOTS names it, else the test's temp dir.
SCREENSHOTS = os.environ.get("OPENWFO_SCREENSHOTS")


_seeded_once: Path | None = None


def demo_server(tmp_path_factory) -> tuple[Server, Path]:
    global _seeded_once
    data = tmp_path_factory.mktemp("console-demo")
    # No background speech sweep over every demo recording (the test analyses the one contact it plays).
    env = {**os.environ, "OPENWFO_DATA_DIR": str(data), "OPENWFO_DATASERVER_SCAN_SECONDS": "0",
           "OPENWFO_SPEECH_SCAN_SECONDS": "0"}
    env.pop("OPENWFO_DATABASE_URL", None)
    seeded = os.environ.get("OPENWFO_CONSOLE_SEEDED_DIR")  # a data dir `openwfo demo --no-serve` made, copied
    if not seeded:
        # The demo is seeded once per test session; each module's server gets its own copy to change.
        if _seeded_once is None:
            fresh = tmp_path_factory.mktemp("console-demo-seeded")
            run_cli("demo", "--no-serve", "--data-dir", str(fresh), env={**env, "OPENWFO_DATA_DIR": str(fresh)},
                    timeout=600)
            _seeded_once = fresh
        seeded = str(_seeded_once)
    shutil.copytree(seeded, data, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.lock"))
    return Server(env), data


def chromium(download_dir: Path):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.skip("chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,900",
                "--autoplay-policy=no-user-gesture-required", "--mute-audio", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(download_dir)})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(120)
    return driver


def screenshot(driver, name: str, fallback: Path) -> Path:
    folder = Path(SCREENSHOTS) if SCREENSHOTS else fallback
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


AXE = Path(__file__).parent / "assets" / "axe.min.js"


def accessibility_violations(driver) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now ("rule: target, ...")."""
    driver.execute_script(AXE.read_text())
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations)).catch(e => done(String(e)));")
    assert isinstance(result, list), result
    return [f"{v['id']}: {', '.join(str(n['target']) for n in v['nodes'][:3])}" for v in result
            if v.get("impact") in ("serious", "critical")]
