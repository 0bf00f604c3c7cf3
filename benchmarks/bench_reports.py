"""Benchmark: the default report batch end to end (HTML and PDF) with the workbook's runner, against the
naive way measured in the same run: the papermill command line once per notebook, one after another, then
`jupyter nbconvert --to html --no-input` once per notebook, then the `weasyprint` command line for the PDF.
Prints both wall times and their ratio (the runner's: the median of --repeat batches, 3 by default); asserts
nothing. The caches both read are built first, untimed. The runner prints its PDFs with Chromium where one is
installed (else WeasyPrint); --weasyprint-too runs its batch a second time with WeasyPrint printing them.

    .venv/bin/python benchmarks/bench_reports.py [--only governorate] [--limit N] [--workers N] [--repeat N]
        [--weasyprint-too]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from syriawar.report.batch import default_batch_file, load_batch, notebooks_dir
from syriawar.report.render import PDF_ENGINE_ENV, pdf_engine
from syriawar.report.runner import run_batch

BIN = Path(sys.executable).parent


def naive(jobs, out: Path) -> float:
    t0 = time.perf_counter()
    for job in jobs:
        nb_out = out / f"{job.name}.ipynb"
        params = []
        for k, v in job.parameters.items():
            params += ["-y", json.dumps({k: v})]
        subprocess.run([str(BIN / "papermill"), str(notebooks_dir() / f"{job.notebook}.ipynb"), str(nb_out),
                        "-k", "python3", "--cwd", str(notebooks_dir()), "--no-progress-bar", *params],
                       check=True, capture_output=True)
    for job in jobs:
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out / f"{job.name}.ipynb")],
                       check=True, capture_output=True)
        subprocess.run([str(BIN / "weasyprint"), str(out / f"{job.name}.html"), str(out / f"{job.name}.pdf")],
                       check=True, capture_output=True)
    return time.perf_counter() - t0


def warm() -> None:
    """Build, untimed, the caches both ways read (the tables, and the outlines of every map of a governorate): else
    the first batch timed, the runner's, would build them and the naive chain would find them built."""
    from syriawar import geography, maps, registry

    registry.warm()
    maps.warm_outlines(geography.governorate_names())


def runner(jobs, workers, out: Path, engine: str) -> float:
    """The batch through the workbook's runner; prints its time and where the time went; returns the seconds."""
    saved = os.environ.get(PDF_ENGINE_ENV)
    os.environ[PDF_ENGINE_ENV] = engine
    try:
        t0 = time.perf_counter()
        _, results = run_batch(jobs, workers=workers, out=out, progress=False)
        fast = time.perf_counter() - t0
    finally:
        os.environ.pop(PDF_ENGINE_ENV) if saved is None else os.environ.__setitem__(PDF_ENGINE_ENV, saved)
    ok = sum(r["status"] == "ok" for r in results)
    parts = {k: sum(r.get(k, 0.0) for r in results) for k in ("execute_s", "html_s", "pdf_s")}
    engines = ", ".join(sorted({r.get("pdf_engine", "?") for r in results}))
    print(f"reports: {len(jobs)} ({ok} ok), workers: {workers or os.cpu_count()}")
    print(f"workbook runner (papermill API, forked kernels, in-process HTML, PDF by {engines}): {fast:7.1f} s")
    print("  summed over reports: execute {execute_s:.1f} s, html {html_s:.1f} s, pdf {pdf_s:.1f} s".format(**parts))
    return fast


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only the reports of this notebook")
    parser.add_argument("--limit", type=int, default=None, help="at most this many reports")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="run the runner's batch this many times (median)")
    parser.add_argument("--weasyprint-too", action="store_true",
                        help="where Chromium prints the PDFs, run the batch again with WeasyPrint printing them")
    args = parser.parse_args()
    jobs = load_batch(default_batch_file())
    if args.only:
        jobs = [j for j in jobs if j.notebook == args.only]
    jobs = jobs[: args.limit] if args.limit else jobs
    warm()
    with tempfile.TemporaryDirectory() as tmp:
        # the runner's batch several times, its median against the one naive chain: on this shared machine one
        # half-minute batch moves by 10-15% from run to run, a three-minute chain much less
        times = [runner(jobs, args.workers, Path(tmp) / f"fast-{i}", "") for i in range(args.repeat)]
        fast = statistics.median(times)
        if args.repeat > 1:
            print(f"workbook runner, median of {args.repeat} batches: {fast:.1f} s "
                  f"({', '.join(f'{t:.1f}' for t in times)})")
        if args.weasyprint_too and pdf_engine() == "chromium":  # the same batch with WeasyPrint's PDFs, for comparison
            runner(jobs, args.workers, Path(tmp) / "weasyprint", "weasyprint")
        if not args.skip_naive:
            (Path(tmp) / "naive").mkdir()
            slow = naive(jobs, Path(tmp) / "naive")
            print(f"naive (papermill CLI, then nbconvert CLI and weasyprint CLI, one by one):      {slow:7.1f} s")
            print(f"ratio naive / runner: {slow / fast:.2f}")


if __name__ == "__main__":
    main()
