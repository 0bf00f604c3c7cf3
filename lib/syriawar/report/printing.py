"""A local batch's PDFs, printed by one Chromium in the batch's own process as the workers hand over their pages.

Why here and not in each worker: a worker that printed its own reports kept a browser and a Playwright driver of
its own, each started once per batch (about 1 s of processor time apiece, on a machine whose every core runs
notebooks). The batch's own process waits for its workers and has nothing else to do: one browser there prints
every report, one after another, while the workers go on to their next notebooks. A report whose page Chromium
cannot print is printed by WeasyPrint (render.render_pdf); one that cannot be printed at all fails alone.

Executors on other machines (Dask) print on their workers, which hold the pages.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from . import chromium
from .render import render_pdf


class BatchPrinter:
    """Prints the reports of one run folder; ``submit(result, then)`` -> a Future of that result with its PDF, which
    is also given to ``then`` before the Future is done."""

    def __init__(self, run_dir: Path, printer: chromium.Printer | None = None):
        self.run_dir = Path(run_dir)
        self.printer = (printer or chromium.Printer()).start()  # the browser starts while the first notebooks run
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="syriawar-pdf")
        self._stopped = False

    def submit(self, result: dict, then=lambda result: None) -> Future:
        return self._thread.submit(self._print, result, then)

    def _print(self, result: dict, then) -> dict:
        if self._stopped:  # the batch was interrupted: nothing more to print, nobody to tell
            return result
        t0 = time.perf_counter()
        name = result["name"]
        try:
            page = (self.run_dir / result["html"]).read_text(encoding="utf-8")
            result["pdf_engine"] = render_pdf(page, self.run_dir / f"{name}.pdf", base_url=str(self.run_dir),
                                              engine="chromium", printer=self.printer)
            result["pdf"] = f"{name}.pdf"
        except Exception as exc:  # noqa: BLE001 - this report fails; the next is printed
            result.update(status="failed", error=f"rendering failed: {type(exc).__name__}: {exc}"[:500])
        result["pdf_s"] = round(time.perf_counter() - t0, 2)
        result["seconds"] = round(result["seconds"] + result["pdf_s"], 2)
        if not self._stopped:
            then(result)
        return result

    def close(self) -> None:
        """Print the reports submitted, then close the browser."""
        self._thread.shutdown(wait=True)
        self.printer.close()

    def stop(self) -> None:
        """Print nothing more (the batch was interrupted; stopping its processes stops the browser too, and a report
        being printed then is left to WeasyPrint, but reported to nobody)."""
        self._stopped = True
        self._thread.shutdown(wait=False, cancel_futures=True)
