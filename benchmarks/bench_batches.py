"""Benchmark: a batch of more than 100 reports (every governorate for each year 2011-2018 by default) on the local
process pool and on a Dask LocalCluster with the same number of workers. Prints both; asserts nothing.

    .venv/bin/python benchmarks/bench_batches.py [--years 2011-2018] [--workers N] [--pdf]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
import warnings
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", default="2011-2018")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--pdf", action="store_true", help="render PDFs too (about twice as long)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from syriawar.report.batch import load_batch
    from syriawar.report.executors import dask_executor
    from syriawar.report.runner import run_batch

    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "batch.yml"
        batch.write_text(f"reports:\n  - notebook: governorate\n    for_each: {{governorate: all, year: {args.years}}}\n")
        jobs = load_batch(batch)
        rows = []
        t0 = time.perf_counter()
        _, local = run_batch(jobs, workers=args.workers, out=Path(tmp) / "local", pdf=args.pdf, progress=False)
        rows.append(("local process pool", time.perf_counter() - t0, local))
        t0 = time.perf_counter()
        with dask_executor("dask-local", args.workers) as executor:
            _, dask = run_batch(jobs, out=Path(tmp) / "dask", pdf=args.pdf, progress=False, executor=executor)
        rows.append(("Dask LocalCluster (incl. start)", time.perf_counter() - t0, dask))

    print(f"{len(jobs)} governorate reports ({args.years}), {args.workers} workers, PDF {'on' if args.pdf else 'off'}")
    print(f"{'executor':<34} {'seconds':>8} {'s/report':>9} {'ok':>5}")
    for name, secs, res in rows:
        ok = sum(r["status"] == "ok" for r in res)
        print(f"{name:<34} {secs:>8.1f} {secs / len(res):>9.2f} {ok:>5}")


if __name__ == "__main__":
    main()
