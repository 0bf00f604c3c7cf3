"""Benchmark: cold build and warm (cached) load of the events table, for the GED Syria release and for a
GED-format file 25 times its size (about 400,000 events) that this script writes by repeating the release
with new event ids. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/bench_tables.py [--repeat 25]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd


def timed(fn, runs: int = 3) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        out = None  # the previous run's table is let go first, as a new kernel would hold none
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


FRESH = """
import sys, time, warnings
warnings.simplefilter("ignore")
import pandas, pyarrow
from syriawar.cache import cached_table
t0 = time.perf_counter()
cached_table(sys.argv[1], sys.argv[2], "b", lambda: None)
print(time.perf_counter() - t0)
"""


def fresh_load(table: str, sha: str, runs: int = 3) -> float:
    """A warm load as a new kernel does it: the first read of the cache in a new process (imports excluded)."""
    import subprocess
    import sys

    times = [float(subprocess.run([sys.executable, "-c", FRESH, table, sha], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(runs)]
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from syriawar import catalog
    from syriawar.cache import cached_table
    from syriawar.datasets import ucdp_ged as ged

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SYRIAWAR_CACHE_DIR"] = tmp
        src = catalog.resolve("ucdp_ged_syria")
        rows = []
        plain = timed(lambda: len(pd.read_csv(src.path)), runs=1)[0]
        cold, ev = timed(lambda: ged.read_ged(src.path, "Syria"), runs=1)
        cached_table("bench-syria", src.sha256, "b", lambda t=ev: t)
        warm = timed(lambda: cached_table("bench-syria", src.sha256, "b", lambda: None), runs=5)[0]
        rows.append(("GED Syria release", len(ev), plain, cold, warm, fresh_load("bench-syria", src.sha256)))

        raw = pd.read_csv(src.path, dtype=str)
        ids = pd.to_numeric(raw["id"]).astype("int64")
        parts = []
        for k in range(args.repeat):
            part = raw.copy()
            part["id"] = (ids + k * 10_000_000).astype(str)
            parts.append(part)
        big = Path(tmp) / f"ged_x{args.repeat}.csv.gz"
        with gzip.open(big, "wt", encoding="utf-8") as fh:
            pd.concat(parts, ignore_index=True).to_csv(fh, index=False)
        del parts, raw, ev
        sha = catalog.sha256_of(big)
        plain_big = timed(lambda: len(pd.read_csv(big)), runs=1)[0]
        cold_big, ev_big = timed(lambda: ged.read_ged(big, "x25"), runs=1)
        cached_table("bench-big", sha, "b", lambda t=ev_big: t)
        n_big = len(ev_big)
        del ev_big  # a warm load happens in a fresh kernel, not beside a second copy of the table
        gc.collect()
        warm_big = timed(lambda: cached_table("bench-big", sha, "b", lambda: None), runs=5)[0]
        rows.append((f"GED format x{args.repeat} ({big.stat().st_size / 2**20:.0f} MiB gz)", n_big, plain_big,
                     cold_big, warm_big, fresh_load("bench-big", sha)))

    # read_csv: pandas.read_csv of the raw file with default options (parsing only, no checks); cold build: the
    # checked canonical table from the raw file (Arrow's CSV reader, then every row check); warm: the Arrow cache
    # read again in this process (median of 5), and read first in a new process, as a new kernel reads it
    print(f"{'events table':<34} {'rows':>9} {'read_csv s':>11} {'cold build s':>13} {'cold/read_csv':>14} "
          f"{'warm load s':>12} {'warm, new process s':>20}")
    for name, n, plain, c, w, f in rows:
        print(f"{name:<34} {n:>9,} {plain:>11.2f} {c:>13.2f} {c / plain:>14.2f} {w:>12.3f} {f:>20.3f}")


if __name__ == "__main__":
    main()
