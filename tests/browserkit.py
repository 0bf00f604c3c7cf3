"""JupyterLab and Debian's Chromium for the browser tests (and benchmarks/bench_explorer_browser.py): each started
on 127.0.0.1 on a free port, driven with Playwright over the DevTools protocol, and stopped by the process group it started."""

from __future__ import annotations

import contextlib
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
from typing import Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


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


@contextlib.contextmanager
def jupyterlab(root: Path, workdir: Path, env: dict | None = None) -> Iterator[tuple[str, str]]:
    """JupyterLab serving ``root``; yields (base url, token)."""
    port, token = free_port(), secrets.token_hex(16)
    full = {**os.environ, "JUPYTER_CONFIG_DIR": str(workdir / "jupyter-config"),
            "JUPYTER_RUNTIME_DIR": str(workdir / "jupyter-runtime"), **(env or {})}
    full.pop("MPLBACKEND", None)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--LabApp.news_url=", "--ServerApp.port_retries=0", "--allow-root"],
        env=full, stdout=open(workdir / "lab.log", "w"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/status?token={token}", proc=proc)
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(proc)


@contextlib.contextmanager
def chromium(workdir: Path):
    """Headless Chromium with a fresh profile, connected with Playwright; yields the Browser."""
    from playwright.sync_api import sync_playwright

    cdp = free_port()
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--remote-debugging-port={cdp}", "--remote-debugging-address=127.0.0.1",
                             f"--user-data-dir={workdir / 'chromium-profile'}", "--window-size=1400,2400", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=open(workdir / "chromium.log", "w"), start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{cdp}/json/version", timeout=30, proc=proc)
        with sync_playwright() as pw:
            browser = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{cdp}")
            try:
                yield browser
            finally:
                browser.close()
    finally:
        stop(proc)


def open_explorer(context, url: str, token: str, notebook: str = "notebooks/explore.ipynb"):
    """A page of the browser ``context`` with the explore notebook open and its kernel started; returns the page."""
    page = context.new_page()
    page.set_viewport_size({"width": 1400, "height": 2000})
    page.set_default_timeout(120_000)
    page.goto(f"{url}/lab/tree/{notebook}?token={token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    # the kernel connected and idle, as the status bar says ("Python 3 (syriawar) | Idle"): Run All before that
    # runs nothing
    page.wait_for_function("() => /\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.innerText || '')",
                           timeout=120_000)
    return page


def run_all(page) -> None:
    page.click(".lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item:has-text('Run All Cells')")
