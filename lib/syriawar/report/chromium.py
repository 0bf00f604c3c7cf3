"""Report PDFs printed by Chromium (headless, driven by Playwright): the report's own HTML page, laid out by a
browser engine, with its SVG figures drawn as vectors and text as text.

Why: WeasyPrint lays a page out in Python. Of the 18 default reports' PDFs it took about 1 s each (0.55 s laying
out text and tables, 0.25 s for librsvg to draw the figures, the rest writing and placing); Chromium prints the same
page in about 0.3 s of processor time. What the PDF keeps: a tagged structure (headings, tables with header cells,
each figure a Figure element with its alternative text), the document's title and language, bookmarks from the
headings, fonts embedded, the page header and "page n of N" footer of ``report.css``.

One browser per process, started on first use (or ahead of it with ``printer().start()``) in a thread of its own,
so that Playwright's event loop never meets papermill's; JavaScript is off and the network is offline: a report
page is static and fetches nothing. Where no Chromium is installed, ``available()`` is False and reports are
printed by WeasyPrint (see render.render_pdf).
"""

from __future__ import annotations

import atexit
import os
import queue
import shutil
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

EXECUTABLE_ENV = "SYRIAWAR_CHROMIUM"  # a Chromium (or Chrome) executable to print with, if not on PATH
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120  # for one report: its page loaded and printed
GRACE_S = 30  # beyond TIMEOUT_S, before a browser that has not answered at all is given up


def executable() -> str | None:
    """The Chromium to print with: ``$SYRIAWAR_CHROMIUM``, else the first of NAMES on PATH, else None."""
    named = os.environ.get(EXECUTABLE_ENV)
    if named:
        return named if Path(named).is_file() else None
    return next((found for found in map(shutil.which, NAMES) if found), None)


def available() -> bool:
    if executable() is None:
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


class PrintError(RuntimeError):
    """Chromium could not start, or could not print a report."""


class Printer:
    """A headless Chromium kept open by a thread of this process; ``pdf(html)`` prints a page to PDF bytes."""

    def __init__(self, exe: str | None = None):
        self.exe = exe or executable()
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stuck = ""

    def start(self) -> Printer:
        """Start the browser in the background (returns at once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="syriawar-chromium", daemon=True)
                self._thread.start()
        return self

    def pdf(self, html: str, timeout: float = TIMEOUT_S) -> bytes:
        """``html`` printed: A4 (or what its CSS @page says), backgrounds, tagged, with bookmarks. A browser that
        stops answering is given up for the rest of this process (PrintError at once, for WeasyPrint to print)."""
        if self._stuck:
            raise PrintError(f"Chromium stopped answering earlier in this process ({self._stuck})")
        self.start()
        done: Future = Future()
        self._jobs.put((html, timeout, done))
        try:
            return done.result(timeout=timeout + GRACE_S)  # the browser's own timeouts come first
        except FutureTimeout:
            self._stuck = f"no PDF after {timeout + GRACE_S:.0f} s"
            raise PrintError(f"Chromium did not print the report: {self._stuck}") from None

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    def _serve(self) -> None:
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=self.exe, args=["--disable-gpu", "--no-first-run"])
                try:
                    context = browser.new_context(java_script_enabled=False, offline=True)
                    page = None
                    while (job := self._jobs.get()) is not None:
                        html, timeout, done = job
                        try:
                            page = page or context.new_page()
                            page.set_content(html, wait_until="load", timeout=timeout * 1000)
                            done.set_result(page.pdf(prefer_css_page_size=True, print_background=True, tagged=True,
                                                     outline=True))
                        except Exception as exc:  # noqa: BLE001 - this report fails; the next gets a new page
                            done.set_exception(PrintError(f"Chromium could not print the report: {exc}"))
                            page = _closed(page)
                finally:
                    browser.close()
        except Exception as exc:  # noqa: BLE001 - Chromium did not start: every report waiting is told why
            error = PrintError(f"Chromium ({self.exe}) could not start: {str(exc).splitlines()[0][:300]}")
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                job[2].set_exception(error)


def _closed(page) -> None:
    try:
        if page is not None:
            page.close()
    except Exception:  # noqa: BLE001 - a crashed page may not close; the browser still can
        pass


_PRINTER: list[Printer] = []


def printer() -> Printer:
    """This process's printer (one browser, started once)."""
    if not _PRINTER:
        _PRINTER.append(Printer())
        atexit.register(_PRINTER[0].close)
    return _PRINTER[0]
