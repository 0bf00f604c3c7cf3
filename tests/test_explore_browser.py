"""JupyterLab in a real browser: open explore.ipynb, run all cells, change a control, see the chart change.

Starts JupyterLab on 127.0.0.1 with a token on a free port and Debian's Chromium with a fresh profile, drives
it with Playwright over the DevTools protocol, and stops both by the process ids it started.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 90, proc: subprocess.Popen | None = None) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the process serving {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture()
def lab(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "jupyter-config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "jupyter-runtime")}
    env.pop("MPLBACKEND", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
         "--LabApp.news_url=", "--ServerApp.port_retries=0", "--allow-root"],
        env=env, stdout=open(tmp_path / "lab.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc=proc)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(proc)
        assert proc.poll() is not None


@pytest.fixture()
def browser(tmp_path):
    from playwright.sync_api import sync_playwright

    cdp = free_port()
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--remote-debugging-port={cdp}", "--remote-debugging-address=127.0.0.1",
                             f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,2400", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=open(tmp_path / "chromium.log", "w"), start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{cdp}/json/version", timeout=30, proc=proc)
        with sync_playwright() as pw:
            b = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{cdp}")
            try:
                yield b
            finally:
                b.close()
    finally:
        stop(proc)
        assert proc.poll() is not None


def test_explore_notebook_updates_its_chart_when_a_control_changes(lab, browser, tmp_path):
    url, token = lab
    context = browser.contexts[0] if browser.contexts else browser.new_context()
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.set_default_timeout(120_000)
    page.goto(f"{url}/lab/tree/notebooks/explore.ipynb?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.wait_for_timeout(3000)  # let the kernel start before asking it to run
    page.click(".lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item:has-text('Run All Cells')")
    timeline = page.locator("img.explore-timeline")
    timeline.wait_for(state="visible", timeout=180_000)
    page.wait_for_function("() => { const i = document.querySelector('img.explore-timeline'); return i && i.naturalWidth > 0; }")
    before = timeline.screenshot()
    page.screenshot(path=str(tmp_path / "explore-before.png"), full_page=True)
    page.click(".widget-toggle-buttons button:has-text('high')")
    deadline = time.time() + 60
    after = before
    while time.time() < deadline and after == before:
        page.wait_for_timeout(500)
        after = timeline.screenshot()
    page.screenshot(path=str(tmp_path / "explore-after.png"), full_page=True)
    shot_dir = os.environ.get("SYRIAWAR_SCREENSHOT_DIR")
    if shot_dir:
        for name in ("explore-before.png", "explore-after.png"):
            shutil.copy(tmp_path / name, Path(shot_dir) / name)
    assert after != before, "the timeline did not change after the estimate was switched to 'high'"
    status = page.locator("text=/updated in \\d+ ms/").first.inner_text()
    assert "updated in" in status
    # the explorer's own controls and charts, checked by axe-core (JupyterLab's frame is not ours to fix)
    import axe_playwright_python

    page.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text())
    violations = page.evaluate("""async () => {
        const box = document.querySelector('img.explore-timeline').closest('.widget-vbox');
        return (await axe.run(box, {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes.length);
    }""")
    assert violations == []
