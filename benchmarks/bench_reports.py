"""Benchmark: the default report batch end to end (HTML and PDF) with the workbook's runner, against the
naive way measured in the same run: the papermill command line once per notebook, one after another, then
`jupyter nbconvert --to html --no-input` once per notebook, then the `weasyprint` command line for the PDF.
Prints both wall times and their ratio; asserts nothing.

    .venv/bin/python benchmarks/bench_reports.py [--only governorate] [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from syriawar.report.batch import default_batch_file, load_batch, notebooks_dir
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="run only the reports of this notebook")
    parser.add_argument("--limit", type=int, default=None, help="at most this many reports")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--skip-naive", action="store_true")
    args = parser.parse_args()
    jobs = load_batch(default_batch_file())
    if args.only:
        jobs = [j for j in jobs if j.notebook == args.only]
    jobs = jobs[: args.limit] if args.limit else jobs
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        run_dir, results = run_batch(jobs, workers=args.workers, out=Path(tmp) / "fast", progress=False)
        fast = time.perf_counter() - t0
        ok = sum(r["status"] == "ok" for r in results)
        parts = {k: sum(r.get(k, 0.0) for r in results) for k in ("execute_s", "html_s", "pdf_s")}
        print(f"reports: {len(jobs)} ({ok} ok), workers: {args.workers or os.cpu_count()}")
        print(f"workbook runner (papermill API, forked kernels, in-process HTML + WeasyPrint): {fast:7.1f} s")
        print("  summed over reports: execute {execute_s:.1f} s, html {html_s:.1f} s, pdf {pdf_s:.1f} s".format(**parts))
        if not args.skip_naive:
            (Path(tmp) / "naive").mkdir()
            slow = naive(jobs, Path(tmp) / "naive")
            print(f"naive (papermill CLI, then nbconvert CLI and weasyprint CLI, one by one):      {slow:7.1f} s")
            print(f"ratio naive / runner: {slow / fast:.2f}")


if __name__ == "__main__":
    main()
