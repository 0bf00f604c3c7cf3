"""Benchmark: batches at scale. Prints; asserts nothing.

1. An unchanged rerun: the 14 governorate reports (with PDFs, as `syriawar report` makes them, and HTML only),
   run once into a fresh reports folder, then again unchanged (every report reused), wall time of each.
2. A generated batch of small HTML reports (one governorate in one month: VDC's documented deaths by day, one
   figure, its key figure and sources) at 100, 300 and 1,000 reports, on the local process pool and on a Dask
   cluster of worker processes (a LocalCluster, started once, before the timing): reports per minute, time per
   report, and the peak resident memory (RSS, shared pages counted in each process) of the largest worker with the
   processes it started and of everything the batch started (workers, kernel zygotes, kernels), sampled every
   0.2 s. A size is skipped when the size before it took longer
   than --max-previous seconds on that executor (default 240: 1,000 only where 300 took under 4 minutes).

    .venv/bin/python benchmarks/bench_scale.py [--sizes 100,300,1000] [--workers 2] [--no-rerun] [--no-dask]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import tempfile
import threading
import time
import warnings
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]

SMALL_NOTEBOOK = '''\
import matplotlib.pyplot as plt
import pandas as pd
from syriawar import tables
from syriawar.notebook import key_figures, show, sources_used, title

deaths = tables.documented_deaths()
days = deaths[(deaths["governorate"] == governorate) & deaths["date"].between(start, end)]
by_day = days.groupby("date")["deaths"].sum().reindex(pd.date_range(start, end), fill_value=0)
title(f"{governorate}, {start[:7]}: documented deaths")
key_figures(pd.DataFrame([{"figure": "Deaths documented by VDC", "value": f"{int(by_day.sum()):,}"}]))
fig, ax = plt.subplots(figsize=(7, 3))
ax.bar(by_day.index, by_day.to_numpy(), color="#0072B2")
ax.set(title=f"Deaths documented in {governorate} by day, {start[:7]}", xlabel="day", ylabel="deaths (people)")
fig.text(0.01, 0.01, "Source: Violations Documentation Center (VDC), deaths documented by governorate and day",
         fontsize=7)
show(fig)
sources_used()
'''


def small_project(tmp: Path) -> Path:
    """A project holding the reference tables, the catalog and one small report notebook, ``small``."""
    root = tmp / "project"
    (root / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copy(ROOT / "data" / "sources.toml", root / "data" / "sources.toml")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('governorate = "Aleppo"\nstart = "2014-01-01"\nend = "2014-01-31"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Documented deaths in one governorate and month"), params,
                nbformat.v4.new_code_cell(SMALL_NOTEBOOK)]
    nbformat.write(nb, root / "notebooks" / "small.ipynb")
    return root


def small_jobs(n: int) -> list:
    """``n`` reports: every governorate in each month from January 2012 on (VDC's series ends in August 2018:
    1,120 combinations), month by month."""
    from syriawar import geography
    from syriawar.report.batch import Job, check_parameters

    months = list(itertools.islice(((y, m) for y in range(2012, 2019) for m in range(1, 13)), 80))
    jobs = []
    for (year, month), gov in itertools.product(months, geography.governorate_names()):
        last = (pd_month_end(year, month))
        params = check_parameters("small", {"governorate": gov, "start": f"{year}-{month:02d}-01", "end": last})
        jobs.append(Job(f"small-{year}-{month:02d}-{gov.lower().replace(' ', '-').replace(chr(39), '')}", "small",
                        params))
        if len(jobs) == n:
            return jobs
    raise SystemExit(f"at most {len(jobs)} small reports can be generated; asked for {n}")


def pd_month_end(year: int, month: int) -> str:
    import calendar

    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


class PeakMemory:
    """Samples, every ``every`` s, the resident memory of this process's descendants: the largest worker (a process
    started by multiprocessing's spawn, a pool worker or a Dask worker, with the processes it started: kernel
    launchers, and on Dask its kernel zygote and kernels) and the sum of all of them (the local pool's shared kernel
    zygote and its kernels included)."""

    def __init__(self, every: float = 0.2):
        self.every, self.worker_mb, self.total_mb = every, 0.0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _mb(p: psutil.Process) -> float:
        try:
            return p.memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(self.every):
            total = 0.0
            for p in me.children(recursive=True):
                try:
                    cmd = " ".join(p.cmdline())
                except psutil.Error:
                    continue
                if "resource_tracker" in cmd:
                    continue
                total += self._mb(p)
                if "spawn_main" in cmd:
                    try:
                        tree = self._mb(p) + sum(self._mb(c) for c in p.children(recursive=True))
                    except psutil.Error:
                        continue
                    self.worker_mb = max(self.worker_mb, tree)
            self.total_mb = max(self.total_mb, total)


def timed_batch(jobs, out: Path, **options) -> tuple[float, list[dict], PeakMemory]:
    from syriawar.report.runner import run_batch

    with PeakMemory() as peak:
        t0 = time.perf_counter()
        _, results = run_batch(jobs, out=out, progress=False, **options)
        seconds = time.perf_counter() - t0
    return seconds, results, peak


def rerun(tmp: Path, workers: int) -> None:
    from syriawar.report.batch import load_batch

    batch = tmp / "governorates.yml"
    batch.write_text("reports:\n  - notebook: governorate\n    for_each: {governorate: all}\n")
    jobs = load_batch(batch)
    print(f"\nUnchanged rerun of the {len(jobs)} governorate reports ({workers} workers)")
    print(f"{'reports':<22} {'first run s':>12} {'rerun s':>8} {'reused':>7} {'rerun/first':>12}")
    for pdf in (True, False):
        out = tmp / f"rerun-{'pdf' if pdf else 'html'}"
        first, res1, _ = timed_batch(jobs, out, workers=workers, pdf=pdf)
        again, res2, _ = timed_batch(jobs, out, workers=workers, pdf=pdf)
        reused = sum(bool(r.get("reused")) for r in res2)
        ok = sum(r["status"] == "ok" for r in res1)
        label = f"HTML + PDF ({ok} ok)" if pdf else f"HTML only ({ok} ok)"
        print(f"{label:<22} {first:>12.1f} {again:>8.2f} {reused:>7} {again / first:>12.3f}", flush=True)


def scale(tmp: Path, sizes: list[int], workers: int, dask: bool, max_previous: float) -> None:
    from syriawar.report.executors import dask_executor

    os.environ["SYRIAWAR_ROOT"] = str(small_project(tmp))
    jobs = small_jobs(max(sizes))
    print(f"\nGenerated batch of small HTML reports ({workers} workers); cluster start not timed")
    print(f"{'executor':<22} {'reports':>7} {'seconds':>8} {'reports/min':>12} {'s/report':>9} "
          f"{'peak MB/worker':>15} {'peak MB all':>12} {'ok':>5}")

    def run_sizes(name: str, **options) -> None:
        previous = 0.0
        for n in sizes:
            if previous > max_previous:
                print(f"{name:<22} {n:>7}  skipped: the size before took {previous:.0f} s (> {max_previous:.0f} s)")
                continue
            seconds, results, peak = timed_batch(jobs[:n], tmp / f"{name}-{n}".replace(" ", "-"), force=True,
                                                 pdf=False, **options)
            ok = sum(r["status"] == "ok" for r in results)
            print(f"{name:<22} {n:>7} {seconds:>8.1f} {n / seconds * 60:>12.1f} {seconds / n:>9.3f} "
                  f"{peak.worker_mb:>15.0f} {peak.total_mb:>12.0f} {ok:>5}", flush=True)
            previous = seconds

    run_sizes("local process pool", workers=workers)
    if dask:
        with dask_executor("dask-local", workers) as executor:
            run_sizes("Dask LocalCluster", executor=executor)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--max-previous", type=float, default=240.0)
    parser.add_argument("--no-rerun", action="store_true")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    os.environ.setdefault("SYRIAWAR_CACHE_DIR", str(ROOT / "data" / "cache"))
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"{psutil.cpu_count()} processors, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        if not args.no_rerun:
            rerun(Path(tmp), args.workers)
        scale(Path(tmp), sizes, args.workers, not args.no_dask, args.max_previous)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
