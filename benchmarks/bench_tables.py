"""Benchmark: cold build and warm (cached) load of the events table, for the GED Syria release and for a
GED-format file 25 times its size (about 400,000 events) that this script writes by repeating the release
with new event ids. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/bench_tables.py [--repeat 25]
"""

from __future__ import annotations

import argparse
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
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from syriawar import catalog
    from syriawar.cache import cached_table
    from syriawar.readers import ged

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SYRIAWAR_CACHE_DIR"] = tmp
        src = catalog.resolve("ucdp_ged_syria")
        rows = []
        cold, ev = timed(lambda: ged.read_ged(src.path, "Syria"), runs=1)
        cached_table("bench-syria", src.sha256, "b", lambda: ev)
        warm, _ = timed(lambda: cached_table("bench-syria", src.sha256, "b", lambda: None))
        rows.append(("GED Syria release", len(ev), cold, warm))

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
        sha = catalog.sha256_of(big)
        cold_big, ev_big = timed(lambda: ged.read_ged(big, "x25"), runs=1)
        cached_table("bench-big", sha, "b", lambda: ev_big)
        warm_big, _ = timed(lambda: cached_table("bench-big", sha, "b", lambda: None))
        rows.append((f"GED format x{args.repeat} ({big.stat().st_size / 2**20:.0f} MiB gz)", len(ev_big), cold_big, warm_big))

    print(f"{'events table':<34} {'rows':>9} {'cold build s':>13} {'warm load s':>12}")
    for name, n, c, w in rows:
        print(f"{name:<34} {n:>9,} {c:>13.2f} {w:>12.3f}")


if __name__ == "__main__":
    main()
