"""Benchmark: peak resident memory of a notebook kernel running the casualties notebook (whole war) on the GED
Syria release and on a GED-format file about 25 times larger, with every table cached as after a first run.
The kernel reads its own peak (getrusage) in a cell added to a copy of the notebook. Prints; asserts nothing.

    .venv/bin/python benchmarks/bench_memory.py [--repeat 25]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdata import each_data_set  # noqa: E402

PEAK = ("import resource, pathlib\n"
        "pathlib.Path(PEAK_FILE).write_text(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))")


def peak_mb(root: Path, tmp: Path) -> float:
    import papermill

    os.environ.update({"SYRIAWAR_ROOT": str(root), "SYRIAWAR_CACHE_DIR": str(tmp / "cache")})
    # every table cached first, as every run after the first finds them; by a process of its own, as a first run
    # would be (this process keeps what it read for the data set before)
    subprocess.run([sys.executable, "-c", "from syriawar import registry; registry.warm()"], check=True,
                   capture_output=True)
    nb_path = root / "notebooks" / "casualties.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    peak_file = tmp / "peak.txt"
    nb.cells.append(nbformat.v4.new_code_cell(f"PEAK_FILE = {str(peak_file)!r}\n{PEAK}"))
    nbformat.write(nb, tmp / "casualties-peak.ipynb")
    papermill.execute_notebook(str(tmp / "casualties-peak.ipynb"), str(tmp / "out.ipynb"), kernel_name="python3",
                               progress_bar=False, cwd=str(root / "notebooks"),
                               parameters={"start": "2011-03-01", "end": "2024-12-31"})
    return int(peak_file.read_text()) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    rows = []
    with tempfile.TemporaryDirectory() as t:
        for name, root, work in each_data_set(Path(t), args.repeat):
            rows.append((name, peak_mb(root, work)))
    print("peak RSS of the kernel running notebooks/casualties.ipynb (2011-03-01 to 2024-12-31)")
    for name, mb in rows:
        print(f"{name:<22} {mb:>7.0f} MB")


if __name__ == "__main__":
    main()
