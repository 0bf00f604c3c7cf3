"""Benchmark: time from a control change to updated figures in the explore notebook (Explorer.update: filter
the in-memory cube and events, redraw timeline, heatmap and map as PNG), on the GED Syria release and on a
GED-format file about 25 times larger that this script writes. Prints median and max over a sequence of
control changes; asserts nothing.

    .venv/bin/python benchmarks/bench_explorer.py [--repeat 25]
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

CHANGES = [
    {"estimate": "high"}, {"governorates": ["Idleb"]}, {"governorates": ["Idleb", "Aleppo"], "estimate": "low"},
    {"types": ["state-based"]}, {"actors": ["Turkey"]}, {"start": "2017-01-01", "end": "2017-12-31"},
    {"types": ["one-sided"], "estimate": "best"}, {},
]


def measure(explorer, base) -> list[float]:
    from syriawar.explorer import View

    explorer.update(View(**base))  # first draw builds the figures
    times = []
    for change in CHANGES:
        view = View(**{**base, **change})
        t0 = time.perf_counter()
        explorer.update(view)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from syriawar import catalog
    from syriawar.datasets import ucdp_ged
    from syriawar.explorer import Explorer

    base = {"start": "2016-01-01", "end": "2019-11-30"}
    rows = []
    ev = ucdp_ged.events("ucdp_ged_syria")
    t0 = time.perf_counter()
    ex = Explorer(ev)
    build = time.perf_counter() - t0
    rows.append(("GED Syria release", len(ev), build, measure(ex, base)))

    src = catalog.resolve("ucdp_ged_syria")
    raw = pd.read_csv(src.path, dtype=str)
    ids = pd.to_numeric(raw["id"]).astype("int64")
    big = pd.concat([raw.assign(id=(ids + k * 10_000_000).astype(str)) for k in range(args.repeat)], ignore_index=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ged_big.csv.gz"
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            big.to_csv(fh, index=False)
        ev_big = ucdp_ged.read_ged(path, f"GED format x{args.repeat}")
    t0 = time.perf_counter()
    ex_big = Explorer(ev_big)
    build_big = time.perf_counter() - t0
    rows.append((f"GED format x{args.repeat}", len(ev_big), build_big, measure(ex_big, base)))

    print(f"{'events':<22} {'rows':>9} {'build s':>8} {'update median ms':>17} {'update max ms':>14}")
    for name, n, b, times in rows:
        print(f"{name:<22} {n:>9,} {b:>8.2f} {1000 * statistics.median(times):>17.0f} {1000 * max(times):>14.0f}")


if __name__ == "__main__":
    main()
